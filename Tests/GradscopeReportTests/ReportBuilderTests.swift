import Foundation
import GradscopeCharts
import Testing

@testable import GradscopeReport

/// A renderer that draws nothing: it returns a deterministic description of the chart, so report
/// tests run without Cairo and can check which figures were asked for. Its size is the layout's
/// with the estimating measurer.
struct DescribingRenderer: FigureRenderer {
    func render(_ chart: ChartSpec, formats: [FigureFormat]) throws -> RenderedFigure {
        let list = ChartLayout.layout(chart, measurer: MonospaceEstimateMeasurer())
        let summary = "\(chart.theme) \(chart.panels.map(\.title)) \(list.width)x\(list.height)"
        return RenderedFigure(
            files: Dictionary(uniqueKeysWithValues: formats.map { ($0, Array("\($0.rawValue): \(summary)".utf8)) }),
            width: list.width, height: list.height)
    }
}

@Suite("Report end to end, without pixels")
struct ReportBuilderTests {
    static let notebook = """
        ---
        title: Tiny
        seed: 3
        defaults:
          dataset: {name: electricity, samples: 128}
          width: 8
          batch: 32
        ---
        # Depth

        ```gradscope
        id: sweep
        activations: [sigmoid, relu]
        depths: [1, 3]
        epochs: 2
        show: [loss-curves, gradient-by-layer, final-loss-table]
        claims:
          - "sigmoid.3.gradientRatio < relu.3.gradientRatio"
          - "relu.*.finalLoss < 0"
        ```

        Sigmoid at depth 3 keeps {{sweep.sigmoid.3.gradientRatio}} of the gradient.
        """

