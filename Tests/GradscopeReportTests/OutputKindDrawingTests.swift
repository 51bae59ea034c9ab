import Foundation
import GradscopeCharts
import GradscopeLab
import Testing

@testable import GradscopeReport

/// Every kind a cell's `show:` can ask for, built from one tiny trained cell (2 activations × 2
/// depths, 2 epochs) and, for figures, laid out and replayed on a `RecordingCanvas`: what is drawn,
/// its labels and counts. Tables are checked cell by cell.
@Suite("Every output kind, drawn")
struct OutputKindDrawingTests {
    static let notebook = """
        ---
        title: Every output
        seed: 5
        ---
        ```gradscope
        id: all
        activations: [sigmoid, relu]
        depths: [2, 3]
        width: 4
        epochs: 2
        batch: 32
        loss: cross_entropy
        dataset: {name: spirals, samples: 64}
        show: [loss-curves, validation-curves, accuracy-curves, gradient-by-layer, backprop-by-layer, activation-spread,
               gradient-heatmap, histograms, activation-curves, {kind: metric-chart, metric: finalLoss, x: depth},
               {kind: metric-chart, metric: finalLoss, x: activation}, final-loss-table, run-table, bound-table]
        ```
        """

    /// The cell's outputs by slug, trained once for the suite.
    static let prepared = Result { () throws -> [String: OutputItem] in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-kinds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("kinds.md").path
        try notebook.write(toFile: path, atomically: true, encoding: .utf8)
        let prepared = try ReportPipeline.prepare(notebookAt: path, runner: Runner(jobs: 2, cacheDirectory: nil))
        var bySlug: [String: OutputItem] = [:]
        for item in prepared.outputs[0].items {
            switch item {
            case .figure(let figure): bySlug[figure.slug] = item
            case .table(let table): bySlug[table.slug] = item
            }
        }
        return bySlug
    }

    static func outputs() throws -> [String: OutputItem] { try prepared.get() }

