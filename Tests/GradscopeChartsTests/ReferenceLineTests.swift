import Testing

@testable import GradscopeCharts

@Suite("Reference lines beside measured data")
struct ReferenceLineTests {
    /// Strokes inside plot clips (the legend samples are outside any clip), in drawing order.
    static func plotStrokes(_ list: DisplayList) -> [(path: Path, style: StrokeStyle)] {
        var depth = 0
        var strokes: [(Path, StrokeStyle)] = []
        for command in list.commands {
            switch command {
            case .pushClip: depth += 1
            case .popClip: depth -= 1
            case .stroke(let path, let style) where depth > 0: strokes.append((path, style))
            default: break
            }
        }
        return strokes
    }

    /// Fills inside plot clips (markers, bands), by colour.
    static func plotFills(_ list: DisplayList) -> [Color] {
        var depth = 0
        var fills: [Color] = []
        for command in list.commands {
            switch command {
            case .pushClip: depth += 1
            case .popClip: depth -= 1
            case .fill(_, let color) where depth > 0: fills.append(color)
            default: break
            }
        }
        return fills
    }

    /// Legend samples of references: dashed strokes outside any clip.
    static func legendReferenceSamples(_ list: DisplayList) -> [StrokeStyle] {
        var depth = 0
        var samples: [StrokeStyle] = []
        for command in list.commands {
            switch command {
            case .pushClip: depth += 1
            case .popClip: depth -= 1
            case .stroke(_, let style) where depth == 0 && style.dash == ChartLayout.referenceDash: samples.append(style)
            default: break
            }
        }
        return samples
    }

    static let sigmoid = Series(name: "sigmoid", xs: [1, 2, 3], ys: [0.5, 0.3, 0.2], showsMarkers: false)
    static let relu = Series(name: "relu", xs: [1, 2, 3], ys: [0.4, 0.2, 0.1], showsMarkers: false)

    @Test("a reference is a thinner dashed line in its series' colour, behind the data, with no markers or band")
    func styleOfReference() {
        let bound = Series(
            name: "bound", xs: [1, 2, 3], ys: [0.6, 0.35, 0.25], lower: [0.5, 0.3, 0.2], upper: [0.7, 0.4, 0.3],
            showsMarkers: true, role: .reference(of: "relu"))
        let list = Fixtures.layout(Fixtures.single([Self.sigmoid, bound, Self.relu]))
        let reluColor = Palette.onLight[1]
        let strokes = Self.plotStrokes(list)
        let dashed = strokes.indices.filter { strokes[$0].style.dash == ChartLayout.referenceDash }
        #expect(dashed.count == 1)
        let reference = strokes[dashed[0]].style
        #expect(reference.color == reluColor)
        #expect(reference.width < ChartLayout.lineWidth)
        let dataLines = strokes.indices.filter { strokes[$0].style.width == ChartLayout.lineWidth }
        #expect(dataLines.count == 2 && dataLines.allSatisfy { $0 > dashed[0] })
        #expect(Self.plotFills(list).isEmpty)
    }

    @Test("a reference for no series is drawn in the theme's neutral grey", arguments: Theme.allCases)
    func neutralReference(theme: Theme) {
        var spec = Fixtures.single([Self.sigmoid, Series(name: "chance", xs: [1, 3], ys: [0.25, 0.25], role: .reference(of: nil))])
        spec.theme = theme
        let list = Fixtures.layout(spec)
        let neutral = ThemeStyle(theme).neutral
        #expect(Self.plotStrokes(list).filter { $0.style.dash == ChartLayout.referenceDash }.map(\.style.color) == [neutral])
        #expect(!ThemeStyle(theme).palette.contains(neutral))
        #expect(neutral != list.background)
    }

    @Test("the legend lists each reference name once, after the data, neutral when its colours differ")
    func legend() {
        let panels = ["a", "b"].map { title in
            Panel(
                title: title, xAxis: AxisSpec(label: "epoch"), yAxis: AxisSpec(label: "loss", scale: .log10),
                content: .lines([
                    Series(name: "limit", xs: [1, 3], ys: [0.9, 0.8], role: .reference(of: "sigmoid")),
                    Self.sigmoid, Self.relu,
                    Series(name: "bound", xs: [1, 3], ys: [0.6, 0.4], role: .reference(of: "sigmoid")),
                    Series(name: "bound", xs: [1, 3], ys: [0.5, 0.3], role: .reference(of: "relu")),
                ]))
        }
        let list = Fixtures.layout(ChartSpec(panels: panels, width: 1050, height: 450))
        let legendOrder = ["sigmoid", "relu", "limit", "bound"].map { name in list.texts.filter { $0.string == name } }
        #expect(legendOrder.allSatisfy { $0.count == 1 })
        let ys = legendOrder.compactMap(\.first).map(\.origin.y)
        #expect(ys == ys.sorted())
        let samples = Self.legendReferenceSamples(list)
        #expect(samples.map(\.color) == [Palette.onLight[0], ThemeStyle(.light).neutral])
        #expect(samples.allSatisfy { $0.width == ChartLayout.referenceWidth })
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("references take part in axis fitting and break where a log axis cannot show them")
    func fittingAndLogGaps() {
        let reference = Series(name: "bound", xs: [1, 2, 3, 4, 5], ys: [10, 100, 0, 1000, 10_000], role: .reference(of: nil))
        let list = Fixtures.layout(Fixtures.single([Self.sigmoid, reference]))
        let dashed = Self.plotStrokes(list).filter { $0.style.dash == ChartLayout.referenceDash }
        #expect(dashed.map(\.path.elements.count) == [2, 2])
        let exponents = LayoutTests.superscripts(list).map(\.1.string)
        #expect(exponents.contains("4") && exponents.contains("\u{2212}1"))
    }
}
