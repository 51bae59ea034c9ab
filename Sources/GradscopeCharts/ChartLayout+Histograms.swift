extension ChartLayout {
    /// Draws histograms stacked one row per entry of `rows`, in the order given: the first row at the
    /// TOP, the last at the bottom (as in Glorot & Bengio 2010, callers pass the last layer first so
    /// the input layer is at the bottom). Each row is a filled step outline over its bin edges,
    /// scaled to its own tallest bin (90 % of the row), so shapes compare while the shared x axis
    /// shows how widths shrink. On a log x axis bins are placed by the log of their edges, so rows
    /// far apart in magnitude (1e-29 beside 1e-3) are both drawn as distributions. Bins with
    /// non-finite edges, edges a log axis cannot show, or negative counts are skipped; a row whose
    /// counts are all zero draws a flat baseline. A row's note goes at its right end, centred
    /// vertically in the row (level with the row's label), in the note font on a translucent
    /// background plate so a bin under it leaves it legible; it is left out when the row is too short
    /// to hold it. Returns false when no histogram was drawn.
    @discardableResult
    static func drawHistograms(_ rows: [HistogramRow], in geometry: PanelGeometry, ctx: inout LayoutContext) -> Bool {
        guard case .numeric(let domain) = geometry.x, !rows.isEmpty else { return false }
        let plot = geometry.plot
        let rowHeight = plot.height / Double(rows.count)
        let color = ctx.style.palette[0]
        var drewAny = false
        for (r, row) in rows.enumerated() {
            let baseY = plot.minY + Double(r + 1) * rowHeight
            ctx.stroke(.segment(Point(x: plot.minX, y: baseY), Point(x: plot.maxX, y: baseY)), ctx.style.grid, width: gridWidth)
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
                    row.counts[b] >= 0
                else {
                    flush()
                    continue
                }
                let height = tallest > 0 ? Double(row.counts[b]) / Double(tallest) * rowHeight * 0.9 : 0
                let top = baseY - height
                outline.append(Point(x: geometry.screenX(f0), y: top))
                outline.append(Point(x: geometry.screenX(f1), y: top))
            }
            flush()
            if let note = row.note {
                let e = ctx.measure(note, noteFont)
                let middle = baseY - rowHeight / 2
                let right = plot.maxX - 3
                if e.height + 2 <= rowHeight {
                    ctx.fill(
                        .rect(Rect(x: right - e.width - 1.5, y: middle - e.height / 2 - 1, width: e.width + 3, height: e.height + 2)),
                        ctx.style.background.withAlpha(0.75))
                    ctx.text(
                        note, noteFont, ctx.style.secondaryText, at: Point(x: right, y: middle + (e.ascent - e.descent) / 2),
                        .trailing, .baseline)
                }
            }
        }
        return drewAny
    }
}
