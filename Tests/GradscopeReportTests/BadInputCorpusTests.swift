import Foundation
import Testing

@testable import GradscopeReport

/// A notebook that must be refused before any training: where, and with what.
struct BadNotebook: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var line: Int
    /// nil: the error names no column (a cell's opening fence).
    var column: Int?
    var fragment: String
    /// Other files beside the notebook (a CSV dataset).
    var files: [String: String] = [:]

    var testDescription: String { name }

    /// A notebook whose one cell, opened on line 2, holds `body` from line 3 on.
    static func cell(_ name: String, _ body: String, line: Int, column: Int?, _ fragment: String, files: [String: String] = [:]) -> BadNotebook {
        BadNotebook(name: name, text: "# T\n```gradscope\n\(body)\n```\n", line: line, column: column, fragment: fragment, files: files)
    }
}

@Suite("Hostile and oversized notebooks are refused fast, at the offending line", .timeLimit(.minutes(1)))
struct BadInputCorpusTests {
    static let laughs: String = {
        let level0 = "a0: &a0 [" + Array(repeating: "x", count: 10).joined(separator: ", ") + "]"
        let levels = (1...8).map { "a\($0): &a\($0) [" + Array(repeating: "*a\($0 - 1)", count: 10).joined(separator: ", ") + "]" }
        return ([level0] + levels + ["k: {*a8: 1}"]).joined(separator: "\n")
    }()

    static let numbers = (1...1000).map(String.init).joined(separator: ", ")
    static let smallRuns = "width: 1\nepochs: 0\ndataset: {name: electricity, samples: 8}"

    static let corpus: [BadNotebook] = [
        .cell("billion laughs: aliases as mapping keys, 8 levels", laughs, line: 3, column: 5, "YAML anchors are not allowed in a notebook (found '&a0'"),
        .cell("an alias", "id: c\ndepth: *d", line: 4, column: 8, "YAML aliases are not allowed in a notebook (found '*d'"),
        .cell(
            "a language tag", "id: c\nepochs: !!python/object:os.system 2", line: 4, column: 9,
            "YAML tags are not allowed in a notebook, standard ones such as '!!str' included (found '!!python/object:os.system'"),
        .cell("a standard tag", "id: !!str c", line: 3, column: 5, "(found '!!str'; expected the plain value)"),
        .cell(
            "a control character", "id: c\ntitle: a\u{07}b", line: 4, column: 9,
            "invalid YAML: control characters are not allowed (found U+0007; expected printable text)"),
        BadNotebook(
            name: "CR-only line ends", text: "# T\r```gradscope\rid: c\rdepths: [0]\r```\r", line: 4, column: 10,
            fragment: "'depth' must be at least 1, found 0"),
        BadNotebook(
            name: "CRLF line ends", text: "# T\r\n```gradscope\r\nid: c\r\ndepths: [0]\r\n```\r\n", line: 4, column: 10,
            fragment: "'depth' must be at least 1, found 0"),
        .cell(
            "a hundred million samples", "id: c\ndataset: {name: electricity, samples: 100000000}", line: 4, column: 39,
            "'dataset.samples' must be at most 1,000,000, found 100000000"),
        .cell("a trillion epochs", "id: c\nepochs: 1000000000000", line: 4, column: 9, "epochs must be at most 100,000, got 1000000000000"),
        .cell("a million seeds", "id: c\nseeds: 1000000", line: 4, column: 8, "'seeds' must be at most 100, found 1000000"),
        .cell(
            "a four-million-run sweep", "id: big\nactivations: [relu, tanh, sigmoid, gelu]\ndepths: [\(numbers)]\nwidths: [\(numbers)]", line: 2, column: nil,
            "cell 'big' asks for 4,000,000 runs (4 activations × 1,000 depths × 1,000 widths × 1 seed), more than the 10,000 a notebook may train"),
        BadNotebook(
            name: "ten thousand runs over two cells",
            text:
                "```gradscope\nid: a\ndepths: [\((1...60).map(String.init).joined(separator: ", "))]\nseeds: 100\n\(smallRuns)\n```\n\n```gradscope\nid: b\ndepths: [\((1...50).map(String.init).joined(separator: ", "))]\nseeds: 100\n\(smallRuns)\n```\n",
            line: 10, column: nil,
            fragment:
                "cell 'b' asks for 5,000 runs (50 depths × 100 seeds), which with the 6,000 runs of the cells before it makes 11,000, more than the 10,000 a notebook may train"
        ),
        .cell("width 4096 at depth 1000", "id: c\ndepth: 1000\nwidth: 4096", line: 5, column: 8, "a run of depth 1000 and width 4096 needs about"),
        .cell(
            "depth 1000 for ten thousand epochs on 8 examples", "id: c\ndepth: 1000\nwidth: 1\nepochs: 10000\ndataset: {name: electricity, samples: 8}",
            line: 2, column: nil,
            "cell 'c' records 80,446,011 numbers in 1 run"),
        .cell(
            "over the work budget", "id: big\ndataset: {name: electricity, samples: 100000}\nwidth: 512\ndepth: 8\nepochs: 100", line: 2, column: nil,
            "cell 'big' asks for 9.6e13 FLOPs in 1 run (the notebook 9.6e13 in all), more than the work budget of 2e13 FLOPs: allow it with --max-cost 9.7e13 (0: no limit), or train fewer or smaller runs"
        ),
        .cell("a 65-character id", "id: \(String(repeating: "a", count: 65))", line: 3, column: 5, "is 65 characters long (expected at most 64)"),
        .cell(
            "a class index of 1000", "id: c\nloss: cross_entropy\ndataset: {name: csv, path: data.csv, target: label}", line: 5, column: 10,
            "data.csv, row 3, column 'label': '1000' is not a class index (expected an integer from 0 to 999 for cross_entropy)",
            files: ["data.csv": "x,label\n1,0\n2,1000\n3,1\n4,0\n"]),
    ]

    @Test("refused with one located error, within seconds, writing nothing", arguments: corpus)
    func refused(_ bad: BadNotebook) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nb.md").path
        try Data(bad.text.utf8).write(to: URL(fileURLWithPath: path))
        for (name, contents) in bad.files { try contents.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let options = RenderOptions(outputRoot: folder.appendingPathComponent("out").path, jobs: 1, cacheDirectory: nil)

        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: NotebookError.self) {
            try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: path, options: options)
        }
        let elapsed = clock.now - start
        #expect(error?.file == path)
        #expect(error?.line == bad.line, "\(String(describing: error))")
        #expect(error?.column == bad.column, "\(String(describing: error))")
        #expect(error?.message.contains(bad.fragment) == true, "\(String(describing: error))")
        #expect(error?.description.contains("\n") == false)
        #expect(elapsed < .seconds(5), "took \(elapsed)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}
