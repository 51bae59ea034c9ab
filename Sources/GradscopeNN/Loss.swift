/// The training objectives, on network outputs Y (rows × k) and targets T.
///
/// - `mse`: L = (1 / (rows·k)) Σᵢⱼ (Yᵢⱼ − Tᵢⱼ)², ∂L/∂Yᵢⱼ = 2(Yᵢⱼ − Tᵢⱼ) / (rows·k); T is rows × k.
/// - `crossEntropy`: softmax then negative log-likelihood, L = (1 / rows) Σᵢ (logΣⱼ e^Yᵢⱼ − Y_{i,tᵢ}),
///   ∂L/∂Yᵢⱼ = (softmax(Yᵢ)ⱼ − [j = tᵢ]) / rows; T is rows × 1 holding class indices as exact
///   integers. The log-sum-exp subtracts the row maximum first, so large logits do not overflow.
public enum Loss: String, Hashable, Sendable, CaseIterable {
    case mse
    case crossEntropy = "cross_entropy"

    /// Σ of the per-term losses and the number of terms, so chunked evaluations can be combined
    /// exactly as one mean (sum of chunk sums in order, divided by the total count).
    /// When `grad` is given it receives ∂(sum / count)/∂Y for this chunk as a batch of its own.
    func evaluate(
        output y: UnsafePointer<Double>, targets t: UnsafePointer<Double>, rows: Int, cols: Int,
        grad: UnsafeMutablePointer<Double>?
    ) -> (sum: Double, count: Int) {
        switch self {
        case .mse:
            let n = rows * cols
            let scale = 2 / Double(n)
            var sum = 0.0
            for i in 0..<n {
                let d = y[i] - t[i]
                sum.addProduct(d, d)
                if let grad { grad[i] = scale * d }
            }
            return (sum, n)
        case .crossEntropy:
            let scale = 1 / Double(rows)
            var sum = 0.0
            for r in 0..<rows {
                let row = y + r * cols
                let target = Int(t[r])
                var m = row[0]
                for j in 1..<max(cols, 1) where row[j] > m { m = row[j] }
                var s = 0.0
                for j in 0..<cols { s += exp(row[j] - m) }
                sum += (m + log(s)) - row[target]
                if let grad {
                    let g = grad + r * cols
                    for j in 0..<cols { g[j] = scale * (exp(row[j] - m) / s - (j == target ? 1 : 0)) }
                }
            }
            return (sum, rows)
        }
    }

    /// Number of rows whose arg-max output equals the class index in T (first maximum wins).
    static func correct(output y: UnsafePointer<Double>, targets t: UnsafePointer<Double>, rows: Int, cols: Int) -> Int {
        var hits = 0
        for r in 0..<rows {
            let row = y + r * cols
            var best = 0
            for j in 1..<max(cols, 1) where row[j] > row[best] { best = j }
            if best == Int(t[r]) { hits += 1 }
        }
        return hits
    }
}
