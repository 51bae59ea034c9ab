/// `html/figure.mustache`, `markdown/figure.mustache`: one figure in its four variants (wide and
/// narrow, light and dark), each a file path or, in a self-contained page, a data URI.
struct FigureContext: TemplateContext {
    /// `figure-N`, the figure's id in the page.
    var anchor: String
    var number: Int
    var alt: String
    /// The alt text escaped for HTML, for the `<img>` inside `report.md`.
    var htmlAlt: String
    var caption: String
    var captionHTML: String
    var captionMarkdown: String
    /// CSS sizes of the wide and the narrow layout.
    var width: Int
    var height: Int
    var narrowWidth: Int
    var narrowHeight: Int
    var source: String
    var darkSource: String
    var narrowSource: String
    var narrowDarkSource: String
    /// The wide light and dark files, which `report.md` links.
    var file: String
    var darkFile: String
    /// The SVG to download, when SVG is written beside the PNG.
    var svgSource: String?
    /// The figure's own page (`FigurePageContext`), absent in a self-contained page.
    var enlarge: String?
}

/// `html/figure-page.mustache`: a figure's page of its own, the wide figure as large as the window
/// in the reader's colour scheme, linking back to it in the report.
struct FigurePageContext: TemplateContext {
    var lang = "en"
    /// The report's title.
    var title: String
    var number: Int
    var width: Int
    var height: Int
    /// The light and dark files, relative to the page (beside it in `figures/`).
    var source: String
    var darkSource: String
    var alt: String
    var captionHTML: String
    /// The figure in the report: `../index.html#figure-N`.
    var report: String
}
