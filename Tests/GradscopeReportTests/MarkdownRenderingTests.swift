import Dispatch
import Foundation
import Testing

@testable import GradscopeReport

/// Prose Markdown through cmark-gfm: pathological input stays fast, HTML in prose is contained,
/// and the page's conventions (table classes, demoted anchored headings) hold.
@Suite("Prose Markdown rendering")
struct MarkdownRenderingTests {
    /// The HTML and how long it took.
    func timed(_ markdown: String, safe: Bool = false) -> (String, Duration) {
        var html = ""
        let elapsed = ContinuousClock().measure { html = ReportFiles.html(fromMarkdown: markdown, safe: safe) }
        return (html, elapsed)
    }

    @Test("ten thousand unclosed brackets render at once, text intact")
    func manyBrackets() {
        let (html, elapsed) = timed("Before " + String(repeating: "[", count: 10_000) + " after")
        #expect(elapsed < .seconds(1))
        #expect(html.hasPrefix("<p>Before [[[["))
        #expect(html.contains(String(repeating: "[", count: 10_000) + " after</p>"))
    }

    @Test("twenty-six unclosed brackets on one line and 24 half-open intervals in a paragraph render at once")
    func halfOpenIntervals() {
        let brackets = (1...26).map { "[x\($0)" }.joined(separator: " ")
        let intervals = (1...24).map { "[\($0), \($0 + 1))" }.joined(separator: " and ")
        let (html, elapsed) = timed(brackets + "\n\nThe intervals " + intervals + " are half open.")
        #expect(elapsed < .seconds(1))
        #expect(html.contains("[x1 [x2 ") && html.contains("[x26</p>"))
        #expect(html.contains("<p>The intervals [1, 2) and [2, 3) and ") && html.contains("[24, 25) are half open.</p>"))
    }

    @Test("an inline autolink, an address, a stray angle pair and a void tag leave a later heading a heading")
    func autolinkThenHeading() {
        var ids = PageIDs(reserved: [])
        let markdown = """
            See <https://example.com>, write to <me@example.com>, compare <x, y>, look: <img src="a.png" alt="">.

            ## Later heading

            More prose.
            """
        let (html, toc) = Headings.anchor(ReportFiles.html(fromMarkdown: markdown), ids: &ids)
        #expect(html.contains("<a href=\"https://example.com\">https://example.com</a>"))
        #expect(html.contains("<a href=\"mailto:me@example.com\">me@example.com</a>"))
        #expect(html.contains("compare &lt;x, y&gt;"))
        #expect(html.contains("<img src=\"a.png\" alt=\"\">"), "raw HTML is kept by default")
        #expect(html.contains("<h3 id=\"later-heading\">Later heading</h3>"))
        #expect(html.contains("<p>More prose.</p>"))
        #expect(toc.map { $0.text } == ["Later heading"])
    }

