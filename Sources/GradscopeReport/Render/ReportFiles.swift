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
        var figureNumber = 0, tableNumber = 0
        var figureContexts: [String: [String: Any]] = [:]
        var tableContexts: [String: [String: Any]] = [:]
        let drawn = try FigureDrawing.drawAll(prepared.outputs.flatMap(\.figures), renderer: renderer,
                                              formats: figureFormats, jobs: options.jobs)
        for output in prepared.outputs {
            for item in output.items {
                switch item {
                case .figure(let figure):
                    figureNumber += 1
                    figureContexts[figure.slug] = figureContext(figure, drawn[figure.slug]!, number: figureNumber, into: &files)
                case .table(let table):
                    tableNumber += 1
                    tableContexts[table.slug] = tableContext(table, number: tableNumber)
                }
            }
        }
        let (blocksHTML, toc) = try blocks(figureContexts: figureContexts, tableContexts: tableContexts, html: true)
        let (blocksMarkdown, _) = try blocks(figureContexts: figureContexts, tableContexts: tableContexts, html: false)
        var context = pageContext(toc: toc)
        context["blocks"] = blocksHTML
        let markdownContext = MarkdownText.context(context.merging(["blocks": blocksMarkdown]) { $1 }) as! [String: Any]
        try templates.checkVariables(provided: VariableTags.keys(in: context).union(VariableTags.keys(in: markdownContext)))
        files["index.html"] = Data(try templates.render("html-report", context).utf8)
        if !options.selfContained { files["style.css"] = Data(templates.stylesheet.utf8) }
        files["report.md"] = Data(normalisedMarkdown(try templates.render("markdown-report", markdownContext)).utf8)
        files["data/runs.csv"] = Data(DataFiles.runsCSV(prepared).utf8)
        files["data/metrics.json"] = try DataFiles.metricsJSON(prepared)
        files["manifest.json"] = try DataFiles.manifest(prepared, files: files, backendVersions: options.backendVersions)
        return files
    }

    // MARK: - Figures and tables

    /// The formats asked for, PNG first when it is among them (it is the one the page shows).
    private var figureFormats: [FigureFormat] {
        [.png, .svg].filter(options.figureFormats.contains)
    }

    private func figureContext(_ figure: FigureOutput, _ drawn: FigureDrawing, number: Int, into files: inout [String: Data]) -> [String: Any] {
        let primary = figureFormats.first ?? .png
        let stem = "figures/\(figure.slug)"
        var context: [String: Any] = [
            "anchor": "figure-\(number)", "number": number, "caption": figure.caption, "alt": figure.alt,
            "width": Int(figure.chart.width.rounded()), "height": Int(figure.chart.height.rounded()),
        ]
        let mime = primary == .png ? "image/png" : "image/svg+xml"
        if options.selfContained {
            context["source"] = "data:\(mime);base64,\(Data(drawn.light[primary] ?? []).base64EncodedString())"
            context["darkSource"] = "data:\(mime);base64,\(Data(drawn.dark).base64EncodedString())"
        } else {
            for (format, bytes) in drawn.light { files["\(stem).\(format.rawValue)"] = Data(bytes) }
            files["\(stem).dark.\(primary.rawValue)"] = Data(drawn.dark)
            context["source"] = "\(stem).\(primary.rawValue)"
            context["darkSource"] = "\(stem).dark.\(primary.rawValue)"
            if figureFormats.contains(.svg) && primary != .svg { context["svgSource"] = "\(stem).svg" }
        }
        return context
    }

    private func tableContext(_ table: TableOutput, number: Int) -> [String: Any] {
        let header = table.columns.enumerated().map { ["text": $0.element, "numeric": table.numericColumns.contains($0.offset)] as [String: Any] }
        let rows = table.rows.map { row in
            ["cells": row.enumerated().map { ["text": $0.element, "numeric": table.numericColumns.contains($0.offset)] as [String: Any] }]
        }
        return ["anchor": "table-\(number)", "number": number, "caption": table.caption, "header": header, "rows": rows]
    }

    // MARK: - Blocks

    private func blocks(figureContexts: [String: [String: Any]], tableContexts: [String: [String: Any]], html: Bool) throws -> ([[String: Any]], [[String: Any]]) {
        var result: [[String: Any]] = []
        var toc: [[String: Any]] = []
        var anchors: [String: Int] = [:]
        var cellIndex = 0
        for (index, block) in prepared.notebook.blocks.enumerated() {
            switch block {
            case .prose:
                let markdown = prepared.prose[index] ?? ""
                if html {
                    let (body, entries) = Headings.anchor(Self.html(fromMarkdown: markdown, safe: options.safe), anchors: &anchors)
                    toc += entries
                    result.append(["isProse": true, "html": body])
                } else {
                    result.append(["isProse": true, "markdown": markdown.trimmingCharacters(in: .newlines)])
                }
            case .cell:
                let cell = prepared.cells[cellIndex], output = prepared.outputs[cellIndex]
                cellIndex += 1
                result.append(["isCell": true, "cell": cellContext(cell, output, figureContexts, tableContexts, html: html)])
            }
        }
        return (result, toc)
    }

    private func cellContext(_ cell: CellResults, _ output: CellOutput, _ figures: [String: [String: Any]],
                             _ tables: [String: [String: Any]], html: Bool) -> [String: Any] {
        let items: [[String: Any]] = output.items.map { item in
            switch item {
            case .figure(let figure):
                return ["isFigure": true, "figure": figures[figure.slug]!]
            case .table(let table):
                return ["isTable": true, "table": tables[table.slug]!]
            }
        }
        let claims: [[String: Any]] = output.claims.map {
            ["text": $0.text, "passed": $0.passed, "status": $0.passed ? "passed" : "failed", "evidence": $0.evidence, "seeds": $0.seedNote]
        }
        let runCount = cell.runs.count * cell.config.seeds
        var context: [String: Any] = [
            "id": cell.config.id, "yaml": cell.config.source.text.trimmingCharacters(in: .newlines),
            "yamlFence": MarkdownText.fence(for: cell.config.source.text),
            "hidesConfig": cell.config.hidesConfig, "runCount": runCount,
            "items": items, "claims": claims, "hasClaims": !claims.isEmpty,
        ]
        if cell.config.seeds > 1 { context["seedNote"] = "\(cell.runs.count) settings × \(cell.config.seeds) seeds" }
        if let statement = cell.seedStatement { context["seedStatement"] = statement }
        return context
    }

    private func pageContext(toc: [[String: Any]]) -> [String: Any] {
        let front = prepared.notebook.frontMatter
        let claims = prepared.claims
        let failed = claims.filter { !$0.passed }.count
        var context: [String: Any] = [
            "lang": "en", "title": front.title, "generator": Self.generator,
            "toc": toc, "hasToc": !toc.isEmpty, "selfContained": options.selfContained, "stylesheet": templates.stylesheet,
            "claims": ["total": claims.count, "failed": failed, "allPassed": failed == 0] as [String: Any],
            "appendix": [
                "notebook": URL(fileURLWithPath: prepared.notebook.path).lastPathComponent,
                "notebookCode": MarkdownText.code(URL(fileURLWithPath: prepared.notebook.path).lastPathComponent),
                "notebookShell": ShellWord.quoted(URL(fileURLWithPath: prepared.notebook.path).lastPathComponent),
                "notebookHash": Digest.sha256Hex(prepared.notebookBytes),
                "seed": "\(front.seed)",
                "runCount": prepared.allResults.count,
                "engine": "engine \(Engine.version), float64",
                "toolchain": Toolchain.description(backendVersions: options.backendVersions),
            ] as [String: Any],
        ]
        if let author = front.author { context["author"] = author }
        if let description = front.description { context["description"] = description }
        return context
    }

    /// Prose Markdown as HTML5 (cmark-gfm, see `MarkdownHTML`; `safe` drops raw HTML): cmark marks table
    /// alignment with the obsolete `align` attribute on `<th>`/`<td>`, which becomes the stylesheet's
    /// `num` (right) and `center` classes.
    static func html(fromMarkdown markdown: String, safe: Bool = false) -> String {
        var html = MarkdownHTML.render(markdown, safe: safe)
        for cell in ["th", "td"] {
            for (align, attribute) in [("right", " class=\"num\""), ("center", " class=\"center\""), ("left", "")] {
                html = html.replacingOccurrences(of: "<\(cell) align=\"\(align)\"", with: "<\(cell)\(attribute)")
            }
        }
        return html
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
