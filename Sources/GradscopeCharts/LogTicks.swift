/// Where ticks go on a base-10 log axis whose transformed range is `low...high` (that is, values
/// 10^low … 10^high). Major ticks sit at integer powers of ten; when many decades are shown, only
/// every `stride`-th power is labelled (multiples of the stride, so 10⁰ stays labelled) and the
/// unlabelled powers keep a tick only while there is room; minor ticks at 2…9 × 10ᵏ are added
/// while decades are wide enough to hold them.
public struct LogTicks: Hashable, Sendable {
    /// Powers of ten with a major tick.
    public var majors: [Int]
    /// Powers of ten with a label (a subset of `majors`).
    public var labelled: [Int]
    /// Transformed positions (log₁₀ of m × 10ᵏ) of minor ticks.
    public var minors: [Double]
    /// Label every `stride`-th power.
    public var stride: Int

    /// Strides tried in order when labels must be thinned.
    public static let strides = [1, 2, 3, 5, 10, 20, 25, 50, 100]

    /// Ticks for `low...high` with at most `maxLabels` labels, on an axis `length` points long.
    public init(low: Double, high: Double, maxLabels: Int, length: Double) {
        guard low.isFinite, high.isFinite, high > low else {
            self.init(majors: [], labelled: [], minors: [], stride: 1)
            return
        }
        let first = Int((low - 1e-9).rounded(.up))
        let last = Int((high + 1e-9).rounded(.down))
        let powers = first <= last ? Array(first...last) : []
        var stride = Self.strides.last!
        for candidate in Self.strides where powers.filter({ $0 % candidate == 0 }).count <= max(1, maxLabels) {
            stride = candidate
            break
        }
        let labelled = powers.filter { $0 % stride == 0 }
        let decadeLength = length / (high - low)
        let majors = decadeLength >= 4 ? powers : labelled
        var minors: [Double] = []
        if decadeLength >= 24 {
            for decade in (first - 1)...last {
                for m in 2...9 {
                    let t = Double(decade) + Log10.of(Double(m))
                    if t >= low - 1e-9 && t <= high + 1e-9 { minors.append(t) }
                }
            }
        }
        self.init(majors: majors, labelled: labelled, minors: minors, stride: stride)
    }

    public init(majors: [Int], labelled: [Int], minors: [Double], stride: Int) {
        self.majors = majors
        self.labelled = labelled
        self.minors = minors
        self.stride = stride
    }
}
