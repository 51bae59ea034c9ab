/// `html/report.mustache` (through `html/base.mustache`) and `markdown/report.mustache`: the
/// whole page. `blocks` holds the prose as HTML for the page and as Markdown for `report.md`.
struct PageContext: TemplateContext {
    var lang = "en"
    var title: String
    var author: String?
    /// The page's summary for search engines and link previews (`PageSummary`).
    var description: String?
    var generator: String
    /// Headings of levels 1–3 as written, for the table of contents.
    var toc: [TocEntry]
    var hasToc: Bool
    var selfContained: Bool
    var stylesheet: String
    var claims: ClaimsSummary
    var appendix: AppendixContext
    /// The link preview's image: figure 1, when it is a PNG file beside the page.
    var previewImage: PreviewImage?
    var blocks: [BlockContext]
}

/// One entry of the table of contents.
struct TocEntry: TemplateContext {
    var anchor: String
    var text: String
    /// The heading's level as written in the notebook (1–3).
    var level: Int
}

/// The verdict over every claim of the report, shown under the title.
struct ClaimsSummary: TemplateContext {
    var any: Bool
    var total: Int
    /// `total` as prose: "1 claim", "3 claims".
    var counted: String
    var failed: Int
    var allPassed: Bool
}

/// `html/appendix.mustache`, `markdown/appendix.mustache`: how to reproduce the report.
struct AppendixContext: TemplateContext {
    /// The notebook's file name, plain, as a Markdown code span, and quoted for a shell.
    var notebook: String
    var notebookCode: String
    var notebookShell: String
    var notebookHash: String
    var seed: String
    var runCount: Int
    var engine: String
    var toolchain: String
}

/// The `og:image` of the page.
struct PreviewImage: TemplateContext {
    var source: String
    var alt: String
}

/// A notebook block: prose (`html` in the page, `markdown` in `report.md`) or an experiment.
struct BlockContext: TemplateContext {
    var isProse = false
    var html: String?
    var markdown: String?
    var isCell = false
    var cell: CellContext?

    static func prose(html: String) -> BlockContext { BlockContext(isProse: true, html: html) }
    static func prose(markdown: String) -> BlockContext { BlockContext(isProse: true, markdown: markdown) }
    static func cell(_ cell: CellContext) -> BlockContext { BlockContext(isCell: true, cell: cell) }
}
