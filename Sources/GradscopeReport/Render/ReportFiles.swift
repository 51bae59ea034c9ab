import Foundation
import GradscopeCharts
import GradscopeLab

/// Draws the figures and fills the templates: a prepared report becomes a set of files, by path
/// relative to the report folder. Pure apart from the renderer it is handed.
struct ReportFiles {
    var prepared: PreparedReport
    var templates: TemplateSet
    var renderer: any FigureRenderer
    var options: RenderOptions

    static let generator = "gradscope \(GradscopeVersion.current)"

    func make() throws -> [String: Data] {
        var files: [String: Data] = [:]
        var figureNumber = 0
        var tableNumber = 0
        var figureContexts: [String: FigureContext] = [:]
        var tableContexts: [String: TableContext] = [:]
        let drawn = try FigureDrawing.drawAll(
            prepared.outputs.flatMap(\.figures), renderer: renderer,
            formats: figureFormats, jobs: options.jobs)
        for output in prepared.outputs {
            for item in output.items {
                switch item {
                case .figure(let figure):
                    figureNumber += 1
                    figureContexts[figure.slug] = try figureContext(figure, drawn[figure.slug]!, number: figureNumber, into: &files)
                case .table(let table):
                    tableNumber += 1
                    tableContexts[table.slug] = tableContext(table, number: tableNumber)
                    files[TableCSV.path(table)] = Data(TableCSV.text(table).utf8)
                }
            }
        }
        var ids = PageIDs(reserved: reservedIDs(figures: figureNumber, tables: tableNumber))
        let (blocksHTML, toc) = try blocks(figureContexts: figureContexts, tableContexts: tableContexts, html: true, ids: &ids)
        let (blocksMarkdown, _) = try blocks(figureContexts: figureContexts, tableContexts: tableContexts, html: false, ids: &ids)
        var page = pageContext(toc: toc, firstFigure: prepared.outputs.lazy.flatMap(\.figures).first.flatMap { figureContexts[$0.slug] })
        page.blocks = blocksHTML
        let context = page.mustacheContext
        page.blocks = blocksMarkdown
        let markdownContext = page.markdownContext
        try templates.checkVariables(provided: VariableTags.keys(in: context).union(VariableTags.keys(in: markdownContext)))
        files["index.html"] = Data(try templates.render("html-report", context).utf8)
        if !options.selfContained { files["style.css"] = Data(templates.stylesheet.utf8) }
        files["report.md"] = Data(normalisedMarkdown(try templates.render("markdown-report", markdownContext)).utf8)
        files["data/runs.csv"] = Data(DataFiles.runsCSV(prepared).utf8)
        files[MetricsFile.path] = try MetricsFile.gzipped(prepared.cells)
        files["manifest.json"] = try DataFiles.manifest(
            prepared, files: files, backendVersions: options.backendVersions,
            firstFigure: firstFigure(figureContexts, files: files))
        return files
    }

    // MARK: - Figures and tables

    /// Figure 1's files for the site index's thumbnail; nil when there is no figure or the
    /// figures are inlined into the page (`--self-contained`) rather than written as files.
    private func firstFigure(_ contexts: [String: FigureContext], files: [String: Data]) -> FigureFiles? {
        guard let first = contexts.values.first(where: { $0.number == 1 }), files[first.source] != nil, files[first.darkSource] != nil else { return nil }
        return FigureFiles(light: first.source, dark: first.darkSource, width: first.width, height: first.height)
    }

    /// The formats asked for, PNG first when it is among them (it is the one the page shows).
    private var figureFormats: [FigureFormat] {
        [.png, .svg].filter(options.figureFormats.contains)
    }

    /// The figure's template variables (`FigureContext`), its files written into `files`: each
    /// variant's file (data URIs in the page when self-contained), the SVG to download, and its
    /// own page (`FigurePageContext`), which the link around the picture opens.
    private func figureContext(_ figure: FigureOutput, _ drawn: FigureDrawing, number: Int, into files: inout [String: Data]) throws -> FigureContext {
        let primary = figureFormats.first ?? .png
        let stem = "figures/\(figure.slug)"
        let wide = drawn.variants[.wideLight]!
        let narrow = drawn.variants[.narrowLight]!
        let mime = primary == .png ? "image/png" : "image/svg+xml"
        // The files are written in every mode: report.md links them (a self-contained page does not need them).
        var sources: [FigureVariant: String] = [:]
        for variant in FigureVariant.all {
            let bytes = drawn.variants[variant]!.files[primary] ?? []
            let file = "\(stem)\(variant.suffix).\(primary.rawValue)"
            files[file] = Data(bytes)
            sources[variant] = options.selfContained ? "data:\(mime);base64,\(Data(bytes).base64EncodedString())" : file
        }
        var context = FigureContext(
            anchor: "figure-\(number)", number: number, alt: figure.alt, htmlAlt: MarkdownText.htmlEscaped(figure.alt),
            caption: figure.caption.plain, captionHTML: figure.caption.html, captionMarkdown: figure.caption.markdown,
            width: Int(wide.width.rounded()), height: Int(wide.height.rounded()),
            narrowWidth: Int(narrow.width.rounded()), narrowHeight: Int(narrow.height.rounded()),
            source: sources[.wideLight]!, darkSource: sources[.wideDark]!,
            narrowSource: sources[.narrowLight]!, narrowDarkSource: sources[.narrowDark]!,
            file: "\(stem).\(primary.rawValue)", darkFile: "\(stem)\(FigureVariant.wideDark.suffix).\(primary.rawValue)")
        for (format, bytes) in wide.files where format != primary { files["\(stem).\(format.rawValue)"] = Data(bytes) }
        guard !options.selfContained else { return context }
        if figureFormats.contains(.svg) && primary != .svg { context.svgSource = "\(stem).svg" }
        let page = FigurePageContext(
            title: prepared.notebook.frontMatter.title, number: number, width: context.width, height: context.height,
            source: "\(figure.slug).\(primary.rawValue)", darkSource: "\(figure.slug)\(FigureVariant.wideDark.suffix).\(primary.rawValue)",
            alt: figure.alt, captionHTML: figure.caption.html, report: "../index.html#figure-\(number)")
        files["\(stem).html"] = Data(try templates.render("html-figure-page", page.mustacheContext).utf8)
        context.enlarge = "\(stem).html"
        return context
    }

