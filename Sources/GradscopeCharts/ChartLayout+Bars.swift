extension ChartLayout {
    /// Draws grouped bars: one group per category (80 % of its slot), one bar per series, coloured by
    /// the legend. Bars grow from 0 on a linear axis (downwards for negatives) and from the bottom of
    /// the axis on a log axis. A value the axis cannot show (NaN, ±∞, ≤ 0 on a log axis) gets a
    /// small "n/a" in place of its bar, so a missing value never reads as a zero.
    static func drawBars(_ chart: BarChart, in geometry: PanelGeometry, legend: Legend, ctx: inout LayoutContext) {
        guard case .numeric(let domain) = geometry.y, !chart.categories.isEmpty, !chart.series.isEmpty else { return }
        let plot = geometry.plot
        let slot = plot.width / Double(chart.categories.count)
        let barWidth = slot * 0.8 / Double(chart.series.count)
        let baseFraction = domain.scale == .linear ? domain.fraction(ofTransformed: 0) : 0
        let baseY = geometry.screenY(min(1, max(0, baseFraction)))
        let noteFont = Font(size: 7)
        for (c, _) in chart.categories.enumerated() {
            for (s, series) in chart.series.enumerated() {
                let x = plot.minX + Double(c) * slot + slot * 0.1 + Double(s) * barWidth
                let value = c < series.values.count ? series.values[c] : .nan
                guard let fraction = domain.fraction(of: value) else {
                    if barWidth >= ctx.measure("n/a", noteFont).width {
                        ctx.text("n/a", noteFont, ctx.style.secondaryText, at: Point(x: x + barWidth / 2, y: baseY - 2),
                                 .center, .bottom)
                    }
                    continue
                }
                let y = geometry.screenY(fraction)
                ctx.fill(.rect(Rect(x: x, y: min(y, baseY), width: barWidth, height: abs(baseY - y))),
                         legend.style(for: series.name).color)
            }
        }
        if domain.scale == .linear && baseFraction > 0 && baseFraction < 1 {
            ctx.stroke(.segment(Point(x: plot.minX, y: baseY), Point(x: plot.maxX, y: baseY)), ctx.style.axis, width: 0.8)
        }
    }
}
