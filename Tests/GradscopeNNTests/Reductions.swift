import Foundation
import Testing

@testable import GradscopeNN

@Suite("Sums in a fixed order")
struct ReductionTests {
    /// The order `Buffer.sumOfSquares` documents, written out element by element.
    static func documentedOrder(_ xs: [Double], _ term: (Double) -> Double) -> Double {
        var partial = Array(repeating: 0.0, count: 32)
        let blocks = xs.count / 32 * 32
        for i in 0..<blocks { partial[i % 32] += term(xs[i]) }
        var lanes = Array(repeating: 0.0, count: 8)
        for k in 0..<8 {
            let low: Double = partial[k] + partial[k + 8]
            let high: Double = partial[k + 16] + partial[k + 24]
            lanes[k] = low + high
        }
        let eights = blocks + (xs.count - blocks) / 8 * 8
        for i in blocks..<eights { lanes[i % 8] += term(xs[i]) }
        var tail = 0.0
        for i in eights..<xs.count { tail += term(xs[i]) }
        let four: [Double] = (0..<4).map { lanes[$0] + lanes[$0 + 4] }
        let two0: Double = four[0] + four[2]
        let two1: Double = four[1] + four[3]
        return (two0 + two1) + tail
    }

    @Test(
        "Sums, sums of squares and squared deviations follow the documented order",
        arguments: [0, 5, 8, 31, 32, 77, 4096])
    func documentedOrder(_ n: Int) {
        var rng = Xoshiro256StarStar(seed: UInt64(n) + 1)
        let xs = (0..<n).map { _ in rng.normal() * 3 + 1 }
        let c = 0.7
        xs.withUnsafeBufferPointer { p in
            let base = p.baseAddress ?? UnsafePointer(bitPattern: 8)!
            // The kernels square with fused multiply-adds, so squares match to rounding only.
            #expect(Buffer.sum(base, n) == Self.documentedOrder(xs) { $0 })
            #expect(
                abs(Buffer.sumOfSquares(base, n) - Self.documentedOrder(xs) { $0 * $0 })
                    <= 1e-12 * max(1, Self.documentedOrder(xs) { $0 * $0 }))
            #expect(
                abs(Buffer.squaredDeviations(base, n, from: c) - Self.documentedOrder(xs) { ($0 - c) * ($0 - c) })
                    <= 1e-12 * max(1, Self.documentedOrder(xs) { ($0 - c) * ($0 - c) }))
        }
    }

    @Test(
        "The update measures ‖ΔW‖ / ‖W‖ and ‖∂L/∂W‖, each summed as Buffer.sumOfSquares sums",
        arguments: [OptimizerKind.sgd, .momentum(0.9), .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)])
    func updateRatioOrder(_ kind: OptimizerKind) {
        let layer = Dense(inputs: 13, outputs: 7)  // 91 weights: blocks of 32, of 8 and single ones
        var rng = Xoshiro256StarStar(seed: 5)
        layer.weights = Matrix(rows: 7, cols: 13, values: (0..<91).map { _ in rng.normal() })
        for i in 0..<91 { layer.weightGrad.base[i] = rng.normal() }
        let mlp = MLP(sizes: [13, 7, 1], activation: .relu)
        let optimizer = Optimizer(kind, learningRate: 0.1, for: mlp)
        let before = layer.weight.array
        optimizer.beginStep()
        let measured = optimizer.update(layer, at: 0, weightGrad: layer.weightGrad.base)
        let ratio = measured.ratio
        #expect(measured.gradientNorm == layer.weightGrad.sumOfSquares().squareRoot())
        let after = layer.weight.array
        let delta = zip(after, before).map { $0 - $1 }
        // Δ recovered as θ_after − θ_before carries the rounding of θ + Δ: close, not exact.
        let thetaSquares = before.withUnsafeBufferPointer { Buffer.sumOfSquares($0.baseAddress!, 91) }
        let deltaSquares = delta.withUnsafeBufferPointer { Buffer.sumOfSquares($0.baseAddress!, 91) }
        #expect(abs(ratio - (deltaSquares / thetaSquares).squareRoot()) <= 1e-12 * ratio)
        if case .sgd = kind {
            let exactDelta = (0..<91).map { -0.1 * layer.weightGrad.base[$0] }  // SGD's Δ, exactly
            let exact = exactDelta.withUnsafeBufferPointer { Buffer.sumOfSquares($0.baseAddress!, 91) }
            #expect(ratio == (exact / thetaSquares).squareRoot())
        }
    }
}

