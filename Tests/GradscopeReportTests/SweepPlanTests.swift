import Foundation
import GradscopeLab
import Testing

@testable import GradscopeReport

@Suite("Planning notebooks for shards and offline renders")
struct SweepPlanTests {
    /// `sub/nb.md`, reading `sub/data.csv`, with a sweep of two depths and two seeds.
    func notebookReadingCSV() throws -> (root: URL, notebook: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let rows = (0..<40).map { "\(Double($0) / 4),\($0 % 24),\(Double($0 % 7) + 0.5)" }
        try (["temp,hour,load"] + rows).joined(separator: "\n").write(to: root.appendingPathComponent("sub/data.csv"), atomically: true, encoding: .utf8)
        let notebook = "```gradscope\nid: c\ndataset: {name: csv, path: data.csv, target: load}\ndepths: [1, 2]\nwidth: 4\nepochs: 1\nseeds: 2\n```\n"
        try notebook.write(to: root.appendingPathComponent("sub/nb.md"), atomically: true, encoding: .utf8)
        return (root, root.appendingPathComponent("sub/nb.md").path)
    }

    @Test("the plan's runs are render's runs: its content hashes name the cache entries an offline check reads")
    func sameRunsAsRender() throws {
        let (root, notebook) = try notebookReadingCSV()
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = try SweepPlan.plan(notebooksAt: [notebook])
        #expect(plan.runs.map(\.name) == ["c.1", "c.1", "c.2", "c.2"])
        #expect(plan.runs.map(\.seedIndex) == [0, 1, 0, 1])
        #expect(plan.runs.allSatisfy { $0.line == 1 && $0.notebook == notebook && $0.flops > 0 })
        #expect(
            plan.runs.allSatisfy {
                if case .csv(let file) = $0.spec.dataset.kind { file.path == root.appendingPathComponent("sub/data.csv").path } else { false }
            }, "the CSV path joined to the notebook's folder, as the runner gets it")
        #expect(plan.runs.map(\.contentHash) == plan.runs.map(\.spec.contentHash))

        let cache = root.appendingPathComponent("cache").path
        var options = RenderOptions(jobs: 1, cacheDirectory: cache)
        options.offline = true
        #expect(throws: NotebookError.self) { try ReportBuilder(renderer: DescribingRenderer()).check(notebookAt: notebook, options: options) }
        #expect(throws: NotebookError.self) { try plan.requireCached(by: Runner(jobs: 1, cacheDirectory: cache)) }
        _ = try Runner(jobs: 2, cacheDirectory: cache).run(plan.runs.map(\.spec))
        try plan.requireCached(by: Runner(jobs: 1, cacheDirectory: cache))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).sorted() == plan.runs.map { $0.contentHash + ".run" }.sorted())
        _ = try ReportBuilder(renderer: DescribingRenderer()).check(notebookAt: notebook, options: options)
    }

    @Test("missing runs: one error at the first one's cell, ten named, the rest counted")
    func missingRunsError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = folder.appendingPathComponent("nb.md").path
        try "# Prose\n\n```gradscope\nid: w\nwidths: [2, 3, 4, 5, 6, 7]\ndepth: 1\nepochs: 0\nseeds: 2\ndataset: {name: electricity, samples: 64}\n```\n".write(
            toFile: notebook, atomically: true, encoding: .utf8)
        let plan = try SweepPlan.plan(notebooksAt: [notebook, notebook])
        #expect(plan.runs.count == 24 && plan.distinctRuns.count == 12)
        do {
            try plan.requireCached(by: Runner(jobs: 1, cacheDirectory: folder.appendingPathComponent("empty").path))
            Issue.record("expected the missing runs to be refused")
        } catch let error as NotebookError {
            #expect(error.file == notebook && error.line == 3)
            let listed = (0..<5).flatMap { w in (0..<2).map { "\(notebook):3 w.w\(w + 2) seed \($0)" } }
            #expect(
                error.message
                    == "--offline: 12 runs are not in the run cache \(folder.appendingPathComponent("empty").path): \(listed.joined(separator: ", ")) and 2 more; train them first (render --shard, or render without --offline)"
            )
        }
    }

    @Test("bad input in any notebook: every notebook's errors, each located in its own file")
    func errorsOfEveryNotebook() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.md").path
        let bad = folder.appendingPathComponent("bad.md").path
        try "```gradscope\nid: a\ndepth: 1\nwidth: 4\nepochs: 1\n```\n".write(toFile: good, atomically: true, encoding: .utf8)
        try "```gradscope\nid: a\nactivation: sigmoidd\n```\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let missing = folder.appendingPathComponent("absent.md").path
        do {
            _ = try SweepPlan.plan(notebooksAt: [bad, good, missing])
            Issue.record("expected errors")
        } catch let errors as NotebookErrors {
            #expect(errors.errors.map(\.file) == [bad, missing])
            #expect(errors.errors[0].line == 3)
        }
        #expect(try SweepPlan.plan(notebooksAt: [good]).runs.count == 1)
    }
}
