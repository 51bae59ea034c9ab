/// Turns a `ChartSpec` into a `DisplayList`. Pure and deterministic: the same spec and measurer
/// always give the same list. Margins come from measured text, never from guesses.
///
/// Figure structure: optional title on top; panels in a grid (`columns` per row); a side block on
/// the right holding the shared legend and the colour bar of heatmaps (one colour scale for all
/// heatmaps of a figure, so they compare); the legend moves below the panels when it would take
/// more than 30 % of the width. With `sharesAxes`, panels of the same kind share their numeric
/// ranges, and when all y axes come out identical only the first column labels them.
public enum ChartLayout {
    static let padding = 10.0
    static let tickLength = 4.0
    static let minorTickLength = 2.0
    static let tickLabelGap = 3.0
    static let axisLabelGap = 6.0
    static let panelGap = 16.0
    static let titleGap = 10.0
    static let panelTitleGap = 7.0
    static let sideGap = 14.0
    /// Small notes inside plots: "n/a" in place of a bar, a histogram row's note.
    static let noteFont = Font(size: 7)

    public static func layout(_ spec: ChartSpec, measurer: some TextMeasurer) -> DisplayList {
        let style = ThemeStyle(spec.theme)
        var ctx = LayoutContext(measurer: measurer, style: style)
        let legend = Legend(spec, style: style)
        let colorBar = ColorBar(spec)
        var area = Rect(x: padding, y: padding, width: spec.width - 2 * padding, height: spec.height - 2 * padding)

        if let title = spec.title, !title.isEmpty {
            let e = ctx.measure(title, style.titleFont)
            ctx.text(title, style.titleFont, style.text, at: Point(x: spec.width / 2, y: area.minY), .center, .capTop)
            area.y += e.capHeight + e.descent + titleGap
            area.height -= e.capHeight + e.descent + titleGap
        }

        let legendWidth = legend.entries.map { legendEntryWidth($0, ctx: ctx) }.max() ?? 0
        let legendBelow = legendWidth > 0.3 * area.width
        let sideWidth = max(legendBelow ? 0 : legendWidth, colorBar.map { $0.width(ctx: ctx) } ?? 0)
        if sideWidth > 0 { area.width -= sideWidth + sideGap }
        var belowLines: [[Legend.Entry]] = []
        if legendBelow {
            belowLines = legendLines(legend.entries, width: area.width, ctx: ctx)
            let height = Double(belowLines.count) * legendRowHeight(ctx: ctx) + axisLabelGap
            area.height -= height
            var y = area.maxY + axisLabelGap + legendRowHeight(ctx: ctx) / 2
            for line in belowLines {
                let total = line.map { legendEntryWidth($0, ctx: ctx) }.reduce(0, +) + Double(line.count - 1) * legendColumnGap
                var x = area.midX - total / 2
                for entry in line {
                    drawLegendEntry(entry, x: x, y: y, ctx: &ctx)
                    x += legendEntryWidth(entry, ctx: ctx) + legendColumnGap
                }
                y += legendRowHeight(ctx: ctx)
            }
        }

        let plots = layoutPanels(spec, in: area, legend: legend, colorBar: colorBar, ctx: &ctx)

        if sideWidth > 0 {
            let top = plots.first?.minY ?? area.minY
            let bottom = plots.first?.maxY ?? area.maxY
            var y = top
            let x = area.maxX + sideGap
            if !legendBelow && !legend.entries.isEmpty {
                let rowHeight = legendRowHeight(ctx: ctx)
                for entry in legend.entries {
                    drawLegendEntry(entry, x: x, y: y + rowHeight / 2, ctx: &ctx)
                    y += rowHeight
                }
                y += rowHeight
            }
            if let colorBar {
                colorBar.draw(in: Rect(x: x, y: y, width: sideWidth, height: max(40, bottom - y)), ctx: &ctx)
            }
        }
        return DisplayList(width: spec.width, height: spec.height, background: style.background, commands: ctx.commands)
    }
}
