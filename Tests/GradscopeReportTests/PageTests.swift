import Foundation
import GradscopeLab
import Testing

@testable import GradscopeReport

/// The page and the Markdown as a reader meets them: one title, headings one level below it with
/// unique ids and links, link-preview metadata, tables as CSV, figures with a dark variant on GitHub.
@Suite("The page and the Markdown")
struct PageTests {
    static let notebook = """
        ---
        title: Tiny page
        description: The `tiny` sweep, *measured*.
        seed: 3
        defaults:
          dataset: {name: electricity, samples: 128}
          width: 8
          batch: 32
        ---
        # Tiny page

        Intro with $x_i$ and $\\foo$ maths.

        ## Reproducibility

        ### Depth

        ```gradscope
        id: sweep
        activations: [sigmoid, relu]
        depths: [1, 2]
        epochs: 2
        show: [loss-curves, final-loss-table, run-table]
        ```

        Setext heading
        --------------

        # Figure 1

        Text.
        """

    /// Renders `text` and returns the report's files by path, and the warnings.
    static func render(_ text: String = notebook, change: (inout RenderOptions) -> Void = { _ in }) throws -> (files: [String: Data], warnings: [String]) {
        let tests = ReportBuilderTests()
        let folder = try tests.workspace(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = tests.options(folder)
        let warnings = Warnings()
        options.warning = { warnings.append($0) }
        change(&options)
        let summary = try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: folder.appendingPathComponent("tiny.md").path, options: options)
        return (
            try ReportBuilderTests.contents(of: URL(fileURLWithPath: summary.outputDirectory)).reduce(into: [:]) { $0[String($1.key.dropFirst())] = $1.value },
            warnings.all
        )
    }

    static func text(_ files: [String: Data], _ path: String) throws -> String {
        String(decoding: try #require(files[path], "\(path) is missing"), as: UTF8.self)
    }

    @Test("a notebook without claims shows no badge; its title shows once; headings are demoted with unique ids and links")
    func headingsAndTitle() throws {
        let (files, _) = try Self.render()
        let html = try Self.text(files, "index.html")
        #expect(!html.contains("claims-summary") && !html.contains("Passed"), "no claims, no badge")
        #expect(BuiltinTemplateTests.count("<h1", in: html) == 1)
        #expect(BuiltinTemplateTests.count(">Tiny page</h", in: html) == 1, "the notebook's own title heading is dropped")
        #expect(
            html.contains(
                "<div class=\"heading heading-3\"><h3 id=\"reproducibility-2\">Reproducibility</h3><a class=\"anchor\" href=\"#reproducibility-2\" aria-label=\"Link to “Reproducibility”\">#</a></div>"
            ),
            "a heading named like the appendix gets its own id")
        #expect(html.contains("<h4 id=\"depth\">Depth</h4>"))
        #expect(html.contains("<h2 id=\"figure-1-2\">Figure 1</h2>"), "a heading named like a figure's anchor gets its own id")
        let ids = html.components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(Set(ids).count == ids.count, "ids repeat: \(ids)")
        var headingCount = 0
        for level in 1...6 {
            for piece in html.components(separatedBy: "<h\(level)").dropFirst() where piece.first == " " || piece.first == ">" {
                headingCount += 1
                let id = try #require(piece.hasPrefix(" id=\"") ? String(piece.dropFirst(5).prefix { $0 != "\"" }) : nil, "an <h\(level)> without an id")
                let after = try #require(piece.components(separatedBy: "</h\(level)>").dropFirst().first)
                #expect(after.hasPrefix("<a class=\"anchor\" href=\"#") && after.contains("aria-label=\"Link to "), "no link after #\(id)")
            }
        }
        #expect(headingCount == 7, "the title, the contents, four prose headings, the appendix")
        #expect(html.contains("<a href=\"#reproducibility-2\">Reproducibility</a>") && html.contains("<a href=\"#reproducibility\">Reproducibility</a>"))

        let markdown = try Self.text(files, "report.md")
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(headings == ["# Tiny page", "### Reproducibility", "#### Depth", "### Setext heading", "## Figure 1", "## Reproducibility"])
        #expect(!markdown.contains("[!TIP]") && !markdown.contains("[!CAUTION]") && !markdown.contains("Passed"))
    }

    @Test("the head has a favicon and link-preview metadata, the description as plain text")
    func head() throws {
        let (files, _) = try Self.render()
        let html = try Self.text(files, "index.html")
        #expect(html.contains("<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg%20xmlns="))
        let icon = try #require(html.components(separatedBy: "<link rel=\"icon\" href=\"").last?.prefix { $0 != "\"" })
        #expect(!icon.contains(" ") && !icon.contains("<") && !icon.contains("#"), "the data URL is percent-encoded")
        #expect(html.contains("<meta name=\"description\" content=\"The tiny sweep, measured.\">"))
        #expect(html.contains("<meta property=\"og:title\" content=\"Tiny page\">"))
        #expect(html.contains("<meta property=\"og:description\" content=\"The tiny sweep, measured.\">"))
        #expect(html.contains("<meta property=\"og:image\" content=\"figures/sweep-loss-curves.png\">"))
        #expect(html.contains("<meta property=\"og:image:alt\" content=\""))
        let contained = try Self.text(try Self.render { $0.selfContained = true }.files, "index.html")
        #expect(!contained.contains("og:image"), "a self-contained page names no other file")
    }

