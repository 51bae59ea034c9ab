extension ChartLayout {
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
            let peers = spec.sharesAxes
                ? spec.panels.filter { kind($0.content) == kind(panel.content) }
                : [panel]
            let xPeers = peers.filter { $0.xAxis.scale == panel.xAxis.scale }
            let yPeers = peers.filter { $0.yAxis.scale == panel.yAxis.scale }
            func numericX() -> AxisModel {
                .numeric(.fit(xPeers.flatMap { xValues($0.content) }, scale: panel.xAxis.scale, range: panel.xAxis.range,
                              padding: kind(panel.content) == .histograms ? 0 : 0.04))
            }
            func numericY() -> AxisModel {
                .numeric(.fit(yPeers.flatMap { yValues($0.content, scale: panel.yAxis.scale) }, scale: panel.yAxis.scale,
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

    /// Lays out and draws every panel inside `area`; returns their plot rectangles in panel order.
    static func layoutPanels(_ spec: ChartSpec, in area: Rect, legend: Legend, colorBar: ColorBar?,
                             ctx: inout LayoutContext) -> [Rect] {
        let panels = spec.panels
        guard !panels.isEmpty else { return [] }
        let style = ctx.style
        let columns = max(1, min(spec.columns ?? panels.count, panels.count))
        let rows = (panels.count + columns - 1) / columns
        let models = axisModels(spec)

        let titleFont = ctx.measure("Ag", style.panelTitleFont)
        let titleHeight = panels.contains { !$0.title.isEmpty } ? titleFont.capHeight + titleFont.descent + panelTitleGap : 0
        let axisFont = ctx.measure("Ag", style.axisLabelFont)
        let hasXLabel = panels.contains { !$0.xAxis.label.isEmpty }
        let xLogProbe = models.contains { if case .numeric(let d) = $0.x { d.scale == .log10 } else { false } }
        let xTickHeight = ctx.maxLabelHeight([AxisTick(fraction: 0, label: xLogProbe ? .powerOfTen(-8) : TickLabel("0"), kind: .major)])
        let below = tickLength + tickLabelGap + xTickHeight + (hasXLabel ? axisLabelGap + axisFont.height : 0)
        let plotHeight = max(10, (area.height - Double(rows) * (titleHeight + below) - Double(rows - 1) * panelGap) / Double(rows))

        let yTicks = models.map { ctx.ticks(for: $0.y, length: plotHeight, horizontal: false) }
        let sharedY = spec.sharesAxes && panels.count > 1
            && yTicks.allSatisfy { $0 == yTicks[0] } && panels.allSatisfy { $0.yAxis.label == panels[0].yAxis.label }
        func showsYLabels(_ i: Int) -> Bool { !sharedY || i % columns == 0 }
        func leftMargin(_ i: Int) -> Double {
            guard showsYLabels(i) else { return 0 }
            let labelWidth = ctx.maxLabelWidth(yTicks[i])
            return tickLength + tickLabelGap + labelWidth + (panels[i].yAxis.label.isEmpty ? 0 : axisLabelGap + axisFont.height)
        }
        let columnLeft = (0..<columns).map { c in stride(from: c, to: panels.count, by: columns).map(leftMargin).max() ?? 0 }
        let rightPad = 12.0
        let plotWidth = max(10, (area.width - columnLeft.reduce(0, +) - Double(columns - 1) * panelGap - rightPad) / Double(columns))

        var plots: [Rect] = []
        for (i, panel) in panels.enumerated() {
            let row = i / columns, column = i % columns
            let x = area.minX + (0..<column).map { columnLeft[$0] + plotWidth + panelGap }.reduce(0, +) + columnLeft[column]
            let y = area.minY + Double(row) * (titleHeight + plotHeight + below + panelGap) + titleHeight
            let plot = Rect(x: x, y: y, width: plotWidth, height: plotHeight)
            plots.append(plot)
            let geometry = PanelGeometry(plot: plot, x: models[i].x, y: models[i].y)
            let xTicks = ctx.ticks(for: models[i].x, length: plotWidth, horizontal: true)
            drawPanel(panel, geometry: geometry, xTicks: xTicks, yTicks: yTicks[i], showsYLabels: showsYLabels(i),
                      yLabelX: plot.minX - columnLeft[column] + axisFont.height / 2, xTickHeight: xTickHeight,
                      legend: legend, colorBar: colorBar, ctx: &ctx)
        }
        return plots
    }

    /// Draws one panel: grid, content (clipped), axis lines, ticks, labels, title.
    static func drawPanel(_ panel: Panel, geometry: PanelGeometry, xTicks: [AxisTick], yTicks: [AxisTick],
                          showsYLabels: Bool, yLabelX: Double, xTickHeight: Double, legend: Legend,
                          colorBar: ColorBar?, ctx: inout LayoutContext) {
        let style = ctx.style
        let plot = geometry.plot
        let kind = kind(panel.content)
        if kind == .lines || kind == .histograms {
            for tick in xTicks where tick.kind == .major && tick.fraction > 0.001 && tick.fraction < 0.999 {
                let x = geometry.screenX(tick.fraction)
                ctx.stroke(.segment(Point(x: x, y: plot.minY), Point(x: x, y: plot.maxY)), style.grid, width: 0.7)
            }
        }
        if kind == .lines || kind == .bars {
            for tick in yTicks where tick.kind == .major && tick.fraction > 0.001 && tick.fraction < 0.999 {
                let y = geometry.screenY(tick.fraction)
                ctx.stroke(.segment(Point(x: plot.minX, y: y), Point(x: plot.maxX, y: y)), style.grid, width: 0.7)
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
            ctx.text("no data to show", style.axisLabelFont, style.secondaryText, at: Point(x: plot.midX, y: plot.midY),
                     .center, .capMiddle)
        }

        ctx.stroke(.polyline([Point(x: plot.minX, y: plot.minY), Point(x: plot.minX, y: plot.maxY),
                              Point(x: plot.maxX, y: plot.maxY)]), style.axis, width: 0.9)
        for tick in xTicks {
            let x = geometry.screenX(tick.fraction)
            let length = tick.kind == .major ? tickLength : minorTickLength
            ctx.stroke(.segment(Point(x: x, y: plot.maxY), Point(x: x, y: plot.maxY + length)), style.axis, width: 0.8)
            if let label = tick.label {
                ctx.label(label, style.tickFont, style.secondaryText, at: Point(x: x, y: plot.maxY + tickLength + tickLabelGap),
                          .center, .capTop)
            }
        }
        for tick in yTicks {
            let y = geometry.screenY(tick.fraction)
            let length = tick.kind == .major ? tickLength : minorTickLength
            ctx.stroke(.segment(Point(x: plot.minX - length, y: y), Point(x: plot.minX, y: y)), style.axis, width: 0.8)
            if showsYLabels, let label = tick.label {
                ctx.label(label, style.tickFont, style.secondaryText, at: Point(x: plot.minX - tickLength - tickLabelGap, y: y),
                          .trailing, .capMiddle)
            }
        }
        if !panel.xAxis.label.isEmpty {
            ctx.text(panel.xAxis.label, style.axisLabelFont, style.text,
                     at: Point(x: plot.midX, y: plot.maxY + tickLength + tickLabelGap + xTickHeight + axisLabelGap), .center, .capTop)
        }
        if showsYLabels && !panel.yAxis.label.isEmpty {
            ctx.verticalText(panel.yAxis.label, style.axisLabelFont, style.text, center: Point(x: yLabelX, y: plot.midY))
        }
        if !panel.title.isEmpty {
            ctx.text(panel.title, style.panelTitleFont, style.text, at: Point(x: plot.midX, y: plot.minY - panelTitleGap),
                     .center, .bottom)
        }
    }
}
