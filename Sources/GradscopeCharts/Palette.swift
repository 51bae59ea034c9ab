/// Series styles: colour-blind-safe colours after Okabe & Ito (2008), with a dash pattern and a
/// marker shape as a second cue, so that series stay apart in greyscale and for every
/// colour-vision deficiency.
///
/// The original Okabe–Ito colours are not all visible enough as thin lines: on white, orange,
/// sky blue and yellow fall below the 3:1 contrast WCAG 1.4.11 asks of graphics. Each theme has
/// its own seven: the same hues, in the same order, darkened for white and lightened for the
/// dark page until every one keeps 3:1 against its background, and spread in lightness so every
/// pair stays apart (CIEDE2000 ≥ 15) for normal vision and ≥ 10 under simulated deuteranopia and
/// protanopia (Machado et al. 2009). Yellow, which cannot reach 3:1 on white as a yellow, is left
/// out; the tests check all of these numbers.
public enum Palette {
    /// For a white page: blue, orange, bluish green, vermillion, reddish purple, sky blue, black.
    public static let onLight: [Color] = [
        Color(hex: 0x2C5AA0), Color(hex: 0xD9730D), Color(hex: 0x01895F), Color(hex: 0xB02E1C),
        Color(hex: 0xA0679D), Color(hex: 0x0A96E5), Color(hex: 0x000000),
    ]

    /// The same hues for the dark page (#16181D): black becomes light grey.
    public static let onDark: [Color] = [
        Color(hex: 0x2F7AD6), Color(hex: 0xF29A1E), Color(hex: 0x14CF86), Color(hex: 0xEE4424),
        Color(hex: 0xAD6592), Color(hex: 0x98BFEC), Color(hex: 0xE0E0E0),
    ]

    /// Dash patterns (points on, off), cycled once every colour has been used.
    public static let dashes: [[Double]] = [[], [6, 3], [2, 2.5], [7, 2.5, 2, 2.5]]

    /// The style of the `index`-th distinct style key. Colours cycle every 7, markers every 6 and
    /// dashes change each round of 7, so no two of the first 84 keys look alike.
    public static func style(_ index: Int, theme: ThemeStyle) -> SeriesStyle {
        let colors = theme.palette
        return SeriesStyle(
            color: colors[index % colors.count],
            dash: dashes[(index / colors.count) % dashes.count],
            marker: MarkerShape.allCases[index % MarkerShape.allCases.count])
    }
}

/// How one style key is drawn.
public struct SeriesStyle: Hashable, Sendable {
    public var color: Color
    public var dash: [Double]
    public var marker: MarkerShape
}

/// Marker shapes, each drawn filled with the series colour and a thin outline in the background
/// colour so overlapping markers stay distinct.
public enum MarkerShape: Hashable, Sendable, CaseIterable {
    case circle, square, triangleUp, diamond, triangleDown, pentagon

    /// The marker outline centred at `center`, about `size` points across.
    public func path(at center: Point, size: Double) -> Path {
        let r = size / 2
        func regular(_ sides: Int, radius: Double, rotation: Double) -> Path {
            Path.polygon(
                (0..<sides).map { i in
                    let angle = rotation + Double(i) * 2 * Double.pi / Double(sides)
                    return Point(x: center.x + radius * Trig.cos(angle), y: center.y + radius * Trig.sin(angle))
                })
        }
        switch self {
        case .circle: return Path([.circle(center: center, radius: r)])
        case .square: return .rect(Rect(x: center.x - r * 0.85, y: center.y - r * 0.85, width: r * 1.7, height: r * 1.7))
        case .triangleUp: return regular(3, radius: r * 1.2, rotation: -Double.pi / 2)
        case .triangleDown: return regular(3, radius: r * 1.2, rotation: Double.pi / 2)
        case .diamond: return regular(4, radius: r * 1.2, rotation: -Double.pi / 2)
        case .pentagon: return regular(5, radius: r * 1.1, rotation: -Double.pi / 2)
        }
    }
}

/// Sine and cosine by argument reduction to [−π/4, π/4] and Taylor series, so the charting module
/// needs no libm import; accurate to a few ulps, far below a pixel.
enum Trig {
    static func sin(_ x: Double) -> Double { sinCos(x).sin }
    static func cos(_ x: Double) -> Double { sinCos(x).cos }

    private static func sinCos(_ x: Double) -> (sin: Double, cos: Double) {
        let quarter = (x / (Double.pi / 2)).rounded()
        let r = x - quarter * (Double.pi / 2)
        let r2 = r * r
        var s = r
        var c = 1.0
        var termS = r
        var termC = 1.0
        for k in 1...10 {
            termS *= -r2 / Double((2 * k) * (2 * k + 1))
            termC *= -r2 / Double((2 * k - 1) * (2 * k))
            s += termS
            c += termC
        }
        switch ((Int(quarter) % 4) + 4) % 4 {
        case 0: return (s, c)
        case 1: return (c, -s)
        case 2: return (-s, -c)
        default: return (-c, s)
        }
    }
}
