/// Size of a run of text set in one font. `ascent` and `descent` are the font's (not the string's
/// ink), so runs in one font share a baseline box whatever their letters.
public struct TextExtents: Hashable, Sendable {
    /// Advance width in points.
    public var width: Double
    /// Height above the baseline.
    public var ascent: Double
    /// Depth below the baseline (positive).
    public var descent: Double
    /// Height of capitals and digits above the baseline, used to centre labels on tick marks.
    public var capHeight: Double

    public init(width: Double, ascent: Double, descent: Double, capHeight: Double) {
        self.width = width
        self.ascent = ascent
        self.descent = descent
        self.capHeight = capHeight
    }

    public var height: Double { ascent + descent }
}

/// Measures text for the layout. Must be deterministic: the same string and font always give the
/// same extents.
public protocol TextMeasurer {
    func measure(_ string: String, font: Font) -> TextExtents
}

/// An approximation of DejaVu Sans metrics that needs no font files: every character is as wide as
/// a typical digit (0.64 em; narrow punctuation 0.32 em), ascent 0.93 em, descent 0.24 em, cap
/// height 0.73 em. Bold widens by 10 %. For tests and for layouts computed without a backend.
public struct MonospaceEstimateMeasurer: TextMeasurer, Sendable {
    public init() {}

    public func measure(_ string: String, font: Font) -> TextExtents {
        let narrow: Set<Character> = [".", ",", ":", ";", "i", "l", "I", "j", "'", "|", "!", " ", "(", ")", "t", "f"]
        let ems = string.reduce(0.0) { $0 + (narrow.contains($1) ? 0.32 : 0.64) }
        let boldFactor = font.weight == .bold ? 1.1 : 1.0
        return TextExtents(
            width: ems * font.size * boldFactor, ascent: 0.93 * font.size,
            descent: 0.24 * font.size, capHeight: 0.73 * font.size)
    }
}
