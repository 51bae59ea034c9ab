/// Weight initialisers for a layer with `fanIn` inputs and `fanOut` outputs (biases start at zero).
///
/// | name | draw |
/// | --- | --- |
/// | xavier_uniform | U(−a, a), a = √(6 / (fanIn + fanOut)) (Glorot & Bengio 2010) |
/// | xavier_normal | N(0, 2 / (fanIn + fanOut)) |
/// | he_uniform | U(−a, a), a = √(6 / fanIn) |
/// | he_normal | N(0, 2 / fanIn) (He et al. 2015) |
/// | lecun_normal | N(0, 1 / fanIn) |
/// | orthogonal | Q of the QR factorisation (modified Gram–Schmidt, R's diagonal positive) of a standard normal matrix (Saxe et al. 2014) |
/// | normal(σ) | N(0, σ²) |
/// | uniform(a) | U(−a, a) |
/// | auto | he_normal for relu-like activations, xavier_uniform otherwise |
///
/// Every draw but orthogonal's maps one `openUniform()` u per weight, in row-major order:
/// U(−a, a) as a(2u − 1) and N(0, σ²) as σΦ⁻¹(u) (`Xoshiro256StarStar.normal()`). So with the
/// same stream, weight i is an increasing function of the same uᵢ under every such initialiser.
public enum Initializer: Hashable, Sendable {
    case xavierUniform, xavierNormal, heUniform, heNormal, lecunNormal, orthogonal
    case normal(std: Double)
    case uniform(limit: Double)
    case auto

    public static let names = [
        "auto", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal",
        "lecun_normal", "orthogonal", "normal(std)", "uniform(limit)",
    ]

    /// Parses a name; `normal` and `uniform` need one finite, non-negative parameter.
    public init?(name: String) {
        let trimmed = name.trimmingSpaces
        if let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") {
            let base = String(trimmed[..<open]).trimmingSpaces
            guard let value = Double(String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]).trimmingSpaces),
                value.isFinite, value >= 0
            else { return nil }
            switch base {
            case "normal": self = .normal(std: value)
            case "uniform": self = .uniform(limit: value)
            default: return nil
            }
            return
        }
        switch trimmed {
        case "auto": self = .auto
        case "xavier_uniform": self = .xavierUniform
        case "xavier_normal": self = .xavierNormal
        case "he_uniform": self = .heUniform
        case "he_normal": self = .heNormal
        case "lecun_normal": self = .lecunNormal
        case "orthogonal": self = .orthogonal
        default: return nil
        }
    }

    /// The canonical spelling, which `init?(name:)` reads back: parameters as the shortest
    /// decimal that round-trips, without a fraction when whole (`normal(1)`, `uniform(0.05)`).
    public var name: String {
        switch self {
        case .auto: "auto"
        case .xavierUniform: "xavier_uniform"
        case .xavierNormal: "xavier_normal"
        case .heUniform: "he_uniform"
        case .heNormal: "he_normal"
        case .lecunNormal: "lecun_normal"
        case .orthogonal: "orthogonal"
        case .normal(let std): "normal(\(Initializer.parameterText(std)))"
        case .uniform(let limit): "uniform(\(Initializer.parameterText(limit)))"
        }
    }

    private static func parameterText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
    }

    /// `auto` made concrete for an activation.
    public func resolved(for activation: Activation) -> Initializer {
        guard self == .auto else { return self }
        return activation.isReLULike ? .heNormal : .xavierUniform
    }

    /// Fills a fanOut × fanIn row-major weight matrix, drawing in row-major order.
    func fill(_ w: UnsafeMutablePointer<Double>, fanIn: Int, fanOut: Int, rng: inout Xoshiro256StarStar) {
        let n = fanIn * fanOut
        let fi = Double(fanIn)
        let fo = Double(fanOut)
        switch self {
        case .xavierUniform: Initializer.uniform(w, n, limit: (6 / (fi + fo)).squareRoot(), &rng)
        case .xavierNormal: Initializer.normal(w, n, std: (2 / (fi + fo)).squareRoot(), &rng)
        case .heUniform: Initializer.uniform(w, n, limit: (6 / fi).squareRoot(), &rng)
        case .heNormal: Initializer.normal(w, n, std: (2 / fi).squareRoot(), &rng)
        case .lecunNormal: Initializer.normal(w, n, std: (1 / fi).squareRoot(), &rng)
        case .normal(let std): Initializer.normal(w, n, std: std, &rng)
        case .uniform(let limit): Initializer.uniform(w, n, limit: limit, &rng)
        case .orthogonal: Initializer.orthogonal(w, rows: fanOut, cols: fanIn, &rng)
        case .auto: preconditionFailure("resolve `auto` for the activation first")
        }
    }

    private static func uniform(_ w: UnsafeMutablePointer<Double>, _ n: Int, limit: Double, _ rng: inout Xoshiro256StarStar) {
        for i in 0..<n { w[i] = limit * (2 * rng.openUniform() - 1) }  // 2u − 1 is exact
    }

    private static func normal(_ w: UnsafeMutablePointer<Double>, _ n: Int, std: Double, _ rng: inout Xoshiro256StarStar) {
        for i in 0..<n { w[i] = std * rng.normal() }
    }

    /// A rows × cols matrix with orthonormal rows (rows ≤ cols) or orthonormal columns (rows ≥ cols):
    /// a tall standard-normal matrix G (max × min) is orthonormalised column by column with modified
    /// Gram–Schmidt (so R's diagonal is positive and Q is unique), and transposed when rows < cols.
    private static func orthogonal(_ w: UnsafeMutablePointer<Double>, rows: Int, cols: Int, _ rng: inout Xoshiro256StarStar) {
        let tall = max(rows, cols)
        let narrow = min(rows, cols)
        var q = Matrix(rows: tall, cols: narrow)  // tall × narrow
        for i in 0..<(tall * narrow) { q.storage[i] = rng.normal() }
        for j in 0..<narrow {
            for p in 0..<j {
                var dot = 0.0
                for i in 0..<tall { dot.addProduct(q[i, p], q[i, j]) }
                for i in 0..<tall { q[i, j] = q[i, j].addingProduct(-dot, q[i, p]) }
            }
            var norm = 0.0
            for i in 0..<tall { norm.addProduct(q[i, j], q[i, j]) }
            norm = norm.squareRoot()
            for i in 0..<tall { q[i, j] /= norm }
        }
        for r in 0..<rows {
            for c in 0..<cols { w[r * cols + c] = rows >= cols ? q[r, c] : q[c, r] }
        }
    }
}
