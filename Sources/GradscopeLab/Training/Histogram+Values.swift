extension Histogram {
    /// Equal-width histograms of several value sets over one shared range, so layers can be compared
    /// bin by bin: the range spans the finite minimum to maximum of all sets (widened by ±0.5 when
    /// they are all equal, [−1, 1] when none is finite); the last bin includes its upper edge;
    /// non-finite values are not counted.
    static func shared(_ sets: [[Double]], bins: Int) -> [Histogram] {
        var low = Double.infinity, high = -Double.infinity
        for set in sets {
            for v in set where v.isFinite {
                low = min(low, v)
                high = max(high, v)
            }
        }
        if low > high { low = -1; high = 1 }
        if low == high { low -= 0.5; high += 0.5 }
        // Halved differences and convex combinations keep every step finite for any finite range.
        let halfSpan = high / 2 - low / 2
        let edges = (0...bins).map { i -> Double in
            let f = Double(i) / Double(bins)
            return i == bins ? high : low * (1 - f) + high * f
        }
        return sets.map { set in
            var counts = Array(repeating: 0, count: bins)
            for v in set where v.isFinite {
                let t = (v / 2 - low / 2) / halfSpan * Double(bins)
                counts[t.isNaN ? 0 : Int(min(max(t, 0), Double(bins - 1)))] += 1
            }
            return Histogram(edges: edges, counts: counts)
        }
    }
}
