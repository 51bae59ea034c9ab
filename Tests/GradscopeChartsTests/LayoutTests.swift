import Testing

@testable import GradscopeCharts

@Suite("Figure layout on the display list")
struct LayoutTests {
    static let figures: [(String, ChartSpec)] = [
        ("gradient", Fixtures.gradientFigure()), ("loss", Fixtures.lossFigure()),
        ("gradient dark", Fixtures.gradientFigure(theme: .dark)),
    ]

    @Test("no two pieces of text overlap and all text lies inside the figure", arguments: figures.map(\.0))
    func noOverlap(name: String) {
        let spec = Self.figures.first { $0.0 == name }!.1
        let list = Fixtures.layout(spec)
        let pairs = list.overlappingTexts
        #expect(pairs.isEmpty, "\(pairs.map { "\($0.0.string) / \($0.1.string)" })")
        let page = Rect(x: 0, y: 0, width: spec.width, height: spec.height)
        for item in list.texts {
            #expect(page.contains(item.bounds), "\(item.string) at \(item.bounds)")
        }
    }

    @Test("the same spec and measurer give the same display list")
    func deterministic() {
        #expect(Fixtures.layout(Fixtures.lossFigure()) == Fixtures.layout(Fixtures.lossFigure()))
    }

    /// Pairs of (base, superscript) text items: a smaller run directly after a larger one.
    static func superscripts(_ list: DisplayList) -> [(TextItem, TextItem)] {
        let items = list.texts
        return zip(items, items.dropFirst()).filter { $1.font.size < $0.font.size && $0.font == ThemeStyle(.light).tickFont }
    }

    @Test("log y axis over 1e-11 to 1 is labelled with powers of ten")
    func logLabels() {
        let pairs = Self.superscripts(Fixtures.layout(Fixtures.gradientFigure()))
        #expect(pairs.allSatisfy { $0.0.string == "10" })
        let exponents = pairs.compactMap { Int($0.1.string.replacing("\u{2212}", with: "-")) }
        #expect(exponents.count == pairs.count && exponents.contains(0) && exponents.contains { $0 <= -9 }, "\(exponents)")
    }

    @Test("each exponent sits raised just right of its base")
    func superscriptPlacement() {
        let pairs = Self.superscripts(Fixtures.layout(Fixtures.gradientFigure()))
        #expect(!pairs.isEmpty)
        for (base, exponent) in pairs {
            #expect(abs(exponent.bounds.minX - base.bounds.maxX) < 1e-9)
            #expect(exponent.origin.y < base.origin.y)
        }
    }

    @Test("with shared axes only the first panel labels the y axis")
    func sharedAxes() {
        let list = Fixtures.layout(Fixtures.gradientFigure())
        #expect(list.texts.filter { $0.string == "gradient norm" }.count == 1)
        #expect(list.texts.filter { $0.string == "layer" }.count == 3)
        var unshared = Fixtures.gradientFigure()
        unshared.sharesAxes = false
        #expect(Fixtures.layout(unshared).texts.filter { $0.string == "gradient norm" }.count == 3)
    }

    @Test("the legend has one entry per style key, to the right of every panel")
    func legendPlacement() {
        let list = Fixtures.layout(Fixtures.gradientFigure())
        let entries = Fixtures.depths.map { depth in list.texts.filter { $0.string == "depth \(depth)" } }
        #expect(entries.allSatisfy { $0.count == 1 })
        let legendLeft = entries.compactMap(\.first).map(\.bounds.minX).min()!
        let relu = list.text("relu")!
        #expect(legendLeft > relu.bounds.maxX)
        let axisLabels = list.texts.filter { $0.string == "layer" }
        #expect(axisLabels.allSatisfy { $0.bounds.maxX < legendLeft })
    }

    @Test("a legend too wide for the side moves below the panels")
    func legendBelow() {
        let long = String(repeating: "very long series name ", count: 3)
        let spec = Fixtures.single(
            [
                Series(name: long + "A", xs: [1, 2], ys: [1, 2]),
                Series(name: long + "B", xs: [1, 2], ys: [2, 3]),
            ], yScale: .linear)
        let list = Fixtures.layout(spec)
        let entry = list.text(long + "A")!
        let xLabel = list.text("epoch")!
        #expect(entry.bounds.minY > xLabel.bounds.maxY)
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("long category labels are thinned so they never overlap")
    func longCategoryLabels() {
        let categories = (1...12).map { "a rather long category \($0)" }
        let spec = ChartSpec(
            panels: [
                Panel(
                    title: "", xAxis: AxisSpec(label: "category"), yAxis: AxisSpec(label: "value"),
                    content: .bars(
                        BarChart(
                            categories: categories,
                            series: [BarSeries(name: "s", values: (1...12).map(Double.init))])))
            ],
            width: 900, height: 450)
        let list = Fixtures.layout(spec)
        let shown = list.texts.filter { $0.string.hasPrefix("a rather long") }
        #expect(shown.count >= 2 && shown.count < 12)
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("long numeric tick labels on a narrow axis never overlap")
    func longNumericLabels() {
        let spec = Fixtures.single([Series(name: "s", xs: [1_000_001, 1_000_009], ys: [1, 2])], yScale: .linear)
        var narrow = spec
        narrow.width = 360
        let list = Fixtures.layout(narrow)
        #expect(list.overlappingTexts.isEmpty)
        #expect(list.texts.filter { $0.string.hasPrefix("100000") }.count >= 2)
    }

    @Test("margins grow with the measured width of tick labels")
    func marginsFromText() {
        struct WideDigits: TextMeasurer {
            func measure(_ string: String, font: Font) -> TextExtents {
                var e = MonospaceEstimateMeasurer().measure(string, font: font)
                e.width *= 2
                return e
            }
        }
        let spec = Fixtures.gradientFigure()
        let normal = ChartLayout.layout(spec, measurer: MonospaceEstimateMeasurer())
        let wide = ChartLayout.layout(spec, measurer: WideDigits())
        func plotLeft(_ list: DisplayList) -> Double {
            let spine = list.strokes(color: ThemeStyle(.light).axis).first { $0.elements.count == 3 }!
            guard case .move(let p) = spine.elements[0] else { return .nan }
            return p.x
        }
        #expect(plotLeft(wide) > plotLeft(normal) + 10)
        #expect(wide.overlappingTexts.isEmpty)
    }

    @Test("replaying into a recording canvas reproduces every command with balanced clips")
    func replay() {
        let list = Fixtures.layout(Fixtures.lossFigure())
        var canvas = RecordingCanvas()
        list.replay(into: &canvas)
        #expect(canvas.commands == list.commands)
        #expect(canvas.background == list.background)
        #expect(canvas.clipDepth == 0 && canvas.maximumClipDepth >= 1)
    }

    @Test("the dark theme draws light text on a dark background")
    func darkTheme() {
        let list = Fixtures.layout(Fixtures.gradientFigure(theme: .dark))
        func luminance(_ c: Color) -> Double { 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue }
        #expect(luminance(list.background) < 0.15)
        #expect(list.texts.allSatisfy { luminance($0.color) > 0.6 })
    }

    @Test("series styles differ in colour and in a second cue")
    func palette() {
        let style = ThemeStyle(.light)
        let styles = (0..<24).map { Palette.style($0, theme: style) }
        for i in styles.indices {
            for j in styles.indices where j > i {
                #expect(styles[i] != styles[j])
                if styles[i].color == styles[j].color {
                    #expect(styles[i].marker != styles[j].marker || styles[i].dash != styles[j].dash)
                }
            }
        }
        #expect(Set(styles.prefix(6).map(\.marker)).count == 6)
    }
}
