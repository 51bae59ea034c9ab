import Testing

@testable import GradscopeCharts

@Suite("Heatmaps, bars and histograms")
struct ChartKindTests {
    static func heatmapSpec(values: [[Double]], scale: AxisScale = .log10) -> ChartSpec {
        ChartSpec(
            panels: [
                Panel(
                    title: "sigmoid", xAxis: AxisSpec(label: "epoch"), yAxis: AxisSpec(label: "layer"),
                    content: .heatmap(
                        Heatmap(
                            columnLabels: (1...values[0].count).map { "\($0)" },
                            rowLabels: (1...values.count).map { "\($0)" }, values: values,
                            colorScale: scale, colorBarLabel: "gradient norm")))
            ],
            width: 900, height: 480)
    }

    static func gradientGrid() -> [[Double]] {
        (0..<16).map { layer in (0..<30).map { epoch in Fixtures.power(0.22, 15 - layer) * (1 + 0.01 * Double(epoch)) } }
    }

    @Test("a heatmap fills one viridis cell per value, darkest at the smallest")
    func heatmapCells() {
        let list = Fixtures.layout(Self.heatmapSpec(values: Self.gradientGrid()))
        let cellFills = list.commands.compactMap { command -> Color? in
            guard case .fill(let path, let color) = command, path.elements.count == 5 else { return nil }
            return color
        }
        #expect(cellFills.count >= 16 * 30)
        #expect(cellFills.contains(Colormap.viridis(0)))
        #expect(list.text("gradient norm") != nil)
    }

    @Test("the colour bar is labelled with powers of ten that do not overlap")
    func colourBar() {
        let list = Fixtures.layout(Self.heatmapSpec(values: Self.gradientGrid()))
        let exponents = list.texts.filter(Fixtures.isExponent)
        #expect(exponents.count >= 3)
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("NaN and infinite cells are hatched and explained; zeros on a log scale take the lowest colour")
    func heatmapHazards() {
        var grid = Self.gradientGrid()
        grid[3][7] = .nan
        grid[4][8] = .infinity
        grid[5][9] = 0
        grid[6][10] = -1
        let list = Fixtures.layout(Self.heatmapSpec(values: grid))
        let style = ThemeStyle(.light)
        let missing = list.commands.filter { if case .fill(_, let c) = $0 { c == style.missing } else { false } }
        #expect(missing.count == 3)  // two cells and the legend swatch
        #expect(!list.strokes(color: style.hatch).isEmpty)
        #expect(list.text("no value") != nil)
        #expect(list.allPoints.allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    @Test("ragged and empty heatmaps draw without crashing")
    func raggedHeatmap() {
        let ragged = Fixtures.layout(Self.heatmapSpec(values: [[1, 2, 3], [4], []]))
        #expect(ragged.text("no value") != nil)
        let empty = ChartSpec(panels: [
            Panel(
                title: "", xAxis: AxisSpec(label: ""), yAxis: AxisSpec(label: ""),
                content: .heatmap(
                    Heatmap(
                        columnLabels: [], rowLabels: [], values: [],
                        colorBarLabel: "x")))
        ])
        #expect(Fixtures.layout(empty).text("no data to show") != nil)
    }

    @Test("a constant heatmap on a linear scale still gets a colour range")
    func flatHeatmap() {
        let list = Fixtures.layout(Self.heatmapSpec(values: [[2, 2], [2, 2]], scale: .linear))
        #expect(list.overlappingTexts.isEmpty)
        #expect(list.allPoints.allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    static func barSpec(_ series: [BarSeries], scale: AxisScale = .linear) -> ChartSpec {
        ChartSpec(
            panels: [
                Panel(
                    title: "final loss", xAxis: AxisSpec(label: "depth"), yAxis: AxisSpec(label: "loss", scale: scale),
                    content: .bars(BarChart(categories: ["1", "2", "4"], series: series)))
            ],
            width: 750, height: 450)
    }

    @Test("grouped bars get one legend entry per series and grow from zero")
    func bars() {
        let list = Fixtures.layout(
            Self.barSpec([
                BarSeries(name: "sigmoid", values: [0.1, 0.2, 0.4]),
                BarSeries(name: "relu", values: [0.1, -0.05, 0.02]),
            ]))
        #expect(list.text("sigmoid") != nil && list.text("relu") != nil)
        let palette = Palette.onLight
        let bars = list.commands.filter { if case .fill(_, let c) = $0 { c == palette[0] || c == palette[1] } else { false } }
        #expect(bars.count == 6 + 2)
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("bars the axis cannot show are marked n/a instead of drawn as zero", arguments: [AxisScale.linear, .log10])
    func barHazards(scale: AxisScale) {
        let list = Fixtures.layout(
            Self.barSpec(
                [BarSeries(name: "s", values: [.nan, scale == .log10 ? 0 : .infinity, 1])],
                scale: scale))
        #expect(list.texts.filter { $0.string == "n/a" }.count == 2)
        #expect(list.allPoints.allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    @Test("histograms stack one row per layer, first layer on top, each scaled to its own peak")
    func histograms() {
        let edges = stride(from: -1.0, through: 1.0, by: 0.25).map { $0 }
        let rows = (1...4).map { layer in
            HistogramRow(label: "layer \(layer)", edges: edges, counts: [0, 1, 3, 10 * layer, 10 * layer, 3, 1, 0])
        }
        let spec = ChartSpec(
            panels: [
                Panel(
                    title: "sigmoid", xAxis: AxisSpec(label: "activation"), yAxis: AxisSpec(label: "layer"),
                    content: .histograms(rows))
            ], width: 750, height: 480)
        let list = Fixtures.layout(spec)
        let labels = (1...4).map { list.text("layer \($0)")! }
        #expect(labels.map(\.origin.y) == labels.map(\.origin.y).sorted())
        let color = Palette.onLight[0]
        let outlines = list.strokes(color: color)
        #expect(outlines.count == 4)
        let heights = outlines.map { path -> Double in
            let ys = path.elements.compactMap { if case .line(let p) = $0 { p.y } else { nil } }
            return ys.max()! - ys.min()!
        }
        #expect(heights.allSatisfy { abs($0 - heights[0]) < 1e-9 })
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("histogram hazards: bad edges, mismatched counts, all-zero and empty rows")
    func histogramHazards() {
        let rows = [
            HistogramRow(label: "nan edge", edges: [0, .nan, 2, 3], counts: [1, 2, 3]),
            HistogramRow(label: "short", edges: [0, 1], counts: [4, 5, 6]),
            HistogramRow(label: "zeros", edges: [0, 1, 2], counts: [0, 0]),
            HistogramRow(label: "empty", edges: [], counts: []),
        ]
        let spec = ChartSpec(panels: [
            Panel(
                title: "", xAxis: AxisSpec(label: "x", scale: .log10), yAxis: AxisSpec(label: ""),
                content: .histograms(rows))
        ])
        let list = Fixtures.layout(spec)
        #expect(list.allPoints.allSatisfy { $0.x.isFinite && $0.y.isFinite })
        #expect(list.text("empty") != nil)
    }
}
