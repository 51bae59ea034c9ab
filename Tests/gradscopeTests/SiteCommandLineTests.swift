import Foundation
import Testing

extension CommandLineTests {
    @Test("render with several notebooks: a bad one is one located line, the others and the site index are written, runs shared, exit 2")
    func renderSeveralNotebooks() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let twin = Self.notebook.replacingOccurrences(of: "title: CLI test", with: "title: Twin")
        try twin.write(to: folder.appendingPathComponent("twin.md"), atomically: true, encoding: .utf8)
        try Self.notebook.replacingOccurrences(of: "depths: [1, 3]", with: "depths: [1, 0]")
            .write(to: folder.appendingPathComponent("bad.md"), atomically: true, encoding: .utf8)
        let outcome = try run(["render", "nb.md", "bad.md", "twin.md", "--out", "site", "--no-cache"], in: folder)
        #expect(outcome.status == 2, "bad input outranks the rest")
        #expect(outcome.stderr.contains("gradscope: bad.md:10:13: error: 'depth' must be at least 1, found 0\n"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("4/4 runs (trained)"), "nb.md and twin.md share their four runs: \(outcome.stderr)")
        let wrote = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("wrote ") }
        #expect(wrote.count == 3, "\(outcome.stdout)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.appendingPathComponent("site/nb").path)
            .filter { !$0.hasSuffix("/") && !["figures", "data", "data/tables"].contains($0) }.count
        #expect(wrote.first?.hasSuffix("site/nb/index.html (\(files) files, 4 runs)") == true, "\(outcome.stdout)")
        #expect(wrote.last?.hasSuffix("site/index.html (site index of 2 reports)") == true, "\(outcome.stdout)")
        #expect(outcome.stdout.components(separatedBy: "1 of 1 claim passed").count == 3, "each notebook's claims are counted")
        let index = try String(contentsOf: folder.appendingPathComponent("site/index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"nb/index.html\">CLI test</a>") && index.contains("<a href=\"twin/index.html\">Twin</a>"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site/bad").path))

        let checked = try run(["check", "nb.md", "twin.md", "--no-cache", "--quiet"], in: folder)
        #expect(checked.status == 0 && checked.stdout.isEmpty && checked.stderr.isEmpty, "\(checked.stdout)\(checked.stderr)")
        let failing = Self.notebook.replacingOccurrences(of: "sigmoid.3.gradientRatio < relu", with: "sigmoid.3.gradientRatio > relu")
        try failing.write(to: folder.appendingPathComponent("twin.md"), atomically: true, encoding: .utf8)
        let mixed = try run(["check", "nb.md", "twin.md", "--no-cache"], in: folder)
        #expect(mixed.status == 1, "a failed claim in one notebook: \(mixed.stdout)")
        #expect(mixed.stdout.contains("PASS nb.md:") && mixed.stdout.contains("FAIL twin.md:"))
    }

    @Test("render refuses, with one line and before training, to replace an index.html gradscope did not write")
    func renderRefusesForeignIndex() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("site"), withIntermediateDirectories: true)
        try Data("<p>hand-written</p>\n".utf8).write(to: folder.appendingPathComponent("site/index.html"))
        let outcome = try run(["render", "nb.md", "--out", "site", "--no-cache"], in: folder)
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr
                == "gradscope: site/index.html: error: was not written by gradscope, or was changed since; not replacing it with the site index (move it away or choose another output folder)\n"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("site").path) == ["index.html"])
    }
}
