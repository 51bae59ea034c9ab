import Testing

@testable import GradscopeNN

@Suite("The layer probe")
struct ProbeTests {
    @Test("activationSpread is the units' spread over the examples, not the spread over batch × width")
    func spread() {
        let data = Electricity.generate(samples: 40, seed: 3)
        let mlp = MLP(inputs: 8, width: 6, depth: 2, outputs: 1, activation: .tanh)
        mlp.initialize(.xavierNormal, seed: 4)
        // Layer 1 ignores its input: every example gets the same activations, which differ by unit.
        mlp.layers[0].weights = Matrix(rows: 6, cols: 8)
        mlp.layers[0].biases = [-1, -0.5, 0, 0.5, 1, 2]
        mlp.layers[1].biases = [0.3, -0.2, 0.1, 0, 0.5, -0.4]
        let session = Session(
            mlp: mlp, loss: .mse, optimizer: Optimizer(.sgd, learningRate: 0.1, for: mlp),
            capacity: 40, targetColumns: 1)
        let probe = session.probe(data, rows: 40)
        #expect(probe.activationSpread.count == 2)
        #expect(probe.activationSpread[0] < 1e-15 && probe.activationStd[0] > 0.5)
        // Layer 2 also ignores the input (layer 1 is constant), so it is constant as well.
        #expect(probe.activationSpread[1] < 1e-15)

        mlp.initialize(.xavierNormal, seed: 4)
        let (varied, activations) = session.probe(data, rows: 40) { activations, _ in activations.map(Array.init) }
        #expect(session.probe(data, rows: 40).activationSpread == varied.activationSpread, "the forward-only probe agrees")
        for (l, h) in activations.enumerated() {
            let units = (0..<6).map { j -> Double in
                let column = (0..<40).map { h[$0 * 6 + j] }
                let mean = column.reduce(0, +) / 40
                return (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 40).squareRoot()
            }
            let expected = units.reduce(0, +) / 6
            #expect(expected > 0.05)
            #expect(abs(varied.activationSpread[l] - expected) <= 1e-14 * expected, "layer \(l + 1)")
        }
    }

    @Test("The probe hands over every hidden layer's activations and gradients as the inspection pass leaves them")
    func values() {
        let data = Electricity.generate(samples: 30, seed: 5)
        let mlp = MLP(inputs: 8, width: 7, depth: 3, outputs: 1, activation: .sigmoid)
        mlp.initialize(.xavierNormal, seed: 6)
        let session = Session(
            mlp: mlp, loss: .mse, optimizer: Optimizer(.sgd, learningRate: 0.1, for: mlp),
            capacity: 32, targetColumns: 1)
        let (_, seen) = session.probe(data, rows: 20) { activations, gradients in
            (activations.map(Array.init), gradients.map(Array.init))
        }
        let x = Matrix(rows: 20, cols: 8, values: Array(data.features.storage[0..<(20 * 8)]))
        let targets = Matrix(rows: 20, cols: 1, values: Array(data.targets.storage[0..<20]))
        let reference = mlp.gradients(x: x, targets: targets, loss: .mse)
        #expect(seen.1 == reference.hiddenGradients.map(\.storage))
        #expect(seen.0.map(\.count) == [140, 140, 140] && seen.0.allSatisfy { $0.allSatisfy { $0 > 0 && $0 < 1 } })
    }
}
