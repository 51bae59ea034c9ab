extension ChartLayout {
    /// Marker size in points, and the most markers drawn on one series (longer series get a marker
    /// on every k-th point, offset by style so markers of neighbouring series do not stack).
    static let markerSize = 7.0
    static let maximumMarkersPerSeries = 12
    /// Width of the background-coloured outline around each marker.
    static let markerOutline = 0.8
    /// Stroke width of data lines.
    static let lineWidth = 2.0
    /// Stroke width and dash of reference lines: thinner than data lines, and a dash no palette
    /// style uses.
    static let referenceWidth = 1.5
    static let referenceDash: [Double] = [5, 3.5]

    /// Draws line series: min–max bands first, then reference lines, then data lines, then markers
    /// and divergence marks. Points a scale cannot show (NaN, ±∞, ≤ 0 on a log axis) break the line;
    /// a data point with no neighbour on its run still gets a marker so it stays visible (a reference
    /// needs two neighbouring points to show). A diverged series stops at its last showable point at
    /// or before `divergedAt`, which is marked with a cross on data lines.
    static func drawLines(_ series: [Series], in geometry: PanelGeometry, legend: Legend, ctx: inout LayoutContext) {
        for s in series where s.role == .data {
            guard let lower = s.lower, let upper = s.upper else { continue }
            let style = legend.style(for: s.styleKey)
            let count = min(s.xs.count, lower.count, upper.count)
            var run: [(Double, Point, Point)] = []
            func flush() {
                if run.count >= 2 {
                    ctx.fill(.polygon(run.map { $0.1 } + run.reversed().map { $0.2 }), style.color.withAlpha(0.18))
                }
                run.removeAll()
            }
            for i in 0..<count where s.divergedAt.map({ s.xs[i] <= $0 }) ?? true {
                if let top = geometry.point(x: s.xs[i], y: upper[i]), let bottom = geometry.point(x: s.xs[i], y: lower[i]) {
                    run.append((s.xs[i], top, bottom))
                } else {
                    flush()
                }
            }
            flush()
        }
        var marks: [(MarkerShape, Color, Point)] = []
        var crosses: [(Color, Point)] = []
        for s in series.filter({ $0.role != .data }) + series.filter({ $0.role == .data }) {
            let count = min(s.xs.count, s.ys.count)
            var runs: [[(index: Int, point: Point)]] = [[]]
            for i in 0..<count {
                if let limit = s.divergedAt, !(s.xs[i] <= limit) { break }
                if let p = geometry.point(x: s.xs[i], y: s.ys[i]) {
                    runs[runs.count - 1].append((i, p))
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            if case .reference(let of) = s.role {
                for run in runs where run.count >= 2 {
                    ctx.stroke(.polyline(run.map(\.point)), legend.referenceColor(of: of), width: referenceWidth, dash: referenceDash)
                }
                continue
            }
            let style = legend.style(for: s.styleKey)
            for run in runs where run.count >= 2 {
                ctx.stroke(.polyline(run.map(\.point)), style.color, width: lineWidth, dash: style.dash)
            }
            let shown = runs.flatMap { $0 }
            let every = max(1, (shown.count + maximumMarkersPerSeries - 1) / maximumMarkersPerSeries)
            let offset = legend.index(of: s.styleKey) % every
            let isolated = Set(runs.filter { $0.count == 1 }.map { $0[0].index })
            for (k, item) in shown.enumerated() {
                if isolated.contains(item.index) || (s.showsMarkers && k % every == offset) {
                    marks.append((style.marker, style.color, item.point))
                }
            }
            if s.divergedAt != nil, let last = shown.last {
                crosses.append((style.color, last.point))
            }
        }
        for (shape, color, point) in marks {
            let path = shape.path(at: point, size: markerSize)
            ctx.fill(path, color)
            ctx.stroke(path, ctx.style.background, width: markerOutline)
        }
        for (color, p) in crosses {
            let r = 5.5
            for path in [
                Path.segment(Point(x: p.x - r, y: p.y - r), Point(x: p.x + r, y: p.y + r)),
                Path.segment(Point(x: p.x - r, y: p.y + r), Point(x: p.x + r, y: p.y - r)),
            ] {
                ctx.stroke(path, ctx.style.background, width: 4.5)
                ctx.stroke(path, color, width: 2.2)
            }
        }
    }

    /// Every value a line panel's x axis must show: finite xs up to each series' divergence.
    static func lineXValues(_ series: [Series]) -> [Double] {
        series.flatMap { s in s.xs.filter { x in s.divergedAt.map { x <= $0 } ?? true } }
    }

    /// Every value a line panel's y axis must show: ys up to each divergence, and the band bounds of
    /// data series (references draw no band).
    static func lineYValues(_ series: [Series]) -> [Double] {
        series.flatMap { s -> [Double] in
            var values: [Double] = []
            let columns = s.role == .data ? [s.ys, s.lower ?? [], s.upper ?? []] : [s.ys]
            for (i, x) in s.xs.enumerated() where s.divergedAt.map({ x <= $0 }) ?? true {
                for column in columns where i < column.count {
                    values.append(column[i])
                }
            }
            return values
        }
    }
}
