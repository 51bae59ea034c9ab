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

    @Test("notebooks that crashed the parser or planner parse, or fail on one of their lines")
    func notebooks() throws {
        for (name, data) in try Self.inputs("notebook") {
            let text = String(decoding: data, as: UTF8.self)
            do {
                let notebook = try NotebookParser.parse(text, path: "nb.md")
                try PlanCheck.check(notebook, plans: try ReportPipeline.plan(notebook))
            } catch let error as NotebookError {
                #expect(error.line != nil, "\(name): \(error)")
            } catch let errors as NotebookErrors {
                #expect(errors.errors.allSatisfy { $0.line != nil }, "\(name): \(errors)")
            }
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
