/// Base-10 logarithm without Foundation: log₂ from the binary exponent plus a series for the
/// significand, exact to a few ulps, so the charting module stays a stdlib-only leaf.
enum Log10 {
    private static let ln10 = 2.302585092994045684017991454684364208
    private static let ln2 = 0.693147180559945309417232121458176568

    /// log₁₀ x for x > 0 (subnormals included); −∞ for 0, NaN for negatives and NaN.
    static func of(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return .infinity }
        var e = Double(x.exponent)
        var m = x.significand  // in [1, 2)
        if m > 1.4142135623730951 {
            m /= 2
            e += 1
        }
        // ln m = 2 atanh(s), s = (m - 1)/(m + 1), |s| < 0.172
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        while true {
            let next = sum + term / k
            if next == sum { break }
            sum = next
            term *= s2
            k += 2
        }
        return (2 * sum + e * ln2) / ln10
    }
}
