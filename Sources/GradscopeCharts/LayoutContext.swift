/// Where a run of text is anchored horizontally.
enum HorizontalAnchor { case leading, center, trailing }

/// Where a run of text is anchored vertically: the top or bottom of its capitals (what the eye sees
/// as the edge of digits), the middle of its capitals, or its baseline.
enum VerticalAnchor { case capTop, capMiddle, baseline, bottom }

/// Accumulates draw commands and places text using the measurer. Internal to the layout.
struct LayoutContext {
    let measurer: any TextMeasurer
    let style: ThemeStyle
    var commands: [DrawCommand] = []

    /// Superscripts are set at this fraction of the base size, raised by this fraction of the base
    /// cap height.
    static let superscriptScale = 0.72
    static let superscriptRaise = 0.62

    init(measurer: any TextMeasurer, style: ThemeStyle) {
        self.measurer = measurer
        self.style = style
    }

    func measure(_ string: String, _ font: Font) -> TextExtents {
        measurer.measure(string, font: font)
    }

    /// Size of a label with its optional superscript: width, and visible height above and below the
    /// baseline (cap top, or the superscript's cap top when higher).
    func labelSize(_ label: TickLabel, _ font: Font) -> (width: Double, capTop: Double, descent: Double) {
        let base = measure(label.text, font)
        guard let exponent = label.exponent else { return (base.width, base.capHeight, base.descent) }
        let small = Font(size: font.size * Self.superscriptScale, weight: font.weight)
        let sup = measure(exponent, small)
        let raise = base.capHeight * Self.superscriptRaise
        return (base.width + sup.width, max(base.capHeight, raise + sup.capHeight), base.descent)
    }

    mutating func stroke(_ path: Path, _ color: Color, width: Double, dash: [Double] = []) {
        commands.append(.stroke(path, StrokeStyle(color: color, width: width, dash: dash)))
    }

    mutating func fill(_ path: Path, _ color: Color) {
        commands.append(.fill(path, color))
    }

    /// Places horizontal text so that `point` is at the given anchors; returns its bounds.
    @discardableResult
    mutating func text(_ string: String, _ font: Font, _ color: Color, at point: Point,
                       _ h: HorizontalAnchor, _ v: VerticalAnchor) -> Rect {
        guard !string.isEmpty else { return Rect(x: point.x, y: point.y, width: 0, height: 0) }
        let e = measure(string, font)
        let x: Double
        switch h {
        case .leading: x = point.x
        case .center: x = point.x - e.width / 2
        case .trailing: x = point.x - e.width
        }
        let baseline: Double
        switch v {
        case .capTop: baseline = point.y + e.capHeight
        case .capMiddle: baseline = point.y + e.capHeight / 2
        case .baseline: baseline = point.y
        case .bottom: baseline = point.y - e.descent
        }
        let bounds = Rect(x: x, y: baseline - e.ascent, width: e.width, height: e.height)
        commands.append(.text(TextItem(string: string, origin: Point(x: x, y: baseline), font: font, color: color,
                                       bounds: bounds)))
        return bounds
    }

    /// Places text turned to read bottom to top, centred on `center`; returns its bounds.
    @discardableResult
    mutating func verticalText(_ string: String, _ font: Font, _ color: Color, center: Point) -> Rect {
        guard !string.isEmpty else { return Rect(x: center.x, y: center.y, width: 0, height: 0) }
        let e = measure(string, font)
        let origin = Point(x: center.x + (e.ascent - e.descent) / 2, y: center.y + e.width / 2)
        let bounds = Rect(x: origin.x - e.ascent, y: origin.y - e.width, width: e.height, height: e.width)
        commands.append(.text(TextItem(string: string, origin: origin, font: font, color: color,
                                       rotation: -Double.pi / 2, bounds: bounds)))
        return bounds
    }

    /// Places a label with its superscript so that `point` is at the anchors (vertical anchors refer
    /// to the base text's capitals); returns the bounds of the whole label.
    @discardableResult
    mutating func label(_ label: TickLabel, _ font: Font, _ color: Color, at point: Point,
                        _ h: HorizontalAnchor, _ v: VerticalAnchor) -> Rect {
        guard let exponent = label.exponent else { return text(label.text, font, color, at: point, h, v) }
        let size = labelSize(label, font)
        let base = measure(label.text, font)
        let x: Double
        switch h {
        case .leading: x = point.x
        case .center: x = point.x - size.width / 2
        case .trailing: x = point.x - size.width
        }
        let baseline: Double
        switch v {
        case .capTop: baseline = point.y + size.capTop
        case .capMiddle: baseline = point.y + base.capHeight / 2
        case .baseline: baseline = point.y
        case .bottom: baseline = point.y - size.descent
        }
        let first = text(label.text, font, color, at: Point(x: x, y: baseline), .leading, .baseline)
        let small = Font(size: font.size * Self.superscriptScale, weight: font.weight)
        let second = text(exponent, small, color,
                          at: Point(x: x + base.width, y: baseline - base.capHeight * Self.superscriptRaise),
                          .leading, .baseline)
        return first.union(second)
    }
}
