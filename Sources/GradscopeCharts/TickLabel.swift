/// How a tick is labelled: `text`, optionally followed by `exponent` set as a superscript
/// (so 10⁻³ is `text: "10", exponent: "−3"`). Numbers use U+2212 MINUS SIGN and no locale.
public struct TickLabel: Hashable, Sendable {
    public var text: String
    public var exponent: String?

    public init(_ text: String, exponent: String? = nil) {
        self.text = text
        self.exponent = exponent
    }

    /// The label as plain text, with `^` before any exponent (for alt text and test messages).
    public var plain: String {
        exponent.map { "\(text)^\($0)" } ?? text
    }

    /// `10` raised to `power`.
    public static func powerOfTen(_ power: Int) -> TickLabel {
        TickLabel("10", exponent: DecimalText.integer(power))
    }

    /// The exact decimal `significand × 10^exponent`, in its shortest form: a plain decimal
    /// (`0.015`, `1500`) when `scientific` is false, otherwise `m×10ⁿ` (or `10ⁿ` when m is 1).
    /// By default, scientific for magnitudes below 1e-4 or from 1e6 up.
    public static func decimal(significand: Int, exponent: Int, scientific: Bool? = nil) -> TickLabel {
        if significand == 0 { return TickLabel("0") }
        let sign = significand < 0 ? "\u{2212}" : ""
        var digits = String(significand.magnitude)
        var power = exponent
        while digits.count > 1 && digits.hasSuffix("0") {
            digits.removeLast()
            power += 1
        }
        let magnitude = power + digits.count - 1
        if !(scientific ?? !(magnitude >= -4 && magnitude < 6)) {
            return TickLabel(sign + DecimalText.placingPoint(digits: digits, power: power))
        }
        let mantissa = DecimalText.placingPoint(digits: digits, power: -(digits.count - 1))
        let base = mantissa == "1" ? "10" : "\(mantissa)\u{00D7}10"
        return TickLabel(sign + base, exponent: DecimalText.integer(magnitude))
    }
}

/// Locale-free decimal text and powers of ten for tick labels. (The report's prose numbers are
/// `NumberFormat` in GradscopeReport; this leaf keeps its own because it may not import it, and
/// tick labels need U+2212 minus signs and exact powers of ten without Foundation.)
enum DecimalText {
    /// An integer with U+2212 as its minus sign.
    static func integer(_ value: Int) -> String {
        value < 0 ? "\u{2212}\(value.magnitude)" : "\(value)"
    }

    /// `digits × 10^power` written out as a plain decimal (`"15", -3` → `"0.015"`).
    static func placingPoint(digits: String, power: Int) -> String {
        if power >= 0 { return digits + String(repeating: "0", count: power) }
        let fractionDigits = -power
        if digits.count > fractionDigits {
            let cut = digits.index(digits.endIndex, offsetBy: -fractionDigits)
            return digits[..<cut] + "." + digits[cut...]
        }
        return "0." + String(repeating: "0", count: fractionDigits - digits.count) + digits
    }

    /// 10^n: exact for 0 ≤ n ≤ 22, correctly rounded for −22 ≤ n < 0, and a product of two halves
    /// beyond, so n near ±308 neither overflows nor flushes to zero on the way.
    static func pow10(_ n: Int) -> Double {
        if n >= 0 && n <= 22 {
            var result = 1.0
            for _ in 0..<n { result *= 10 }
            return result
        }
        if n < 0 && n >= -22 { return 1 / pow10(-n) }
        let half = n / 2
        return pow10(half) * pow10(n - half)
    }
}

extension Double {
    /// ⌊log₁₀ |self|⌋ for finite non-zero values, exact at powers of ten.
    var log10Floor: Double {
        var e = (Log10.of(abs(self))).rounded(.down)
        if DecimalText.pow10(Int(e) + 1) <= abs(self) { e += 1 }
        if DecimalText.pow10(Int(e)) > abs(self) { e -= 1 }
        return e
    }
}
