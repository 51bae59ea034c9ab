/// The CSS widths figures are laid out for, so that their text is read at the size it was set in
/// (`ThemeStyle`: 12–17 CSS px) instead of being scaled down by the page.
///
/// The page's text column is 920 CSS px wide on a desktop (templates/html/style.css: `main` is at
/// most 58rem beside a 13rem contents column); a figure of two or three panels fills it, one of a
/// single panel takes 620 px. Every figure also comes stacked one panel per row, 340 px wide, for
/// a phone: the column of a 390 px phone is 350 px, of a 360 px one 320 px, so its 12 px text still
/// reads at 11.3 px or more there. The page's `<picture>` shows that variant below a viewport of
/// 880 px (templates/html/figure.mustache), where the wide one would be scaled under 91 %.
enum FigureSize {
    static let column = 920.0
    static let singlePanel = 620.0
    static let narrow = 340.0

    /// Plot height for a figure with `columns` panels per row: flatter plots in a wider row.
    static func plotHeight(columns: Int) -> Double {
        switch columns {
        case ...1: 300
        case 2: 280
        default: 240
        }
    }

    /// Plot height for `rows` stacked categories (layers of a heatmap or histogram panel): at
    /// least `perRow` points each, within the usual heights and at most twice the tallest.
    static func plotHeight(columns: Int, rows: Int, perRow: Double) -> Double {
        min(2 * plotHeight(columns: 1), max(plotHeight(columns: columns), perRow * Double(rows)))
    }
}
