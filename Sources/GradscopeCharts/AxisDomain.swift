/// The visible range of a numeric axis in transformed units: data values on a linear axis, log₁₀ of
/// data values on a log axis. Values a scale cannot show (non-finite, or ≤ 0 on a log axis) are
/// left out of the fit and of the drawing.
public struct AxisDomain: Hashable, Sendable {
    public var scale: AxisScale
    public var low: Double
    public var high: Double

    public init(scale: AxisScale, low: Double, high: Double) {
        self.scale = scale
        self.low = low
        self.high = high
    }

    /// The transformed coordinate of `value`, or nil when the scale cannot show it.
    public func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear: return value
        case .log10: return value > 0 ? Log10.of(value) : nil
        }
    }

    /// Position of transformed `t` as a fraction of the axis (0 at `low`, 1 at `high`).
    public func fraction(ofTransformed t: Double) -> Double {
        (t - low) / (high - low)
    }

    /// Position of `value` as a fraction of the axis, or nil when the scale cannot show it.
    public func fraction(of value: Double) -> Double? {
        transform(value).map(fraction(ofTransformed:))
    }

    /// Fits `values` (any mix of finite, non-finite, zero and negative) with `padding` of the span
    /// added on each side. A fixed `range` wins where the scale can show it. Degenerate cases:
    /// no showable value gives 0…1 (10⁰…10¹ on a log axis); a single value is widened by 10 % of
    /// its magnitude (at least 0.5) on a linear axis and by half a decade on a log axis. On a log axis
    /// data spanning at most 8 decades is widened to whole decades (then padded by half as much), and
    /// any range is widened until it holds at least two powers of ten, so there are always labelled
    /// ticks.
    public static func fit(
        _ values: [Double], scale: AxisScale, range: ClosedRange<Double>? = nil,
        padding: Double = 0.05
    ) -> AxisDomain {
        let probe = AxisDomain(scale: scale, low: 0, high: 1)
        var low = Double.infinity
        var high = -Double.infinity
        for value in values {
            if let t = probe.transform(value) {
                low = min(low, t)
                high = max(high, t)
            }
        }
        if low > high {
            low = 0
            high = 1
        } else if high - low <= max(abs(low), abs(high)) * 1e-12 {
            let widen = scale == .log10 ? 0.5 : max(abs(low) * 0.1, 0.5)
            low -= widen
            high += widen
        } else if scale == .log10 && high - low <= 8 {
            low = (low + 1e-9).rounded(.down)
            high = (high - 1e-9).rounded(.up)
            let pad = (high - low) * padding * 0.5
            low -= pad
            high += pad
        } else {
            let pad = (high - low) * padding
            low -= pad
            high += pad
        }
        if let range {
            if let t = probe.transform(range.lowerBound) { low = t }
            if let t = probe.transform(range.upperBound) { high = t }
            if high <= low { high = low + (scale == .log10 ? 1 : max(abs(low) * 0.1, 1)) }
        }
        if scale == .log10 {
            low = max(low, -323.5)
            high = min(high, 308.2)
            let first = (low - 1e-9).rounded(.up)
            let last = (high + 1e-9).rounded(.down)
            if last - first < 1 {
                low = min(low, (low + 1e-9).rounded(.down))
                high = max(high, (high - 1e-9).rounded(.up))
                if high - low < 1 { high = low + 1 }
            }
        }
        return AxisDomain(scale: scale, low: low, high: high)
    }
}
