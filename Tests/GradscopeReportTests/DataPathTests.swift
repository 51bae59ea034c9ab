import Foundation
import Testing

@testable import GradscopeReport

@Suite("Data paths a notebook may read")
struct DataPathTests {
    static let rows = (0..<40).map { "\(Double($0) / 4),\($0 % 24),\(Double($0 % 7) + 0.5)" }

    /// A folder with `nb/nb.md` reading `path` (`ABSOLUTE`: the outside file by absolute path),
    /// a good CSV beside it, one outside and a link to that one.
    func layout(path: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("nb"), withIntermediateDirectories: true)
        let csv = (["temp,hour,load"] + Self.rows).joined(separator: "\n")
        try csv.write(to: root.appendingPathComponent("nb/data.csv"), atomically: true, encoding: .utf8)
        try csv.write(to: root.appendingPathComponent("outside.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("nb/link.csv").path, withDestinationPath: root.appendingPathComponent("outside.csv").path)
        let written = path == "ABSOLUTE" ? root.appendingPathComponent("outside.csv").path : path
        let notebook = "```gradscope\nid: c\ndataset: {name: csv, path: \"\(written)\", target: load}\ndepth: 1\nwidth: 4\nepochs: 0\n```\n"
        try notebook.write(to: root.appendingPathComponent("nb/nb.md"), atomically: true, encoding: .utf8)
        return root
    }

    func plan(_ root: URL, allowOutside: Bool = false) throws -> [CellPlan] {
        try ReportPipeline.plan(try NotebookParser.parse(file: root.appendingPathComponent("nb/nb.md").path), allowOutside: allowOutside)
    }

    @Test("a path out of the notebook's folder is refused at the dataset's line, unless allowed", arguments: ["../outside.csv", "link.csv", "ABSOLUTE"])
    func outside(path: String) throws {
        let root = try layout(path: path)
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try plan(root)
            Issue.record("expected the path to be refused")
        } catch let error as NotebookError {
            #expect(error.line == 3)
            #expect(error.message.contains("leads outside the notebook's folder") && error.message.contains("--allow-outside"))
        }
        #expect(try plan(root, allowOutside: true).count == 1, "--allow-outside reads it")
    }

    @Test("a path inside the folder, even through ./ and a subfolder, is read")
    func inside() throws {
        let root = try layout(path: "./data.csv")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try plan(root).count == 1)
    }

    @Test("pointing a dataset at a file that is not a data set prints none of its contents")
    func noContents() throws {
        let root = try layout(path: "secret.txt")
        defer { try? FileManager.default.removeItem(at: root) }
        try "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1\n".write(to: root.appendingPathComponent("nb/secret.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try plan(root)
            Issue.record("expected an error")
        } catch let error as NotebookError {
            #expect(!error.message.contains("/bin/bash") && !error.message.contains("root:x"), "\(error.message)")
            #expect(error.message.contains("the header has 1 column"))
        }
    }

    @Test("the folder of a notebook path, one character long or bare, is computed without crashing")
    func folders() {
        #expect(DataPathPolicy.folder(of: "a") == ".")
        #expect(DataPathPolicy.folder(of: "/a") == "/")
        #expect(DataPathPolicy.folder(of: "x/y/nb.md") == "x/y")
        #expect(DataPathPolicy.resolve("d.csv", notebookPath: "nb.md") == "d.csv")
        #expect(DataPathPolicy.resolve("d.csv", notebookPath: "r/nb.md") == "r/d.csv")
    }
}
