import Testing

@testable import GradscopeCharts

/// Figures are laid out at the CSS width the page shows them at, so a font size is what a reader
/// sees: at least 12 CSS px on a desktop (the 920 px column shows a wide figure at its own width)
/// and at least 11 on a phone (the narrow variant, 340 px, shown in the 320 px column of a 360 px
/// screen). Checked for every chart kind, shaped and sized as the report makes them.
@Suite("Figure text at the size it is read")
struct TextSizeTests {
    static let desktopColumn = 920.0
    static let narrowWidth = 340.0
    static let phoneColumn = 320.0

    /// `spec` as the report sizes it: the column's width for two panels a row or more, 620 px for one.
    static func sized(_ spec: ChartSpec, columns: Int, plotHeight: Double = 240) -> ChartSpec {
        var sized = spec
        sized.columns = columns
        sized.width = columns == 1 ? 620 : desktopColumn
        sized.plotHeight = plotHeight
        return sized
    }

    static let kinds: [String: ChartSpec] = [
        "lines on a log axis, three panels": sized(Fixtures.gradientFigure(), columns: 3),
        "loss curves with bands": sized(Fixtures.lossFigure(), columns: 3),
        "grouped bars with value labels and long categories": sized(
            ChartSpec(panels: [
                Panel(
                    title: "", xAxis: AxisSpec(label: "initialisation"), yAxis: AxisSpec(label: "share of saturated (unit, example) pairs after training"),
                    content: .bars(
                        BarChart(
                            categories: ["xavier_uniform", "he_normal", "normal(1)"],
                            series: [
                                BarSeries(name: "sigmoid", values: [0.01, 0.02, 0.09], labels: ["1%", "2%", "9%"]),
                                BarSeries(name: "tanh", values: [0.0, 0.01, 0.57], labels: ["0%", "1%", "57%"]),
                            ])))
            ]), columns: 1, plotHeight: 300),
        "heatmaps with a colour bar": sized(
            ChartSpec(
                panels: ["sigmoid", "relu"].map { name in
                    Panel(
                        title: name, xAxis: AxisSpec(label: "epoch"), yAxis: AxisSpec(label: "layer (1 = input side)"),
                        content: .heatmap(
                            Heatmap(
                                columnLabels: (0...20).map { "\($0)" }, rowLabels: (1...17).map { "\($0)" },
                                values: ChartKindTests.gradientGrid(), colorBarLabel: "RMS ∂L/∂W")))
                }), columns: 2, plotHeight: 272),
        "histograms with notes, linear and log": sized(
            ChartSpec(panels: [
                HistogramNoteTests.logSpec().panels[0],
                Panel(
                    title: "activations", xAxis: AxisSpec(label: "activation value"), yAxis: AxisSpec(label: "hidden layer"),
                    content: .histograms(
                        (1...16).reversed().map { layer in
                            HistogramRow(label: "layer \(layer)", edges: [0, 0.25, 0.5, 0.75, 1], counts: [1, 4, 4, 1], note: "\(layer)% exactly 0")
                        })),
            ]), columns: 2, plotHeight: 320),
    ]

    /// Every text item's size as a reader sees it, where the figure is shown `displayWidth` wide.
    static func displayedSizes(_ list: DisplayList, displayWidth: Double) -> [(String, Double)] {
        let scale = min(1, displayWidth / list.width)
        return list.texts.map { ($0.string, $0.font.size * scale) }
    }

    @Test("wide: every text item reads at 12 CSS px or more in the desktop column", arguments: kinds.keys.sorted())
    func wide(kind: String) {
        let spec = Self.kinds[kind]!
        let list = Fixtures.layout(spec)
        #expect(list.width <= Self.desktopColumn)
        for (text, size) in Self.displayedSizes(list, displayWidth: Self.desktopColumn) {
            #expect(size >= 12, "\(text): \(size) px")
        }
        Self.expectFits(list)
    }

    @Test("narrow: panels stacked 340 px wide, every text item 11 CSS px or more on a 360 px phone", arguments: kinds.keys.sorted())
    func narrow(kind: String) {
        let spec = Self.kinds[kind]!.stacked(width: Self.narrowWidth)
        #expect(spec.columns == 1 && spec.legendPlacement == .above)
        let list = Fixtures.layout(spec)
        #expect(list.width == Self.narrowWidth)
        for (text, size) in Self.displayedSizes(list, displayWidth: Self.phoneColumn) {
            #expect(size >= 11, "\(text): \(size) px")
        }
        Self.expectFits(list)
        let plots = list.commands.compactMap { if case .pushClip(let rect) = $0, rect.width > 50 { rect } else { nil } }
        #expect(zip(plots, plots.dropFirst()).allSatisfy { $0.maxY < $1.minY }, "one panel a row, top to bottom")
    }

    @Test("a figure laid out for its plot height is as tall as its panels need, in whole pixels")
    func fittedHeight() {
        let spec = Self.kinds["loss curves with bands"]!
        let list = Fixtures.layout(spec)
        #expect(list.height == list.height.rounded())
        let plots = list.commands.compactMap { if case .pushClip(let rect) = $0 { rect.insetBy(dx: 4, dy: 4) } else { nil } }
        #expect(!plots.isEmpty && plots.allSatisfy { abs($0.height - 240) < 1 })
        var taller = spec
        taller.plotHeight = 300
        #expect(abs(Fixtures.layout(taller).height - list.height - 60) <= 1)
        let narrow = Fixtures.layout(spec.stacked(width: Self.narrowWidth))
        #expect(narrow.height > 3 * 240, "three rows of plots")
    }

    /// No two texts overlap and every one lies inside the figure.
    static func expectFits(_ list: DisplayList) {
        let pairs = list.overlappingTexts
        #expect(pairs.isEmpty, "\(pairs.map { "\($0.0.string) / \($0.1.string)" })")
        let page = Rect(x: 0, y: 0, width: list.width, height: list.height)
        for item in list.texts {
            #expect(page.contains(item.bounds, tolerance: 0.5), "\(item.string) at \(item.bounds)")
        }
    }
}
