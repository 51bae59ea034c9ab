import Foundation
import GradscopeLab
import Testing

@testable import GradscopeReport

/// The site index: what it lists, how it escapes, and what it never overwrites.
@Suite("The site index")
struct SiteIndexTests {
    typealias Site = SiteRenderTests

    @Test("the index lists every report in the folder, from earlier renders too, sorted by title then folder, reproducibly")
    func listsEarlierReports() throws {
        let folder = try Site.workspace([
            "b.md": Site.notebook(title: "beta"), "a.md": Site.notebook(title: "Beta"), "z.md": Site.notebook(title: "Alpha"),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        _ = try Site.render(["b.md"], in: folder)
        _ = try Site.render(["z.md"], in: folder)
        let site = try Site.render(["a.md"], in: folder)
        #expect(try site.index?.get().reports == 3)
        let html = try Site.text(out, "index.html")
        let order = ["z/index.html", "a/index.html", "b/index.html"].map { html.range(of: "<h2><a href=\"\($0)\">")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order == order.sorted { $0! < $1! }, "Alpha, then Beta (folder a), then beta (folder b)")
        let markdown = try Site.text(out, "index.md")
        #expect(markdown.contains("**[Alpha](z/report.md)**"))
        #expect(markdown.components(separatedBy: "a/report.md").count == 3, "title and thumbnail link to a's Markdown report")

        let before = try OutputWriterTests.tree(out)
        _ = try Site.render(["a.md"], in: folder)
        #expect(try OutputWriterTests.tree(out) == before, "the same reports give the same index, byte for byte")
        let record = try JSONDecoder().decode(SiteWriter.Record.self, from: Data(contentsOf: out.appendingPathComponent(".gradscope-site.json")))
        #expect(record.files == ["index.html": [Digest.sha256Hex(Data(html.utf8))], "index.md": [Digest.sha256Hex(Data(markdown.utf8))]])
    }

    @Test("each entry: title linked to its page, description, claim badge, and the first figure light and dark as a sized thumbnail")
    func entries() throws {
        let folder = try Site.workspace([
            "pass.md": Site.notebook(title: "Passing", description: "Two depths compared"),
            "fail.md": Site.notebook(title: "Failing", claims: ["\"relu.2.finalLoss < 10\"", "\"relu.2.finalLoss < 0\""]),
            "none.md": Site.notebook(title: "Claimless", claims: []),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Site.render(["pass.md", "fail.md", "none.md"], in: folder)
        let out = folder.appendingPathComponent("out")
        let html = try Site.text(out, "index.html")
        let entries = Array(html.components(separatedBy: "<li class=\"report-entry\">").dropFirst())
        #expect(entries.count == 3)
        let claimless = try #require(entries.first { $0.contains(">Claimless</a>") })
        #expect(claimless.contains("<p class=\"report-status none\"><span class=\"badge\">No claims</span></p>"))
        #expect(!claimless.contains("Passed"), "no green badge for a report without claims")
        let failing = try #require(entries.first { $0.contains(">Failing</a>") })
        #expect(failing.contains("<p class=\"report-status failed\"><span class=\"badge\">✗ Failed</span> 1 of 2 claims failed</p>"))
        let passing = try #require(entries.first { $0.contains(">Passing</a>") })
        #expect(passing.contains("<p class=\"report-status passed\"><span class=\"badge\">✓ Passed</span> 1 of 1 claim passed</p>"))
        #expect(passing.contains("<p class=\"report-description\">Two depths compared</p>"))
        #expect(passing.contains("<source srcset=\"pass/figures/c-loss-curves.dark.png\" media=\"screen and (prefers-color-scheme: dark)\">"))
        let figure = try #require(
            try String(contentsOf: out.appendingPathComponent("pass/index.html"), encoding: .utf8)
                .components(separatedBy: "src=\"figures/c-loss-curves.png\"").dropFirst().first)
        let size = figure.components(separatedBy: "\"").compactMap { Double($0) }.prefix(2)
        let height = Int((240 * size.last! / size.first!).rounded())
        #expect(
            passing.contains("<img src=\"pass/figures/c-loss-curves.png\" alt=\"\" width=\"240\" height=\"\(height)\" loading=\"lazy\">"),
            "the \(size) figure as a 240 px thumbnail of the same shape")
        for file in ["pass/figures/c-loss-curves.dark.png", "pass/figures/c-loss-curves.png"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path))
        }
        let markdown = try Site.text(out, "index.md")
        #expect(markdown.contains("| **[Claimless](none/report.md)** | no claims |"))
        #expect(markdown.contains("❌ 1 of 2 claims failed"))
        #expect(markdown.contains("<source media=\"(prefers-color-scheme: dark)\" srcset=\"pass/figures/c-loss-curves.dark.png\">"))

        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta name=\"generator\" content=\"\(ReportFiles.generator)\">"))
        #expect(html.contains("@media screen and (prefers-color-scheme: dark)") && html.contains(".report-entry"), "the stylesheet, light and dark, is inlined")
        for tag in ["html", "head", "body", "header", "main", "footer", "ul", "li", "div", "p", "a", "h1", "h2", "picture", "style", "title", "span"] {
            let opened = BuiltinTemplateTests.count("<\(tag)>", in: html) + BuiltinTemplateTests.count("<\(tag) ", in: html)
            #expect(opened == BuiltinTemplateTests.count("</\(tag)>", in: html), "<\(tag)> balanced")
        }
    }

    @Test("a hostile title and description are text in the page and in the Markdown, and folder names are percent-encoded")
    func escaping() throws {
        let title = "\"<script>alert(1)</script> *x* [l](javascript:y) | `c` & 'q'\""
        let folder = try Site.workspace(["my report#1?.md": Site.notebook(title: title, description: "\"<img src=x onerror=alert(2)> _u_ | ![i](j)\"")])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Site.render(["my report#1?.md"], in: folder)
        let out = folder.appendingPathComponent("out")
        let html = try Site.text(out, "index.html")
        #expect(!html.contains("<script>") && !html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("href=\"my%20report%231%3F/index.html\""))
        #expect(html.contains("src=\"my%20report%231%3F/figures/c-loss-curves.png\""))
        let markdown = try Site.text(out, "index.md")
        let row = try #require(markdown.split(separator: "\n").first { $0.contains("report.md") })
        #expect(
            row.contains("**[\\<script\\>alert(1)\\</script\\> \\*x\\* \\[l\\](javascript:y) \\| \\`c\\` \\& 'q'](my%20report%231%3F/report.md)**"), "\(row)")
        #expect(row.contains("<br>\\<img src=x onerror=alert(2)\\> \\_u\\_ \\| \\!\\[i\\](j)"), "\(row)")
        let unescapedPipes = row.enumerated().filter { $0.element == "|" && ($0.offset == 0 || Array(row)[$0.offset - 1] != "\\") }.count
        #expect(unescapedPipes == 4, "the row keeps its three cells: \(row)")
    }

    @Test("an index.html or index.md gradscope did not write is refused before training and kept byte for byte", arguments: ["index.html", "index.md"])
    func foreignIndexRefused(page: String) throws {
        let folder = try Site.workspace(["a.md": Site.notebook(title: "A")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("<h1>My site</h1>\n".utf8).write(to: out.appendingPathComponent(page))
        let progress = ProgressLog()
        do {
            _ = try Site.render(["a.md"], in: folder, options: Site.options(folder, progress: progress))
            Issue.record("expected a refusal")
        } catch let error as NotebookError {
            #expect(error.file == out.appendingPathComponent(page).path)
            #expect(
                error.message
                    == "was not written by gradscope, or was changed since; not replacing it with the site index (move it away or choose another output folder)"
            )
        }
        #expect(progress.calls.isEmpty, "nothing trained")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [page], "nothing written")
        #expect(try Data(contentsOf: out.appendingPathComponent(page)) == Data("<h1>My site</h1>\n".utf8))
    }

    @Test("an index gradscope wrote and someone edited is refused; put back, it is replaced; a damaged record is refused")
    func editedIndex() throws {
        let folder = try Site.workspace(["a.md": Site.notebook(title: "A"), "b.md": Site.notebook(title: "B")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        _ = try Site.render(["a.md"], in: folder)
        let index = out.appendingPathComponent("index.md")
        let ours = try Data(contentsOf: index)
        try (ours + Data("edited\n".utf8)).write(to: index)
        #expect(throws: NotebookError.self) { try Site.render(["b.md"], in: folder) }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("b").path))
        try ours.write(to: index)
        #expect(try Site.render(["b.md"], in: folder).index?.get().reports == 2)

        let record = out.appendingPathComponent(".gradscope-site.json")
        try Data("{}".utf8).write(to: record)
        do {
            _ = try Site.render(["b.md"], in: folder)
            Issue.record("expected a refusal")
        } catch let error as NotebookError {
            #expect(error.file == record.path && error.message.hasPrefix("is not gradscope's record of the site index it wrote"))
        }
    }

    @Test("a record left by a writer killed between its steps accepts the old and the new page alike")
    func recordBetweenSteps() throws {
        let folder = try Site.workspace(["a.md": Site.notebook(title: "A"), "b.md": Site.notebook(title: "B")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        _ = try Site.render(["a.md"], in: folder)
        let old = try Data(contentsOf: out.appendingPathComponent("index.html"))
        _ = try Site.render(["b.md"], in: folder)
        let recordFile = out.appendingPathComponent(".gradscope-site.json")
        var record = try JSONDecoder().decode(SiteWriter.Record.self, from: Data(contentsOf: recordFile))
        record.files["index.html"] = [Digest.sha256Hex(old)] + record.files["index.html"]!
        try JSONEncoder().encode(record).write(to: recordFile)
        try old.write(to: out.appendingPathComponent("index.html"))  // the rename of the new page never happened
        #expect(try Site.render(["a.md"], in: folder).index?.get().reports == 2)
        let cleaned = try JSONDecoder().decode(SiteWriter.Record.self, from: Data(contentsOf: recordFile))
        #expect(cleaned.files.values.allSatisfy { $0.count == 1 }, "the next write keeps one digest per page")
    }

    @Test("a manifest's first figure is shown only when it is a file of that report")
    func thumbnailPathsChecked() throws {
        let folder = try Site.workspace([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("r")
        try FileManager.default.createDirectory(at: report.appendingPathComponent("figures"), withIntermediateDirectories: true)
        try Data("png".utf8).write(to: report.appendingPathComponent("figures/f.png"))
        try Data("png".utf8).write(to: folder.appendingPathComponent("secret.png"))
        func entry(light: String, dark: String, listed: [String]) throws -> SiteEntry {
            let manifest = SiteManifest(
                gradscope: "0.1.0", notebook: "r.md", files: Dictionary(uniqueKeysWithValues: listed.map { ($0, "digest") }),
                title: "R", description: nil, claims: ClaimCounts(passed: 0, failed: 0),
                firstFigure: FigureFiles(light: light, dark: dark, width: 720, height: 330))
            return try SiteEntry(folder: "r", manifest: manifest, at: report.path)
        }
        #expect(try entry(light: "figures/f.png", dark: "figures/f.png", listed: ["figures/f.png"]).thumbnail != nil)
        #expect(try entry(light: "../secret.png", dark: "figures/f.png", listed: ["../secret.png", "figures/f.png"]).thumbnail == nil)
        #expect(try entry(light: "/etc/passwd", dark: "figures/f.png", listed: ["/etc/passwd", "figures/f.png"]).thumbnail == nil)
        #expect(
            try entry(light: "figures/f.png", dark: "figures/f.dark.png", listed: ["figures/f.png", "figures/f.dark.png"]).thumbnail == nil,
            "a file the folder does not hold")
        #expect(try entry(light: "figures/f.png", dark: "figures/f.png", listed: []).thumbnail == nil, "a file the manifest does not list")
    }

    @Test("a notebook whose report folder would be named like a site index page is refused")
    func reservedNames() throws {
        let folder = try Site.workspace(["index.md.md": Site.notebook(title: "I"), "ok.md": Site.notebook(title: "OK")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = try Site.render(["index.md.md", "ok.md"], in: folder)
        #expect(
            site.notebooks[0].result.failureErrors?.first?.message.hasSuffix(
                "/out/index.md would have the name of a file of the site index; rename the notebook") == true)
        let markdown = try Site.text(folder.appendingPathComponent("out"), "index.md")
        #expect(markdown.contains("**[OK](ok/report.md)**"))
    }
}