    @Test("without a description, the first paragraph describes the page, cut at a word")
    func summary() throws {
        #expect(PageSummary.text(description: nil, prose: ["# T\n\nFirst *paragraph* with `code`.\n\nSecond."]) == "First paragraph with code.")
        let long = PageSummary.text(description: String(repeating: "word ", count: 100), prose: [])!
        #expect(long.count <= PageSummary.maxLength && long.hasSuffix("word…"))
        #expect(PageSummary.text(description: nil, prose: ["# Only a heading"]) == nil)
    }

    @Test("every table is also a CSV file with its numbers unrounded, linked under it")
    func tables() throws {
        let (files, _) = try Self.render()
        let csv = try Self.text(files, "data/tables/sweep-final-loss-table.csv")
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines[0] == ["activation", "depth", "initial loss", "final training loss", "final validation loss", "outcome"])
        #expect(lines.count == 5)
        let html = try Self.text(files, "index.html")
        for row in lines.dropFirst() {
            let loss = try #require(Double(row[3]))
            #expect(
                html.contains("<td class=\"num\" data-label=\"final training loss\">\(NumberFormat.readable(loss))</td>"), "the page shows \(row[3]) rounded")
            #expect(NumberFormat.exact(loss) == row[3], "written in shortest round-trip form")
        }
        #expect(files["data/tables/sweep-run-table.csv"] != nil)
        #expect(html.contains("<a href=\"data/tables/sweep-final-loss-table.csv\" download>Table 1 as CSV</a>"))
        let markdown = try Self.text(files, "report.md")
        #expect(
            markdown.contains("| relu | 2 |") && markdown.contains("\n\n[Table 1 as CSV](data/tables/sweep-final-loss-table.csv) (the numbers unrounded)\n"))
    }

    @Test(
        "CSV fields: quoted per RFC 4180, formulas defused in text but numbers left as numbers",
        arguments: [
            ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("+1 then", "'+1 then"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"), ("-0.5", "-0.5"), ("-1e-09", "-1e-09"), ("+2", "+2"), ("-Infinity", "-Infinity"), ("-", "'-"), ("-1e", "'-1e"),
        ])
    func csvFields(text: String, expected: String) {
        #expect(TableCSV.field(text) == expected)
    }

    @Test("report.md shows each figure with its dark variant, and self-contained keeps relative links and writes the figures")
    func markdownFigures() throws {
        for selfContained in [false, true] {
            let (files, _) = try Self.render {
                $0.selfContained = selfContained
                $0.figureFormats = [.png, .svg]
            }
            let markdown = try Self.text(files, "report.md")
            #expect(
                markdown.contains(
                    "<picture>\n<source media=\"(prefers-color-scheme: dark)\" srcset=\"figures/sweep-loss-curves.dark.png\">\n<img src=\"figures/sweep-loss-curves.png\" alt=\""
                ))
            #expect(markdown.contains("</picture>\n\n**Figure 1.**"))
            #expect(!markdown.contains("data:"), "no data URIs in report.md")
            for file in ["figures/sweep-loss-curves.png", "figures/sweep-loss-curves.dark.png", "figures/sweep-loss-curves.svg"] {
                #expect(files[file] != nil, "\(file) missing (self-contained: \(selfContained))")
            }
            let html = try Self.text(files, "index.html")
            #expect(html.contains("src=\"data:image/png;base64,") == selfContained)
        }
    }

    @Test("a figure's alt text in report.md is escaped for HTML, where it stands")
    func markdownAlt() throws {
        var figure = BuiltinTemplateTests.figure(id: "x")
        figure.htmlAlt = MarkdownText.htmlEscaped("a <b> & \"c\"\nd")
        let markdown = try BuiltinTemplateTests.render("markdown-figure", figure)
        #expect(markdown.contains("alt=\"a &lt;b&gt; &amp; &quot;c&quot; d\""))
    }

    @Test("maths in prose: MathML in the page, untouched in report.md, and a formula it cannot draw is a located warning")
    func maths() throws {
        let (files, warnings) = try Self.render()
        let html = try Self.text(files, "index.html")
        #expect(html.contains("Intro with <math><semantics><msub><mi>x</mi><mi>i</mi></msub>"))
        #expect(html.contains("<code class=\"tex\">$\\foo$</code>"))
        #expect(try Self.text(files, "report.md").contains("Intro with $x_i$ and $\\foo$ maths."))
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasSuffix("tiny.md:12:23: unknown TeX command \\foo; the formula is shown as TeX") == true, "\(warnings)")
    }
}

/// Warnings collected from the renderer's threads.
final class Warnings: @unchecked Sendable {
    private var messages: [String] = []
    private let lock = NSLock()
    func append(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
