/// Parameter updates from the gradients of the last backward pass (PyTorch's formulas), applied
/// to weights and biases alike, with optional clipping of the global gradient norm first.
///
/// - sgd: θ ← θ − η g
/// - momentum(μ): v ← μ v + g;  θ ← θ − η v
/// - nesterov(μ): v ← μ v + g;  θ ← θ − η (g + μ v)
/// - adam(β₁, β₂, ε): m ← β₁ m + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²;
///   θ ← θ − η m̂ / (√ŝ + ε) with m̂ = m / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ)
/// - clipping at c: if ‖g‖ > c over all parameters, g ← g · c / (‖g‖ + 10⁻⁶)
public enum OptimizerKind: Hashable, Sendable {
    case sgd
    case momentum(Double)
    case nesterov(Double)
    case adam(beta1: Double, beta2: Double, epsilon: Double)

    public static let names = ["sgd", "momentum", "nesterov", "adam"]
}

public final class Optimizer {
    public let kind: OptimizerKind
    public let learningRate: Double
    public let clipNorm: Double?
    /// Per layer: first-moment (velocity) and second-moment state for W and b, same shapes.
    private let first: [(w: Buffer, b: Buffer)]
    private let second: [(w: Buffer, b: Buffer)]
    private var steps = 0

    public init(_ kind: OptimizerKind, learningRate: Double, clipNorm: Double? = nil, for mlp: MLP) {
        self.kind = kind
        self.learningRate = learningRate
        self.clipNorm = clipNorm
        let state: () -> [(w: Buffer, b: Buffer)] = {
            mlp.layers.map { (Buffer(count: $0.inputs * $0.outputs), Buffer(count: $0.outputs)) }
        }
        switch kind {
        case .sgd:
            first = []
            second = []
        case .momentum, .nesterov:
            first = state()
            second = []
        case .adam:
            first = state()
            second = state()
        }
    }

    /// One update of every layer. `updateRatios[l]` receives ‖ΔWₗ‖ / ‖Wₗ‖ (W before the step).
    public func step(_ mlp: MLP, updateRatios: inout [Double]) {
        beginStep()
        if let clipNorm { clip(mlp, to: clipNorm) }
        for (l, layer) in mlp.layers.enumerated() { updateRatios[l] = update(layer, at: l, weightGrad: layer.weightGrad.base).ratio }
    }

    /// Whether each layer may be updated as soon as its gradients exist (inside the backward pass,
    /// while they are still in cache), with the same result as `step`: true unless clipping, which
    /// needs the norm of the whole gradient first.
    var updatesLayerByLayer: Bool { clipNorm == nil }

    /// Counts the step (Adam's bias correction); call once before the step's `update` calls.
    func beginStep() { steps += 1 }

    /// If ‖g‖ over all parameters exceeds c: g ← g · c / (‖g‖ + 10⁻⁶).
    private func clip(_ mlp: MLP, to clipNorm: Double) {
        var total = 0.0
        for layer in mlp.layers { total += layer.weightGrad.sumOfSquares() + layer.biasGrad.sumOfSquares() }
        let norm = total.squareRoot()
        guard norm > clipNorm else { return }
        let scale = clipNorm / (norm + 1e-6)
        for layer in mlp.layers {
            for i in 0..<layer.weightGrad.count { layer.weightGrad.base[i] *= scale }
            for i in 0..<layer.biasGrad.count { layer.biasGrad.base[i] *= scale }
        }
    }

    /// What updating one layer measured.
    struct LayerUpdate {
        /// ‖ΔW‖ / ‖W‖ (W before the step).
        var ratio: Double
        /// ‖∂L/∂W‖, summed as `Buffer.sumOfSquares` sums.
        var gradientNorm: Double
    }

    /// Updates layer l's W from ∂L/∂W at `weightGrad` and b from its gradient.
    func update(_ layer: Dense, at l: Int, weightGrad: UnsafePointer<Double>) -> LayerUpdate {
        let w = update(layer.weight, weightGrad, layer: l, isWeight: true)
        _ = update(layer.bias, layer.biasGrad.base, layer: l, isWeight: false)
        return LayerUpdate(ratio: w.delta == 0 ? 0 : (w.delta / w.theta).squareRoot(), gradientNorm: w.gradient.squareRoot())
    }

    /// θ ← θ + Δ over one parameter buffer by this optimiser's rule.
    @inline(__always)
    private func update(_ p: Buffer, _ grad: UnsafePointer<Double>, layer l: Int, isWeight: Bool) -> Squares {
        let lr = learningRate
        switch kind {
        case .sgd:
            return Self.apply(SGDRule(lr: lr), to: p, grad: grad)
        case .momentum(let mu), .nesterov(let mu):
            let nesterov = if case .nesterov = kind { true } else { false }
            let v = (isWeight ? first[l].w : first[l].b).base
            return Self.apply(MomentumRule(velocity: v, lr: lr, mu: mu, nesterov: nesterov), to: p, grad: grad)
        case .adam(let b1, let b2, let eps):
            let m = (isWeight ? first[l].w : first[l].b).base
            let s = (isWeight ? second[l].w : second[l].b).base
            let rule = AdamRule(
                m: m, s: s, lr: lr, beta1: b1, beta2: b2, epsilon: eps,
                c1: 1 - pow(b1, Double(steps)), c2: 1 - pow(b2, Double(steps)))
            return Self.apply(rule, to: p, grad: grad)
        }
    }