    @Test("the heading after an inline autolink is in the page's contents")
    func autolinkHeadingInContents() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-markdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = """
            ---
            title: Links
            ---
            # First

            The data come from <https://example.com/data>, see also [the notes](https://example.com/notes).

            ## Second

            Prose.
            """
        try notebook.write(to: folder.appendingPathComponent("links.md"), atomically: true, encoding: .utf8)
        let options = RenderOptions(outputRoot: folder.appendingPathComponent("out").path, jobs: 1, cacheDirectory: nil)
        let summary = try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: folder.appendingPathComponent("links.md").path, options: options)
        let html = try String(contentsOf: URL(fileURLWithPath: summary.outputDirectory).appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<h3 id=\"second\">Second</h3>"))
        #expect(html.contains("<a href=\"#first\">First</a>"))
        #expect(html.contains("<a href=\"#second\">Second</a>"))
        #expect(html.contains("<a href=\"https://example.com/data\">https://example.com/data</a>"))
    }

    @Test("headings of every kind are demoted and anchored, with plain text in the contents")
    func headings() {
        var ids = PageIDs(reserved: [])
        let markdown = """
            # One

            Setext two
            ----------

            ### Three `code` & "quotes"

            #### Four
            """
        let (html, toc) = Headings.anchor(ReportFiles.html(fromMarkdown: markdown), ids: &ids)
        #expect(html.contains("<h2 id=\"one\">One</h2>"))
        #expect(html.contains("<h3 id=\"setext-two\">Setext two</h3>"))
        #expect(html.contains("<h4 id=\"three-code-quotes\">Three <code>code</code> &amp; &quot;quotes&quot;</h4>"))
        #expect(html.contains("<h5 id=\"four\">Four</h5><a class=\"anchor\" href=\"#four\""), "every level is demoted and anchored")
        #expect(toc.map { $0.text } == ["One", "Setext two", "Three code & \"quotes\""])
        #expect(toc.map { $0.level } == [1, 2, 3], "levels 1–3 are in the contents")
    }

    @Test("report.md demotes headings as the page does, of every kind and in containers")
    func markdownHeadings() {
        let markdown =
            "# One\n\nSetext one\n===\n\nSetext\ntwo\n---\n\n> ### In a quote\n\n###### Six\n\n```\n# not a heading\n```\n\n    # code\n\nText # not\n"
        #expect(
            MarkdownHeadings.demoted(markdown)
                == "## One\n\nSetext one\n---\n\n### Setext two\n\n> #### In a quote\n\n###### Six\n\n```\n# not a heading\n```\n\n    # code\n\nText # not\n")
    }

    @Test("the notebook's first heading goes when it repeats the title; its lines stay, blank")
    func title() {
        #expect(MarkdownHeadings.droppingTitle("# Benchmark  sweep\n\nText $x$.\n", title: "benchmark sweep") == "\n\nText $x$.\n")
        #expect(MarkdownHeadings.droppingTitle("Title\n=====\n\nText.\n", title: "Title") == "\n\n\nText.\n")
        #expect(MarkdownHeadings.droppingTitle("# Other\n\nText.\n", title: "Title") == "# Other\n\nText.\n")
        #expect(MarkdownHeadings.droppingTitle("## Title\n", title: "Title") == "## Title\n", "only a level-1 heading is the title")
        #expect(MarkdownHeadings.droppingTitle("Intro.\n\n# Title\n", title: "Title") == "Intro.\n\n# Title\n", "only an opening heading")
    }

    @Test("a table's right and centred columns get the stylesheet's classes, never an align attribute")
    func tableAlignment() {
        let html = ReportFiles.html(
            fromMarkdown: """
                | run | depth | loss |
                | :-- | :---: | ---: |
                | sigmoid | 16 | 0.304 |
                """)
        #expect(html.contains("<table>"))
        #expect(html.contains("<th>run</th>"))
        #expect(html.contains("<th class=\"center\">depth</th>"))
        #expect(html.contains("<th class=\"num\">loss</th>"))
        #expect(html.contains("<td>sigmoid</td>"))
        #expect(html.contains("<td class=\"center\">16</td>"))
        #expect(html.contains("<td class=\"num\">0.304</td>"))
        #expect(!html.contains("align="))
    }

    @Test("a table and a code block in the text scroll in regions a keyboard reaches (axe scrollable-region-focusable)")
    func scrollingRegionsFocusable() {
        let html = ReportFiles.html(
            fromMarkdown: """
                | a | b |
                | - | - |
                | 1 | 2 |

                ```
                a long line
                ```
                """)
        #expect(html.hasPrefix("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table in the text\">\n<table>\n"))
        #expect(html.contains("</tbody>\n</table>\n</div>\n"))
        #expect(html.components(separatedBy: "<div").count == html.components(separatedBy: "</div>").count, "every region is closed")
        #expect(html.contains("<pre tabindex=\"0\"><code>a long line\n</code></pre>"))
        let raw = ReportFiles.html(fromMarkdown: "<table>\n<tr><td>1</td></tr>\n</table>\n")
        #expect(!raw.contains("<div") && !raw.contains("</div>"), "a raw HTML table keeps its own markup: \(raw)")
    }

    @Test("safe mode omits raw HTML and empties javascript links; the default keeps raw HTML")
    func safeMode() {
        let markdown = """
            <script>alert("block")</script>

            A [click](javascript:alert(1)) and <b>bold</b> and [a page](https://example.com).
            """
        let trusted = ReportFiles.html(fromMarkdown: markdown)
        #expect(trusted.contains("<script>alert(\"block\")</script>"))
        #expect(trusted.contains("<b>bold</b>"))
        #expect(trusted.contains("<a href=\"https://example.com\">a page</a>"))

        let safe = ReportFiles.html(fromMarkdown: markdown, safe: true)
        #expect(!safe.contains("<script"))
        #expect(!safe.contains("alert"))
        #expect(!safe.contains("javascript:"))
        #expect(!safe.contains("<b>"))
        #expect(safe.contains("<!-- raw HTML omitted -->"))
        #expect(safe.contains(">click</a>"), "the link text stays, without its target")
        #expect(safe.contains("<a href=\"https://example.com\">a page</a>"))
    }

    @Test("the safe render option keeps a notebook's script out of the page")
    func safeOption() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-markdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# Untrusted\n\n<script>alert(\"pwned\")</script>\n\n[x](javascript:alert(2))\n"
            .write(to: folder.appendingPathComponent("pr.md"), atomically: true, encoding: .utf8)
        var options = RenderOptions(outputRoot: folder.appendingPathComponent("out").path, jobs: 1, cacheDirectory: nil)
        for safe in [false, true] {
            options.safe = safe
            let summary = try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: folder.appendingPathComponent("pr.md").path, options: options)
            let html = try String(contentsOf: URL(fileURLWithPath: summary.outputDirectory).appendingPathComponent("index.html"), encoding: .utf8)
            #expect(html.contains("alert(\"pwned\")") == !safe)
            #expect(html.contains("javascript:") == !safe)
            #expect(html.contains("<h2 id=\"untrusted\">Untrusted</h2>"))
        }
    }

    @Test("strikethrough, bare links and task lists follow GitHub")
    func extensions() {
        let html = ReportFiles.html(
            fromMarkdown: """
                ~~Old~~ new: see www.example.com and https://example.org/x.

                - [x] done
                - [ ] to do
                """)
        #expect(html.contains("<del>Old</del> new"))
        #expect(html.contains("<a href=\"http://www.example.com\">www.example.com</a>"))
        #expect(html.contains("<a href=\"https://example.org/x\">https://example.org/x</a>."))
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" /> done"))
        #expect(html.contains("<input type=\"checkbox\" disabled=\"\" /> to do"))
    }

    @Test("rendering from many threads at once gives the same HTML")
    func concurrent() {
        let markdown = "| a | b |\n| - | -: |\n| ~~x~~ | <https://example.com> |\n"
        let expected = ReportFiles.html(fromMarkdown: markdown)
        let results = Results(count: 16)
        DispatchQueue.concurrentPerform(iterations: 16) { results.set($0, ReportFiles.html(fromMarkdown: markdown)) }
        #expect(results.all.allSatisfy { $0 == expected })
    }
}

