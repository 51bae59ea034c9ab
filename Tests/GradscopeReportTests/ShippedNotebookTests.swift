import Foundation
import Testing

@testable import GradscopeReport

/// The notebooks in `reports/` are what `make report` and CI render: each is parsed, planned and
/// checked here (claims, inline values, budget) without training, so an edit that breaks one fails
/// in seconds rather than after a render.
@Suite("The shipped notebooks")
struct ShippedNotebookTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../reports").standardized

    /// Runs per notebook, seed repeats counted: a change here changes what CI trains.
    static let expectedRuns = ["benchmark-sweep.md": 18, "quickstart.md": 12, "vanishing-gradient.md": 395]

    @Test("every notebook in reports/ is listed here")
    func listed() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".md") }
        #expect(Set(names) == Set(Self.expectedRuns.keys))
    }

    @Test("parses, plans and passes the checks made before training", arguments: expectedRuns.keys.sorted())
    func plans(_ name: String) throws {
        let notebook = try NotebookParser.parse(file: Self.folder.appendingPathComponent(name).path)
        #expect(!notebook.frontMatter.title.isEmpty)
        #expect(notebook.frontMatter.description?.isEmpty == false, "the site index shows it")
        let plans = try ReportPipeline.plan(notebook)
        try PlanCheck.check(notebook, plans: plans)
        try WorkBudget.check(plans, maxCost: WorkBudget.defaultFLOPs)
        #expect(!plans.isEmpty)
        #expect(plans.reduce(0) { $0 + $1.specCount } == Self.expectedRuns[name])
        #expect(Set(plans.map(\.config.id)).count == plans.count)
    }
}
