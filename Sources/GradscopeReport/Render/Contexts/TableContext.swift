/// `html/table.mustache`, `markdown/table.mustache`: one table, its cells as shown (rounded) and
/// its CSV file (unrounded).
struct TableContext: TemplateContext {
    /// `table-N`, the table's id in the page.
    var anchor: String
    var number: Int
    var caption: String
    var captionHTML: String
    var captionMarkdown: String
    var header: [TableHeaderCell]
    var rows: [TableRow]
    /// More columns than a phone shows side by side; the page lays its rows out as cards there.
    var wide: Bool
    /// The CSV's path in the report folder.
    var csv: String
}

struct TableHeaderCell: TemplateContext {
    var text: String
    /// Right-aligned.
    var numeric: Bool
}

struct TableRow: TemplateContext {
    var cells: [TableBodyCell]
}

struct TableBodyCell: TemplateContext {
    var text: String
    var numeric: Bool
    /// The column's name, shown beside the value when a phone lays the row out as a card.
    var label: String
}
