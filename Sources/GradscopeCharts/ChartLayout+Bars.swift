extension ChartLayout {
    /// Bars drawn shorter than this many points (and bars of exactly 0) are shown as a mark instead.
    static let minimumBarHeight = 1.5
    /// Thickness of the mark of a zero or near-zero bar.
    static let zeroBarMarkThickness = 2.0
    /// Space between a bar's end and its label.
    static let barLabelGap = 3.0

    /// Draws grouped bars: one group per category (80 % of its slot), one bar per series, coloured by
    /// the legend. Bars grow from 0 on a linear axis (downwards for negatives) and from the bottom of
    /// the axis on a log axis. A value the axis cannot show (NaN, ±∞, ≤ 0 on a log axis) gets a
    /// small "n/a" in place of its bar, so a missing value never reads as a zero. A bar of exactly 0,
    /// or drawn less than `minimumBarHeight` tall, is a stroke of the bar's width and
    /// `zeroBarMarkThickness` in its colour, lying on the baseline on the bar's side, so a 0 is seen.
    /// Series labels go centred just beyond the end of each bar (above, or below for a negative
    /// value), in the tick font, after all bars so no bar covers them, and kept inside the plot; a
    /// label wider than the distance between neighbouring bar centres is skipped so labels never
    /// overlap, and "n/a" bars show no label.
    static func drawBars(_ chart: BarChart, in geometry: PanelGeometry, legend: Legend, ctx: inout LayoutContext) {
        guard case .numeric(let domain) = geometry.y, !chart.categories.isEmpty, !chart.series.isEmpty else { return }
        let plot = geometry.plot
        let slot = plot.width / Double(chart.categories.count)
        let barWidth = slot * 0.8 / Double(chart.series.count)
        let labelRoom = chart.series.count == 1 ? slot : barWidth
        let baseFraction = domain.scale == .linear ? domain.fraction(ofTransformed: 0) : 0
        let baseY = geometry.screenY(min(1, max(0, baseFraction)))
        var labels: [(text: String, x: Double, end: Double, below: Bool)] = []
        for (c, _) in chart.categories.enumerated() {
            for (s, series) in chart.series.enumerated() {
                let x = plot.minX + Double(c) * slot + slot * 0.1 + Double(s) * barWidth
                let value = c < series.values.count ? series.values[c] : .nan
                guard let fraction = domain.fraction(of: value) else {
                    if barWidth >= ctx.measure("n/a", noteFont).width {
                        ctx.text(
                            "n/a", noteFont, ctx.style.secondaryText, at: Point(x: x + barWidth / 2, y: baseY - 2),
                            .center, .bottom)
                    }
                    continue
                }
                let y = geometry.screenY(fraction)
                let below = y > baseY
                let color = legend.style(for: series.name).color
                var end = y
                if value == 0 || abs(baseY - y) < minimumBarHeight {
                    let side = below ? 1.0 : -1.0
                    let markY = baseY + side * zeroBarMarkThickness / 2
                    ctx.stroke(.segment(Point(x: x, y: markY), Point(x: x + barWidth, y: markY)), color, width: zeroBarMarkThickness)
                    end = baseY + side * zeroBarMarkThickness
                } else {
                    ctx.fill(.rect(Rect(x: x, y: min(y, baseY), width: barWidth, height: abs(baseY - y))), color)
                }
                if let text = series.labels.flatMap({ c < $0.count ? $0[c] : nil }) {
                    labels.append((text, x + barWidth / 2, end, below))
                }
            }
        }
        if domain.scale == .linear && baseFraction > 0 && baseFraction < 1 {
            ctx.stroke(.segment(Point(x: plot.minX, y: baseY), Point(x: plot.maxX, y: baseY)), ctx.style.axis, width: tickWidth)
        }
        let font = ctx.style.tickFont
        for label in labels {
            let e = ctx.measure(label.text, font)
            guard e.width <= labelRoom else { continue }
            if label.below {
                let top = min(label.end + barLabelGap, plot.maxY - e.capHeight - e.descent)
                ctx.text(label.text, font, ctx.style.secondaryText, at: Point(x: label.x, y: top), .center, .capTop)
            } else {
                let bottom = max(label.end - barLabelGap, plot.minY + e.height)
                ctx.text(label.text, font, ctx.style.secondaryText, at: Point(x: label.x, y: bottom), .center, .bottom)
            }
        }
    }
}
