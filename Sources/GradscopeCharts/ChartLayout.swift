/// Turns a `ChartSpec` into a `DisplayList`. Pure and deterministic: the same spec and measurer
/// always give the same list. Margins come from measured text, never from guesses.
///
/// Figure structure: optional title on top; panels in a grid (`columns` per row); a side block on
/// the right holding the shared legend and the colour bar of heatmaps (one colour scale for all
/// heatmaps of a figure, so they compare); the legend moves below the panels when it would take
/// more than 30 % of the width, or goes above them in lines when the spec asks. With `sharesAxes`,
/// panels of the same kind share their numeric ranges, and when all y axes come out identical only
/// the first column labels them. With `plotHeight`, the figure's height follows from its plots.
public enum ChartLayout {
    static let padding = 12.0
    static let tickLength = 5.0
    static let minorTickLength = 2.5
    static let tickLabelGap = 4.0
    static let axisLabelGap = 8.0
    static let panelGap = 24.0
    static let titleGap = 12.0
    static let panelTitleGap = 8.0
    static let sideGap = 16.0
    /// Room right of the last column of plots, for the half of its last x tick label that overhangs.
    static let plotRightPad = 16.0
    /// Small notes inside plots: "n/a" in place of a bar, a histogram row's note. The smallest
    /// text of a figure (12 CSS px).
    static let noteFont = Font(size: 12)

    public static func layout(_ spec: ChartSpec, measurer: some TextMeasurer) -> DisplayList {
        let style = ThemeStyle(spec.theme)
        var ctx = LayoutContext(measurer: measurer, style: style)
        let legend = Legend(spec, style: style)
        let colorBar = ColorBar(spec)
        var area = Rect(x: padding, y: padding, width: spec.width - 2 * padding, height: 0)

        let title = spec.title.flatMap { $0.isEmpty ? nil : $0 }
        let titleBlock =
            title.map {
                let e = ctx.measure($0, style.titleFont)
                return e.capHeight + e.descent + titleGap
            } ?? 0

        let legendWidth = legend.entries.map { legendEntryWidth($0, ctx: ctx) }.max() ?? 0
        let legendInLines = spec.legendPlacement == .above || legendWidth > 0.3 * area.width
        let sideWidth = max(legendInLines ? 0 : legendWidth, colorBar.map { $0.width(ctx: ctx) } ?? 0)
        if sideWidth > 0 { area.width -= sideWidth + sideGap }
        let lines = legendInLines ? legendLines(legend.entries, width: area.width, ctx: ctx) : []
        let linesGap = spec.legendPlacement == .above ? titleGap : axisLabelGap
        let linesBlock = lines.isEmpty ? 0 : Double(lines.count) * legendRowHeight(ctx: ctx) + linesGap

        let grid: PanelGrid
        let height: Double
        if let plotHeight = spec.plotHeight {
            grid = panelGrid(spec, width: area.width, plotHeight: plotHeight, ctx: ctx)
            // Rounded up to a whole CSS pixel, so the PNG is exactly twice the page's `height`.
            height = (2 * padding + titleBlock + linesBlock + grid.height).rounded(.up)
        } else {
            height = spec.height
            grid = panelGrid(spec, width: area.width, height: height - 2 * padding - titleBlock - linesBlock, ctx: ctx)
        }
        area.height = height - 2 * padding

        if let title {
            ctx.text(title, style.titleFont, style.text, at: Point(x: spec.width / 2, y: area.minY), .center, .capTop)
            area.y += titleBlock
            area.height -= titleBlock
        }
        if !lines.isEmpty {
            let above = spec.legendPlacement == .above
            drawLegendLines(lines, top: above ? area.minY : area.maxY - linesBlock + linesGap, centre: area.midX, ctx: &ctx)
            if above { area.y += linesBlock }
            area.height -= linesBlock
        }

        let plots = spec.panels.isEmpty ? [] : layoutPanels(spec, in: area, grid: grid, legend: legend, colorBar: colorBar, ctx: &ctx)

        if sideWidth > 0 {
            let top = plots.first?.minY ?? area.minY
            let bottom = plots.first?.maxY ?? area.maxY
            var y = top
            let x = area.maxX + sideGap
            if !legendInLines && !legend.entries.isEmpty {
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
        return DisplayList(width: spec.width, height: height, background: style.background, commands: ctx.commands)
    }
}
