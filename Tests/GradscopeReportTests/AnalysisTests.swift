import Foundation
import GradscopeLab
import Testing

@testable import GradscopeReport

@Suite("Summaries over seed repeats")
struct AnalysisTests {
    @Test("a band is the element-wise median, minimum and maximum over repeats")
    func band() {
        let band = Band([[1, 30, 5], [3, 10, 6], [2, 20, 4]])
        #expect(band.median == [2, 20, 5])
        #expect(band.lower == [1, 10, 4])
        #expect(band.upper == [3, 30, 6])
    }

    @Test("a single repeat has no band, and sequences are cut to the shortest")
    func singleRepeat() {
        #expect(Band([[1, 2]]).lower == nil)
        #expect(Band([[1, 2, 3], [4, 5]]).median == [2.5, 3.5])
    }

    @Test("the median of an even count is the mean of the middle two; NaN sorts last")
    func median() {
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
        #expect(Statistics.median([.nan, 1, 2]) == 2)
        #expect(Statistics.median([]).isNaN)
    }

    @Test("repeated runs appear once per seed in the data and as medians in the tables")
    func seedsInReport() throws {
        let text =
            "```gradscope\nid: c\nactivations: [relu, tanh]\ndepth: 2\nwidth: 4\nepochs: 1\nseeds: 2\ndataset: {name: electricity, samples: 64}\nshow: [final-loss-table, loss-curves]\n```\n"
        let tests = ReportBuilderTests()
        let folder = try tests.workspace(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ReportBuilder(renderer: DescribingRenderer()).render(
            notebookAt: folder.appendingPathComponent("tiny.md").path, options: tests.options(folder))
        #expect(summary.runCount == 4)
        let out = URL(fileURLWithPath: summary.outputDirectory)
        let csv = try String(contentsOf: out.appendingPathComponent("data/runs.csv"), encoding: .utf8)
        let seedColumn = csv.split(separator: "\n")[0].split(separator: ",").firstIndex(of: "seed")!
        let seedsOfRelu = csv.split(separator: "\n").filter { $0.hasPrefix("c,relu,") }.map {
            $0.split(separator: ",", omittingEmptySubsequences: false)[seedColumn]
        }
        #expect(seedsOfRelu.count == 2)
        #expect(Set(seedsOfRelu).count == 2, "each repeat trains from its own seed")
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("(medians over 2 seeds)"))
        #expect(markdown.contains("shaded bands their min–max"))
    }
}

@Suite("Panels, series and inline values")
struct FacetTests {
    func cell(_ yaml: String) throws -> CellResults {
        let notebook = try NotebookParser.parse("```gradscope\n\(yaml)\n```\n", path: "nb.md")
        return CellResults(plan: try ReportPipeline.plan(notebook)[0], results: [:])
    }

    @Test("by default depth makes the series and every other swept axis the panels")
    func defaults() throws {
        let facets = Facets(try cell("activations: [sigmoid, relu]\ndepths: [1, 4]"), request: OutputRequest.defaults[0])
        #expect(facets.panels.map(\.title) == ["sigmoid", "relu"])
        #expect(facets.seriesAxes == [.depth])
        #expect(facets.panels[0].runs.map(\.key) == ["sigmoid.1", "sigmoid.4"])
    }

    @Test("explicit panels and series swap the roles")
    func explicit() throws {
        var request = OutputRequest.defaults[0]
        request.panels = .depth
        request.series = .activation
        let facets = Facets(try cell("activations: [sigmoid, relu]\ndepths: [1, 4]\nwidths: [8, 16]"), request: request)
        #expect(facets.panels.map(\.title) == ["depth 1", "depth 4"])
        #expect(facets.seriesAxes == [.activation, .width], "the remaining swept axis still tells lines apart")
    }

    @Test("a backslash keeps '{{' literal in prose")
    func escapedBraces() throws {
        let text = try InlineValues.fill("write \\{{cell.finalLoss}} to quote", firstLine: 1, file: "nb.md", cells: [:])
        #expect(text == "write {{cell.finalLoss}} to quote")
    }

    @Test("theory values need no run")
    func theoryValues() throws {
        #expect(try InlineValues.fill("{{bound.sigmoid.5}}", firstLine: 1, file: "nb.md", cells: [:]) == "9.77 × 10⁻⁴")
        #expect(try InlineValues.fill("{{maxDerivative.tanh}}", firstLine: 1, file: "nb.md", cells: [:]) == "1")
    }
}

/// Writes `text` as a notebook in a fresh folder, trains and analyses it (one job, no cache).
func prepareNotebook(_ text: String) throws -> PreparedReport {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-analysis-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("nb.md").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try ReportPipeline.prepare(notebookAt: path, runner: Runner(jobs: 1, cacheDirectory: nil))
}

@Suite("Metric charts")
struct MetricChartTests {
    @Test("a numeric sweep axis gives lines, a named one grouped bars, with the values in the alt text")
    func linesOrBars() throws {
        let prepared = try prepareNotebook(
            "```gradscope\nid: m\nactivations: [tanh, relu]\ndepths: [1, 2]\nwidth: 4\nepochs: 1\ndataset: {name: electricity, samples: 64}\nshow:\n  - {kind: metric-chart, metric: finalLoss, x: activation}\n  - {kind: metric-chart, metric: gradientRatio}\n```\n"
        )
        let figures = prepared.outputs[0].figures
        guard case .bars(let bars) = figures[0].chart.panels[0].content else {
            Issue.record("expected bars")
            return
        }
        #expect(bars.categories == ["tanh", "relu"])
        #expect(bars.series.map(\.name) == ["depth 1", "depth 2"])
        #expect(bars.series[0].values[1] == prepared.cells[0].metric(.finalLoss, of: prepared.cells[0].plan.run(named: "relu.1")!))
        guard case .lines(let lines) = figures[1].chart.panels[0].content else {
            Issue.record("expected lines")
            return
        }
        #expect(lines.map(\.xs) == [[1, 2], [1, 2]], "depth is the numeric axis chosen by default")
        #expect(figures[0].alt.contains("depth 1: tanh → "))
    }
}

@Suite("Claim evidence")
struct ClaimEvidenceTests {
    @Test("a compound side shows its terms and its own value; a wildcard claim is checked per run")
    func evidence() throws {
        let prepared = try prepareNotebook(
            "```gradscope\nid: c\nactivations: [sigmoid]\ndepths: [2, 3]\nwidth: 4\nepochs: 0\ndataset: {name: electricity, samples: 64}\nclaims:\n  - \"*.gradientRatio < 4 * 0.25^depth\"\n  - \"3.gradientRatio >= 1e9 * 2.gradientRatio\"\n```\n"
        )
        let claims = prepared.outputs[0].claims
        #expect(claims[0].evidence.count == 2)
        #expect(claims[0].evidence[0].hasPrefix("2.gradientRatio = "))
        #expect(claims[0].evidence[0].hasSuffix("4 × 0.25^2 = 0.25"), "the bound's own value, not its last factor's")
        #expect(claims[0].evidence[1].hasSuffix("4 × 0.25^3 = 0.0625"))
        let ratio = prepared.cells[0].metric(.gradientRatio, of: prepared.cells[0].plan.run(named: "2")!)!
        #expect(claims[1].passed == false)
        #expect(claims[1].evidence[0].contains("1e9 × 2.gradientRatio (\(NumberFormat.readable(ratio))) = \(NumberFormat.readable(1e9 * ratio))"))
    }
}
