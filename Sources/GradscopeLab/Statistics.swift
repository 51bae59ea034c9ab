/// Summaries of measured values: over seed repeats in reports, over timed repetitions in `bench`.
public enum Statistics {
    /// The middle value (mean of the two middle values for an even count), NaN sorted last; NaN
    /// for none.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted { $0 < $1 || ($1.isNaN && !$0.isNaN) }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The arithmetic mean, summed in order; NaN for none.
    public static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        return values.reduce(0, +) / Double(values.count)
    }
}
