extension ChartLayout {
    /// Draws histograms stacked one row per layer, first row at the top (as in Glorot & Bengio
    /// 2010): each row is a filled step outline over its bin edges, scaled to its own tallest bin
    /// (90 % of the row), so shapes compare while the shared x axis shows how widths shrink.
    /// Bins with non-finite edges, edges a log axis cannot show, or negative counts are skipped;
    /// a row whose counts are all zero draws a flat baseline. Returns false when nothing was drawn.
    @discardableResult
    static func drawHistograms(_ rows: [HistogramRow], in geometry: PanelGeometry, ctx: inout LayoutContext) -> Bool {
        guard case .numeric(let domain) = geometry.x, !rows.isEmpty else { return false }
        let plot = geometry.plot
        let rowHeight = plot.height / Double(rows.count)
        let color = ctx.style.palette[0]
        var drewAny = false
        for (r, row) in rows.enumerated() {
            let baseY = plot.minY + Double(r + 1) * rowHeight
            ctx.stroke(.segment(Point(x: plot.minX, y: baseY), Point(x: plot.maxX, y: baseY)), ctx.style.grid, width: 0.7)
            let bins = min(row.counts.count, max(0, row.edges.count - 1))
            let tallest = row.counts.prefix(bins).max() ?? 0
            var outline: [Point] = []
            func flush() {
                if outline.count >= 2 {
                    let closed = [Point(x: outline[0].x, y: baseY)] + outline + [Point(x: outline[outline.count - 1].x, y: baseY)]
                    ctx.fill(.polygon(closed), color.withAlpha(0.35))
                    ctx.stroke(.polyline(closed), color, width: 1.1)
                    drewAny = true
                }
                outline.removeAll()
            }
            for b in 0..<bins {
                guard let f0 = domain.fraction(of: row.edges[b]), let f1 = domain.fraction(of: row.edges[b + 1]),
                      row.counts[b] >= 0 else {
                    flush()
                    continue
                }
                let height = tallest > 0 ? Double(row.counts[b]) / Double(tallest) * rowHeight * 0.9 : 0
                let top = baseY - height
                outline.append(Point(x: geometry.screenX(f0), y: top))
                outline.append(Point(x: geometry.screenX(f1), y: top))
            }
            flush()
        }
        return drewAny
    }
}
