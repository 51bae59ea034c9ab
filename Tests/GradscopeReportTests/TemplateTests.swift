import Foundation
import Testing

@testable import GradscopeReport

@Suite("Templates")
struct TemplateTests {
    static let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../templates").standardized

    @Test("the embedded templates are exactly the files in templates/")
    func embeddedMatchFolder() throws {
        for (name, text) in BuiltinTemplates.files {
            let onDisk = try String(contentsOf: Self.templatesFolder.appendingPathComponent(name), encoding: .utf8)
            #expect(onDisk == text, "templates/\(name) differs from the embedded copy: run 'make templates'")
        }
        #expect(BuiltinTemplates.files["html/report.mustache"] != nil)
        #expect(BuiltinTemplates.files["markdown/report.mustache"]?.hasPrefix("{{% CONTENT_TYPE: TEXT}}") == true)
    }

    @Test("a template with a syntax error is reported with its file and line")
    func syntaxError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("html"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<p>\n{{#open}}\nnever closed\n".write(to: folder.appendingPathComponent("html/figure.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try TemplateSet.load(from: folder.path)
            Issue.record("expected a template error")
        } catch let error as NotebookError {
            #expect(error.file.hasSuffix("html/figure.mustache"))
            #expect(error.line != nil)
            #expect(error.message.contains("template syntax error"))
        }
    }

    @Test("export writes every built-in template")
    func export() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try ReportTemplates.export(to: folder.path)
        #expect(written.count == BuiltinTemplates.files.count)
        let set = try TemplateSet.load(from: folder.path)
        #expect(!set.stylesheet.isEmpty)
        #expect(try ReportTemplates.export(to: folder.path).count == written.count, "an unchanged export may be exported again")
        let edited = folder.appendingPathComponent("html/figure.mustache")
        try "<figure>mine</figure>\n".write(to: edited, atomically: true, encoding: .utf8)
        #expect(throws: NotebookError.self) { try ReportTemplates.export(to: folder.path) }
        #expect(try String(contentsOf: edited, encoding: .utf8) == "<figure>mine</figure>\n", "a user's edit survives")
        _ = try ReportTemplates.export(to: folder.path, force: true)
        #expect(try String(contentsOf: edited, encoding: .utf8) == BuiltinTemplates.files["html/figure.mustache"])
    }

