/// A hidden-layer activation φ with its derivative written beside it.
///
/// | name | φ(z) | φ′(z) | max φ′ |
/// | --- | --- | --- | --- |
/// | sigmoid | σ(z) = 1 / (1 + e⁻ᶻ) | σ(1 − σ) | 1/4 |
/// | tanh | tanh z | 1 − tanh² z | 1 |
/// | relu | max(0, z) | 1 if z > 0 else 0 | 1 |
/// | leaky_relu(s) | z if z > 0 else s·z | 1 or s (default s = 0.01) | max(1, abs(s)) |
/// | elu(α) | z if z > 0 else α(eᶻ − 1) | 1 or α·eᶻ (default α = 1) | max(1, α) |
/// | gelu | z·Φ(z), Φ the normal CDF (erf form) | Φ(z) + z·ϕ(z) | Φ(√2) + √2·ϕ(√2) ≈ 1.1289 |
/// | selu | λz if z > 0 else λα(eᶻ − 1) | λ or λα·eᶻ | λα ≈ 1.7581 |
/// | softplus | log(1 + eᶻ) | σ(z) | 1 (supremum) |
/// | silu | z·σ(z) | σ(1 + z(1 − σ)) | ≈ 1.0998 at z ≈ 2.3994 |
/// | identity | z | 1 | 1 |
public enum Activation: Hashable, Sendable {
    case sigmoid, tanh, relu
    case leakyReLU(slope: Double)
    case elu(alpha: Double)
    case gelu, selu, softplus, silu, identity

    /// SELU's constants (Klambauer et al. 2017), as in PyTorch.
    public static let seluAlpha = 1.6732632423543772848170429916717
    public static let seluScale = 1.0507009873554804934193349852946