    /// Columns a 390 px phone shows side by side; a table with more is laid out as cards there.
    static let phoneColumns = 4

    private func tableContext(_ table: TableOutput, number: Int) -> TableContext {
        let header = table.columns.enumerated().map { TableHeaderCell(text: $0.element, numeric: table.numericColumns.contains($0.offset)) }
        let rows = table.rows.map { row in
            TableRow(
                cells: row.enumerated().map {
                    TableBodyCell(text: $0.element, numeric: table.numericColumns.contains($0.offset), label: table.columns[$0.offset])
                })
        }
        return TableContext(
            anchor: "table-\(number)", number: number, caption: table.caption.plain, captionHTML: table.caption.html,
            captionMarkdown: table.caption.markdown, header: header, rows: rows, wide: table.columns.count > Self.phoneColumns,
            csv: TableCSV.path(table))
    }

    // MARK: - Blocks

    /// `ids` holds the page's ids; the HTML pass claims the headings'.
    private func blocks(
        figureContexts: [String: FigureContext], tableContexts: [String: TableContext], html: Bool,
        ids: inout PageIDs
    ) throws -> ([BlockContext], [TocEntry]) {
        var result: [BlockContext] = []
        var toc: [TocEntry] = []
        var cellIndex = 0
        for (index, block) in prepared.notebook.blocks.enumerated() {
            switch block {
            case .prose(_, let firstLine):
                // The report shows the title above everything; a first heading repeating it goes.
                var markdown = prepared.prose[index] ?? ""
                if index == 0 { markdown = MarkdownHeadings.droppingTitle(markdown, title: prepared.notebook.frontMatter.title) }
                if html {
                    let (body, problems) = Self.prose(markdown, safe: options.safe)
                    for problem in problems {
                        options.warning?(
                            "\(prepared.notebook.path):\(firstLine + problem.line - 1):\(problem.column): \(problem.message); the formula is shown as TeX")
                    }
                    let (anchored, entries) = Headings.anchor(body, ids: &ids)
                    toc += entries
                    result.append(.prose(html: anchored))
                } else {
                    result.append(.prose(markdown: MarkdownHeadings.demoted(markdown).trimmingCharacters(in: .newlines)))
                }
            case .cell:
                let cell = prepared.cells[cellIndex]
                let output = prepared.outputs[cellIndex]
                cellIndex += 1
                result.append(.cell(cellContext(cell, output, figureContexts, tableContexts)))
            }
        }
        return (result, toc)
    }

    private func cellContext(
        _ cell: CellResults, _ output: CellOutput, _ figures: [String: FigureContext],
        _ tables: [String: TableContext]
    ) -> CellContext {
        let items: [ItemContext] = output.items.map { item in
            switch item {
            case .figure(let figure): .figure(figures[figure.slug]!)
            case .table(let table): .table(tables[table.slug]!)
            }
        }
        let claims = output.claims.map { ClaimContext(text: $0.text, passed: $0.passed, evidence: $0.evidence, seeds: $0.seedNote) }
        return CellContext(
            id: cell.config.id, yaml: cell.config.source.text.trimmingCharacters(in: .newlines),
            yamlFence: MarkdownText.fence(for: cell.config.source.text), hidesConfig: cell.config.hidesConfig,
            runCount: cell.runs.count * cell.config.seeds,
            seedNote: cell.config.seeds > 1 ? "\(cell.runs.count) settings × \(cell.config.seeds) seeds" : nil,
            seedStatement: cell.seedStatement, items: items, claims: claims, hasClaims: !claims.isEmpty)
    }

