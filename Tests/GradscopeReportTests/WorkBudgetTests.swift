import Foundation
import GradscopeLab
import Testing

@testable import GradscopeReport

@Suite("Work budget")
struct WorkBudgetTests {
    static let defaultReport = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../reports/vanishing-gradient.md").standardized.path

    func plans(_ text: String) throws -> [CellPlan] {
        try ReportPipeline.plan(try NotebookParser.parse(text, path: "nb.md"))
    }

    @Test("the default report fits the default budget ten times over and the recording bound five times, and the budget is not stale")
    func defaultReportFits() throws {
        let plans = try ReportPipeline.plan(try NotebookParser.parse(file: Self.defaultReport))
        let work = try WorkBudget.estimate(plans)
        #expect(plans.reduce(0) { $0 + $1.specCount } == 395)
        #expect(work.flops * 10 <= WorkBudget.defaultFLOPs, "\(work.flops)")
        #expect(work.flops * 40 >= WorkBudget.defaultFLOPs, "the budget is documented as about twenty times the default report: \(work.flops)")
        #expect(work.recorded * 5 <= Double(WorkBudget.maxRecordedNumbers), "\(work.recorded)")
        try WorkBudget.check(plans, maxCost: WorkBudget.defaultFLOPs)
    }

    @Test("the budget names the most expensive cell; 0 lifts it, and the suggested --max-cost lets the notebook through")
    func budgetAndItsLifting() throws {
        let text = "```gradscope\nid: small\nepochs: 1\n```\n\n```gradscope\nid: large\nepochs: 4\n```\n"
        let plans = try plans(text)
        let work = try WorkBudget.estimate(plans)
        #expect(work.cells[1].flops > 3 * work.cells[0].flops)
        let error = #expect(throws: NotebookError.self) { try WorkBudget.check(plans, maxCost: work.flops / 2) }
        #expect(error?.line == 6)
        #expect(
            error?.message.hasPrefix("cell 'large' asks for \(RunCost.flopsText(work.cells[1].flops)) FLOPs in 1 run") == true, "\(String(describing: error))")
        let suggested = try #require(error?.message.split(separator: "--max-cost ").dropFirst().first?.split(separator: " ").first.flatMap { Double($0) })
        #expect(suggested >= work.flops)
        try WorkBudget.check(plans, maxCost: suggested)
        try WorkBudget.check(plans, maxCost: 0)
    }

    @Test("--max-cost through the library: a tiny budget refuses before training, 0 trains")
    func renderOption() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nb.md").path
        try "```gradscope\nid: c\nwidth: 4\ndepth: 1\nepochs: 1\ndataset: {name: electricity, samples: 64}\n```\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        var options = RenderOptions(outputRoot: folder.appendingPathComponent("out").path, jobs: 1, cacheDirectory: nil)
        options.maxCost = 1000
        #expect(throws: NotebookError.self) { try ReportBuilder(renderer: DescribingRenderer()).check(notebookAt: path, options: options) }
        options.maxCost = 0
        let (title, claims) = try ReportBuilder(renderer: DescribingRenderer()).check(notebookAt: path, options: options)
        #expect(title == "nb")
        #expect(claims.isEmpty)
    }

    @Test("a run on a CSV file is checked for memory with the file's shape")
    func csvMemory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = (0..<20_000).map { "f\($0)" }.joined(separator: ",") + ",y\n"
        let row = Array(repeating: "1", count: 20_001).joined(separator: ",") + "\n"
        try (header + row + row + row + row).write(to: folder.appendingPathComponent("wide.csv"), atomically: true, encoding: .utf8)
        let cell = "```gradscope\nid: c\nwidth: 4096\ndepth: 2\ndataset: "
        _ = try WorkBudget.estimate(try plans(cell + "electricity\n```\n"))

        let notebook = folder.appendingPathComponent("nb.md").path
        try (cell + "{name: csv, path: wide.csv, target: y}\n```\n").write(toFile: notebook, atomically: true, encoding: .utf8)
        let plans = try ReportPipeline.plan(try NotebookParser.parse(file: notebook))
        #expect(plans[0].config.csvShape == DataShape(examples: 4, inputs: 20_000, outputs: 1))
        let error = #expect(throws: NotebookError.self) { try WorkBudget.check(plans, maxCost: 0) }
        #expect(error?.line == 3)
        #expect(error?.column == 8)
        #expect(error?.message.hasPrefix("a run of depth 2 and width 4096 needs about") == true, "\(String(describing: error))")
    }

    @Test("an allowance is the estimate rounded up to two significant digits")
    func allowance() {
        #expect(WorkBudget.allowance(for: 3.54e14) == 3.6e14)
        #expect(WorkBudget.allowance(for: 3.5e14) == 3.5e14)
        #expect(WorkBudget.allowance(for: 99) == 99)
        #expect(WorkBudget.allowance(for: 101) == 110)
    }
}
