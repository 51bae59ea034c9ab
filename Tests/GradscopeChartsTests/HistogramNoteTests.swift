import Foundation
import Testing

@testable import GradscopeCharts

@Suite("Histograms on a log axis, and row notes")
struct HistogramNoteTests {
    /// `bins` bins evenly spaced in log₁₀ from 10^low to 10^high.
    static func logEdges(_ low: Double, _ high: Double, bins: Int) -> [Double] {
        (0...bins).map { Foundation.pow(10, low + (high - low) * Double($0) / Double(bins)) }
    }

    static let bell = [1, 3, 8, 15, 20, 16, 9, 4, 2, 1]

    /// Two layers 26 decades apart; the tiny one also has a bin [0, 10^-29.5] a log axis cannot show.
    static func logSpec(theme: Theme = .light) -> ChartSpec {
        let rows = [
            HistogramRow(label: "layer 2", edges: [0] + logEdges(-29.5, -28.5, bins: 10), counts: [40] + bell, note: "40% exactly 0"),
            HistogramRow(label: "layer 1", edges: logEdges(-3.5, -2.5, bins: 10), counts: bell),
        ]
        return ChartSpec(
            panels: [
                Panel(
                    title: "", xAxis: AxisSpec(label: "|gradient|", scale: .log10), yAxis: AxisSpec(label: "layer"),
                    content: .histograms(rows))
            ],
            width: 750, height: 450, theme: theme)
    }

    static func plot(_ list: DisplayList) -> Rect? {
        for command in list.commands { if case .pushClip(let rect) = command { return rect } }
        return nil
    }

    @Test("a log x axis is fitted to the logs of the edges and ticked at powers of ten")
    func logAxis() {
        let spec = Self.logSpec()
        guard case .numeric(let domain) = ChartLayout.axisModels(spec)[0].x else {
            Issue.record("histogram x axis is not numeric")
            return
        }
        #expect(domain.scale == .log10 && abs(domain.low + 29.5) < 1e-9 && abs(domain.high + 2.5) < 1e-9)
        let list = Fixtures.layout(spec)
        let tick = ThemeStyle(.light).tickFont
        let bases = list.texts.filter { $0.font == tick && !$0.string.hasPrefix("layer") && $0.string != "|gradient|" }
        #expect(bases.count >= 2 && bases.allSatisfy { $0.string == "10" }, "\(bases.map(\.string))")
        let exponents = LayoutTests.superscripts(list).map { Int($0.1.string.replacing("\u{2212}", with: "-")) }
        #expect(exponents.count == bases.count)
        #expect(exponents.allSatisfy { $0.map { (-29)...(-3) ~= $0 } ?? false })
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("layers near 1e-29 and 1e-3 are drawn as distributions a decade wide, at their own x positions")
    func farApartLayers() {
        let list = Fixtures.layout(Self.logSpec())
        let fill = Palette.onLight[0].withAlpha(0.35)
        let spans = list.commands.compactMap { command -> (Double, Double)? in
            guard case .fill(let path, let color) = command, color == fill else { return nil }
            let xs = path.elements.compactMap { if case .move(let p) = $0 { p.x } else if case .line(let p) = $0 { p.x } else { nil } }
            return (xs.min()!, xs.max()!)
        }
        guard let plot = Self.plot(list), spans.count == 2 else {
            Issue.record("expected two histogram fills, found \(spans.count)")
            return
        }
        let decade = plot.width / 27
        #expect(abs(spans[0].0 - plot.minX) < 1e-9)
        #expect(abs((spans[0].1 - spans[0].0) - decade) < 1e-6)
        #expect(abs((spans[1].1 - spans[1].0) - decade) < 1e-6)
        #expect(abs(spans[1].0 - (plot.minX + 26 * decade)) < 1e-6)
    }

    @Test("a row's note is drawn small, right-aligned at the right end of its own row, level with its label", arguments: Theme.allCases)
    func note(theme: Theme) {
        let rows = (1...3).map { layer in
            HistogramRow(label: "layer \(layer)", edges: [0, 1, 2, 3], counts: [1, 3, 1], note: layer == 2 ? nil : "\(layer * 10)% exactly 0")
        }
        let spec = ChartSpec(
            panels: [
                Panel(
                    title: "", xAxis: AxisSpec(label: "activation"), yAxis: AxisSpec(label: "layer"),
                    content: .histograms(rows))
            ], width: 750, height: 450, theme: theme)
        let list = Fixtures.layout(spec)
        let style = ThemeStyle(theme)
        guard let plot = Self.plot(list) else {
            Issue.record("no plot clip")
            return
        }
        let rowHeight = plot.height / 3
        for (row, string) in [(0, "10% exactly 0"), (2, "30% exactly 0")] {
            let items = list.texts.filter { $0.string == string }
            #expect(items.count == 1)
            guard let note = items.first else { continue }
            #expect(note.font.size < style.tickFont.size && note.color == style.secondaryText)
            #expect(note.bounds.maxX <= plot.maxX && note.bounds.maxX > plot.maxX - 5)
            let middle = plot.minY + (Double(row) + 0.5) * rowHeight
            #expect(abs(note.bounds.midY - middle) < 1e-9)
            let label = list.text("layer \(row + 1)")!
            #expect(abs(note.bounds.midY - label.bounds.midY) < 2)
        }
        #expect(!list.texts.contains { $0.string.hasSuffix("exactly 0") && !["10% exactly 0", "30% exactly 0"].contains($0.string) })
        #expect(list.overlappingTexts.isEmpty)
    }

    @Test("notes are left out of rows too short to hold them, so they never overlap")
    func crowdedNotes() {
        let rows = (1...40).map { HistogramRow(label: "layer \($0)", edges: [0, 1, 2], counts: [1, 2], note: "n\($0)") }
        let spec = ChartSpec(
            panels: [
                Panel(
                    title: "", xAxis: AxisSpec(label: "activation"), yAxis: AxisSpec(label: "layer"),
                    content: .histograms(rows))
            ], width: 750, height: 450)
        let list = Fixtures.layout(spec)
        #expect(!list.texts.contains { $0.string.hasPrefix("n") })
        var tall = spec
        tall.height = 900
        #expect(Fixtures.layout(tall).texts.filter { $0.string.hasPrefix("n") }.count == 40)
    }
}
