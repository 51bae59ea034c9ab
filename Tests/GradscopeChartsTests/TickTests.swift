import Testing

@testable import GradscopeCharts

@Suite("Ticks and their labels")
struct TickTests {
    @Test("log ticks spanning 1e-21 to 1 are thinned to every third power, 10^0 included")
    func logTicksThinned() {
        let ticks = LogTicks(low: -21, high: 0, maxLabels: 8, length: 300)
        #expect(ticks.stride == 3)
        #expect(ticks.labelled == [-21, -18, -15, -12, -9, -6, -3, 0])
        #expect(ticks.majors == Array(-21...0))
        #expect(ticks.minors.isEmpty)
    }

    @Test("log ticks over three decades label every power and add minor ticks")
    func logTicksFewDecades() {
        let ticks = LogTicks(low: -3, high: 0, maxLabels: 8, length: 300)
        #expect(ticks.labelled == [-3, -2, -1, 0])
        #expect(ticks.minors.count == 3 * 8)
        #expect(ticks.minors.allSatisfy { $0 > -3 && $0 < 0 })
    }

    @Test("log ticks near the limits of Double keep strides that fit")
    func logTicksExtreme() {
        let ticks = LogTicks(low: -320, high: 300, maxLabels: 8, length: 300)
        #expect(ticks.labelled.count <= 8)
        #expect(ticks.labelled.contains(0))
        #expect(ticks.majors == ticks.labelled)
    }

    @Test("powers of ten are labelled 10 with a superscript exponent and a true minus sign")
    func powerLabels() {
        #expect(TickLabel.powerOfTen(-21) == TickLabel("10", exponent: "\u{2212}21"))
        #expect(TickLabel.powerOfTen(0).plain == "10^0")
    }

    @Test(
        "nice linear ticks use steps of 1, 2 or 5 times a power of ten",
        arguments: [
            (0.0, 1.0, 5, 0.2), (0.0, 30.0, 6, 5.0), (-3.0, 7.0, 10, 1.0), (0.0, 0.0013, 4, 0.0005),
            (1e6, 3e6, 4, 5e5),
        ])
    func niceLinear(low: Double, high: Double, maxCount: Int, step: Double) {
        let ticks = LinearTicks.ticks(low: low, high: high, maxCount: maxCount)
        #expect(ticks.count >= 2 && ticks.count <= maxCount + 1)
        for (a, b) in zip(ticks, ticks.dropFirst()) {
            #expect(abs((b.value - a.value) - step) <= step * 1e-9)
        }
        #expect(ticks.allSatisfy { $0.value >= low - step * 1e-9 && $0.value <= high + step * 1e-9 })
    }

    @Test("linear tick labels are shortest exact decimals without locale")
    func linearLabels() {
        let labels = LinearTicks.ticks(low: 0, high: 1.5, maxCount: 3).map(\.label.plain)
        #expect(labels == ["0", "0.5", "1", "1.5"])
        let negative = LinearTicks.ticks(low: -0.3, high: 0.1, maxCount: 4).map(\.label.plain)
        #expect(negative == ["\u{2212}0.3", "\u{2212}0.2", "\u{2212}0.1", "0", "0.1"])
        let tiny = LinearTicks.ticks(low: 0, high: 3e-7, maxCount: 3).map(\.label.plain)
        #expect(tiny == ["0", "10^\u{2212}7", "2×10^\u{2212}7", "3×10^\u{2212}7"])
    }

    @Test(
        "degenerate linear intervals give no ticks instead of crashing",
        arguments: [(1.0, 1.0), (2.0, 1.0), (Double.nan, 1.0), (0.0, Double.infinity)])
    func degenerateLinear(low: Double, high: Double) {
        #expect(LinearTicks.ticks(low: low, high: high, maxCount: 5).isEmpty)
    }

    @Test("log10 is exact enough at powers of ten and handles subnormals")
    func log10() {
        for k in -300...300 where k % 7 == 0 {
            #expect(abs(Log10.of(DecimalText.pow10(k)) - Double(k)) < 1e-12)
        }
        #expect(abs(Log10.of(Double.leastNonzeroMagnitude) - (-323.306)) < 1e-3)
        #expect(Log10.of(0) == -.infinity)
        #expect(Log10.of(-1).isNaN)
    }
}