    /// A fresh folder holding the notebook; removed by the caller.
    func workspace(_ text: String = notebook) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("tiny.md"), atomically: true, encoding: .utf8)
        return folder
    }

    func options(_ folder: URL, jobs: Int = 1, cache: Bool = false) -> RenderOptions {
        RenderOptions(
            outputRoot: folder.appendingPathComponent("out").path, jobs: jobs,
            cacheDirectory: cache ? folder.appendingPathComponent("cache").path : nil)
    }

    @Test("renders HTML, Markdown, figures, data and a manifest, with claims checked")
    func rendersEverything() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ReportBuilder(renderer: DescribingRenderer()).render(
            notebookAt: folder.appendingPathComponent("tiny.md").path, options: options(folder))
        #expect(summary.files.contains("index.html"))
        #expect(summary.files.contains("report.md"))
        #expect(summary.files.contains("figures/sweep-loss-curves.png"))
        #expect(summary.files.contains("figures/sweep-gradient-by-layer.dark.png"))
        #expect(summary.files.contains("data/runs.csv"))
        #expect(summary.runCount == 4)
        #expect(summary.claims.count == 2)
        #expect(summary.claims[1].passed == false, "a loss below zero is impossible, so the claim must fail")
        #expect(summary.claims[1].evidence.count == 2, "the wildcard claim is checked for both relu runs")

        let out = URL(fileURLWithPath: summary.outputDirectory)
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("Figure 1."))
        #expect(html.contains("src=\"figures/sweep-loss-curves.png\""))
        #expect(!html.contains("{{"), "every inline value is filled")
        #expect(html.contains("id=\"depth\""))
        #expect(html.components(separatedBy: "<h1").count == 2, "the page title is the only <h1>")
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("<img src=\"figures/sweep-gradient-by-layer.png\""))
        #expect(markdown.contains("| sigmoid | 3 |") || markdown.contains("| sigmoid | 3 "))
        let csv = try String(contentsOf: out.appendingPathComponent("data/runs.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 5)
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"index.html\""))
        #expect(!manifest.contains(folder.path), "no absolute paths in the output")
    }

    @Test("the same notebook renders to identical bytes with 1 or 2 jobs and a cold or warm cache")
    func reproducible() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tiny.md").path
        let builder = ReportBuilder(renderer: DescribingRenderer())
        var snapshots: [[String: Data]] = []
        for (jobs, cache) in [(1, true), (2, true), (2, false)] {
            let summary = try builder.render(notebookAt: path, options: options(folder, jobs: jobs, cache: cache))
            snapshots.append(try Self.contents(of: URL(fileURLWithPath: summary.outputDirectory)))
        }
        #expect(snapshots[0] == snapshots[1])
        #expect(snapshots[0] == snapshots[2])
    }

    @Test(
        "bad input writes nothing and names the line",
        arguments: [
            ("depths: [1, 0]", "must be at least 1"),
            ("activations: [sigmoidd]", "sigmoidd"),
            ("show: [loss-curve]", "unknown output kind"),
            ("claims: [\"nope.finalLoss > 1\"]", "no run 'nope'"),
        ])
    func badInput(line: String, message: String) throws {
        let text = "# T\n```gradscope\nid: c\nbatch: 16\nepochs: 1\ndataset: {name: electricity, samples: 64}\nwidth: 4\n\(line)\n```\n"
        let folder = try workspace(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: folder.appendingPathComponent("tiny.md").path, options: options(folder))
            Issue.record("expected an error for \(line)")
        } catch let error as NotebookError {
            #expect(error.message.contains(message), "\(error)")
            #expect(error.line == 8)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("an inline value that does not exist is an error at its prose line")
    func missingInlineValue() throws {
        let text = "```gradscope\nid: c\nepochs: 1\ndataset: {name: electricity, samples: 64}\nwidth: 4\n```\n\nline one\nvalue {{c.gradientRatoi}}\n"
        let folder = try workspace(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: NotebookError.self) {
            try ReportBuilder(renderer: DescribingRenderer()).check(notebookAt: folder.appendingPathComponent("tiny.md").path, options: options(folder))
        }
        do {
            _ = try ReportBuilder(renderer: DescribingRenderer()).check(notebookAt: folder.appendingPathComponent("tiny.md").path, options: options(folder))
        } catch let error as NotebookError {
            #expect(error.line == 9)
            #expect(error.message.contains("did you mean 'gradientRatio'?"))
        }
    }

    @Test("a CSV dataset trains from a file beside the notebook; a bad cell stops the render at the dataset's line")
    func csvDataset() throws {
        let rows = (0..<40).map { "\(Double($0) / 4),\($0 % 24),\(40 + Double($0 % 7))" }
        let text = "```gradscope\nid: c\ndataset: {name: csv, path: data.csv, target: load}\nwidth: 4\nepochs: 1\nbatch: 8\n```\n"
        let folder = try workspace(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("data.csv")
        try (["temp,hour,load"] + rows).joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let builder = ReportBuilder(renderer: DescribingRenderer())
        let summary = try builder.render(notebookAt: folder.appendingPathComponent("tiny.md").path, options: options(folder))
        #expect(summary.runCount == 1)
        let runs = try String(contentsOf: URL(fileURLWithPath: summary.outputDirectory).appendingPathComponent("data/runs.csv"), encoding: .utf8)
        #expect(runs.contains(",csv,"))
        #expect(!runs.contains(folder.path), "the data files name the CSV as written, not by absolute path")

        try (["temp,hour,load"] + rows.prefix(3) + ["1.5,noon,41"] + rows.dropFirst(3)).joined(separator: "\n").write(
            to: csv, atomically: true, encoding: .utf8)
        do {
            _ = try builder.check(notebookAt: folder.appendingPathComponent("tiny.md").path, options: options(folder))
            Issue.record("expected a CSV error")
        } catch let error as NotebookError {
            #expect(error.line == 3)
            #expect(error.message.hasSuffix("data.csv, row 5, column 'hour': 'noon' is not a number"), "\(error)")
        }
    }

    @Test("an output folder that cannot be made is one clear error, and the staging folder is cleaned up")
    func unwritableOutput() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocker = folder.appendingPathComponent("out")
        try Data("not a folder".utf8).write(to: blocker)
        do {
            _ = try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: folder.appendingPathComponent("tiny.md").path, options: options(folder))
            Issue.record("expected an error")
        } catch let error as NotebookError {
            #expect(error.message.hasPrefix("cannot write the report here"))
            #expect(error.file.hasSuffix("out/tiny"))
        }
        #expect(try Data(contentsOf: blocker) == Data("not a folder".utf8), "nothing was overwritten")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["out", "tiny.md"])
    }

    /// Every file under `folder`, by relative path.
    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }
}
