import Testing

@testable import GradscopeNN

@Suite("The fused training step")
struct TrainStepTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var activation: Activation
        var optimizer: OptimizerKind
        var clip: Double?
        var residual = false
        var classification = false
        var testDescription: String {
            "\(activation.name), \(optimizer), clip \(clip.map { "\($0)" } ?? "none")\(residual ? ", residual" : "")\(classification ? ", spirals" : "")"
        }
    }

    /// Two sessions from the same weights: one trains with `trainStep`, the other with
    /// `computeGradients` then `update`; after every step their parameters, norms and ratios match.
    @Test(
        "trainStep gives the same parameters, norms and update ratios as computeGradients then update",
        arguments: [
            Case(activation: .sigmoid, optimizer: .sgd, clip: nil),
            Case(activation: .tanh, optimizer: .momentum(0.9), clip: nil, residual: true),
            Case(activation: .relu, optimizer: .nesterov(0.9), clip: nil),
            Case(activation: .gelu, optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), clip: nil, classification: true),
            Case(activation: .sigmoid, optimizer: .sgd, clip: 0.05, residual: true),
        ])
    func fusedMatchesTwoPhase(_ c: Case) {
        // Electricity standardised as the trainer feeds it: on raw loads (≈ 60 kW) relu with momentum
        // overflows within six steps, where the two paths legitimately part (a skipped update).
        let data =
            c.classification
            ? Spirals.generate(samples: 96, classes: 3, seed: 2)
            : DataSplit(Electricity.generate(samples: 120, seed: 2), validationFraction: 0.2, seed: 2).train
        let loss: Loss = c.classification ? .crossEntropy : .mse
        func session() -> Session {
            let mlp = MLP(
                inputs: data.features.cols, width: 12, depth: 5, outputs: data.outputs,
                activation: c.activation, residual: c.residual)
            mlp.initialize(.auto, seed: 9)
            let optimizer = Optimizer(c.optimizer, learningRate: 0.05, clipNorm: c.clip, for: mlp)
            return Session(mlp: mlp, loss: loss, optimizer: optimizer, capacity: 32, targetColumns: data.targets.cols)
        }
        let fused = session()
        let twoPhase = session()
        for step in 0..<6 {
            let rows = Array((step * 16)..<(step * 16 + 16))[...]
            let fusedLoss = fused.trainStep(data, rows: rows)
            let twoPhaseLoss = twoPhase.computeGradients(data, rows: rows)
            twoPhase.update()
            #expect(fusedLoss == twoPhaseLoss, "loss, step \(step)")
            #expect(fused.weightGradientNorms == twoPhase.weightGradientNorms, "‖∂L/∂W‖, step \(step)")
            #expect(fused.hiddenGradientNorms == twoPhase.hiddenGradientNorms, "‖∂L/∂h‖, step \(step)")
            #expect(fused.updateRatios == twoPhase.updateRatios, "update ratios, step \(step)")
            for (a, b) in zip(fused.mlp.layers, twoPhase.mlp.layers) {
                #expect(a.weights == b.weights && a.biases == b.biases, "parameters, step \(step)")
            }
        }
        #expect(fused.updateRatios.allSatisfy { $0 > 0 }, "every layer moved")
    }

    @Test("A non-finite loss leaves the parameters untouched")
    func nonFiniteLossSkipsTheUpdate() {
        var data = Electricity.generate(samples: 16, seed: 1)
        data.targets[0, 0] = .infinity
        let mlp = MLP(inputs: data.features.cols, width: 8, depth: 2, outputs: 1, activation: .relu)
        mlp.initialize(.auto, seed: 1)
        let before = mlp.layers.map(\.weights)
        let session = Session(
            mlp: mlp, loss: .mse, optimizer: Optimizer(.sgd, learningRate: 0.1, for: mlp),
            capacity: 16, targetColumns: 1)
        #expect(!session.trainStep(data, rows: Array(0..<16)[...]).isFinite)
        #expect(mlp.layers.map(\.weights) == before)
    }
}

@Suite("Workspace purposes")
struct WorkspacePurposeTests {
    @Test(
        "A forward pass through inference buffers gives the inspection buffers' output bit for bit",
        arguments: [(Activation.sigmoid, false), (.elu(alpha: 1), false), (.tanh, true), (.gelu, true)])
    func inferenceMatchesInspection(_ activation: Activation, _ residual: Bool) {
        let mlp = MLP(inputs: 8, width: 24, depth: 5, outputs: 3, activation: activation, residual: residual)
        mlp.initialize(.auto, seed: 12)
        var rng = Xoshiro256StarStar(seed: 12)
        let x = (0..<(40 * 8)).map { _ in rng.normal() }
        let inspection = Workspace(for: mlp, capacity: 40)
        let inference = Workspace(for: mlp, capacity: 40, purpose: .inference)
        x.withUnsafeBufferPointer { xp in
            mlp.forward(xp.baseAddress!, rows: 40, in: inspection)
            mlp.forward(xp.baseAddress!, rows: 40, in: inference)
        }
        let expected = inspection.output(rows: 40, cols: 3)
        let actual = inference.output(rows: 40, cols: 3)
        #expect(actual == expected)
        #expect(expected.storage.allSatisfy { $0.isFinite })
    }
}
