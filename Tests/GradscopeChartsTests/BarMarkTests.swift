import Testing

@testable import GradscopeCharts

@Suite("Zero bars and bar labels")
struct BarMarkTests {
    /// One drawn bar: its colour, horizontal extent and vertical extent, and whether it is a mark
    /// (a stroke) rather than a filled rectangle.
    struct DrawnBar {
        var color: Color
        var minX: Double, maxX: Double
        var top: Double, bottom: Double
        var isMark: Bool
    }

    /// Bars inside the plot clip, in drawing order (category by category, series by series): filled
    /// rectangles, and strokes of at least 1.5 pt in a palette colour (marks of zero bars).
    static func bars(_ list: DisplayList) -> [DrawnBar] {
        let palette = Palette.onLight
        var depth = 0
        var bars: [DrawnBar] = []
        for command in list.commands {
            switch command {
            case .pushClip: depth += 1
            case .popClip: depth -= 1
            case .fill(let path, let color) where depth > 0 && palette.contains(color):
                let points = path.elements.compactMap { if case .move(let p) = $0 { p } else if case .line(let p) = $0 { p } else { nil } }
                bars.append(
                    DrawnBar(
                        color: color, minX: points.map(\.x).min()!, maxX: points.map(\.x).max()!,
                        top: points.map(\.y).min()!, bottom: points.map(\.y).max()!, isMark: false))
            case .stroke(let path, let style) where depth > 0 && palette.contains(style.color) && style.width >= 1.5:
                guard case .move(let a) = path.elements[0], case .line(let b) = path.elements[1] else { continue }
                #expect(a.y == b.y)
                bars.append(
                    DrawnBar(
                        color: style.color, minX: min(a.x, b.x), maxX: max(a.x, b.x),
                        top: a.y - style.width / 2, bottom: a.y + style.width / 2, isMark: true))
            default: break
            }
        }
        return bars
    }

    static func spec(_ series: [BarSeries], categories: [String] = ["a", "b", "c", "d"]) -> ChartSpec {
        ChartSpec(
            panels: [
                Panel(
                    title: "accuracy", xAxis: AxisSpec(label: "depth"), yAxis: AxisSpec(label: "change"),
                    content: .bars(BarChart(categories: categories, series: series)))
            ],
            width: 750, height: 450)
    }

    @Test("a zero bar and bars under 1.5 pt get a mark of the bar's width on the baseline, on their side of it")
    func zeroBars() {
        let list = Fixtures.layout(Self.spec([BarSeries(name: "s", values: [0, 1e-5, -1e-5, 1])]))
        let bars = Self.bars(list)
        #expect(bars.map(\.isMark) == [true, true, true, false])
        let baseline = bars[3].bottom
        let width = bars[3].maxX - bars[3].minX
        for mark in bars.prefix(3) {
            #expect(abs((mark.maxX - mark.minX) - width) < 1e-9)
            #expect(mark.bottom - mark.top >= 1.5)
            #expect(mark.color == Palette.onLight[0])
        }
        #expect(abs(bars[0].bottom - baseline) < 1e-9 && abs(bars[1].bottom - baseline) < 1e-9)
        #expect(abs(bars[2].top - baseline) < 1e-9)
    }

    @Test("each bar's label sits centred just beyond its end, zero bars included, below for negatives")
    func labels() {
        let a = BarSeries(name: "sigmoid", values: [0.3, 0, -0.2, 0.05], labels: ["30%", "0%", "−20%", "5%"])
        let b = BarSeries(name: "relu", values: [0.1, 0.5, 0.2, .nan], labels: ["10%", "50%", "20%", "n/a?"])
        let list = Fixtures.layout(Self.spec([a, b]))
        let bars = Self.bars(list)
        let values = zip(a.values, b.values).flatMap { [$0, $1] }.filter { !$0.isNaN }
        let strings = zip(a.labels!, b.labels!).flatMap { [$0, $1] }.filter { $0 != "n/a?" }
        #expect(bars.count == values.count)
        guard case .pushClip(let plot) = list.commands.first(where: { if case .pushClip = $0 { true } else { false } }) else {
            Issue.record("no plot clip")
            return
        }
        for ((bar, value), string) in zip(zip(bars, values), strings) {
            let items = list.texts.filter { $0.string == string }
            #expect(items.count == 1, "\(string)")
            guard let label = items.first else { continue }
            #expect(label.font == ThemeStyle(.light).tickFont)
            #expect(abs(label.bounds.midX - (bar.minX + bar.maxX) / 2) < 1e-9, "\(string)")
            if value < 0 {
                #expect(label.bounds.minY >= bar.bottom && label.bounds.minY < bar.bottom + 5, "\(string)")
            } else {
                #expect(label.bounds.maxY <= bar.top && label.bounds.maxY > bar.top - 5, "\(string)")
            }
            #expect(plot.contains(label.bounds), "\(string)")
        }
        #expect(list.text("n/a?") == nil && list.text("n/a") != nil)
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("a label wider than the spacing of bar centres is left out")
    func wideLabels() {
        let long = "a label far too long for its bar"
        let series = [BarSeries(name: "s", values: [1, 2], labels: ["fits", long]), BarSeries(name: "t", values: [2, 1])]
        let list = Fixtures.layout(Self.spec(series, categories: ["a", "b"]))
        #expect(list.text("fits") != nil)
        #expect(list.text(long) == nil)
    }
}