    static func figure(_ slug: String) throws -> (FigureOutput, RecordingCanvas) {
        let outputs = try outputs()
        guard case .figure(let figure) = try #require(outputs[slug], "no output \(slug) among \(outputs.keys.sorted())") else {
            throw NotebookError(file: slug, "not a figure")
        }
        var canvas = RecordingCanvas()
        ChartLayout.layout(figure.chart, measurer: MonospaceEstimateMeasurer()).replay(into: &canvas)
        #expect(canvas.clipDepth == 0, "\(slug): clips balanced")
        #expect(!figure.alt.isEmpty && !figure.caption.plain.isEmpty, "\(slug): alt text and caption")
        return (figure, canvas)
    }

    static func table(_ slug: String) throws -> TableOutput {
        guard case .table(let table) = try #require(try outputs()[slug], "no output \(slug)") else { throw NotebookError(file: slug, "not a table") }
        #expect(table.rows.allSatisfy { $0.count == table.columns.count }, "\(slug): every row has every column")
        return table
    }

    static func texts(_ canvas: RecordingCanvas) -> [String] {
        canvas.commands.compactMap { if case .text(let item) = $0 { item.string } else { nil } }
    }

    static func strokes(_ canvas: RecordingCanvas) -> Int {
        canvas.commands.filter { if case .stroke = $0 { true } else { false } }.count
    }

    static func fills(_ canvas: RecordingCanvas) -> Int {
        canvas.commands.filter { if case .fill = $0 { true } else { false } }.count
    }

    static func lines(_ panel: Panel) -> [Series] {
        if case .lines(let series) = panel.content { series } else { [] }
    }

    @Test("every kind the notebook format names is covered here")
    func everyKind() throws {
        let shown = Set(try Self.outputs().keys.map { $0.dropFirst("all-".count).replacingOccurrences(of: "-2", with: "") })
        #expect(shown == Set(OutputKind.allCases.map(\.rawValue)))
    }

    @Test(
        "curves per epoch: a panel per activation, a line per depth over epochs 1–2, labelled",
        arguments: ["loss-curves", "validation-curves", "accuracy-curves"])
    func curves(kind: String) throws {
        let (figure, canvas) = try Self.figure("all-\(kind)")
        #expect(figure.chart.panels.map(\.title) == ["sigmoid", "relu"])
        for panel in figure.chart.panels {
            let data = Self.lines(panel).filter { $0.role == .data }
            #expect(data.count == 2, "\(kind): one line per depth")
            #expect(data.allSatisfy { $0.xs.last == 2 && $0.ys.allSatisfy(\.isFinite) })
        }
        let texts = Self.texts(canvas)
        #expect(texts.contains("sigmoid") && texts.contains("relu"), "panel titles drawn")
        #expect(texts.contains(figure.chart.panels[0].xAxis.label) && texts.contains(figure.chart.panels[0].yAxis.label), "axis labels drawn")
        #expect(Self.strokes(canvas) >= 4, "at least the four lines are stroked")
        if kind == "accuracy-curves" {
            #expect(Self.lines(figure.chart.panels[0]).contains { $0.role != .data }, "chance is drawn as a reference line")
        }
    }

    @Test(
        "per-layer lines at initialisation: one point per layer of each run",
        arguments: [("gradient-by-layer", 1), ("backprop-by-layer", 0), ("activation-spread", 0)])
    func layerLines(kind: String, extraLayers: Int) throws {
        let (figure, canvas) = try Self.figure("all-\(kind)")
        let data = figure.chart.panels.flatMap(Self.lines).filter { $0.role == .data }
        #expect(data.count == 4, "\(kind): one line per run")
        #expect(Set(data.map(\.xs.count)) == [2 + extraLayers, 3 + extraLayers], "\(kind): a point per layer of depth 2 and 3")
        if kind == "backprop-by-layer" {
            #expect(figure.chart.panels.flatMap(Self.lines).contains { $0.role != .data }, "the activation factor's bound is drawn")
        }
        #expect(Self.strokes(canvas) >= data.count)
    }

    @Test("the gradient heatmap: a panel per deepest run, layers × epochs cells filled, its colour bar labelled")
    func heatmap() throws {
        let (figure, canvas) = try Self.figure("all-gradient-heatmap")
        #expect(figure.chart.panels.map(\.title) == ["sigmoid, depth 3", "relu, depth 3"])
        for panel in figure.chart.panels {
            guard case .heatmap(let map) = panel.content else {
                Issue.record("not a heatmap")
                continue
            }
            #expect(map.rowLabels == ["1", "2", "3", "4"], "three hidden layers and the output layer")
            #expect(map.columnLabels == ["0", "1", "2"], "initialisation and two epochs")
            #expect(map.values.count == 4 && map.values.allSatisfy { $0.count == 3 && $0.allSatisfy { $0 > 0 } })
        }
        #expect(Self.fills(canvas) >= 2 * 12, "each panel fills its 12 cells")
        #expect(Self.texts(canvas).filter { $0 == "RMS ∂L/∂W" }.count >= 1, "colour bar label")
    }

    @Test("histograms: activations and gradients of each deepest run, one row per hidden layer, input side at the bottom")
    func histograms() throws {
        let (figure, canvas) = try Self.figure("all-histograms")
        #expect(figure.chart.panels.count == 4, "two panels for each of two runs")
        for panel in figure.chart.panels {
            guard case .histograms(let rows) = panel.content else {
                Issue.record("not histograms")
                continue
            }
            #expect(rows.map(\.label) == ["layer 3", "layer 2", "layer 1"])
            #expect(rows.allSatisfy { $0.edges.count == $0.counts.count + 1 })
        }
        #expect(figure.chart.panels[1].xAxis.scale == .log10, "gradient magnitudes on a log axis")
        let texts = Self.texts(canvas)
        #expect(["layer 1", "layer 2", "layer 3"].allSatisfy(texts.contains))
        #expect(Self.fills(canvas) > 4 * 3, "bars are filled in every row")
    }

    @Test("activation curves: each activation of the cell and its derivative")
    func activationCurves() throws {
        let (figure, canvas) = try Self.figure("all-activation-curves")
        let names = figure.chart.panels.flatMap(Self.lines).map(\.name)
        #expect(names.contains { $0.contains("sigmoid") } && names.contains { $0.contains("relu") })
        #expect(names.count >= 4, "value and derivative of two activations")
        #expect(Self.strokes(canvas) >= 4)
    }

    @Test("metric chart: lines over a numeric axis, grouped bars over activations")
    func metricChart() throws {
        let (overDepth, depthCanvas) = try Self.figure("all-metric-chart")
        let series = overDepth.chart.panels.flatMap(Self.lines)
        #expect(series.count == 2 && series.allSatisfy { $0.xs == [2, 3] }, "one line per activation over depths 2 and 3")
        #expect(Self.strokes(depthCanvas) >= 2)
        let (overActivation, barCanvas) = try Self.figure("all-metric-chart-2")
        guard case .bars(let bars) = overActivation.chart.panels[0].content else {
            Issue.record("not bars")
            return
        }
        #expect(bars.categories == ["sigmoid", "relu"])
        #expect(bars.series.count == 2, "one bar per depth in each group")
        #expect(Self.fills(barCanvas) >= 4, "four bars")
    }

    @Test("final-loss table: a row per run with its losses and outcome")
    func finalLossTable() throws {
        let table = try Self.table("all-final-loss-table")
        #expect(table.columns == ["activation", "depth", "initial loss", "final training loss", "final validation loss", "validation accuracy", "outcome"])
        #expect(table.rows.map { Array($0.prefix(2)) } == [["sigmoid", "2"], ["sigmoid", "3"], ["relu", "2"], ["relu", "3"]])
        #expect(table.rows.allSatisfy { $0.last == "completed" })
        #expect(table.csvRows.allSatisfy { Double($0[3]) != nil }, "the CSV holds the exact final loss")
    }

    @Test("run table: every setting of every run and its measurements")
    func runTable() throws {
        let table = try Self.table("all-run-table")
        #expect(table.rows.count == 4)
        let column = { (name: String) in table.columns.firstIndex(of: name)! }
        #expect(table.rows.map { $0[column("activation")] } == ["sigmoid", "sigmoid", "relu", "relu"])
        #expect(table.rows.map { $0[column("depth")] } == ["2", "3", "2", "3"])
        #expect(table.rows.allSatisfy { $0[column("width")] == "4" && $0[column("epochs")] == "2" && $0[column("batch")] == "32" })
        #expect(table.csvRows.allSatisfy { Double($0[column("final loss")]) != nil })
    }

    @Test("bound table: (max φ′)^(L−1) per depth beside the measured ratio")
    func boundTable() throws {
        let table = try Self.table("all-bound-table")
        #expect(table.columns.count == 5 && table.columns[0] == "hidden layers L")
        #expect(table.rows.map(\.first) == ["2", "3"])
        #expect(table.csvRows.map { Double($0[1]) } == [0.25, 0.0625], "sigmoid's max φ′ is 1/4")
        #expect(table.csvRows.map { Double($0[3]) } == [1, 1], "relu's is 1")
        #expect(table.csvRows.allSatisfy { Double($0[2]) != nil && Double($0[4]) != nil }, "measured ratios are numbers")
    }
}
