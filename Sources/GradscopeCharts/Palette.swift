/// Series styles: Okabe & Ito's colour-blind-safe colours, with a dash pattern and a marker shape
/// as a second cue, so that series stay apart in greyscale and for every colour-vision deficiency.
public enum Palette {
    /// Okabe–Ito (2008), ordered for a white page: blue, orange, bluish green, vermillion,
    /// reddish purple, sky blue, black, yellow (last: weakest contrast on white).
    public static let okabeIto: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xD55E00),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0x000000), Color(hex: 0xC9B400),
    ]

    /// The same hues for a dark page: blue lightened, black replaced by light grey, full yellow.
    public static let okabeItoOnDark: [Color] = [
        Color(hex: 0x3A9AD9), Color(hex: 0xE69F00), Color(hex: 0x1FB589), Color(hex: 0xEE7A3A),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0xE0E0E0), Color(hex: 0xF0E442),
    ]

    /// Dash patterns (points on, off), cycled once every colour has been used.
    public static let dashes: [[Double]] = [[], [5, 2.5], [1.5, 2], [6, 2, 1.5, 2]]

    /// The style of the `index`-th distinct style key. Colours cycle every 8, markers every 6 and
    /// dashes change each round of 8, so no two of the first 96 keys look alike.
    public static func style(_ index: Int, theme: ThemeStyle) -> SeriesStyle {
        let colors = theme.palette
        return SeriesStyle(color: colors[index % colors.count],
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
            Path.polygon((0..<sides).map { i in
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
        var s = r, c = 1.0, termS = r, termC = 1.0
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
