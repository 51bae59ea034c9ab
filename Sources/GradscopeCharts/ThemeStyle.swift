/// Colours and font sizes of a theme. Light is dark ink on white; dark is light ink on a near-black
/// page, for dark-mode web pages.
///
/// Sizes are CSS pixels at the figure's displayed size: a figure is laid out at the CSS width the
/// page shows it at (`ChartSpec.width`) and rendered at 2 device pixels per CSS pixel, so a 14 px
/// tick label reads as 14 px text beside the page's 17 px body text. No text is smaller than 12 px:
/// the note font, and tick exponents at `LayoutContext.superscriptScale` of the tick font.
public struct ThemeStyle: Hashable, Sendable {
    public var background: Color
    /// Titles and axis labels.
    public var text: Color
    /// Tick labels and legend text.
    public var secondaryText: Color
    /// Axis lines and tick marks.
    public var axis: Color
    public var grid: Color
    /// Fill of missing (NaN) cells and the colour of their hatching.
    public var missing: Color
    public var hatch: Color
    /// Lines that belong to no series, such as a reference line for a chance level: a mid grey
    /// with at least 4.5:1 contrast on the background.
    public var neutral: Color
    /// Series colours, in order of first appearance of a style key; each at least 3:1 against
    /// `background` (WCAG 1.4.11, graphical objects).
    public var palette: [Color]

    public var titleFont = Font(size: 17, weight: .bold)
    public var panelTitleFont = Font(size: 15, weight: .bold)
    public var axisLabelFont = Font(size: 14)
    public var tickFont = Font(size: 14)
    public var legendFont = Font(size: 14)

    public init(_ theme: Theme) {
        switch theme {
        case .light:
            background = Color(hex: 0xFFFFFF)
            text = Color(hex: 0x1A1A1A)
            secondaryText = Color(hex: 0x333333)
            axis = Color(hex: 0x444444)
            grid = Color(hex: 0xE3E3E3)
            missing = Color(hex: 0xD0D0D0)
            hatch = Color(hex: 0x8C8C8C)
            neutral = Color(hex: 0x767676)
            palette = Palette.onLight
        case .dark:
            background = Color(hex: 0x16181D)
            text = Color(hex: 0xEDEDED)
            secondaryText = Color(hex: 0xCFCFCF)
            axis = Color(hex: 0xA8A8A8)
            grid = Color(hex: 0x30333A)
            missing = Color(hex: 0x4A4D55)
            hatch = Color(hex: 0x9A9A9A)
            neutral = Color(hex: 0x9A9A9A)
            palette = Palette.onDark
        }
    }
}
