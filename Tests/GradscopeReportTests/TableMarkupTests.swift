import Foundation
import Testing

@testable import GradscopeReport

/// Tables on the page: each scrolls in a focusable region named by its caption, every cell carries
/// its column's name (the phone layout shows it), and a table with more columns than a phone shows
/// is marked `wide` (cards on a phone, a landscape page in print).
@Suite("Table markup for every screen and print")
struct TableMarkupTests {
    static let notebook = """
        ---
        title: Tables
        seed: 3
        defaults:
          dataset: {name: electricity, samples: 64}
          width: 4
          batch: 32
        ---
        ```gradscope
        id: t
        activations: [sigmoid, relu]
        depth: 1
        epochs: 1
        show: [run-table, final-loss-table]
        ```
        """

    func page() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-tables-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.notebook.write(to: folder.appendingPathComponent("t.md"), atomically: true, encoding: .utf8)
        let summary = try ReportBuilder(renderer: DescribingRenderer()).render(
            notebookAt: folder.appendingPathComponent("t.md").path,
            options: RenderOptions(outputRoot: folder.appendingPathComponent("out").path, jobs: 1, cacheDirectory: nil))
        return try String(contentsOfFile: summary.outputDirectory + "/index.html", encoding: .utf8)
    }

    /// The text between the first `start` at or after `from` and the next `end`.
    func slice(_ text: String, from start: String, to end: String) -> [String] {
        text.components(separatedBy: start).dropFirst().map { $0.components(separatedBy: end)[0] }
    }

    @Test("every table is a labelled, focusable region; cells name their column; wide ones are marked")
    func markup() throws {
        let html = try page()
        let tables = slice(html, from: "<figure class=\"table", to: "</figure>")
        #expect(tables.count == 2)
        for (index, table) in tables.enumerated() {
            let anchor = "table-\(index + 1)"
            #expect(table.contains("<figcaption id=\"\(anchor)-caption\">"))
            #expect(table.contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"\(anchor)-caption\">"))
            let headers = slice(table, from: "<th scope=\"col\"", to: "</th>").map { $0.components(separatedBy: ">").last! }
            let firstRow = slice(slice(table, from: "<tbody>", to: "</tbody>")[0], from: "<tr>", to: "</tr>")[0]
            let labels = slice(firstRow, from: "data-label=\"", to: "\"")
            #expect(labels == headers, "each cell names its column")
            #expect(table.hasPrefix(headers.count > ReportFiles.phoneColumns ? " wide\"" : "\""), "\(headers.count) columns")
        }
        #expect(tables.contains { $0.hasPrefix(" wide\"") }, "the run table is wider than a phone")
    }

    @Test("the stylesheet keeps the first column in view, lays wide tables out as cards on a phone and prints them landscape")
    func stylesheet() throws {
        let css = try TemplateSet.builtIn().stylesheet
        #expect(css.contains("position: sticky; left: 0;"))
        #expect(css.contains(".wide td::before { content: attr(data-label);"))
        #expect(css.contains("@page wide { size: landscape; }"))
        #expect(css.contains("figure.table.wide { page: wide; }"))
    }
}
