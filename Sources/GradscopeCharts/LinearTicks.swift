/// Where ticks go on a linear axis: multiples of a "nice" step of 1, 2 or 5 × 10ᵏ (as in
/// matplotlib's MaxNLocator and Heckbert's "nice numbers"). Labelling is `TickLabel.decimal`.
public enum LinearTicks {
    /// A step `mantissa × 10^exponent` with mantissa 1, 2 or 5.
    public struct Step: Hashable, Sendable {
        public var mantissa: Int
        public var exponent: Int
        public var value: Double {
            Double(mantissa) * DecimalText.pow10(exponent)
        }
    }

    /// One tick: its value and its exact decimal `index × step`, ready to label.
    public struct Tick: Hashable, Sendable {
        public var value: Double
        public var label: TickLabel
    }

    /// The smallest nice step that puts at most `maxCount` intervals across `span` (> 0).
    public static func step(span: Double, maxCount: Int) -> Step {
        let raw = span / Double(max(1, maxCount))
        let k = Int(raw.log10Floor)
        for mantissa in [1, 2, 5] where Double(mantissa) * DecimalText.pow10(k) >= raw * (1 - 1e-12) {
            return Step(mantissa: mantissa, exponent: k)
        }
        return Step(mantissa: 1, exponent: k + 1)
    }

    /// Longest plain label (sign included) before an axis switches all its labels to `m×10ⁿ`.
    public static let maximumPlainLength = 8

    /// Ticks at multiples of the nice step for at most `maxCount` intervals, inside `low...high`,
    /// labelled as plain decimals unless one would be longer than `maximumPlainLength` characters.
    /// Returns no ticks for an empty, inverted or non-finite interval.
    public static func ticks(low: Double, high: Double, maxCount: Int) -> [Tick] {
        guard low.isFinite, high.isFinite, high > low else { return [] }
        let step = step(span: high - low, maxCount: maxCount)
        let stepValue = step.value
        let first = (low / stepValue - 1e-9).rounded(.up)
        let last = (high / stepValue + 1e-9).rounded(.down)
        guard first <= last, last - first < 1000, abs(first) < 1e15, abs(last) < 1e15 else { return [] }
        let indices = Int(first)...Int(last)
        let plain = indices.map { TickLabel.decimal(significand: $0 * step.mantissa, exponent: step.exponent, scientific: false) }
        let scientific = plain.contains { $0.text.count > maximumPlainLength }
        return zip(indices, plain).map { index, label in
            Tick(
                value: Double(index) * stepValue,
                label: scientific ? .decimal(significand: index * step.mantissa, exponent: step.exponent, scientific: true) : label)
        }
    }
}