    /// Σ Δ², Σ θ² (θ before the step) and Σ g² of one parameter buffer.
    struct Squares {
        var delta: Double, theta: Double, gradient: Double
    }

    /// θ ← θ + Δ element by element, Δ from `rule` and the gradient g; the three sums of squares
    /// in `Buffer.sumOfSquares`' order (32 interleaved partial sums in four accumulators each, so
    /// the multiply-add chains run side by side, then eights, then ones).
    @inline(__always)
    private static func apply<Rule: UpdateRule>(_ rule: Rule, to p: Buffer, grad: UnsafePointer<Double>) -> Squares {
        let theta = p.base
        let n = p.count
        typealias Sums = (delta: SIMD8<Double>, theta: SIMD8<Double>, gradient: SIMD8<Double>)
        @inline(__always) func step(_ i: Int, _ sums: inout Sums) {
            let t = GEMM.load8(theta + i)
            let g = GEMM.load8(grad + i)
            let d = rule.delta8(i, g)
            sums.delta.addProduct(d, d)
            sums.theta.addProduct(t, t)
            sums.gradient.addProduct(g, g)
            GEMM.store8(t + d, theta + i)
        }
        let zero = SIMD8<Double>(repeating: 0)
        var s0: Sums = (zero, zero, zero)
        var s1 = s0
        var s2 = s0
        var s3 = s0
        var i = 0
        while i &+ 32 <= n {
            step(i, &s0)
            step(i &+ 8, &s1)
            step(i &+ 16, &s2)
            step(i &+ 24, &s3)
            i &+= 32
        }
        var sums: Sums = (
            (s0.delta + s1.delta) + (s2.delta + s3.delta),
            (s0.theta + s1.theta) + (s2.theta + s3.theta),
            (s0.gradient + s1.gradient) + (s2.gradient + s3.gradient)
        )
        while i &+ 8 <= n {
            step(i, &sums)
            i &+= 8
        }
        var tail = Squares(delta: 0, theta: 0, gradient: 0)
        while i < n {
            let d = rule.delta1(i, grad[i])
            tail.delta.addProduct(d, d)
            tail.theta.addProduct(theta[i], theta[i])
            tail.gradient.addProduct(grad[i], grad[i])
            theta[i] += d
            i += 1
        }
        return Squares(
            delta: Buffer.combine(sums.delta) + tail.delta, theta: Buffer.combine(sums.theta) + tail.theta,
            gradient: Buffer.combine(sums.gradient) + tail.gradient)
    }
}

/// One optimiser's Δ for parameter i from its gradient g (updating the optimiser's state), eight
/// lanes or one at a time with the same operations; called once per index, in order.
protocol UpdateRule {
    func delta8(_ i: Int, _ g: SIMD8<Double>) -> SIMD8<Double>
    func delta1(_ i: Int, _ g: Double) -> Double
}

/// Δ = −η g.
struct SGDRule: UpdateRule {
    let lr: Double

    @inline(__always) func delta8(_ i: Int, _ g: SIMD8<Double>) -> SIMD8<Double> { SIMD8(repeating: -lr) * g }
    @inline(__always) func delta1(_ i: Int, _ g: Double) -> Double { -lr * g }
}

/// v ← μ v + g;  Δ = −η v, or −η (g + μ v) for Nesterov.
struct MomentumRule: UpdateRule {
    let velocity: UnsafeMutablePointer<Double>
    let lr: Double, mu: Double, nesterov: Bool

    @inline(__always) func delta8(_ i: Int, _ g: SIMD8<Double>) -> SIMD8<Double> {
        let nlr = SIMD8<Double>(repeating: -lr)
        let mu8 = SIMD8<Double>(repeating: mu)
        let v = mu8 * GEMM.load8(velocity + i) + g
        GEMM.store8(v, velocity + i)
        return nesterov ? nlr * (g + mu8 * v) : nlr * v
    }

    @inline(__always) func delta1(_ i: Int, _ g: Double) -> Double {
        velocity[i] = mu * velocity[i] + g
        return nesterov ? -lr * (g + mu * velocity[i]) : -lr * velocity[i]
    }
}

/// m ← β₁ m + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²;  Δ = −η (m / c₁) / (√(s / c₂) + ε),
/// with the bias corrections c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ.
struct AdamRule: UpdateRule {
    let m: UnsafeMutablePointer<Double>, s: UnsafeMutablePointer<Double>
    let lr: Double, beta1: Double, beta2: Double, epsilon: Double, c1: Double, c2: Double

    @inline(__always) func delta8(_ i: Int, _ g: SIMD8<Double>) -> SIMD8<Double> {
        let mv = SIMD8(repeating: beta1) * GEMM.load8(m + i) + SIMD8(repeating: 1 - beta1) * g
        let sv = SIMD8(repeating: beta2) * GEMM.load8(s + i) + SIMD8(repeating: 1 - beta2) * (g * g)
        GEMM.store8(mv, m + i)
        GEMM.store8(sv, s + i)
        return SIMD8(repeating: -lr) * (mv / SIMD8(repeating: c1))
            / ((sv / SIMD8(repeating: c2)).squareRoot() + SIMD8(repeating: epsilon))
    }

    @inline(__always) func delta1(_ i: Int, _ g: Double) -> Double {
        m[i] = beta1 * m[i] + (1 - beta1) * g
        s[i] = beta2 * s[i] + (1 - beta2) * (g * g)
        return -lr * (m[i] / c1) / ((s[i] / c2).squareRoot() + epsilon)
    }
}
