import Foundation
import GradscopeLab
import Synchronization
import Testing

@testable import GradscopeReport

/// Several notebooks in one render: planned together, trained in one schedule, written one by one,
/// then listed in the site index.
@Suite("Rendering several notebooks into one site")
struct SiteRenderTests {
    /// A small notebook; `claims` are YAML list items, `cell` replaces the cell's settings line.
    static func notebook(
        title: String, description: String? = nil, cell: String = "activations: [sigmoid, relu]",
        claims: [String] = ["\"relu.2.finalLoss < 10\""]
    ) -> String {
        var text = "---\ntitle: \(title)\n"
        if let description { text += "description: \(description)\n" }
        text += "seed: 2\n---\n# Runs\n\n```gradscope\nid: c\n\(cell)\ndepths: [1, 2]\nwidth: 4\nepochs: 1\nbatch: 16\n"
        text += "dataset: {name: electricity, samples: 64}\nshow: [loss-curves, final-loss-table]\n"
        if !claims.isEmpty { text += "claims:\n" + claims.map { "  - \($0)\n" }.joined() }
        return text + "```\n"
    }

    /// A fresh folder holding `notebooks` (file name → text); removed by the caller.
    static func workspace(_ notebooks: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-site-\(UUID().uuidString)")
        for (name, text) in notebooks {
            let file = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Options rendering into `folder/out`, with progress recorded into `progress` when given.
    static func options(_ folder: URL, cache: Bool = false, progress: ProgressLog? = nil) -> RenderOptions {
        var options = RenderOptions(
            outputRoot: folder.appendingPathComponent("out").path, jobs: 2,
            cacheDirectory: cache ? folder.appendingPathComponent("cache").path : nil)
        if let progress {
            options.progress = { _, total, fromCache in progress.record(total: total, fromCache: fromCache) }
        }
        return options
    }

    static func render(_ names: [String], in folder: URL, options: RenderOptions? = nil) throws -> SiteRenderSummary {
        try ReportBuilder(renderer: DescribingRenderer()).render(
            notebooksAt: names.map { folder.appendingPathComponent($0).path },
            options: options ?? Self.options(folder))
    }

    static func text(_ folder: URL, _ relative: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
    }

    @Test("a notebook with bad input gets its located error and is skipped; the others are written and listed")
    func badNotebookSkipped() throws {
        let folder = try Self.workspace([
            "a.md": Self.notebook(title: "Alpha"),
            "bad.md": Self.notebook(title: "Bad", cell: "activations: [sigmoid, relux]"),
            "c.md": Self.notebook(title: "Gamma", claims: ["\"relu.2.finalLoss < 0\""]),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let progress = ProgressLog()
        let site = try Self.render(["a.md", "bad.md", "c.md"], in: folder, options: Self.options(folder, progress: progress))
        #expect(site.notebooks.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["a.md", "bad.md", "c.md"])
        let errors = try #require(site.notebooks[1].result.failureErrors)
        #expect(errors.count == 1)
        #expect(errors[0].file.hasSuffix("bad.md") && errors[0].line == 9, "\(errors)")
        #expect(errors[0].message.contains("unknown activation 'relux'"))
        #expect(try site.notebooks[0].result.get().failedClaims == 0)
        #expect(try site.notebooks[2].result.get().failedClaims == 1, "a failed claim still writes its report")
        #expect(progress.calls.count == 4, "the two good notebooks share their four runs")
        let out = folder.appendingPathComponent("out")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }.sorted() == ["a", "c", "index.html", "index.md"])
        #expect(try site.index?.get() == SiteIndexSummary(path: out.appendingPathComponent("index.html").path, reports: 2))
        let html = try Self.text(out, "index.html")
        #expect(html.contains("<a href=\"a/index.html\">Alpha</a>") && html.contains("<a href=\"c/index.html\">Gamma</a>"))
        #expect(!html.contains("Bad"))
    }

    @Test("runs shared by several notebooks train once, in one schedule, and come from the cache next time")
    func sharedRunsTrainOnce() throws {
        let folder = try Self.workspace([
            "a.md": Self.notebook(title: "A"),
            "b.md": Self.notebook(title: "B", claims: []),
            "c.md": Self.notebook(title: "C", cell: "activations: [relu, tanh]"),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let cold = ProgressLog()
        let site = try Self.render(["a.md", "b.md", "c.md"], in: folder, options: Self.options(folder, cache: true, progress: cold))
        #expect(site.notebooks.allSatisfy { (try? $0.result.get()) != nil })
        #expect(site.notebooks.map { (try? $0.result.get())?.runCount } == [4, 4, 4])
        // sigmoid and relu at depths 1 and 2, plus tanh at both: 6 distinct runs of 12 asked for.
        #expect(cold.calls.map(\.total) == Array(repeating: 6, count: 6), "one schedule of the 6 distinct runs")
        #expect(cold.calls.filter(\.fromCache).count == 0)
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("cache").path)
        #expect(entries.filter { $0.hasSuffix(".run") }.count == 6)
        let warm = ProgressLog()
        _ = try Self.render(["c.md", "a.md"], in: folder, options: Self.options(folder, cache: true, progress: warm))
        #expect(warm.calls.count == 6 && warm.calls.allSatisfy(\.fromCache), "every run from the cache")
    }

    @Test("each report of a multi-notebook render is byte-identical to rendering its notebook alone")
    func byteIdenticalToSingleRender() throws {
        let folder = try Self.workspace([
            "a.md": Self.notebook(title: "A", description: "First"),
            "b.md": Self.notebook(title: "B", cell: "activations: [relu, tanh]", claims: ["\"tanh.2.finalLoss < 0\""]),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.render(["a.md", "b.md"], in: folder)
        for name in ["a", "b"] {
            var alone = Self.options(folder)
            alone.outputRoot = folder.appendingPathComponent("alone").path
            _ = try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: folder.appendingPathComponent("\(name).md").path, options: alone)
            let together = try ReportBuilderTests.contents(of: folder.appendingPathComponent("out/\(name)"))
            #expect(together.keys.contains("/manifest.json"))
            #expect(together == (try ReportBuilderTests.contents(of: folder.appendingPathComponent("alone/\(name)"))), "\(name)")
        }
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("alone/index.html").path),
            "rendering one notebook through the single-notebook API writes no site index")
    }

    @Test("two notebooks that would write the same folder both fail before training; one file named twice renders once")
    func sharedFolder() throws {
        let folder = try Self.workspace(["x.md": Self.notebook(title: "X"), "sub/X.md": Self.notebook(title: "Other X"), "y.md": Self.notebook(title: "Y")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let progress = ProgressLog()
        let site = try Self.render(["x.md", "sub/X.md", "y.md", "./y.md"], in: folder, options: Self.options(folder, progress: progress))
        #expect(site.notebooks.count == 3, "y.md and ./y.md are one notebook")
        let first = try #require(site.notebooks[0].result.failureErrors?.first)
        let second = try #require(site.notebooks[1].result.failureErrors?.first)
        #expect(first.file.hasSuffix("/x.md") && first.message.hasPrefix("writes the report folder ") && first.message.contains("sub/X.md does"), "\(first)")
        #expect(second.file.hasSuffix("sub/X.md") && second.message.contains("/x.md does"), "\(second)")
        #expect(try site.notebooks[2].result.get().runCount == 4)
        #expect(progress.calls.count == 4, "only y's runs train")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/x").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/X").path))
    }

    @Test("a report folder gradscope may not replace fails its notebook before training; the others render")
    func foreignReportFolder() throws {
        let folder = try Self.workspace(["a.md": Self.notebook(title: "A"), "b.md": Self.notebook(title: "B", cell: "activations: [tanh]", claims: [])])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out/a"), withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: folder.appendingPathComponent("out/a/notes.txt"))
        let progress = ProgressLog()
        let site = try Self.render(["a.md", "b.md"], in: folder, options: Self.options(folder, progress: progress))
        #expect(site.notebooks[0].result.failureErrors?.first?.message.hasPrefix("holds notes.txt and no manifest.json") == true)
        #expect((try? site.notebooks[1].result.get()) != nil)
        #expect(progress.calls.count == 2, "a's runs are not trained")
        #expect(try Data(contentsOf: folder.appendingPathComponent("out/a/notes.txt")) == Data("mine\n".utf8))
        #expect(try site.index?.get().reports == 1)
    }
}

extension SiteRenderTests {
    @Test("a run that fails to train fails its own notebook; the other notebook keeps its results, from the cache on the retry")
    func trainingFailureStaysWithItsNotebook() throws {
        let rows = (0..<40).map { "\(Double($0) / 4),\($0 % 24),\(40 + Double($0 % 7))" }
        let csvCell = "```gradscope\nid: c\ndataset: {name: csv, path: data.csv, target: load}\nwidth: 4\nepochs: 1\nbatch: 8\n```\n"
        let folder = try Self.workspace(["a.md": Self.notebook(title: "A"), "csv.md": csvCell, "data.csv": (["temp,hour,load"] + rows).joined(separator: "\n")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let planned = try ["a.md", "csv.md"].map { try ReportPipeline.planned(notebookAt: folder.appendingPathComponent($0).path) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("data.csv"))  // gone between planning and training
        let cache = folder.appendingPathComponent("cache").path
        let first = ProgressLog()
        let retry = ProgressLog()
        let results = ReportPipeline.train(
            planned, runner: Runner(jobs: 2, cacheDirectory: cache, progress: { _, total, cached in first.record(total: total, fromCache: cached) }),
            retry: Runner(jobs: 2, cacheDirectory: cache, progress: { _, total, cached in retry.record(total: total, fromCache: cached) }))
        #expect(first.calls.count == 5, "one schedule of a's 4 runs and the CSV run")
        #expect(try results[0].get().count == 4)
        guard case .failure(let error) = results[1] else {
            Issue.record("the CSV notebook must fail")
            return
        }
        #expect(error.file == folder.appendingPathComponent("csv.md").path)
        #expect(error.message.hasPrefix("training failed: ") && error.message.contains("data.csv"), "\(error)")
        #expect(retry.calls.filter(\.fromCache).count == 4, "a's runs, trained by the failed schedule, come from the cache")
    }
}

/// The progress calls of a render: the number of distinct runs each reported, and whether the run
/// just finished came from the cache.
final class ProgressLog: Sendable {
    private let log = Mutex<[(total: Int, fromCache: Bool)]>([])

    var calls: [(total: Int, fromCache: Bool)] { log.withLock { $0 } }

    func record(total: Int, fromCache: Bool) {
        log.withLock { $0.append((total, fromCache)) }
    }
}

extension Result where Failure == NotebookErrors {
    /// The errors of a failure; nil for a success.
    var failureErrors: [NotebookError]? {
        if case .failure(let errors) = self { errors.errors } else { nil }
    }
}
