extension ChartLayout {
    static let gridWidth = 0.8
    static let axisWidth = 1.0
    static let tickWidth = 0.9

    /// Kind of a panel's content; panels share numeric ranges only with panels of the same kind.
    enum ContentKind: Hashable { case lines, heatmap, bars, histograms }

    static func kind(_ content: PanelContent) -> ContentKind {
        switch content {
        case .lines: .lines
        case .heatmap: .heatmap
        case .bars: .bars
        case .histograms: .histograms
        }
    }

    /// Numeric values a panel's x axis must show (empty for category axes).
    static func xValues(_ content: PanelContent) -> [Double] {
        switch content {
        case .lines(let series): lineXValues(series)
        case .histograms(let rows): rows.flatMap(\.edges)
        case .heatmap, .bars: []
        }
    }

    /// Numeric values a panel's y axis must show (empty for category axes).
    static func yValues(_ content: PanelContent, scale: AxisScale) -> [Double] {
        switch content {
        case .lines(let series): lineYValues(series)
        case .bars(let chart): chart.series.flatMap(\.values) + (scale == .linear ? [0] : [])
        case .heatmap, .histograms: []
        }
    }

    /// True for bars with value labels: their y range is padded twice as much (10 % of the span on
    /// each side) so the labels fit beyond the longest bars.
    static func hasBarLabels(_ content: PanelContent) -> Bool {
        if case .bars(let chart) = content { chart.series.contains { $0.labels != nil } } else { false }
    }

    /// Axis models of every panel; with `sharesAxes`, numeric ranges span all panels of the same
    /// kind and scale.
    static func axisModels(_ spec: ChartSpec) -> [(x: AxisModel, y: AxisModel)] {
        spec.panels.map { panel in
            let peers =
                spec.sharesAxes
                ? spec.panels.filter { kind($0.content) == kind(panel.content) }
                : [panel]
            let xPeers = peers.filter { $0.xAxis.scale == panel.xAxis.scale }
            let yPeers = peers.filter { $0.yAxis.scale == panel.yAxis.scale }
            func numericX() -> AxisModel {
                .numeric(
                    .fit(
                        xPeers.flatMap { xValues($0.content) }, scale: panel.xAxis.scale, range: panel.xAxis.range,
                        padding: kind(panel.content) == .histograms ? 0 : 0.04))
            }
            func numericY() -> AxisModel {
                .numeric(
                    .fit(
                        yPeers.flatMap { yValues($0.content, scale: panel.yAxis.scale) }, scale: panel.yAxis.scale,
                        range: panel.yAxis.range, padding: yPeers.contains { hasBarLabels($0.content) } ? 0.1 : 0.05))
            }
            switch panel.content {
            case .lines: return (numericX(), numericY())
            case .heatmap(let map): return (.categories(map.paddedColumnLabels), .categories(map.paddedRowLabels))
            case .bars(let chart): return (.categories(chart.categories), numericY())
            case .histograms(let rows): return (numericX(), .categories(rows.reversed().map(\.label)))
            }
        }
    }

    /// Where the panels go and what their axes show, for plots of one height in a given width:
    /// tick sets, axis titles broken into lines that fit along their plots, the room they take.
    struct PanelGrid {
        var columns: Int
        var rows: Int
        var models: [(x: AxisModel, y: AxisModel)]
        var plotWidth: Double
        var plotHeight: Double
        /// Room left of each column's plots, for tick labels and the y axis title.
        var columnLeft: [Double]
        var xTicks: [[AxisTick]]
        var yTicks: [[AxisTick]]
        var showsYLabels: [Bool]
        /// Panel titles and axis titles, broken into lines that fit their plots.
        var panelTitles: [[String]]
        var xTitles: [[String]]
        var yTitles: [[String]]
        /// Panel titles above each row of plots.
        var above: Double
        /// Tick marks, tick labels (of every panel's x axis, the tallest) and axis titles below each row.
        var below: Double
        var xTickHeight: Double

        /// Height of every row of plots with their titles, axes and the gaps between rows.
        var height: Double {
            rows == 0 ? 0 : Double(rows) * (above + plotHeight + below) + Double(rows - 1) * ChartLayout.panelGap
        }
    }

