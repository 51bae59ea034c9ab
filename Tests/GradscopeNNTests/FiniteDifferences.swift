import Testing

@testable import GradscopeNN

/// Layer and loss options the finite-difference checks sweep.
struct NetworkOption: Sendable, CustomTestStringConvertible {
    var loss: Loss
    var residual: Bool
    var testDescription: String { "\(loss.rawValue)\(residual ? " residual" : "")" }
    static let all = [
        NetworkOption(loss: .mse, residual: false), NetworkOption(loss: .mse, residual: true),
        NetworkOption(loss: .crossEntropy, residual: false), NetworkOption(loss: .crossEntropy, residual: true),
    ]
}

let allActivations: [Activation] = Activation.names.map { Activation(name: $0)! } + [.leakyReLU(slope: 0.2), .elu(alpha: 0.5)]

@Suite("Finite differences")
struct FiniteDifferenceTests {
    /// A 3 → 4 → 4 → 4 → 3 network with seeded weights and biases and a batch of 5.
    static func problem(_ activation: Activation, _ option: NetworkOption) -> (MLP, Matrix, Matrix) {
        let mlp = MLP(sizes: [3, 4, 4, 4, 3], activation: activation, residual: option.residual)
        mlp.initialize(.xavierNormal, seed: 7)
        var rng = Xoshiro256StarStar(seed: 7)
        for layer in mlp.layers { layer.biases = (0..<layer.outputs).map { _ in 0.1 * rng.normal() } }
        let x = Matrix(rows: 5, cols: 3, values: (0..<15).map { _ in rng.normal() })
        let y =
            option.loss == .mse
            ? Matrix(rows: 5, cols: 3, values: (0..<15).map { _ in rng.normal() })
            : Matrix(rows: 5, cols: 1, values: [0, 2, 1, 1, 0])
        return (mlp, x, y)
    }

    @Test(
        "Every weight and bias gradient matches a centred finite difference",
        arguments: allActivations, NetworkOption.all)
    func parameters(_ activation: Activation, _ option: NetworkOption) {
        let (mlp, x, y) = Self.problem(activation, option)
        let analytic = mlp.gradients(x: x, targets: y, loss: option.loss)
        let h = 1e-6
        func numeric(_ perturb: (Double) -> Void) -> Double {
            perturb(h)
            let plus = mlp.loss(x: x, targets: y, loss: option.loss)
            perturb(-2 * h)
            let minus = mlp.loss(x: x, targets: y, loss: option.loss)
            perturb(h)
            return (plus - minus) / (2 * h)
        }
        for (l, layer) in mlp.layers.enumerated() {
            for i in 0..<(layer.outputs * layer.inputs) {
                let fd = numeric { d in
                    var w = layer.weights
                    w.storage[i] += d
                    layer.weights = w
                }
                let g = analytic.weightGradients[l].storage[i]
                #expect(abs(fd - g) <= 1e-6 * max(abs(fd), abs(g), 1e-3), "W\(l + 1)[\(i)]: \(g) vs \(fd)")
            }
            for i in 0..<layer.outputs {
                let fd = numeric { d in
                    var b = layer.biases
                    b[i] += d
                    layer.biases = b
                }
                let g = analytic.biasGradients[l][i]
                #expect(abs(fd - g) <= 1e-6 * max(abs(fd), abs(g), 1e-3), "b\(l + 1)[\(i)]: \(g) vs \(fd)")
            }
        }
    }

    @Test("Each activation's derivative matches a centred finite difference", arguments: allActivations)
    func activationDerivative(_ activation: Activation) {
        for z in stride(from: -4.05, through: 4.05, by: 0.3) {
            let h = 1e-6
            let fd = (activation.value(z + h) - activation.value(z - h)) / (2 * h)
            #expect(abs(fd - activation.derivative(z)) <= 1e-7 * max(1, abs(fd)), "φ′(\(z))")
        }
    }

    @Test("The maximum derivative is the supremum of the derivative", arguments: allActivations)
    func maximum(_ activation: Activation) {
        let sampled = stride(from: -20.0, through: 20.0, by: 0.0005).map(activation.derivative).max()!
        #expect(sampled <= activation.maxDerivative * (1 + 1e-12))
        #expect(sampled >= activation.maxDerivative - 1e-3)
    }

    @Test("Loss gradients match centred finite differences in the outputs", arguments: Loss.allCases)
    func lossGradient(_ loss: Loss) {
        let y = [0.3, -1.2, 2.5, 0.7, 40.0, -3.0]
        let t: [Double] = loss == .mse ? [0.1, 0.2, -0.3, 1.0, 39.0, -2.0] : [2, 0]
        let cols = 3
        let rows = y.count / cols
        var grad = Array(repeating: 0.0, count: y.count)
        func mean(_ v: [Double]) -> Double {
            let r = v.withUnsafeBufferPointer { vp in
                t.withUnsafeBufferPointer { tp in
                    loss.evaluate(output: vp.baseAddress!, targets: tp.baseAddress!, rows: rows, cols: cols, grad: nil)
                }
            }
            return r.sum / Double(r.count)
        }
        _ = y.withUnsafeBufferPointer { vp in
            t.withUnsafeBufferPointer { tp in
                grad.withUnsafeMutableBufferPointer { gp in
                    loss.evaluate(output: vp.baseAddress!, targets: tp.baseAddress!, rows: rows, cols: cols, grad: gp.baseAddress!)
                }
            }
        }
        for i in y.indices {
            var plus = y
            var minus = y
            plus[i] += 1e-6
            minus[i] -= 1e-6
            let fd = (mean(plus) - mean(minus)) / 2e-6
            #expect(abs(fd - grad[i]) <= 1e-6 * max(abs(fd), 1e-3), "∂L/∂y[\(i)]")
        }
    }

    @Test("Cross-entropy stays finite for huge logits")
    func stableCrossEntropy() {
        let mlp = MLP(sizes: [1, 1, 2], activation: .identity)
        mlp.layers[0].weights = Matrix([[1]])
        mlp.layers[1].weights = Matrix([[1000], [-1000]])
        let g = mlp.gradients(x: Matrix([[1]]), targets: Matrix([[1]]), loss: .crossEntropy)
        #expect(g.loss == 2000)
        #expect(g.weightGradients.allSatisfy { $0.storage.allSatisfy(\.isFinite) })
    }
}