@Suite("Activation kernels")
struct BackwardKernelTests {
    static let activations: [Activation] = [
        .relu, .sigmoid, .tanh, .identity, .leakyReLU(slope: 0.2), .elu(alpha: 1),
        .elu(alpha: 0.5), .selu, .silu, .gelu, .softplus,
    ]
    static let specials: [Double] = [
        0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1, -1, .infinity,
        -.infinity, .nan, -.nan, .greatestFiniteMagnitude, 1e-300, -1e-300, 40, -40, 800, -800,
    ]

    @Test(
        "Vectorised forward passes give value(z)'s bits, special values, blocks and the tail included",
        arguments: Self.activations)
    func forwardMatchesValue(_ activation: Activation) {
        var rng = Xoshiro256StarStar(seed: 4)
        let z = Self.specials + (0..<70).map { _ in rng.normal() * 4 }
        var h = Array(repeating: Double.nan, count: z.count)
        z.withUnsafeBufferPointer { zp in h.withUnsafeMutableBufferPointer { activation.forward(zp.baseAddress!, $0.baseAddress!, count: z.count) } }
        for i in z.indices {
            let expected = activation.value(z[i])
            #expect(h[i].bitPattern == expected.bitPattern || (h[i].isNaN && expected.isNaN), "z = \(z[i]): \(h[i]) against \(expected)")
        }
    }

    @Test(
        "The exp-based activations stay within a few ulp of the C library's formulas",
        arguments: [Activation.sigmoid, .elu(alpha: 1), .selu, .silu])
    func againstLibm(_ activation: Activation) {
        var worst = 0.0
        var z = -30.0
        while z < 30 {
            let libm: Double =
                switch activation {
                case .sigmoid: 1 / (1 + exp(-z))
                case .elu: z > 0 ? z : expm1(z)
                case .selu: Activation.seluScale * (z > 0 ? z : Activation.seluAlpha * expm1(z))
                default: z / (1 + exp(-z))
                }
            worst = max(worst, abs(activation.value(z) - libm) / max(abs(libm), 1e-300))
            z += 0.0137
        }
        // eˣ − 1 loses digits near 0 however exp is computed (relative 1e−11 at z = 1e−5); the others
        // stay within a few ulp.
        #expect(worst < (activation == .sigmoid || activation == .silu ? 1e-15 : 1e-10), "worst relative \(worst)")
    }

    @Test(
        "Vectorised backward passes equal the scalar rule element by element, special values included, and sum Σ dh²",
        arguments: Self.activations)
    func matchesScalar(_ activation: Activation) {
        var rng = Xoshiro256StarStar(seed: 8)
        let z = Self.specials + (0..<70).map { _ in rng.normal() * 4 }  // 87: blocks of 32, of 8, and a tail
        let h = z.map { activation.value($0) }
        let dh = z.indices.map { $0 % 5 == 0 ? Double.infinity : rng.normal() }
        var dz = Array(repeating: Double.nan, count: z.count)
        let squares = dz.withUnsafeMutableBufferPointer { out in
            activation.backward(dh, z, h, out.baseAddress!, count: z.count)
        }
        for i in z.indices {
            // relu passes dh through or gives +0 (no 0 · ∞ = NaN, no −0); the rest multiply.
            let expected = activation == .relu ? (z[i] > 0 ? dh[i] : 0) : dh[i] * activation.derivative(z[i], h[i])
            #expect(
                dz[i].bitPattern == expected.bitPattern || (dz[i].isNaN && expected.isNaN),
                "z = \(z[i]), dh = \(dh[i]): \(dz[i]) against \(expected)")
        }
        #expect(squares == dh.withUnsafeBufferPointer { Buffer.sumOfSquares($0.baseAddress!, dh.count) })
    }
}
