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

    /// θ ← θ + Δ over one parameter buffer; returns Σ Δ² and Σ θ² (θ before the step), each as
    /// eight interleaved partial sums (lane = index mod 8) and a scalar tail, combined as in
    /// `Buffer.sumOfSquares`. Elementwise the same operations as the formulas above, eight lanes
    /// at a time.
    @inline(__always)
    private func update(_ p: Buffer, _ grad: UnsafePointer<Double>, layer l: Int, isWeight: Bool) -> (Double, Double) {
        let theta = p.base, lr = learningRate
        var dAcc = SIMD8<Double>(repeating: 0), tAcc = dAcc
        var deltaSq = 0.0, thetaSq = 0.0
        let n = p.count, full = n & ~7
        switch kind {
        case .sgd:
            let nlr = SIMD8<Double>(repeating: -lr)
            var i = 0
            while i < full {
                let t = GEMM.load8(theta + i)
                let d = nlr * GEMM.load8(grad + i)
                dAcc.addProduct(d, d); tAcc.addProduct(t, t)
                GEMM.store8(t + d, theta + i)
                i += 8
            }
            while i < n {
                let d = -lr * grad[i]
                deltaSq.addProduct(d, d); thetaSq.addProduct(theta[i], theta[i])
                theta[i] += d
                i += 1
            }
        case .momentum(let mu), .nesterov(let mu):
            let v = (isWeight ? first[l].w : first[l].b).base
            let nesterov = if case .nesterov = kind { true } else { false }
            let nlr = SIMD8<Double>(repeating: -lr), mu8 = SIMD8<Double>(repeating: mu)
            var i = 0
            while i < full {
                let gv = GEMM.load8(grad + i)
                let vv = mu8 * GEMM.load8(v + i) + gv
                GEMM.store8(vv, v + i)
                let d = nesterov ? nlr * (gv + mu8 * vv) : nlr * vv
                let t = GEMM.load8(theta + i)
                dAcc.addProduct(d, d); tAcc.addProduct(t, t)
                GEMM.store8(t + d, theta + i)
                i += 8
            }
            while i < n {
                v[i] = mu * v[i] + grad[i]
                let d = nesterov ? -lr * (grad[i] + mu * v[i]) : -lr * v[i]
                deltaSq.addProduct(d, d); thetaSq.addProduct(theta[i], theta[i])
                theta[i] += d
                i += 1
            }
        case .adam(let b1, let b2, let eps):
            let m = (isWeight ? first[l].w : first[l].b).base
            let s = (isWeight ? second[l].w : second[l].b).base
            let c1 = 1 - pow(b1, Double(steps)), c2 = 1 - pow(b2, Double(steps))
            let b1v = SIMD8<Double>(repeating: b1), b2v = SIMD8<Double>(repeating: b2)
            let ob1 = SIMD8<Double>(repeating: 1 - b1), ob2 = SIMD8<Double>(repeating: 1 - b2)
            let nlr = SIMD8<Double>(repeating: -lr), c1v = SIMD8<Double>(repeating: c1)
            let c2v = SIMD8<Double>(repeating: c2), epsv = SIMD8<Double>(repeating: eps)
            var i = 0
            while i < full {
                let gv = GEMM.load8(grad + i)
                let mv = b1v * GEMM.load8(m + i) + ob1 * gv
                let sv = b2v * GEMM.load8(s + i) + ob2 * (gv * gv)
                GEMM.store8(mv, m + i); GEMM.store8(sv, s + i)
                let d = nlr * (mv / c1v) / ((sv / c2v).squareRoot() + epsv)
                let t = GEMM.load8(theta + i)
                dAcc.addProduct(d, d); tAcc.addProduct(t, t)
                GEMM.store8(t + d, theta + i)
                i += 8
            }
            while i < n {
                m[i] = b1 * m[i] + (1 - b1) * grad[i]
                s[i] = b2 * s[i] + (1 - b2) * (grad[i] * grad[i])
                let d = -lr * (m[i] / c1) / ((s[i] / c2).squareRoot() + eps)
                deltaSq.addProduct(d, d); thetaSq.addProduct(theta[i], theta[i])
                theta[i] += d
                i += 1
            }
        }
        return (Buffer.combine(dAcc) + deltaSq, Buffer.combine(tAcc) + thetaSq)
    }
}
