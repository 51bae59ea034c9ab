import Foundation

/// How measured numbers read in prose, tables and claims: three significant digits, scientific
/// notation (`4.1 × 10⁻⁹`) outside [0.001, 100000). Locale-independent and deterministic.
enum NumberFormat {
    static func readable(_ value: Double, digits: Int = 3) -> String {
        if value.isNaN { return "n/a" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e5 {
            let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
            return trimmed(String(format: "%.\(decimals)f", value))
        }
        let (mantissa, exponent) = scientificParts(value, digits: digits)
        let superscript = String(exponent).map { superscripts[$0] ?? String($0) }.joined()
        return mantissa == "1" ? "10\(superscript)" : "\(mantissa) × 10\(superscript)"
    }

    /// A percentage with up to one decimal: `12.5%`.
    static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? trimmed(String(format: "%.1f", fraction * 100)) + "%" : readable(fraction)
    }

    /// Shortest text that reads back as the same Double (for data files).
    static func exact(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return "\(value)"
    }

    /// Mantissa text with `digits` significant digits and the decimal exponent, with 9.995e-3 rounding to 1e-2.
    private static func scientificParts(_ value: Double, digits: Int) -> (String, Int) {
        let text = String(format: "%.\(digits - 1)e", value)
        let parts = text.split(separator: "e")
        return (trimmed(String(parts[0])), Int(parts[1]) ?? 0)
    }

    /// Drops trailing zeros after a decimal point ("2.50" → "2.5", "3.00" → "3").
    private static func trimmed(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "-", with: "−")
        guard result.contains(".") else { return result }
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }

    private static let superscripts: [Character: String] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻", "+": "",
    ]
}
