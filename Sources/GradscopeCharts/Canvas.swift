/// A drawing backend a `DisplayList` replays into (Cairo in production, `RecordingCanvas` in tests).
public protocol Canvas {
    /// Fills the whole figure before anything else is drawn.
    mutating func clear(_ color: Color)
    mutating func stroke(_ path: Path, style: StrokeStyle)
    mutating func fill(_ path: Path, color: Color)
    mutating func drawText(_ item: TextItem)
    /// Restricts drawing to `rect` (intersected with any enclosing clip) until the matching `popClip`.
    mutating func pushClip(_ rect: Rect)
    mutating func popClip()
}

extension DisplayList {
    /// Draws every command, in order, into `canvas`.
    public func replay<C: Canvas>(into canvas: inout C) {
        canvas.clear(background)
        for command in commands {
            switch command {
            case .stroke(let path, let style): canvas.stroke(path, style: style)
            case .fill(let path, let color): canvas.fill(path, color: color)
            case .text(let item): canvas.drawText(item)
            case .pushClip(let rect): canvas.pushClip(rect)
            case .popClip: canvas.popClip()
            }
        }
    }
}

/// A canvas that only remembers what it was asked to draw, for tests of the replay path.
public struct RecordingCanvas: Canvas {
    public private(set) var background: Color?
    public private(set) var commands: [DrawCommand] = []
    /// Deepest clip nesting seen; a balanced list ends back at zero in `clipDepth`.
    public private(set) var clipDepth = 0
    public private(set) var maximumClipDepth = 0

    public init() {}

    public mutating func clear(_ color: Color) { background = color }
    public mutating func stroke(_ path: Path, style: StrokeStyle) { commands.append(.stroke(path, style)) }
    public mutating func fill(_ path: Path, color: Color) { commands.append(.fill(path, color)) }
    public mutating func drawText(_ item: TextItem) { commands.append(.text(item)) }
    public mutating func pushClip(_ rect: Rect) {
        commands.append(.pushClip(rect))
        clipDepth += 1
        maximumClipDepth = max(maximumClipDepth, clipDepth)
    }
    public mutating func popClip() {
        commands.append(.popClip)
        clipDepth -= 1
    }
}
