import Foundation
import GradscopeNN
import Testing

@testable import GradscopeLab

@Suite("Training")
struct TrainingTests {
    @Test("The same seed gives a bit-identical result twice", arguments: [Activation.sigmoid, .relu, .gelu])
    func reproducible(_ activation: Activation) throws {
        let a = try train(smallSpec(activation))
        let b = try train(smallSpec(activation))
        #expect(a == b)
        #expect(bytes([a]) == bytes([b]))
        var other = smallSpec(activation)
        other.seed += 1
        #expect(try train(other) != a)
    }

    @Test("A run records every measurement with the documented shapes, and learns")
    func shapes() throws {
        let result = try train(smallSpec(.relu, depth: 3, epochs: 4))
        #expect(result.outcome == .completed)
        #expect(result.epochs.count == 4)
        for s in [result.initial] + result.epochs {
            #expect(s.weightGradientNorm.count == 4 && s.updateRatio.count == 4)
            #expect(s.backpropGradientNorm.count == 3 && s.activationMean.count == 3 && s.activationStd.count == 3)
            #expect(s.activationSpread.count == 3 && s.activationSpread.allSatisfy { $0 > 0 && $0.isFinite })
            #expect(s.saturatedFraction.count == 3 && s.deadFraction.count == 3)
            #expect(s.weightGradientNorm.allSatisfy { $0 > 0 && $0.isFinite })
            #expect(s.validationAccuracy == nil)
        }
        #expect(result.initial.updateRatio.allSatisfy { $0 == 0 })
        #expect(result.epochs[0].updateRatio.allSatisfy { $0 > 0 })
        #expect(result.epochs.last!.validationLoss < 0.5 * result.initial.validationLoss)
        #expect(result.layerSizes == [8, 16, 16, 16, 1])
        #expect(result.weightCounts == [128, 256, 256, 16])
        #expect(
            result.weightGradientRMS(result.initial)
                == zip(result.initial.weightGradientNorm, [128.0, 256, 256, 16]).map { $0 / $1.squareRoot() })
        #expect(result.initialHistograms.count == 3 && result.finalHistograms.count == 3)
        for h in result.initialHistograms + result.finalHistograms {
            #expect(h.activations.scale == .linear && h.gradients.scale == .log10Magnitude)
            #expect(h.activations.edges.count == 11 && h.activations.counts.reduce(0, +) == 256 * 16)
            #expect(h.gradients.counts.reduce(0, +) + h.gradients.zeroCount == 256 * 16)
            #expect(h.gradients.edges.count == 11 && h.gradients.edges.first! > 0)
            #expect(zip(h.gradients.edges, h.gradients.edges.dropFirst()).allSatisfy { $0 < $1 })
        }
        // relu zeroes every negative pre-activation.
        #expect(result.initialHistograms[0].activations.zeroCount > 256 * 16 / 4)
        // All layers share one log-magnitude range at each moment.
        #expect(Set(result.initialHistograms.map(\.gradients.edges)).count == 1)
    }

    @Test("At initialisation a deep sigmoid stack answers every example alike at the top, not at the bottom")
    func forwardSpread() throws {
        var spec = smallSpec(.sigmoid, depth: 16, epochs: 0)
        spec.initializer = .xavierUniform
        let initial = try train(spec).initial
        let spread = initial.activationSpread
        #expect(spread.count == 16)
        #expect(spread[0] > 0.03)
        #expect(spread[15] < 1e-6 * spread[0])
        // Over batch × width the top layer still looks varied: its units differ from one another.
        #expect(initial.activationStd[15] > 1e3 * spread[15])
    }

    @Test("Deep sigmoid first layers get far less gradient than their last; relu's do not")
    func vanishing() throws {
        func ratio(_ activation: Activation) throws -> Double {
            var spec = smallSpec(activation, depth: 10, epochs: 0)
            spec.width = 32
            let norms = try train(spec).initial.backpropGradientNorm
            return norms.first! / norms.last!
        }
        #expect(try ratio(.sigmoid) < 1e-3)
        #expect(try ratio(.relu) > 0.05)
    }

    @Test("Sigmoid units saturate under a huge initialisation; tanh units near zero do not")
    func saturation() throws {
        var spec = smallSpec(.sigmoid, depth: 2, epochs: 0)
        spec.initializer = .normal(std: 20)
        #expect(try train(spec).initial.saturatedFraction[1] > 0.8)
        spec.activation = .tanh
        spec.initializer = .normal(std: 0.01)
        #expect(try train(spec).initial.saturatedFraction.allSatisfy { $0 == 0 })
    }

    @Test("A huge learning rate is recorded as diverged, not a crash")
    func divergence() throws {
        let result = try train(smallSpec(.relu, depth: 4, epochs: 5, lr: 1e6))
        guard case .diverged(let epoch, let step) = result.outcome else {
            Issue.record("expected divergence, got \(result.outcome)")
            return
        }
        #expect(epoch == 1 && step >= 1)
        #expect(result.epochs.count == epoch - 1)
    }

    @Test(
        "Every optimiser and clipping trains the electricity model down",
        arguments: ["sgd", "momentum", "nesterov", "adam"], [nil, 1.0] as [Double?])
    func optimisers(_ name: String, _ clip: Double?) throws {
        var spec = smallSpec(.tanh, depth: 2, epochs: 4)
        spec.optimizer = OptimizerSpec(try Catalog.optimizer(named: name), learningRate: name == "adam" ? 0.005 : 0.02, clipNorm: clip)
        let result = try train(spec)
        #expect(result.outcome == .completed)
        #expect(result.epochs.last!.trainLoss < 0.6 * result.initial.trainLoss)
    }

    @Test("On spirals, relu at depth 8 learns and sigmoid at depth 8 does not")
    func spirals() throws {
        func accuracy(_ activation: Activation) throws -> Double {
            let spec = RunSpec(
                dataset: DatasetSpec(.spirals(samples: 400, classes: 2), seed: 1), activation: activation,
                depth: 8, width: 24, optimizer: OptimizerSpec(try Catalog.optimizer(named: "adam"), learningRate: 0.01),
                loss: .crossEntropy, batchSize: 32, epochs: 20, seed: 3)
            let result = try train(spec)
            #expect(result.outcome == .completed)
            return result.epochs.last!.validationAccuracy!
        }
        #expect(try accuracy(.relu) > 0.9)
        #expect(try accuracy(.sigmoid) < 0.65)
    }

    @Test("An invalid spec is refused with its problems")
    func invalid() {
        var spec = smallSpec()
        spec.depth = 0
        #expect(throws: InvalidSpec.self) { try train(spec) }
    }
}