    /// The ids the templates give: the page's frame, figures, tables, cells and their claims.
    private func reservedIDs(figures: Int, tables: Int) -> Set<String> {
        var ids: Set<String> = ["main", "title", "toc-title", "reproducibility", "reproducibility-title"]
        ids.formUnion((0..<figures).map { "figure-\($0 + 1)" })
        ids.formUnion((0..<tables).map { "table-\($0 + 1)" })
        for cell in prepared.cells { ids.formUnion(["cell-\(cell.config.id)", "claims-\(cell.config.id)"]) }
        return ids
    }

    /// `firstFigure`: the first figure's context, for the link preview's image. The blocks are
    /// filled in by the caller, once for the page and once for `report.md`.
    private func pageContext(toc: [TocEntry], firstFigure: FigureContext?) -> PageContext {
        let front = prepared.notebook.frontMatter
        let claims = prepared.claims
        let failed = claims.filter { !$0.passed }.count
        let notebook = URL(fileURLWithPath: prepared.notebook.path).lastPathComponent
        let appendix = AppendixContext(
            notebook: notebook, notebookCode: MarkdownText.code(notebook), notebookShell: ShellWord.quoted(notebook),
            notebookHash: Digest.sha256Hex(prepared.notebookBytes), seed: "\(front.seed)", runCount: prepared.allResults.count,
            engine: "engine \(Engine.version), float64", toolchain: Toolchain.description(backendVersions: options.backendVersions))
        var context = PageContext(
            title: front.title, author: front.author,
            description: PageSummary.text(description: front.description, prose: prepared.notebook.blocks.indices.compactMap { prepared.prose[$0] }),
            generator: Self.generator, toc: toc, hasToc: !toc.isEmpty, selfContained: options.selfContained, stylesheet: templates.stylesheet,
            claims: ClaimsSummary(any: !claims.isEmpty, total: claims.count, counted: ClaimCount.text(claims.count), failed: failed, allPassed: failed == 0),
            appendix: appendix, blocks: [])
        if !options.selfContained, figureFormats.contains(.png), let figure = firstFigure {
            context.previewImage = PreviewImage(source: figure.file, alt: figure.alt)
        }
        return context
    }

    /// Prose Markdown as HTML5 (cmark-gfm, see `MarkdownHTML`; `safe` drops raw HTML), its maths as
    /// MathML (`ProseMath`): cmark marks table alignment with the obsolete `align` attribute on
    /// `<th>`/`<td>`, which becomes the stylesheet's `num` (right) and `center` classes.
    static func html(fromMarkdown markdown: String, safe: Bool = false) -> String {
        prose(markdown, safe: safe).html
    }

    /// `html(fromMarkdown:safe:)` and the formulas shown as TeX because `TeXMath` does not know them.
    static func prose(_ markdown: String, safe: Bool) -> (html: String, problems: [ProseMath.Problem]) {
        var (html, problems) = ProseMath.html(markdown, safe: safe)
        for cell in ["th", "td"] {
            for (align, attribute) in [("right", " class=\"num\""), ("center", " class=\"center\""), ("left", "")] {
                html = html.replacingOccurrences(of: "<\(cell) align=\"\(align)\"", with: "<\(cell)\(attribute)")
            }
        }
        // A table in the text scrolls sideways on its own where it is wider than the column, in a
        // region a keyboard can reach and scroll, as the experiments' tables do. Only cmark-gfm's
        // tables are wrapped (they always open with a head), so raw HTML tables keep their markup.
        html = html.replacingOccurrences(
            of: "<table>\n<thead>\n",
            with: "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table in the text\">\n<table>\n<thead>\n"
        )
        .replacingOccurrences(of: "</thead>\n</table>\n", with: "</thead>\n</table>\n</div>\n")
        .replacingOccurrences(of: "</tbody>\n</table>\n", with: "</tbody>\n</table>\n</div>\n")
        .replacingOccurrences(of: "<pre><code", with: "<pre tabindex=\"0\"><code")  // a code block that scrolls, likewise
        return (html, problems)
    }

    /// Collapses runs of blank lines the templates leave, so the Markdown reads cleanly.
    private func normalisedMarkdown(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
            if blank, lines.last.map({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? true { continue }
            lines.append(blank ? "" : line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}

public enum GradscopeVersion {
    public static let current = "0.1.0"
}

/// The toolchain, as far as it changes output bytes.
enum Toolchain {
    static var swift: String {
        #if swift(>=6.3)
            "Swift 6.3"
        #elseif swift(>=6.2)
            "Swift 6.2"
        #else
            "Swift 6"
        #endif
    }

    /// "Swift 6.3, Cairo 1.16.0, cmark-gfm 0.29.0.gfm.6, swift-mustache 2.1.1, Yams 6.2.2": the
    /// compiler, the back ends, then the libraries (`Libraries.versions`), each group by name.
    static func description(backendVersions: [String: String]) -> String {
        let backends = backendVersions.sorted { $0.key < $1.key }.map { "\($0.key.capitalizedFirst) \($0.value)" }
        let libraries = Libraries.versions.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { "\($0.key) \($0.value)" }
        return ([swift] + backends + libraries).joined(separator: ", ")
    }
}
