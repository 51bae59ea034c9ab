import Foundation
import GradscopeLab
import Testing

@testable import GradscopeReport

/// Every input that once crashed a fuzz target (`Fuzz/regressions/TARGET/`, see scripts/fuzz), run
/// through the same entry point in the ordinary test build: it must not crash, and bad input must
/// fail with a located error.
@Suite("Inputs that once crashed the fuzzers")
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/regressions").standardized

    static func inputs(_ target: String) throws -> [(name: String, data: Data)] {
        let directory = folder.appendingPathComponent(target)
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map {
            ($0, try Data(contentsOf: directory.appendingPathComponent($0)))
        }
    }

    @Test("prose Markdown that crashed the renderer (Ink, before cmark-gfm) renders")
    func markdown() throws {
        let inputs = try Self.inputs("markdown")
        #expect(!inputs.isEmpty)
        for (name, data) in inputs {
            let html = ReportFiles.html(fromMarkdown: String(decoding: data, as: UTF8.self))
            #expect(!html.isEmpty, "\(name)")
        }
    }

    @Test("notebooks that crashed the parser or planner, or broke its contract, parse or fail on one of their lines")
    func notebooks() throws {
        let inputs = try Self.inputs("notebook")
        #expect(!inputs.isEmpty)
        for (name, data) in inputs {
            let text = String(decoding: data, as: UTF8.self)
            // Lines as the parser counts them: LF, CRLF and CR alone each end one.
            let lines = 1...(1 + text.replacingOccurrences(of: "\r\n", with: "\n").utf8.count(where: { $0 == 10 || $0 == 13 }))
            do {
                let notebook = try NotebookParser.parse(text, path: "nb.md")
                try PlanCheck.check(notebook, plans: try ReportPipeline.plan(notebook))
            } catch let error as NotebookError {
                #expect(error.line.map(lines.contains) == true, "\(name): \(error)")
            } catch let errors as NotebookErrors {
                #expect(errors.errors.allSatisfy { $0.line.map(lines.contains) == true }, "\(name): \(errors)")
            }
        }
    }

    @Test(
        "a line break only YAML knows (NEL, LS, PS) is refused where it stands, not counted as a line",
        arguments: [
            ("```gradscope\nid: a\u{2028}\u{2028}\u{2028}b: [\n```\n", 2, 6, "U+2028"),
            ("```gradscope\nid: a\n\u{85}b: 1\n```\n", 3, 1, "U+0085"),
            ("---\ntitle: a\u{2029}\n---\n", 2, 9, "U+2029"),
        ])
    func yamlLineBreaks(_ example: (String, Int, Int, String)) {
        #expect {
            try ReportPipeline.plan(try NotebookParser.parse(example.0, path: "nb.md"))
        } throws: { error in
            guard let error = error as? NotebookError else { return false }
            return error.line == example.1 && error.column == example.2 && error.message.hasPrefix(example.3)
        }
    }

    @Test("CSV files that crashed the loader load, or fail with a DatasetError")
    func csv() throws {
        for (name, data) in try Self.inputs("csv") {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-regression-\(UUID().uuidString).csv").path
            try data.write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            for classification in [false, true] {
                do {
                    _ = try CSVDataset.load(path: path, target: "y", features: [], classification: classification)
                } catch {
                    #expect(error is DatasetError, "\(name): \(error)")
                }
            }
        }
    }
}

@Suite("Line ends found by the property tests")
struct LineEndRegressionTests {
    @Test("a CRLF followed by a combining mark is one line break, as an editor counts it")
    func crlfThenCombiningMark() {
        #expect(NotebookParser.lineFeeds("a\r\n\u{0301}{{") == "a\n\u{0301}{{")
        #expect(NotebookParser.lineFeeds("x\ry\r\n\nz") == "x\ny\n\nz")
        do {
            _ = try NotebookParser.parse("\r\n\u{0301}{{", path: "nb.md")
        } catch let error as NotebookError {
            Issue.record("parsing is lazy about prose; got \(error)")
        } catch {}
        let errors = InlineValues.validate(NotebookParser.lineFeeds("\r\n\u{0301}{{"), firstLine: 1, file: "nb.md", plans: [:])
        #expect(errors.map(\.line) == [2])
    }
}
