import Foundation

extension Histogram {
    /// Equal-width histograms of several value sets over one shared range, so layers can be compared
    /// bin by bin: the range spans the finite minimum to maximum of all sets (widened by ±0.5 when
    /// they are all equal, [−1, 1] when none is finite); the last bin includes its upper edge;
    /// non-finite values are not counted; exact zeros are binned and also counted in `zeroCount`.
    static func shared<Values: Collection<Double>>(_ sets: [Values], bins: Int) -> [Histogram] {
        var low = Double.infinity
        var high = -Double.infinity
        for set in sets {
            for v in set where v.isFinite {
                low = min(low, v)
                high = max(high, v)
            }
        }
        if low > high {
            low = -1
            high = 1
        }
        if low == high {
            low -= 0.5
            high += 0.5
        }
        // Halved differences and convex combinations keep every step finite for any finite range.
        let halfSpan = high / 2 - low / 2
        let edges = (0...bins).map { i -> Double in
            let f = Double(i) / Double(bins)
            return i == bins ? high : low * (1 - f) + high * f
        }
        return sets.map { set in
            var counts = Array(repeating: 0, count: bins)
            var zeros = 0
            for v in set where v.isFinite {
                let t = (v / 2 - low / 2) / halfSpan * Double(bins)
                counts[t.isNaN ? 0 : Int(min(max(t, 0), Double(bins - 1)))] += 1
                if v == 0 { zeros += 1 }
            }
            return Histogram(edges: edges, counts: counts, zeroCount: zeros)
        }
    }

    /// Log-magnitude histograms (`.log10Magnitude`) of several value sets over one shared range:
    /// bins are equal-width in e = log₁₀|v| over the finite non-zero values of all sets, from the
    /// smallest e to the largest (widened to one decade around it when they are all equal, [−1, 1]
    /// when there are none), kept within [−307, 308] so that every edge 10^e is a finite, positive,
    /// normal number (values beyond fall in the end bins); the last bin includes its upper edge.
    /// Zeros are counted in `zeroCount` only; non-finite values are not counted.
    static func sharedLog10Magnitude<Values: Collection<Double>>(_ sets: [Values], bins: Int) -> [Histogram] {
        var low = Double.infinity
        var high = -Double.infinity
        for set in sets {
            for v in set where v.isFinite && v != 0 {
                let e = log10(abs(v))
                low = min(low, e)
                high = max(high, e)
            }
        }
        if low > high {
            low = -1
            high = 1
        }
        let floor = -307.0
        let ceiling = 308.0
        low = min(max(low, floor), ceiling)
        high = min(max(high, floor), ceiling)
        if low == high {
            low = min(max(low - 0.5, floor), ceiling - 1)
            high = low + 1
        }
        let span = high - low
        let edges = (0...bins).map { i -> Double in
            let f = Double(i) / Double(bins)
            return pow(10, i == bins ? high : low * (1 - f) + high * f)
        }
        return sets.map { set in
            var counts = Array(repeating: 0, count: bins)
            var zeros = 0
            for v in set where v.isFinite {
                guard v != 0 else {
                    zeros += 1
                    continue
                }
                let t = (log10(abs(v)) - low) / span * Double(bins)
                counts[Int(min(max(t, 0), Double(bins - 1)))] += 1
            }
            return Histogram(edges: edges, counts: counts, scale: .log10Magnitude, zeroCount: zeros)
        }
    }
}
