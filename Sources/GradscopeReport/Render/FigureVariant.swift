import GradscopeCharts

/// One of the four pictures of every figure: laid out for the desktop column (wide) or with its
/// panels stacked for a phone (narrow, `FigureSize.narrow`), in the light or the dark theme. The
/// page's `<picture>` chooses among them with media queries; each is the file
/// `figures/<slug><suffix>.<format>`.
struct FigureVariant: Hashable, Sendable {
    var narrow: Bool
    var theme: Theme

    static let wideLight = FigureVariant(narrow: false, theme: .light)
    static let wideDark = FigureVariant(narrow: false, theme: .dark)
    static let narrowLight = FigureVariant(narrow: true, theme: .light)
    static let narrowDark = FigureVariant(narrow: true, theme: .dark)
    static let all = [wideLight, wideDark, narrowLight, narrowDark]

    /// `""`, `".dark"`, `".narrow"` or `".narrow.dark"`.
    var suffix: String { (narrow ? ".narrow" : "") + (theme == .dark ? ".dark" : "") }

    /// The template variable holding this variant's file (or data URI).
    var sourceKey: String {
        switch (narrow, theme) {
        case (false, .light): "source"
        case (false, .dark): "darkSource"
        case (true, .light): "narrowSource"
        case (true, .dark): "narrowDarkSource"
        }
    }

    /// This variant of the figure whose wide light chart is `chart`.
    func chart(_ chart: ChartSpec) -> ChartSpec {
        var variant = narrow ? chart.stacked(width: FigureSize.narrow) : chart
        variant.theme = theme
        return variant
    }
}