@Suite("Histograms")
struct HistogramTests {
    @Test("Shared histograms count every finite value once, over one range, even for extreme ranges")
    func shared() {
        let h = Histogram.shared([[0, 1, 2, 3, .nan], [4, 4]], bins: 4)
        #expect(h[0].edges == [0, 1, 2, 3, 4] && h[1].edges == h[0].edges)
        #expect(h[0].counts == [1, 1, 1, 1] && h[1].counts == [0, 0, 0, 2])
        let extreme = Histogram.shared([[-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude, .leastNonzeroMagnitude]], bins: 3)
        #expect(extreme[0].counts == [1, 1, 1])
        #expect(Histogram.shared([[2, 2]], bins: 2)[0].edges == [1.5, 2, 2.5])
        #expect(Histogram.shared([[0, -0.0, 1]], bins: 2)[0].zeroCount == 2 && h[0].scale == .linear)
    }

    @Test("Log-magnitude histograms bin log₁₀|v| over one range, keep zeros apart and edges as magnitudes")
    func logMagnitude() {
        let h = Histogram.sharedLog10Magnitude([[0, 2e-3, -2e-3, 0.3, .nan, .infinity], [5, 0, 0, 1e-3, -10]], bins: 4)
        #expect(h.allSatisfy { $0.scale == .log10Magnitude } && h[0].edges == h[1].edges)
        #expect(zip(h[0].edges, [1e-3, 1e-2, 0.1, 1, 10]).allSatisfy { abs($0 / $1 - 1) < 1e-14 })
        #expect(h[0].counts == [2, 0, 1, 0] && h[0].zeroCount == 1)
        #expect(h[1].counts == [1, 0, 0, 2] && h[1].zeroCount == 2)
        let degenerate = Histogram.sharedLog10Magnitude([[2, -2]], bins: 3)[0]
        #expect(degenerate.counts == [0, 2, 0])
        #expect(abs(degenerate.edges[0] * degenerate.edges[3] - 4) < 1e-12 && abs(degenerate.edges[3] / degenerate.edges[0] - 10) < 1e-12)
        let extreme = Histogram.sharedLog10Magnitude([[.leastNonzeroMagnitude, -.greatestFiniteMagnitude, 1]], bins: 3)[0]
        #expect(extreme.counts == [1, 1, 1])
        #expect(extreme.edges.allSatisfy { $0.isFinite && $0 > 0 })
        let empty = Histogram.sharedLog10Magnitude([[0, 0, .nan]], bins: 2)[0]
        #expect(empty.counts == [0, 0] && empty.zeroCount == 2)
        #expect(zip(empty.edges, [0.1, 1, 10]).allSatisfy { abs($0 / $1 - 1) < 1e-14 })
    }
}
