import Testing

@testable import GradscopeCharts

@Suite("Data hazards in line charts")
struct HazardTests {
    /// Points of the series' line strokes inside plot clips (data-line strokes in the first palette
    /// colour; the legend sample is outside any clip).
    static func linePoints(_ list: DisplayList) -> [[Point]] {
        let color = Palette.onLight[0]
        var depth = 0
        var lines: [[Point]] = []
        for command in list.commands {
            switch command {
            case .pushClip: depth += 1
            case .popClip: depth -= 1
            case .stroke(let path, let style) where depth > 0 && style.color == color && style.width == ChartLayout.lineWidth:
                lines.append(path.elements.compactMap { if case .move(let p) = $0 { p } else if case .line(let p) = $0 { p } else { nil } })
            default: break
            }
        }
        return lines
    }

    /// Fills in the first palette colour inside plot clips (markers).
    static func markerCount(_ list: DisplayList) -> Int {
        var depth = 0
        var count = 0
        for command in list.commands {
            switch command {
            case .pushClip: depth += 1
            case .popClip: depth -= 1
            case .fill(_, let color) where depth > 0 && color == Palette.onLight[0]: count += 1
            default: break
            }
        }
        return count
    }

    @Test("zeros and negatives on a log axis are dropped and break the line")
    func zerosOnLog() {
        let list = Fixtures.layout(Fixtures.single([Series(name: "s", xs: [1, 2, 3, 4, 5, 6], ys: [1, 0.1, 0, -1, 0.01, 0.001])]))
        let lines = Self.linePoints(list)
        #expect(lines.map(\.count) == [2, 2])
        #expect(list.allPoints.allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    @Test("NaN and infinities break the line without non-finite coordinates", arguments: [AxisScale.linear, .log10])
    func nonFinite(scale: AxisScale) {
        let list = Fixtures.layout(
            Fixtures.single(
                [
                    Series(
                        name: "s", xs: [1, 2, 3, 4, 5, .nan, 7],
                        ys: [1, 2, .nan, 3, .infinity, 4, 5])
                ], yScale: scale))
        #expect(Self.linePoints(list).map(\.count) == [2])
        #expect(list.allPoints.allSatisfy { $0.x.isFinite && $0.y.isFinite })
    }

    @Test("a single point is drawn as a marker", arguments: [true, false])
    func singlePoint(showsMarkers: Bool) {
        let list = Fixtures.layout(Fixtures.single([Series(name: "s", xs: [3], ys: [0.5], showsMarkers: showsMarkers)]))
        #expect(Self.markerCount(list) == 1)
        #expect(Self.linePoints(list).isEmpty)
    }

    @Test("a flat series is drawn inside the plot on either scale", arguments: [AxisScale.linear, .log10])
    func flat(scale: AxisScale) {
        let list = Fixtures.layout(Fixtures.single([Series(name: "s", xs: [1, 2, 3], ys: [0.25, 0.25, 0.25])], yScale: scale))
        let line = Self.linePoints(list)
        #expect(line.count == 1)
        let ys = Set(line[0].map(\.y))
        #expect(ys.count == 1)
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("values near 1e-300 are drawn on a log axis with thinned power-of-ten labels")
    func tinyValues() {
        let list = Fixtures.layout(Fixtures.single([Series(name: "s", xs: [1, 2, 3, 4], ys: [1, 1e-100, 1e-300, Double.leastNonzeroMagnitude])]))
        #expect(Self.linePoints(list).map(\.count) == [4])
        let exponents = list.texts.filter(Fixtures.isExponent)
        #expect(exponents.count >= 2 && exponents.count <= 12)
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("a diverged series stops at its divergence, is crossed out there and says so in the legend")
    func diverged() {
        let series = Series(name: "depth 16", xs: [1, 2, 3, 4, 5], ys: [1, 0.5, 0.7, .nan, .infinity], divergedAt: 4)
        let list = Fixtures.layout(Fixtures.single([series]))
        let line = Self.linePoints(list)
        #expect(line.map(\.count) == [3])
        let end = line[0].last!
        let color = Palette.onLight[0]
        let cross = list.strokes(color: color).filter { $0.elements.count == 2 }
            .filter { path in path.elements.contains { if case .move(let p) = $0 { abs(p.x - end.x) < 6 && abs(p.y - end.y) < 6 } else { false } } }
        #expect(cross.count == 2)
        #expect(list.text("depth 16 (diverged)") != nil)
    }

    @Test("divergence in some panels only is named per panel in the legend")
    func divergedInSomePanels() {
        let ok = Series(name: "deep", xs: [1, 2], ys: [1, 0.5])
        var bad = ok
        bad.divergedAt = 2
        let spec = ChartSpec(panels: [
            Panel(title: "sigmoid", xAxis: AxisSpec(label: "epoch"), yAxis: AxisSpec(label: "loss"), content: .lines([ok])),
            Panel(title: "relu", xAxis: AxisSpec(label: "epoch"), yAxis: AxisSpec(label: "loss"), content: .lines([bad])),
        ])
        #expect(Fixtures.layout(spec).text("deep (diverged: relu)") != nil)
    }

    @Test("points outside a fixed range keep finite coordinates and are clipped")
    func outliersFixedRange() {
        let list = Fixtures.layout(
            Fixtures.single(
                [Series(name: "s", xs: [0, 1, 2], ys: [1, 1e300, 2])], yScale: .linear,
                xRange: 0...1))
        #expect(list.allPoints.allSatisfy { abs($0.x) < 1e7 && abs($0.y) < 1e7 })
        #expect(list.commands.contains { if case .pushClip = $0 { true } else { false } })
    }

    @Test("a panel with nothing to show says so")
    func nothingToShow() {
        let list = Fixtures.layout(Fixtures.single([Series(name: "s", xs: [1, 2], ys: [0, -1])]))
        #expect(list.text("no data to show") != nil)
        let empty = Fixtures.layout(Fixtures.single([]))
        #expect(empty.text("no data to show") != nil)
    }

    @Test("mismatched lengths use the common prefix")
    func mismatchedLengths() {
        let list = Fixtures.layout(
            Fixtures.single(
                [Series(name: "s", xs: [1, 2, 3], ys: [1, 2], lower: [0.5], upper: [2, 3, 4])],
                yScale: .linear))
        #expect(Self.linePoints(list).map(\.count) == [2])
    }

    @Test("a min–max band is filled behind its line between the bounds")
    func band() {
        let series = Series(name: "median", xs: [1, 2, 3], ys: [0.5, 0.3, 0.2], lower: [0.4, 0.2, 0.1], upper: [0.6, 0.5, 0.3])
        let list = Fixtures.layout(Fixtures.single([series]))
        let color = Palette.onLight[0]
        let bandIndex = list.commands.firstIndex { if case .fill(_, let c) = $0 { c == color.withAlpha(0.18) } else { false } }
        let lineIndex = list.commands.firstIndex { if case .stroke(_, let s) = $0 { s.color == color && s.width == ChartLayout.lineWidth } else { false } }
        #expect(bandIndex != nil && lineIndex != nil && bandIndex! < lineIndex!)
    }
}
