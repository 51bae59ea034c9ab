import Testing
@testable import GradscopeCharts

@Suite("Alt text from the data")
struct AltTextTests {
    @Test("line panels state each series' first and last values")
    func lines() {
        let text = AltText.describe(Fixtures.gradientFigure())
        #expect(text.hasPrefix("Gradient norm per layer. sigmoid: gradient norm (log scale) against layer;"))
        #expect(text.contains("depth 16 goes from 6.8e-11 at layer 1 to 0.5 at layer 16"))
        #expect(text.contains("depth 1 is 0.5 at layer 1"))
    }

    @Test("divergence and dropped points are stated")
    func hazards() {
        let spec = Fixtures.single([Series(name: "deep", xs: [1, 2, 3, 4], ys: [1, 0, 0.5, .nan], divergedAt: 4)])
        let text = AltText.describe(spec)
        #expect(text.contains("diverged at epoch 4"))
        #expect(text.contains("2 points not drawn"))
    }

    @Test("heatmaps state the extremes and missing cells")
    func heatmap() {
        let spec = ChartKindTests.heatmapSpec(values: [[1e-9, .nan], [0.5, 0.25]])
        let text = AltText.describe(spec)
        #expect(text.contains("lowest 1e-9 at layer 1, epoch 1"))
        #expect(text.contains("highest 0.5 at layer 2, epoch 1"))
        #expect(text.contains("1 cell without a value"))
    }

    @Test("bars and histograms are summarised per category and row")
    func barsAndHistograms() {
        let bars = AltText.describe(ChartKindTests.barSpec([BarSeries(name: "relu", values: [0.1, 0.2, 0.3])]))
        #expect(bars.contains("4: relu 0.3"))
        let spec = ChartSpec(panels: [Panel(title: "", xAxis: AxisSpec(label: "activation"), yAxis: AxisSpec(label: "layer"),
                                            content: .histograms([HistogramRow(label: "layer 1", edges: [0, 1, 2, 3], counts: [0, 5, 1])]))])
        #expect(AltText.describe(spec).contains("layer 1: from 1 to 3, peak near 1.5"))
    }
}