    /// The grid of `spec`'s panels `width` wide, each plot `plotHeight` tall.
    static func panelGrid(_ spec: ChartSpec, width: Double, plotHeight: Double, ctx: LayoutContext) -> PanelGrid {
        let panels = spec.panels
        let style = ctx.style
        let columns = max(1, min(spec.columns ?? panels.count, panels.count))
        let rows = (panels.count + columns - 1) / columns
        let models = axisModels(spec)
        let axisFont = ctx.measure("Ag", style.axisLabelFont)

        let yTicks = models.map { ctx.ticks(for: $0.y, length: plotHeight, horizontal: false) }
        let sharedY =
            spec.sharesAxes && panels.count > 1
            && yTicks.allSatisfy { $0 == yTicks[0] } && panels.allSatisfy { $0.yAxis.label == panels[0].yAxis.label }
        let showsYLabels = panels.indices.map { !sharedY || $0 % columns == 0 }
        let yTitles = panels.indices.map { i in
            showsYLabels[i] && !panels[i].yAxis.label.isEmpty ? ctx.wrapped(panels[i].yAxis.label, style.axisLabelFont, width: plotHeight) : []
        }
        func leftMargin(_ i: Int) -> Double {
            guard showsYLabels[i] else { return 0 }
            let title = yTitles[i].isEmpty ? 0 : axisLabelGap + Double(yTitles[i].count) * axisFont.height
            return tickLength + tickLabelGap + ctx.maxLabelWidth(yTicks[i]) + title
        }
        let columnLeft = (0..<columns).map { c in stride(from: c, to: panels.count, by: columns).map(leftMargin).max() ?? 0 }
        let plotWidth = max(10, (width - columnLeft.reduce(0, +) - Double(columns - 1) * panelGap - plotRightPad) / Double(columns))

        let xTicks = models.map { ctx.ticks(for: $0.x, length: plotWidth, horizontal: true) }
        let xTickHeight = ctx.maxLabelHeight(xTicks.flatMap { $0 })
        // A title may reach half a panel gap beyond its plot on each side: never into its neighbour's.
        let xTitles = panels.map { $0.xAxis.label.isEmpty ? [] : ctx.wrapped($0.xAxis.label, style.axisLabelFont, width: plotWidth + panelGap) }
        let titleLines = xTitles.map(\.count).max() ?? 0
        let below = tickLength + tickLabelGap + xTickHeight + (titleLines > 0 ? axisLabelGap + Double(titleLines) * axisFont.height : 0)
        let panelTitles = panels.map { $0.title.isEmpty ? [] : ctx.wrapped($0.title, style.panelTitleFont, width: plotWidth + panelGap) }
        let panelTitleLines = panelTitles.map(\.count).max() ?? 0
        let titleFont = ctx.measure("Ag", style.panelTitleFont)
        let above =
            panelTitleLines > 0
            ? titleFont.capHeight + Double(panelTitleLines - 1) * titleFont.height + titleFont.descent + panelTitleGap : 0
        return PanelGrid(
            columns: columns, rows: rows, models: models, plotWidth: plotWidth, plotHeight: plotHeight,
            columnLeft: columnLeft, xTicks: xTicks, yTicks: yTicks, showsYLabels: showsYLabels,
            panelTitles: panelTitles, xTitles: xTitles, yTitles: yTitles, above: above, below: below, xTickHeight: xTickHeight)
    }

    /// The grid of `spec`'s panels filling `width` × `height`: plot heights are what is left once
    /// titles and axes have their room, worked out again until the room below the plots (which
    /// depends on the plot width, through the tick labels) settles.
    static func panelGrid(_ spec: ChartSpec, width: Double, height: Double, ctx: LayoutContext) -> PanelGrid {
        let columns = max(1, min(spec.columns ?? spec.panels.count, spec.panels.count))
        let rows = Double(max(1, (spec.panels.count + columns - 1) / columns))
        var plotHeight = max(10, height / rows)
        var grid = panelGrid(spec, width: width, plotHeight: plotHeight, ctx: ctx)
        for _ in 0..<4 {
            let next = max(10, (height - rows * (grid.above + grid.below) - (rows - 1) * panelGap) / rows)
            if abs(next - plotHeight) < 0.01 { break }
            plotHeight = next
            grid = panelGrid(spec, width: width, plotHeight: plotHeight, ctx: ctx)
        }
        return grid
    }

    /// Draws every panel of `grid` inside `area`; returns their plot rectangles in panel order.
    static func layoutPanels(
        _ spec: ChartSpec, in area: Rect, grid: PanelGrid, legend: Legend, colorBar: ColorBar?,
        ctx: inout LayoutContext
    ) -> [Rect] {
        let axisFont = ctx.measure("Ag", ctx.style.axisLabelFont)
        var plots: [Rect] = []
        for (i, panel) in spec.panels.enumerated() {
            let row = i / grid.columns
            let column = i % grid.columns
            let x = area.minX + (0..<column).map { grid.columnLeft[$0] + grid.plotWidth + panelGap }.reduce(0, +) + grid.columnLeft[column]
            let y = area.minY + Double(row) * (grid.above + grid.plotHeight + grid.below + panelGap) + grid.above
            let plot = Rect(x: x, y: y, width: grid.plotWidth, height: grid.plotHeight)
            plots.append(plot)
            let geometry = PanelGeometry(plot: plot, x: grid.models[i].x, y: grid.models[i].y)
            drawPanel(
                panel, geometry: geometry, xTicks: grid.xTicks[i], yTicks: grid.yTicks[i], showsYLabels: grid.showsYLabels[i],
                title: grid.panelTitles[i], xTitle: grid.xTitles[i], yTitle: grid.yTitles[i],
                yTitleX: plot.minX - grid.columnLeft[column] + axisFont.height / 2, xTickHeight: grid.xTickHeight,
                legend: legend, colorBar: colorBar, ctx: &ctx)
        }
        return plots
    }

