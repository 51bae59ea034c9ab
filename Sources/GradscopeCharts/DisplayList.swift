/// Everything a backend needs to draw a figure, resolved to figure coordinates (points, y down).
/// The layout produces it; a `Canvas` replays it. Equal lists draw equal pictures.
public struct DisplayList: Hashable, Sendable {
    /// Figure size in points.
    public var width: Double
    public var height: Double
    /// Fill of the whole figure, drawn before any command.
    public var background: Color
    public var commands: [DrawCommand]

    public init(width: Double, height: Double, background: Color, commands: [DrawCommand] = []) {
        self.width = width
        self.height = height
        self.background = background
        self.commands = commands
    }

    /// Every text command, in drawing order (handy for tests and alt-text checks).
    public var texts: [TextItem] {
        commands.compactMap { if case .text(let item) = $0 { item } else { nil } }
    }
}

/// One drawing operation. Clips nest: each `pushClip` is undone by the matching `popClip`.
public enum DrawCommand: Hashable, Sendable {
    case stroke(Path, StrokeStyle)
    case fill(Path, Color)
    case text(TextItem)
    case pushClip(Rect)
    case popClip
}

/// A sequence of subpaths built from straight segments and full circles.
public struct Path: Hashable, Sendable {
    public enum Element: Hashable, Sendable {
        case move(Point)
        case line(Point)
        case close
        /// A complete circle as its own subpath.
        case circle(center: Point, radius: Double)
    }

    public var elements: [Element]

    public init(_ elements: [Element] = []) {
        self.elements = elements
    }

    /// An open polyline through `points` (empty when there are none).
    public static func polyline(_ points: [Point]) -> Path {
        guard let first = points.first else { return Path() }
        return Path([.move(first)] + points.dropFirst().map { .line($0) })
    }

    /// A closed polygon through `points`.
    public static func polygon(_ points: [Point]) -> Path {
        var path = polyline(points)
        if !points.isEmpty { path.elements.append(.close) }
        return path
    }

    public static func rect(_ r: Rect) -> Path {
        polygon([
            Point(x: r.minX, y: r.minY), Point(x: r.maxX, y: r.minY),
            Point(x: r.maxX, y: r.maxY), Point(x: r.minX, y: r.maxY),
        ])
    }

    public static func segment(_ a: Point, _ b: Point) -> Path {
        Path([.move(a), .line(b)])
    }
}

/// How a path is stroked. `dash` lists on/off lengths in points; empty means solid.
public struct StrokeStyle: Hashable, Sendable {
    public var color: Color
    public var width: Double
    public var dash: [Double]
    public init(color: Color, width: Double, dash: [Double] = []) {
        self.color = color
        self.width = width
        self.dash = dash
    }
}

/// A font request; the family is fixed by the backend (DejaVu Sans in Cairo).
public struct Font: Hashable, Sendable {
    public enum Weight: Hashable, Sendable { case regular, bold }
    public var size: Double
    public var weight: Weight
    public init(size: Double, weight: Weight = .regular) {
        self.size = size
        self.weight = weight
    }
}

/// A run of text, already placed: `origin` is the start of the baseline, and the run is rotated by
/// `rotation` radians about it (negative turns counter-clockwise on screen, so `-π/2` reads bottom to
/// top). `bounds` is the axis-aligned box the layout reserved for it, from the measurer's extents.
public struct TextItem: Hashable, Sendable {
    public var string: String
    public var origin: Point
    public var font: Font
    public var color: Color
    public var rotation: Double
    public var bounds: Rect

    public init(string: String, origin: Point, font: Font, color: Color, rotation: Double = 0, bounds: Rect) {
        self.string = string
        self.origin = origin
        self.font = font
        self.color = color
        self.rotation = rotation
        self.bounds = bounds
    }
}