    @Test(
        "a partial that includes itself, or one that does not exist, is an error naming the template",
        arguments: [
            ("{{> html-figure}}", "include each other without end: html-figure → html-figure"),
            ("<div>{{> html-table}}</div>{{> html-nothing}}", "includes the template 'html-nothing', which does not exist"),
        ])
    func partials(text: String, message: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("html"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("html/figure.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try TemplateSet.load(from: folder.path)
            Issue.record("expected a template error")
        } catch let error as NotebookError {
            #expect(error.file.hasSuffix("html/figure.mustache"))
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}

/// Properties of the built-in templates themselves, checked on a page rendered from a hand-made
/// context of the types `ReportFiles` fills in.
@Suite("Built-in templates")
struct BuiltinTemplateTests {
    static func figure(id: String, selfContained: Bool = false) -> FigureContext {
        let caption: RichText = "Training loss per epoch of W_{out}."
        return FigureContext(
            anchor: "figure-1", number: 1, alt: "Loss falls for relu, stalls for sigmoid.", htmlAlt: "Loss falls for relu, stalls for sigmoid.",
            caption: caption.plain, captionHTML: caption.html, captionMarkdown: caption.markdown,
            width: 920, height: 330, narrowWidth: 340, narrowHeight: 700,
            source: "figures/\(id)-loss.png", darkSource: "figures/\(id)-loss.dark.png",
            narrowSource: "figures/\(id)-loss.narrow.png", narrowDarkSource: "figures/\(id)-loss.narrow.dark.png",
            file: "figures/\(id)-loss.png", darkFile: "figures/\(id)-loss.dark.png",
            enlarge: selfContained ? nil : "figures/\(id)-loss.html")
    }

    static func table(id: String) -> TableContext {
        TableContext(
            anchor: "table-1", number: 1, caption: "Final losses.", captionHTML: "Final losses.", captionMarkdown: "Final losses.",
            header: [TableHeaderCell(text: "activation", numeric: false), TableHeaderCell(text: "final loss", numeric: true)],
            rows: [
                TableRow(cells: [
                    TableBodyCell(text: "sigmoid", numeric: false, label: "activation"), TableBodyCell(text: "1.02", numeric: true, label: "final loss"),
                ]),
                TableRow(cells: [
                    TableBodyCell(text: "relu", numeric: false, label: "activation"), TableBodyCell(text: "0.304", numeric: true, label: "final loss"),
                ]),
            ],
            wide: false, csv: "data/tables/\(id)-final-loss-table.csv")
    }

    static func cell(id: String, hidesConfig: Bool = false, selfContained: Bool = false, claims: [(String, Bool, [String])]) -> CellContext {
        let claimContexts = claims.map { ClaimContext(text: $0.0, passed: $0.1, evidence: $0.2, seeds: "held in 3 of 3 seeds") }
        return CellContext(
            id: id, yaml: "id: \(id)\nactivations: [sigmoid, relu]", yamlFence: "```", hidesConfig: hidesConfig, runCount: 4,
            seedNote: "2 settings × 2 seeds",
            items: [.figure(figure(id: id, selfContained: selfContained)), .table(table(id: id))],
            claims: claimContexts, hasClaims: !claimContexts.isEmpty)
    }

    static func context(selfContained: Bool = false, failing: Bool = true, hidesConfig: Bool = false) -> PageContext {
        var claims: [(String, Bool, [String])] = [("sigmoid.4.gradientRatio < relu.4.gradientRatio", true, ["0.004 < 0.3"])]
        if failing { claims.append(("relu.*.finalLoss < 0.1", false, ["relu.1.finalLoss = 0.304 ≥ 0.1", "relu.4.finalLoss = 0.588 ≥ 0.1"])) }
        let failed = failing ? 1 : 0
        return PageContext(
            title: "Depth <and> loss", author: "Energy analytics", description: "A test report.",
            generator: "gradscope test",
            toc: [TocEntry(anchor: "the-problem", text: "The problem", level: 1), TocEntry(anchor: "depth", text: "Depth", level: 2)],
            hasToc: true, selfContained: selfContained, stylesheet: "body { color: black; }",
            claims: ClaimsSummary(any: true, total: claims.count, counted: ClaimCount.text(claims.count), failed: failed, allPassed: failed == 0),
            appendix: AppendixContext(
                notebook: "test.md", notebookCode: "`test.md`", notebookShell: "test.md", notebookHash: "abc123", seed: "3",
                runCount: 4, engine: "engine 1, float64", toolchain: "Swift 6.3, Cairo 1.16.0"),
            blocks: [
                BlockContext(isProse: true, html: "<h2 id=\"the-problem\">The problem</h2><p>Prose.</p>", markdown: "# The problem\n\nProse."),
                .cell(cell(id: "sweep", hidesConfig: hidesConfig, selfContained: selfContained, claims: claims)),
            ])
    }

    /// Renders a built-in template: a Markdown one from the context escaped for Markdown, as `ReportFiles` does.
    static func render(_ name: String, _ context: some TemplateContext) throws -> String {
        try TemplateSet.builtIn().render(name, name.hasPrefix("markdown-") ? context.markdownContext : context.mustacheContext)
    }

    /// How many times `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test("every built-in template parses and every partial it names exists")
    func partialsExist() throws {
        _ = try TemplateSet.builtIn()
        let names = Set(BuiltinTemplates.files.keys.filter { $0.hasSuffix(".mustache") }.map(TemplateSet.templateName))
        for (file, text) in BuiltinTemplates.files where file.hasSuffix(".mustache") {
            for piece in text.components(separatedBy: "{{>").dropFirst() {
                let partial = piece.prefix { $0 != "}" }.trimmingCharacters(in: .whitespaces)
                #expect(names.contains(partial), "\(file) uses the partial '\(partial)', which does not exist")
            }
        }
        #expect(
            names.isSuperset(of: [
                "html-base", "html-report", "html-figure", "html-table", "html-claim", "html-cell", "html-appendix",
                "markdown-report", "markdown-figure", "markdown-table", "markdown-claim", "markdown-cell", "markdown-appendix",
            ]))
    }

    @Test("Markdown templates are text and HTML templates are not", arguments: BuiltinTemplates.files.keys.filter { $0.hasSuffix(".mustache") }.sorted())
    func contentTypes(file: String) throws {
        let text = try #require(BuiltinTemplates.files[file])
        #expect(text.hasPrefix("{{% CONTENT_TYPE: TEXT}}") == file.hasPrefix("markdown/"), "\(file): wrong content type")
    }

    @Test("the page declares its language, landmarks and a skip link to the main content")
    func landmarks() throws {
        let html = try Self.render("html-report", Self.context())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"))
        #expect(html.contains("<title>Depth &lt;and&gt; loss</title>"), "the title is escaped")
        #expect(html.contains("<a class=\"skip-link\" href=\"#main\">"))
        #expect(Self.count("<main id=\"main\"", in: html) == 1)
        #expect(Self.count("<header", in: html) == 1 && Self.count("<footer", in: html) == 1)
        #expect(html.contains("<nav class=\"toc\" aria-labelledby=\"toc-title\">"))
        #expect(html.contains("<a href=\"#depth\">Depth</a>") && html.contains("<a href=\"#reproducibility\">"))
        #expect(html.contains("<section class=\"appendix\" id=\"reproducibility\""))
    }

    @Test("the page's elements are balanced")
    func balanced() throws {
        for selfContained in [false, true] {
            let html = try Self.render("html-report", Self.context(selfContained: selfContained))
            for tag in [
                "html", "head", "body", "header", "main", "footer", "nav", "section", "div", "figure", "figcaption", "picture",
                "details", "summary", "ul", "ol", "li", "table", "thead", "tbody", "tr", "dl", "dt", "dd", "p", "a", "code", "pre", "span",
            ] {
                let opened = Self.count("<\(tag)>", in: html) + Self.count("<\(tag) ", in: html)
                #expect(opened == Self.count("</\(tag)>", in: html), "<\(tag)> opened \(opened) times, closed \(Self.count("</\(tag)>", in: html))")
            }
        }
    }

    @Test("figures and tables are numbered, figures have alt text and light, dark, wide and narrow variants")
    func figuresAndTables() throws {
        let html = try Self.render("html-report", Self.context())
        #expect(html.contains("<figure class=\"chart\" id=\"figure-1\">"))
        let picture = try #require(html.components(separatedBy: "<picture>").dropFirst().first?.components(separatedBy: "</picture>").first)
        #expect(Self.count("<source ", in: picture) == 3 && Self.count("<img ", in: picture) == 1, "four variants")
        let narrow = "screen and (max-width: 959px)"
        let dark = "(prefers-color-scheme: dark)"
        #expect(picture.contains("<source media=\"\(narrow) and \(dark)\" srcset=\"figures/sweep-loss.narrow.dark.png\" width=\"340\" height=\"700\">"))
        #expect(picture.contains("<source media=\"\(narrow)\" srcset=\"figures/sweep-loss.narrow.png\" width=\"340\" height=\"700\">"))
        #expect(picture.contains("<source media=\"screen and \(dark)\" srcset=\"figures/sweep-loss.dark.png\" width=\"920\" height=\"330\">"))
        #expect(picture.contains("<img src=\"figures/sweep-loss.png\" alt=\"Loss falls for relu, stalls for sigmoid.\" width=\"920\" height=\"330\""))
        let narrowFirst = try #require(picture.range(of: narrow))
        let darkWide = try #require(picture.range(of: "<source media=\"screen and \(dark)\""))
        #expect(narrowFirst.lowerBound < darkWide.lowerBound, "the first matching source wins: narrow ones come before the wide dark one")
        #expect(html.contains("<a class=\"enlarge\" href=\"figures/sweep-loss.html\"><picture>"), "enlarging opens the figure's own page")
        #expect(html.contains(">Figure 1.</a> Training loss per epoch of W<sub>out</sub>."))
        #expect(html.contains(">Table 1.</a> Final losses."))
        #expect(html.contains("<th scope=\"col\" class=\"num\">final loss</th>"))
        #expect(html.contains("<td class=\"num\" data-label=\"final loss\">0.304</td>"))
    }

    @Test("a figure's own page shows it in the reader's colour scheme, as large as the window, and links back")
    func figurePage() throws {
        let figure = Self.figure(id: "sweep")
        let context = FigurePageContext(
            title: "Depth <and> loss", number: figure.number, width: figure.width, height: figure.height,
            source: "sweep-loss.png", darkSource: "sweep-loss.dark.png", alt: figure.alt,
            captionHTML: figure.captionHTML, report: "../index.html#figure-1")
        let html = try Self.render("html-figure-page", context)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"))
        #expect(html.contains("<title>Figure 1 · Depth &lt;and&gt; loss</title>"))
        #expect(html.contains("<source media=\"screen and (prefers-color-scheme: dark)\" srcset=\"sweep-loss.dark.png\" width=\"920\" height=\"330\">"))
        #expect(html.contains("<img src=\"sweep-loss.png\" alt=\"Loss falls for relu, stalls for sigmoid.\" width=\"920\" height=\"330\">"))
        #expect(html.contains("@media screen and (prefers-color-scheme: dark) { body { color: #e6e9ee; background: #16181d; }"))
        #expect(html.contains("<a href=\"../index.html#figure-1\">Figure 1</a> of Depth &lt;and&gt; loss. Training loss per epoch of W<sub>out</sub>."))
        #expect(
            !html.replacingOccurrences(of: "xmlns='http://www.w3.org/2000/svg'", with: "").contains("http"),
            "loads nothing from elsewhere (the inline favicon's SVG namespace is a name, not a request)")
    }

    @Test("a cell's configuration is collapsible, unless the cell hides it")
    func configuration() throws {
        let shown = try Self.render("html-report", Self.context())
        #expect(shown.contains("<details class=\"cell-config\">"))
        #expect(shown.contains("<pre><code class=\"language-yaml\">id: sweep\nactivations: [sigmoid, relu]</code></pre>"))
        #expect(!shown.contains("<details class=\"cell-config\" open"), "collapsed by default")
        let hidden = try Self.render("html-report", Self.context(hidesConfig: true))
        #expect(!hidden.contains("<details"))
        #expect(!hidden.contains("language-yaml"))
    }

    @Test("claims show a badge, the numbers measured, and failed ones are listed under the title")
    func claims() throws {
        let html = try Self.render("html-report", Self.context())
        #expect(html.contains("<li class=\"claim passed\"><span class=\"badge\">✓ Passed</span>"))
        #expect(html.contains("<li class=\"claim failed\"><span class=\"badge\">✗ Failed</span>"))
        #expect(html.contains("<span class=\"evidence\">relu.4.finalLoss = 0.588 ≥ 0.1</span>"))
        #expect(html.contains("<div class=\"claims-summary failed\">"))
        #expect(html.contains("<a href=\"#claims-sweep\"><code>relu.*.finalLoss &lt; 0.1</code></a>"))
        #expect(html.contains("id=\"claims-sweep\""), "the summary's link has a target")
        #expect(!html.contains("<a href=\"#claims-sweep\"><code>sigmoid"), "passed claims are not listed as failures")
        let allPassed = try Self.render("html-report", Self.context(failing: false))
        #expect(allPassed.contains("<p class=\"claims-summary passed\">"))
        #expect(!allPassed.contains("claims-summary failed"))
    }

    @Test("the self-contained page refers to no other file")
    func selfContained() throws {
        let html = try Self.render("html-report", Self.context(selfContained: true))
        #expect(html.contains("<style>\nbody { color: black; }\n</style>"))
        #expect(!html.contains("<link rel=\"stylesheet\""))
        for attribute in ["href", "src", "srcset"] {
            for piece in html.components(separatedBy: " \(attribute)=\"").dropFirst() {
                let value = piece.prefix { $0 != "\"" }
                // In the test context, figure paths stand in for the data URIs ReportFiles would put there.
                #expect(value.hasPrefix("#") || value.hasPrefix("data:") || value.hasPrefix("figures/"), "\(attribute)=\"\(value)\" in a self-contained page")
            }
        }
        #expect(!html.contains("href=\"figures/"), "no link to a full-size figure file")
        #expect(!html.contains("href=\"data/") && !html.contains("href=\"manifest.json\""))
        let linked = try Self.render("html-report", Self.context())
        #expect(linked.contains("<link rel=\"stylesheet\" href=\"style.css\">"))
        #expect(linked.contains("<a href=\"data/runs.csv\">"))
    }

    @Test("the stylesheet has a dark scheme, focus styles, and loads nothing")
    func stylesheet() throws {
        let css = try #require(BuiltinTemplates.files["html/style.css"])
        #expect(css.contains("@media screen and (prefers-color-scheme: dark)"))
        #expect(css.contains(":focus-visible"))
        #expect(css.contains(".skip-link:focus"))
        #expect(!css.contains("@import") && !css.contains("url("), "the stylesheet must not load other files")
        // The Nu validator's CSS checker rejects var() inside gradients; inlined CSS would then make the page invalid.
        for piece in css.components(separatedBy: "gradient(").dropFirst() {
            #expect(!piece.prefix { $0 != ";" }.contains("var("), "var() inside a gradient: \(piece.prefix(40))")
        }
    }

    @Test("the Markdown is GitHub-flavoured: dark figures, tight claim lists, tables with matching columns and their CSV")
    func markdown() throws {
        let markdown = try Self.render("markdown-report", Self.context())
        #expect(markdown.hasPrefix("# Depth \\<and\\> loss\n"), "Markdown is escaped for Markdown, not for HTML")
        #expect(
            markdown.contains(
                "> ❌ **Failed:** 1 of 2 claims failed when checked against the measurements:\n>\n> - `relu.*.finalLoss < 0.1` (experiment `sweep`)\n"),
            "a plain quote with a bold first word, which reads well where GitHub's alerts are not known")
        #expect(markdown.contains("- ✅ **Passed** `sigmoid.4.gradientRatio < relu.4.gradientRatio` (held in 3 of 3 seeds)<br>0.004 \\< 0.3\n- ❌ **Failed**"))
        #expect(markdown.contains("<details>\n<summary>Experiment <code>sweep</code>"))
        #expect(markdown.contains("</summary>\n\n```yaml\nid: sweep\n"), "a blank line after the summary, or GitHub shows the fence as text")
        #expect(markdown.contains("```\n\n</details>"))
        #expect(
            markdown.contains(
                "<picture>\n<source media=\"(prefers-color-scheme: dark)\" srcset=\"figures/sweep-loss.dark.png\">\n<img src=\"figures/sweep-loss.png\" alt=\"Loss falls for relu, stalls for sigmoid.\" width=\"920\">\n</picture>\n\n**Figure 1.** Training loss per epoch of W<sub>out</sub>."
            ))
        #expect(
            markdown.contains(
                "**Table 1.** Final losses.\n\n| activation | final loss |\n| --- | ---: |\n| sigmoid | 1.02 |\n| relu | 0.304 |\n\n[Table 1 as CSV](data/tables/sweep-final-loss-table.csv)"
            ))
        let lines = markdown.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where line.hasPrefix("| ---") || line.hasPrefix("| :--") {
            let columns = Self.count("|", in: line)
            #expect(index > 0 && Self.count("|", in: lines[index - 1]) == columns, "a table's header and delimiter rows differ")
            #expect(index == 0 || lines[index - 2].isEmpty, "a table needs a blank line before it")
        }
        #expect(markdown.contains("## Reproducibility\n"))
        let allPassed = try Self.render("markdown-report", Self.context(failing: false))
        #expect(allPassed.contains("> ✅ **Passed:** every claim holds when checked against the measurements (1 checked).\n"))
        #expect(!allPassed.contains("Failed") && !allPassed.contains("[!"))
        var none = Self.context(failing: false)
        none.claims = ClaimsSummary(any: false, total: 0, counted: "0 claims", failed: 0, allPassed: true)
        #expect(!(try Self.render("markdown-report", none)).contains("**Passed:**"), "no claims, no verdict")
        #expect(!(try Self.render("html-report", none)).contains("claims-summary"), "no claims, no badge")
    }
}