    /// Draws one panel: grid lines at labelled ticks, content (clipped), axis lines, ticks, labels, title.
    static func drawPanel(
        _ panel: Panel, geometry: PanelGeometry, xTicks: [AxisTick], yTicks: [AxisTick],
        showsYLabels: Bool, title: [String], xTitle: [String], yTitle: [String], yTitleX: Double, xTickHeight: Double, legend: Legend,
        colorBar: ColorBar?, ctx: inout LayoutContext
    ) {
        let style = ctx.style
        let plot = geometry.plot
        let kind = kind(panel.content)
        if kind == .lines || kind == .histograms {
            for tick in xTicks where tick.kind == .major && tick.label != nil && tick.fraction > 0.001 && tick.fraction < 0.999 {
                let x = geometry.screenX(tick.fraction)
                ctx.stroke(.segment(Point(x: x, y: plot.minY), Point(x: x, y: plot.maxY)), style.grid, width: gridWidth)
            }
        }
        if kind == .lines || kind == .bars {
            for tick in yTicks where tick.kind == .major && tick.label != nil && tick.fraction > 0.001 && tick.fraction < 0.999 {
                let y = geometry.screenY(tick.fraction)
                ctx.stroke(.segment(Point(x: plot.minX, y: y), Point(x: plot.maxX, y: y)), style.grid, width: gridWidth)
            }
        }

        ctx.commands.append(.pushClip(kind == .lines ? plot.insetBy(dx: -4, dy: -4) : plot))
        let empty: Bool
        switch panel.content {
        case .lines(let series):
            drawLines(series, in: geometry, legend: legend, ctx: &ctx)
            empty = !series.contains { s in
                zip(s.xs, s.ys).contains { geometry.point(x: $0, y: $1) != nil }
            }
        case .heatmap(let map):
            if let colorBar { drawHeatmap(map, in: geometry, colorBar: colorBar, ctx: &ctx) }
            empty = map.values.allSatisfy(\.isEmpty)
        case .bars(let chart):
            drawBars(chart, in: geometry, legend: legend, ctx: &ctx)
            empty = chart.series.allSatisfy { $0.values.isEmpty } || chart.categories.isEmpty
        case .histograms(let rows):
            empty = !drawHistograms(rows, in: geometry, ctx: &ctx)
        }
        ctx.commands.append(.popClip)
        if empty {
            ctx.text(
                "no data to show", style.axisLabelFont, style.secondaryText, at: Point(x: plot.midX, y: plot.midY),
                .center, .capMiddle)
        }

        ctx.stroke(
            .polyline([
                Point(x: plot.minX, y: plot.minY), Point(x: plot.minX, y: plot.maxY),
                Point(x: plot.maxX, y: plot.maxY),
            ]), style.axis, width: axisWidth)
        for tick in xTicks {
            let x = geometry.screenX(tick.fraction)
            let length = tick.kind == .major ? tickLength : minorTickLength
            ctx.stroke(.segment(Point(x: x, y: plot.maxY), Point(x: x, y: plot.maxY + length)), style.axis, width: tickWidth)
            if let label = tick.label {
                ctx.label(
                    label, style.tickFont, style.secondaryText, at: Point(x: x, y: plot.maxY + tickLength + tickLabelGap),
                    .center, .capTop)
            }
        }
        for tick in yTicks {
            let y = geometry.screenY(tick.fraction)
            let length = tick.kind == .major ? tickLength : minorTickLength
            ctx.stroke(.segment(Point(x: plot.minX - length, y: y), Point(x: plot.minX, y: y)), style.axis, width: tickWidth)
            if showsYLabels, let label = tick.label {
                ctx.label(
                    label, style.tickFont, style.secondaryText, at: Point(x: plot.minX - tickLength - tickLabelGap, y: y),
                    .trailing, .capMiddle)
            }
        }
        if !xTitle.isEmpty {
            ctx.textLines(
                xTitle, style.axisLabelFont, style.text,
                at: Point(x: plot.midX, y: plot.maxY + tickLength + tickLabelGap + xTickHeight + axisLabelGap), .center, .capTop)
        }
        let titleLine = ctx.measure("Ag", style.axisLabelFont).height
        for (k, line) in yTitle.enumerated() {
            ctx.verticalText(line, style.axisLabelFont, style.text, center: Point(x: yTitleX + Double(k) * titleLine, y: plot.midY))
        }
        if !title.isEmpty {
            ctx.textLines(title, style.panelTitleFont, style.text, at: Point(x: plot.midX, y: plot.minY - panelTitleGap), .center, .bottom)
        }
    }
}
