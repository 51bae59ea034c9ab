import Testing

@testable import GradscopeNN

/// Each optimiser's first two steps on one layer (W = [0.5, −1], b = 0.25, η = 0.1), against values
/// worked out by hand from PyTorch's formulas (Adam's in double precision with Python), so a slip
/// in a rule's algebra cannot hide behind agreeing with itself.
@Suite("One optimiser step against hand-computed values")
struct OptimizerStepTests {
    static let gradients: [[Double]] = [[0.2, -0.4, 0.1], [-0.1, 0.3, 0.05]]  // ∂L/∂w₀, ∂L/∂w₁, ∂L/∂b per step

    /// [w₀, w₁, b] of the output layer after each of the two steps (the hidden layer's gradients
    /// are zero, so it neither moves nor adds to the clipping norm).
    func trajectory(_ kind: OptimizerKind, clip: Double? = nil) -> [[Double]] {
        let mlp = MLP(sizes: [1, 2, 1], activation: .identity)
        let hidden = mlp.layers[0]
        let layer = mlp.layers[1]
        for i in 0..<hidden.weightGrad.count { hidden.weightGrad.base[i] = 0 }
        for i in 0..<hidden.biasGrad.count { hidden.biasGrad.base[i] = 0 }
        layer.weight.base[0] = 0.5
        layer.weight.base[1] = -1
        layer.bias.base[0] = 0.25
        let optimizer = Optimizer(kind, learningRate: 0.1, clipNorm: clip, for: mlp)
        var ratios = [0.0, 0.0]
        return Self.gradients.map { g in
            layer.weightGrad.base[0] = g[0]
            layer.weightGrad.base[1] = g[1]
            layer.biasGrad.base[0] = g[2]
            optimizer.step(mlp, updateRatios: &ratios)
            return [layer.weight.base[0], layer.weight.base[1], layer.bias.base[0]]
        }
    }

    func expectClose(_ actual: [[Double]], _ expected: [[Double]], _ comment: Comment) {
        for (a, e) in zip(actual.joined(), expected.joined()) {
            #expect(abs(a - e) <= 1e-14 * max(1, abs(e)), "\(a) vs \(e): \(comment)")
        }
    }

    @Test("sgd: θ ← θ − ηg")
    func sgd() {
        expectClose(trajectory(.sgd), [[0.48, -0.96, 0.24], [0.49, -0.99, 0.235]], "sgd")
    }

    @Test("momentum: v ← μv + g; θ ← θ − ηv")
    func momentum() {
        // step 2: v = 0.9·g₁ + g₂ = [0.08, −0.06, 0.14]
        expectClose(trajectory(.momentum(0.9)), [[0.48, -0.96, 0.24], [0.472, -0.954, 0.226]], "momentum")
    }

    @Test("nesterov: v ← μv + g; θ ← θ − η(g + μv)")
    func nesterov() {
        // step 1: θ −= 0.1·1.9·g₁; step 2: g₂ + 0.9·[0.08, −0.06, 0.14] = [−0.028, 0.246, 0.176]
        expectClose(trajectory(.nesterov(0.9)), [[0.462, -0.924, 0.231], [0.4648, -0.9486, 0.2134]], "nesterov")
    }

    @Test("adam: bias-corrected moments, ε outside the square root")
    func adam() {
        expectClose(
            trajectory(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)),
            [
                [0.40000000499999966, -0.9000000024999999, 0.1500000099999989],
                [0.37336630271867566, -0.8910675020121356, 0.05678205791187045],
            ], "adam")
    }

    @Test("clipping scales the whole gradient by c / (‖g‖ + 10⁻⁶) when ‖g‖ > c, and leaves a smaller one alone")
    func clipping() {
        // ‖g₁‖ = √0.21 > 0.3: clipped; ‖g₂‖ = √0.1025 ≈ 0.32 > 0.3 too, so both steps are clipped.
        let clipped = trajectory(.sgd, clip: 0.3)
        expectClose([clipped[0]], [[0.48690695515720667, -0.9738139103144133, 0.24345347757860333]], "first step clipped")
        let loose = trajectory(.sgd, clip: 1)
        expectClose(loose, trajectory(.sgd), "a norm below the threshold is not touched")
    }
}