@Suite("Variables a user's template reads")
struct TemplateVariableTests {
    @Test("the scanner finds variables and sections with their lines, and skips partials, comments and the current item")
    func scan() {
        let tags = VariableTags.scan("<p>{{title}}</p>\n{{#claims}}{{> html-claim}}{{.}}{{! note}}\n{{{figure.caption}}}{{/claims}}")
        #expect(tags == [.init(name: "title", line: 1), .init(name: "claims", line: 2), .init(name: "figure.caption", line: 3)])
    }

    @Test("a misspelt variable in a user's template is an error at its file and line; exported templates render as they are")
    func misspelt() throws {
        let tests = ReportBuilderTests()
        let folder = try tests.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appendingPathComponent("templates")
        _ = try ReportTemplates.export(to: templates.path)
        var options = tests.options(folder)
        options.templatesDirectory = templates.path
        let notebook = folder.appendingPathComponent("tiny.md").path
        _ = try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: notebook, options: options)
        try "<figure>\n<figcaption>{{captoin}}</figcaption>\n</figure>\n".write(
            to: templates.appendingPathComponent("html/figure.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: notebook, options: options)
            Issue.record("expected an error")
        } catch let error as NotebookError {
            #expect(error.file.hasSuffix("html/figure.mustache"))
            #expect(error.line == 2)
            #expect(error.message.contains("'captoin'") && error.message.contains("did you mean 'caption'"))
        }
    }
}