/// Outputs collected from concurrent work.
private final class Results: @unchecked Sendable {
    private var values: [String]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: "", count: count) }
    func set(_ index: Int, _ value: String) { lock.withLock { values[index] = value } }
    var all: [String] { lock.withLock { values } }
}

@Suite("Notebook size bounds")
struct NotebookSizeTests {
    @Test("a notebook over the size bound, or a line with thousands of table columns, is one located error")
    func bounds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.md")
        try String(repeating: "*a_ ", count: 60_000).write(to: big, atomically: true, encoding: .utf8)
        #expect(throws: NotebookError.self) { try NotebookParser.parse(file: big.path) }
        do {
            _ = try NotebookParser.parse("# Wide\n\n" + String(repeating: "| x ", count: 300) + "|\n", path: "nb.md")
            Issue.record("expected an error")
        } catch let error as NotebookError {
            #expect(error.line == 3)
            #expect(error.message.contains("more than 256 '|'"))
        }
        #expect(try NotebookParser.parse("| a | b |\n| --- | --- |\n| 1 | 2 |\n", path: "nb.md").blocks.count == 1, "ordinary tables are fine")
    }
}

@Suite("Defaults read by no cell")
struct UnreadDefaultsTests {
    @Test("a misspelt key under defaults is an error at its line even when the notebook has no cell")
    func misspeltDefault() throws {
        do {
            _ = try NotebookParser.parse("---\ndefaults:\n  widht: 8\n---\n# Prose only\n", path: "nb.md")
            Issue.record("expected an error")
        } catch let error as NotebookError {
            #expect(error.line == 3)
            #expect(error.message.contains("unknown cell key 'widht' in 'defaults' (did you mean 'width'?)"))
        }
    }
}
