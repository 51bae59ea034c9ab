import Testing

@testable import GradscopeCharts

@Suite("Fitting axis ranges to data")
struct AxisDomainTests {
    @Test("a log axis ignores zeros, negatives, NaN and infinities")
    func logIgnoresUnshowable() {
        let domain = AxisDomain.fit([0, -3, .nan, .infinity, -.infinity, 0.01, 1], scale: .log10)
        #expect(domain.low <= -2 && domain.low > -2.2)
        #expect(domain.high >= 0 && domain.high < 0.2)
    }

    @Test("a log axis over less than a decade widens to whole decades")
    func logWidensToDecades() {
        let domain = AxisDomain.fit([0.2, 0.7], scale: .log10)
        #expect(domain.low <= -1 && domain.high >= 0)
    }

    @Test("values near 1e-300 and subnormals stay representable")
    func tinyValues() {
        let domain = AxisDomain.fit([1e-300, Double.leastNonzeroMagnitude, 1], scale: .log10)
        #expect(domain.low.isFinite && domain.low >= -323.5 && domain.low <= -323)
        #expect(domain.fraction(of: 1e-300)! > 0 && domain.fraction(of: 1e-300)! < 1)
    }

    @Test("a flat series gets a non-empty range on either scale", arguments: [AxisScale.linear, .log10])
    func flat(scale: AxisScale) {
        let domain = AxisDomain.fit([0.5, 0.5, 0.5], scale: scale)
        #expect(domain.high > domain.low)
        #expect(domain.fraction(of: 0.5)! > 0 && domain.fraction(of: 0.5)! < 1)
    }

    @Test("no showable data falls back to a unit range")
    func empty() {
        #expect(AxisDomain.fit([], scale: .linear) == AxisDomain(scale: .linear, low: 0, high: 1))
        #expect(AxisDomain.fit([0, -1, .nan], scale: .log10) == AxisDomain(scale: .log10, low: 0, high: 1))
    }

    @Test("a fixed range wins over the data")
    func fixed() {
        let domain = AxisDomain.fit([0, 100], scale: .linear, range: 10...20)
        #expect(domain == AxisDomain(scale: .linear, low: 10, high: 20))
    }
}