    /// Base names, in the order reports list them.
    public static let names = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "selu", "softplus", "silu", "identity"]

    /// Parses `sigmoid`, `leaky_relu`, `leaky_relu(0.2)`, `elu(0.5)`, ...; nil for anything else
    /// (unknown name, a parameter on an activation that takes none, a non-finite parameter, α ≤ 0).
    public init?(name: String) {
        let trimmed = name.trimmingSpaces
        var base = trimmed
        var parameter: Double?
        if let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") {
            base = String(trimmed[..<open]).trimmingSpaces
            guard let value = Double(String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]).trimmingSpaces),
                value.isFinite
            else { return nil }
            parameter = value
        }
        switch (base, parameter) {
        case ("sigmoid", nil): self = .sigmoid
        case ("tanh", nil): self = .tanh
        case ("relu", nil): self = .relu
        case ("leaky_relu", let s): self = .leakyReLU(slope: s ?? 0.01)
        case ("elu", let a):
            guard (a ?? 1) > 0 else { return nil }
            self = .elu(alpha: a ?? 1)
        case ("gelu", nil): self = .gelu
        case ("selu", nil): self = .selu
        case ("softplus", nil): self = .softplus
        case ("silu", nil): self = .silu
        case ("identity", nil): self = .identity
        default: return nil
        }
    }

    /// The canonical spelling; parameters appear only when they differ from the default.
    public var name: String {
        switch self {
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "relu"
        case .leakyReLU(let s): s == 0.01 ? "leaky_relu" : "leaky_relu(\(s))"
        case .elu(let a): a == 1 ? "elu" : "elu(\(a))"
        case .gelu: "gelu"
        case .selu: "selu"
        case .softplus: "softplus"
        case .silu: "silu"
        case .identity: "identity"
        }
    }

    /// Relu-like activations (unbounded above, φ′ → 1): `auto` initialisation picks He for these.
    public var isReLULike: Bool {
        switch self {
        case .sigmoid, .tanh, .identity: false
        default: true
        }
    }

    /// sup φ′ over the real line.
    public var maxDerivative: Double {
        switch self {
        case .sigmoid: 0.25
        case .tanh, .relu, .softplus, .identity: 1
        case .leakyReLU(let s): max(1, abs(s))
        case .elu(let a): max(1, a)
        case .gelu: Activation.geluMaxDerivative
        case .selu: Activation.seluScale * Activation.seluAlpha
        case .silu: Activation.siluMaxDerivative
        }
    }

    /// gelu″(z) = ϕ(z)(2 − z²) vanishes at z = √2.
    static let geluMaxDerivative: Double = Activation.gelu.derivative(2.0.squareRoot())

    /// silu″(z) = σ(1 − σ)(2 + z(1 − 2σ)) vanishes where 2 + z(1 − 2σ(z)) = 0, found by bisection on [2, 3].
    static let siluMaxDerivative: Double = {
        var low = 2.0
        var high = 3.0
        for _ in 0..<100 {
            let mid = 0.5 * (low + high)
            let s = 1 / (1 + exp(-mid))
            if 2 + mid * (1 - 2 * s) > 0 { low = mid } else { high = mid }
        }
        return Activation.silu.derivative(0.5 * (low + high))
    }()

    /// φ(z).
    public func value(_ z: Double) -> Double {
        switch self {
        case .relu: return z > 0 ? z : 0
        case .leakyReLU(let s): return z > 0 ? z : s * z
        case .gelu: return z * 0.5 * (1 + erf(z * Activation.rsqrt2))
        case .softplus: return max(z, 0) + log1p(exp(-abs(z)))
        case .identity: return z
        // The exp-based ones through the lanes `forward` runs, for the same bits.
        case .sigmoid: return Vector.Sigmoid().apply(z)
        case .tanh: return Vector.Tanh().apply(z)
        case .elu(let a): return Vector.ELU(alpha: a, scale: 1).apply(z)
        case .selu: return Activation.seluLanes.apply(z)
        case .silu: return Vector.SiLU().apply(z)
        }
    }

    /// φ′(z), from the pre-activation z alone.
    public func derivative(_ z: Double) -> Double {
        derivative(z, value(z))
    }

    /// Whether `derivative(z, h)` and `backward` give the same result with h passed for z:
    /// sigmoid and tanh read h only, relu tests z > 0 (the same as h > 0), identity has h = z.
    /// The workspace then stores φ(z) over z.
    var derivativeFromOutput: Bool {
        switch self {
        case .sigmoid, .tanh, .relu, .identity: true
        default: false
        }
    }

    /// φ′(z) given z and h = φ(z) (sigmoid and tanh use h; the others z).
    @inline(__always)
    func derivative(_ z: Double, _ h: Double) -> Double {
        switch self {
        case .sigmoid: return h * (1 - h)
        case .tanh: return 1 - h * h
        case .relu: return z > 0 ? 1 : 0
        case .leakyReLU(let s): return z > 0 ? 1 : s
        case .gelu: return 0.5 * (1 + erf(z * Activation.rsqrt2)) + z * exp(-0.5 * z * z) * Activation.rsqrt2pi
        case .softplus: return 1 / (1 + exp(-z))
        case .identity: return 1
        // The exp-based ones through the lanes `backward` runs (times dh = 1), for the same bits.
        case .elu(let a): return Vector.ELUDerivative(alpha: a, scale: 1).apply(1, z, h)
        case .selu: return Activation.seluDerivativeLanes.apply(1, z, h)
        case .silu: return Vector.SiLUDerivative().apply(1, z, h)
        }
    }

    /// SELU on eight lanes: ELU with SELU's α and scale λ.
    static let seluLanes = Vector.ELU(alpha: seluAlpha, scale: seluScale)
    static let seluDerivativeLanes = Vector.ELUDerivative(alpha: seluAlpha, scale: seluScale)

    static let rsqrt2 = 0.70710678118654752440084436210485
    static let rsqrt2pi = 0.39894228040143267793994605993438

    /// h[i] = φ(z[i]) for i < count. One loop per activation, specialised for it; no dispatch
    /// inside it.
    func forward(_ z: UnsafePointer<Double>, _ h: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .relu: Vector.map(Vector.ReLU(), z, h, count: count)
        case .sigmoid: Vector.map(Vector.Sigmoid(), z, h, count: count)
        case .tanh: Vector.map(Vector.Tanh(), z, h, count: count)
        case .leakyReLU(let s): Vector.map(Vector.LeakyReLU(slope: s), z, h, count: count)
        case .elu(let a): Vector.map(Vector.ELU(alpha: a, scale: 1), z, h, count: count)
        case .selu: Vector.map(Activation.seluLanes, z, h, count: count)
        case .silu: Vector.map(Vector.SiLU(), z, h, count: count)
        case .identity: h.update(from: z, count: count)
        case .gelu, .softplus: for i in 0..<count { h[i] = value(z[i]) }
        }
    }

    /// dz[i] = dh[i] · φ′(z[i]) for i < count, with h = φ(z) as computed by `forward`; returns
    /// Σ dh[i]² in `Buffer.sumOfSquares`' order.
    @discardableResult
    func backward(
        _ dh: UnsafePointer<Double>, _ z: UnsafePointer<Double>, _ h: UnsafePointer<Double>,
        _ dz: UnsafeMutablePointer<Double>, count: Int
    ) -> Double {
        switch self {
        case .relu: return Vector.backward(Vector.ReLUDerivative(), dh, z, h, dz, count: count)
        case .identity: return Vector.backward(Vector.IdentityDerivative(), dh, z, h, dz, count: count)
        case .sigmoid: return Vector.backward(Vector.SigmoidDerivative(), dh, z, h, dz, count: count)
        case .tanh: return Vector.backward(Vector.TanhDerivative(), dh, z, h, dz, count: count)
        case .leakyReLU(let s): return Vector.backward(Vector.LeakyReLUDerivative(slope: s), dh, z, h, dz, count: count)
        case .elu(let a): return Vector.backward(Vector.ELUDerivative(alpha: a, scale: 1), dh, z, h, dz, count: count)
        case .selu: return Vector.backward(Activation.seluDerivativeLanes, dh, z, h, dz, count: count)
        case .silu: return Vector.backward(Vector.SiLUDerivative(), dh, z, h, dz, count: count)
        case .gelu, .softplus:
            for i in 0..<count { dz[i] = dh[i] * derivative(z[i], h[i]) }
            return Buffer.sumOfSquares(dh, count)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
