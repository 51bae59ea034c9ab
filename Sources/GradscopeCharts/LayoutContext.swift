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
    /// cap height: large enough that a 14 px tick label's exponent (the digits a log axis is read
    /// by) is still 12 px.
    static let superscriptScale = 0.86
    static let superscriptRaise = 0.62

    init(measurer: any TextMeasurer, style: ThemeStyle) {
        self.measurer = measurer
        self.style = style
    }

    func measure(_ string: String, _ font: Font) -> TextExtents {
        measurer.measure(string, font: font)
    }

    /// Size of a label with its optional superscript: width, and visible height above and below the
    /// baseline (cap top, or the superscript's cap top when higher). A label of several lines (its
    /// text broken by "\n", no exponent) measures its widest line, and below the first baseline
    /// every further line.
    func labelSize(_ label: TickLabel, _ font: Font) -> (width: Double, capTop: Double, descent: Double) {
        let lines = label.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > 1 && label.exponent == nil {
            let extents = lines.map { measure($0, font) }
            return (extents.map(\.width).max()!, extents[0].capHeight, Double(lines.count - 1) * extents[0].height + extents[0].descent)
        }
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
    mutating func text(
        _ string: String, _ font: Font, _ color: Color, at point: Point,
        _ h: HorizontalAnchor, _ v: VerticalAnchor
    ) -> Rect {
        guard !string.isEmpty else { return Rect(x: point.x, y: point.y, width: 0, height: 0) }
        let e = measure(string, font)
        let x = Self.left(of: e.width, at: point.x, h)
        let baseline = Self.baseline(at: point.y, v, capTop: e.capHeight, capHeight: e.capHeight, descent: e.descent)
        let bounds = Rect(x: x, y: baseline - e.ascent, width: e.width, height: e.height)
        commands.append(
            .text(
                TextItem(
                    string: string, origin: Point(x: x, y: baseline), font: font, color: color,
                    bounds: bounds)))
        return bounds
    }

    /// The left edge of something `width` wide whose `h` anchor is at `x`.
    static func left(of width: Double, at x: Double, _ h: HorizontalAnchor) -> Double {
        switch h {
        case .leading: x
        case .center: x - width / 2
        case .trailing: x - width
        }
    }

    /// The baseline of text whose `v` anchor is at `y`: `capTop` above the baseline is its top,
    /// `capHeight` its capitals' height, `descent` below it its bottom.
    static func baseline(at y: Double, _ v: VerticalAnchor, capTop: Double, capHeight: Double, descent: Double) -> Double {
        switch v {
        case .capTop: y + capTop
        case .capMiddle: y + capHeight / 2
        case .baseline: y
        case .bottom: y - descent
        }
    }

    /// Places text turned to read bottom to top, centred on `center`; returns its bounds.
    @discardableResult
    mutating func verticalText(_ string: String, _ font: Font, _ color: Color, center: Point) -> Rect {
        guard !string.isEmpty else { return Rect(x: center.x, y: center.y, width: 0, height: 0) }
        let e = measure(string, font)
        let origin = Point(x: center.x + (e.ascent - e.descent) / 2, y: center.y + e.width / 2)
        let bounds = Rect(x: origin.x - e.ascent, y: origin.y - e.width, width: e.height, height: e.width)
        commands.append(
            .text(
                TextItem(
                    string: string, origin: origin, font: font, color: color,
                    rotation: -Double.pi / 2, bounds: bounds)))
        return bounds
    }

    /// Places a label with its superscript so that `point` is at the anchors (vertical anchors refer
    /// to the base text's capitals); returns the bounds of the whole label.
    @discardableResult
    mutating func label(
        _ label: TickLabel, _ font: Font, _ color: Color, at point: Point,
        _ h: HorizontalAnchor, _ v: VerticalAnchor
    ) -> Rect {
        guard let exponent = label.exponent else {
            let lines = label.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return lines.count > 1 ? textLines(lines, font, color, at: point, h, v) : text(label.text, font, color, at: point, h, v)
        }
        let size = labelSize(label, font)
        let base = measure(label.text, font)
        let x = Self.left(of: size.width, at: point.x, h)
        let baseline = Self.baseline(at: point.y, v, capTop: size.capTop, capHeight: base.capHeight, descent: size.descent)
        let first = text(label.text, font, color, at: Point(x: x, y: baseline), .leading, .baseline)
        let small = Font(size: font.size * Self.superscriptScale, weight: font.weight)
        let second = text(
            exponent, small, color,
            at: Point(x: x + base.width, y: baseline - base.capHeight * Self.superscriptRaise),
            .leading, .baseline)
        return first.union(second)
    }

    /// Places lines of text one font height apart, each aligned by `h` on `point.x`; `v` places the
    /// block as a whole (its first line's cap top to its last line's descent). Returns their bounds.
    @discardableResult
    mutating func textLines(
        _ lines: [String], _ font: Font, _ color: Color, at point: Point,
        _ h: HorizontalAnchor, _ v: VerticalAnchor
    ) -> Rect {
        let e = measure("Ag", font)
        let block = e.capHeight + Double(lines.count - 1) * e.height + e.descent
        let top: Double
        switch v {
        case .capTop: top = point.y
        case .capMiddle: top = point.y - block / 2
        case .baseline: top = point.y - e.capHeight
        case .bottom: top = point.y - block
        }
        var bounds: Rect?
        for (i, line) in lines.enumerated() {
            let r = text(line, font, color, at: Point(x: point.x, y: top + Double(i) * e.height), h, .capTop)
            bounds = bounds.map { $0.union(r) } ?? r
        }
        return bounds ?? Rect(x: point.x, y: point.y, width: 0, height: 0)
    }

    /// `text` broken at spaces into lines no wider than `width`, greedily; a word wider than
    /// `width` stays whole on a line of its own.
    func wrapped(_ text: String, _ font: Font, width: Double) -> [String] {
        guard measure(text, font).width > width else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty && measure(candidate, font).width > width {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines
    }
}
