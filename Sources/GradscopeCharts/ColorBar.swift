/// The colour scale shared by every heatmap of a figure, and its bar in the side block.
struct ColorBar {
    var domain: AxisDomain
    var label: String
    /// True when some heatmap has missing cells, so the bar explains the hatching.
    var hasMissing: Bool

    static let barWidth = 14.0
    static let slices = 96

    /// Nil when the spec has no heatmap. The scale (linear or log) is the first heatmap's; the range
    /// spans the showable values of all heatmaps, without padding.
    init?(_ spec: ChartSpec) {
        let maps = spec.panels.compactMap { if case .heatmap(let map) = $0.content { map } else { nil } }
        guard let first = maps.first else { return nil }
        let values = maps.flatMap { $0.values.flatMap { $0 } }
        domain = .fit(values, scale: first.colorScale, padding: 0)
        label = first.colorBarLabel
        hasMissing = maps.contains { map in
            (0..<map.rowCount).contains { r in (0..<map.columnCount).contains { !map.value(row: r, column: $0).isFinite } }
        }
    }

    /// The colour of a finite value: viridis over the domain, clamped at both ends.
    func color(for value: Double) -> Color {
        Colormap.viridis(domain.fraction(of: value) ?? 0)
    }

    /// Width of the bar with its tick labels and rotated label.
    func width(ctx: LayoutContext) -> Double {
        let probe = [AxisTick(fraction: 0, label: domain.scale == .log10 ? .powerOfTen(-88) : TickLabel("−0.000"), kind: .major)]
        let axis = ctx.measure("Ag", ctx.style.axisLabelFont).height
        let missingNote = hasMissing ? ctx.measure("no value", ctx.style.legendFont).width + 16 : 0
        return max(
            Self.barWidth + ChartLayout.tickLength + ChartLayout.tickLabelGap + ctx.maxLabelWidth(probe)
                + ChartLayout.axisLabelGap + axis, missingNote)
    }

    /// Draws the bar at the top left of `rect`, with power-of-ten (or nice linear) ticks.
    func draw(in rect: Rect, ctx: inout LayoutContext) {
        let style = ctx.style
        let noteHeight = hasMissing ? 26.0 : 0
        let capHalf = ctx.measure("0", style.tickFont).capHeight
        let bar = Rect(
            x: rect.minX, y: rect.minY + capHalf, width: Self.barWidth,
            height: max(20, rect.height - noteHeight - 2 * capHalf))
        let sliceHeight = bar.height / Double(Self.slices)
        for i in 0..<Self.slices {
            let t = (Double(i) + 0.5) / Double(Self.slices)
            let y = bar.maxY - Double(i + 1) * sliceHeight
            ctx.fill(.rect(Rect(x: bar.minX, y: y - 0.3, width: bar.width, height: sliceHeight + 0.6)), Colormap.viridis(t))
        }
        ctx.stroke(.rect(bar), style.axis, width: ChartLayout.tickWidth)
        let geometry = PanelGeometry(plot: bar, x: .categories([""]), y: .numeric(domain))
        let ticks = ctx.ticks(for: .numeric(domain), length: bar.height, horizontal: false)
        for tick in ticks where tick.fraction >= -1e-9 && tick.fraction <= 1 + 1e-9 {
            let y = geometry.screenY(tick.fraction)
            let length = tick.kind == .major ? ChartLayout.tickLength : ChartLayout.minorTickLength
            ctx.stroke(.segment(Point(x: bar.maxX, y: y), Point(x: bar.maxX + length, y: y)), style.axis, width: ChartLayout.tickWidth)
            if let label = tick.label {
                ctx.label(
                    label, style.tickFont, style.secondaryText,
                    at: Point(x: bar.maxX + ChartLayout.tickLength + ChartLayout.tickLabelGap, y: y), .leading, .capMiddle)
            }
        }
        let labelX =
            bar.maxX + ChartLayout.tickLength + ChartLayout.tickLabelGap + ctx.maxLabelWidth(ticks)
            + ChartLayout.axisLabelGap + ctx.measure("Ag", style.axisLabelFont).height / 2
        ctx.verticalText(label, style.axisLabelFont, style.text, center: Point(x: labelX, y: bar.midY))
        if hasMissing {
            let swatch = Rect(x: bar.minX, y: bar.maxY + 10, width: Self.barWidth, height: 12)
            ChartLayout.drawMissing(swatch, ctx: &ctx)
            ctx.text(
                "no value", style.legendFont, style.secondaryText, at: Point(x: swatch.maxX + 4, y: swatch.midY),
                .leading, .capMiddle)
        }
    }
}
