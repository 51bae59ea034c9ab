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
        case .sgd: first = []; second = []
        case .momentum, .nesterov: first = state(); second = []
        case .adam: first = state(); second = state()
        }
    }

    /// One update of every layer. `updateRatios[l]` receives ‖ΔWₗ‖ / ‖Wₗ‖ (W before the step).
    public func step(_ mlp: MLP, updateRatios: inout [Double]) {
        beginStep()
        if let clipNorm { clip(mlp, to: clipNorm) }
        for (l, layer) in mlp.layers.enumerated() { updateRatios[l] = update(layer, at: l, weightGrad: layer.weightGrad.base) }
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

    /// Updates layer l's W from ∂L/∂W at `weightGrad` and b from its gradient; returns ‖ΔW‖ / ‖W‖.
    func update(_ layer: Dense, at l: Int, weightGrad: UnsafePointer<Double>) -> Double {
        let (dw, ww) = update(layer.weight, weightGrad, layer: l, isWeight: true)
        _ = update(layer.bias, layer.biasGrad.base, layer: l, isWeight: false)
        return dw == 0 ? 0 : (dw / ww).squareRoot()
    }

    /// θ ← θ + Δ over one parameter buffer by this optimiser's rule; returns Σ Δ² and Σ θ².
    @inline(__always)
    private func update(_ p: Buffer, _ grad: UnsafePointer<Double>, layer l: Int, isWeight: Bool) -> (Double, Double) {
        let lr = learningRate
        switch kind {
        case .sgd:
            return Self.apply(SGDRule(grad: grad, lr: lr), to: p)
        case .momentum(let mu), .nesterov(let mu):
            let nesterov = if case .nesterov = kind { true } else { false }
            let v = (isWeight ? first[l].w : first[l].b).base
            return Self.apply(MomentumRule(grad: grad, velocity: v, lr: lr, mu: mu, nesterov: nesterov), to: p)
        case .adam(let b1, let b2, let eps):
            let m = (isWeight ? first[l].w : first[l].b).base
            let s = (isWeight ? second[l].w : second[l].b).base
            let rule = AdamRule(grad: grad, m: m, s: s, lr: lr, beta1: b1, beta2: b2, epsilon: eps,
                                c1: 1 - pow(b1, Double(steps)), c2: 1 - pow(b2, Double(steps)))
            return Self.apply(rule, to: p)
        }
    }

    /// θ ← θ + Δ element by element, Δ from `rule`; returns Σ Δ² and Σ θ² (θ before the step),
    /// both summed in `Buffer.sumOfSquares`'s order (32 interleaved partial sums in four
    /// accumulators, so four multiply-add chains run side by side, then eights, then ones).
    @inline(__always)
    private static func apply<Rule: UpdateRule>(_ rule: Rule, to p: Buffer) -> (Double, Double) {
        let theta = p.base, n = p.count
        @inline(__always) func step(_ i: Int, _ dAcc: inout SIMD8<Double>, _ tAcc: inout SIMD8<Double>) {
            let t = GEMM.load8(theta + i), d = rule.delta8(i)
            dAcc.addProduct(d, d); tAcc.addProduct(t, t)
            GEMM.store8(t + d, theta + i)
        }
        var d0 = SIMD8<Double>(repeating: 0), d1 = d0, d2 = d0, d3 = d0
        var t0 = d0, t1 = d0, t2 = d0, t3 = d0
        var i = 0
        while i + 32 <= n {
            step(i, &d0, &t0); step(i + 8, &d1, &t1); step(i + 16, &d2, &t2); step(i + 24, &d3, &t3)
            i += 32
        }
        var dAcc = (d0 + d1) + (d2 + d3), tAcc = (t0 + t1) + (t2 + t3)
        while i + 8 <= n {
            step(i, &dAcc, &tAcc)
            i += 8
        }
        var deltaSq = 0.0, thetaSq = 0.0
        while i < n {
            let d = rule.delta1(i)
            deltaSq.addProduct(d, d); thetaSq.addProduct(theta[i], theta[i])
            theta[i] += d
            i += 1
        }
        return (Buffer.combine(dAcc) + deltaSq, Buffer.combine(tAcc) + thetaSq)
    }
}

/// One optimiser's Δ for parameter i (and its state), eight lanes or one at a time with the same
/// operations; called once per index, in order.
protocol UpdateRule {
    func delta8(_ i: Int) -> SIMD8<Double>
    func delta1(_ i: Int) -> Double
}

/// Δ = −η g.
struct SGDRule: UpdateRule {
    let grad: UnsafePointer<Double>, lr: Double

    @inline(__always) func delta8(_ i: Int) -> SIMD8<Double> { SIMD8(repeating: -lr) * GEMM.load8(grad + i) }
    @inline(__always) func delta1(_ i: Int) -> Double { -lr * grad[i] }
}

/// v ← μ v + g;  Δ = −η v, or −η (g + μ v) for Nesterov.
struct MomentumRule: UpdateRule {
    let grad: UnsafePointer<Double>, velocity: UnsafeMutablePointer<Double>
    let lr: Double, mu: Double, nesterov: Bool

    @inline(__always) func delta8(_ i: Int) -> SIMD8<Double> {
        let nlr = SIMD8<Double>(repeating: -lr), mu8 = SIMD8<Double>(repeating: mu)
        let g = GEMM.load8(grad + i)
        let v = mu8 * GEMM.load8(velocity + i) + g
        GEMM.store8(v, velocity + i)
        return nesterov ? nlr * (g + mu8 * v) : nlr * v
    }

    @inline(__always) func delta1(_ i: Int) -> Double {
        velocity[i] = mu * velocity[i] + grad[i]
        return nesterov ? -lr * (grad[i] + mu * velocity[i]) : -lr * velocity[i]
    }
}

/// m ← β₁ m + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²;  Δ = −η (m / c₁) / (√(s / c₂) + ε),
/// with the bias corrections c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ.
struct AdamRule: UpdateRule {
    let grad: UnsafePointer<Double>, m: UnsafeMutablePointer<Double>, s: UnsafeMutablePointer<Double>
    let lr: Double, beta1: Double, beta2: Double, epsilon: Double, c1: Double, c2: Double

    @inline(__always) func delta8(_ i: Int) -> SIMD8<Double> {
        let g = GEMM.load8(grad + i)
        let mv = SIMD8(repeating: beta1) * GEMM.load8(m + i) + SIMD8(repeating: 1 - beta1) * g
        let sv = SIMD8(repeating: beta2) * GEMM.load8(s + i) + SIMD8(repeating: 1 - beta2) * (g * g)
        GEMM.store8(mv, m + i); GEMM.store8(sv, s + i)
        return SIMD8(repeating: -lr) * (mv / SIMD8(repeating: c1))
            / ((sv / SIMD8(repeating: c2)).squareRoot() + SIMD8(repeating: epsilon))
    }

    @inline(__always) func delta1(_ i: Int) -> Double {
        m[i] = beta1 * m[i] + (1 - beta1) * grad[i]
        s[i] = beta2 * s[i] + (1 - beta2) * (grad[i] * grad[i])
        return -lr * (m[i] / c1) / ((s[i] / c2).squareRoot() + epsilon)
    }
}
