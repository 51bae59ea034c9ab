import Foundation
import GradscopeNN
import Testing

@testable import GradscopeLab

@Suite("Common random numbers")
struct CommonRandomNumberTests {
    /// A tiny electricity run, changed by `change`, then seeded as a notebook seeds it.
    static func spec(epochs: Int = 3, _ change: (inout RunSpec) -> Void = { _ in }) -> RunSpec {
        var spec = RunSpec(
            dataset: DatasetSpec(.electricity(samples: 256), seed: 3), activation: .tanh,
            depth: 2, width: 16, optimizer: OptimizerSpec(.sgd, learningRate: 0.05),
            batchSize: 32, epochs: epochs, histogramBins: 10)
        change(&spec)
        return spec.withDerivedSeed(notebookSeed: 42, seedIndex: 0)
    }

    /// The layers' initial weights, as the trainer draws them.
    static func initialWeights(_ spec: RunSpec) throws -> [Matrix] {
        try Trainer(spec).session.mlp.layers.map(\.weights)
    }

    @Test("A 3-epoch run's epochs are the first 3 epochs of the same run with 6, bit for bit")
    func epochPrefix() throws {
        let short = try train(Self.spec(epochs: 3))
        let long = try train(Self.spec(epochs: 6))
        #expect(short.spec.seed == long.spec.seed)
        #expect(long.epochs.count == 6 && long.outcome == .completed)
        #expect(try RunCache.encoder.encode(short.epochs) == RunCache.encoder.encode(Array(long.epochs.prefix(3))))
        #expect(short.initial == long.initial && short.initialHistograms == long.initialHistograms)
    }

    @Test("Runs differing only in learning rate, optimiser, clipping or epochs start from the same point")
    func sameStart() throws {
        let base = try train(Self.spec(epochs: 1))
        let variants = [
            Self.spec(epochs: 1) { $0.optimizer.learningRate = 0.2 },
            Self.spec(epochs: 1) { $0.optimizer = OptimizerSpec(try! Catalog.optimizer(named: "adam"), learningRate: 0.01) },
            Self.spec(epochs: 1) { $0.optimizer.clipNorm = 0.5 },
            Self.spec(epochs: 2),
        ]
        for variant in variants {
            let result = try train(variant)
            #expect(result.initial.trainLoss == base.initial.trainLoss)
            #expect(result.initial == base.initial && result.initialHistograms == base.initialHistograms)
        }
        #expect(try train(Self.spec(epochs: 1) { $0.depth = 3 }).initial.trainLoss != base.initial.trainLoss)
    }

    @Test("Two networks differing only in their output layer share their hidden layers' weights")
    func outputLayerIndependence() throws {
        func spirals(_ classes: Int) -> RunSpec {
            RunSpec(
                dataset: DatasetSpec(.spirals(samples: 120, classes: classes), seed: 1), activation: .relu,
                depth: 3, width: 12, loss: .crossEntropy, seed: 5)
        }
        let two = try Self.initialWeights(spirals(2))
        let three = try Self.initialWeights(spirals(3))
        #expect(two.count == 4 && two[3].rows == 2 && three[3].rows == 3)
        #expect(Array(two.prefix(3)) == Array(three.prefix(3)))
    }

    @Test("relu (he_normal) and sigmoid (xavier_uniform) runs of one shape draw their weights from the same uniforms")
    func sharedUniforms() throws {
        let relu = Self.spec {
            $0.activation = .relu
            $0.initializer = .heNormal
        }
        let sigmoid = Self.spec {
            $0.activation = .sigmoid
            $0.initializer = .xavierUniform
        }
        #expect(relu.seed == sigmoid.seed)
        let normal = try Self.initialWeights(relu)[0].storage
        let uniform = try Self.initialWeights(sigmoid)[0].storage
        let fanIn = 8.0
        let fanOut = 16.0
        let std = (2 / fanIn).squareRoot()
        let limit = (6 / (fanIn + fanOut)).squareRoot()
        #expect(normal.count == 128)
        for (n, u) in zip(normal, uniform) {
            let phi = 0.5 * erfc(-(n / std) / 2.squareRoot())  // Φ(w/σ)
            #expect(abs(phi - (u / limit + 1) / 2) < 1e-12)
        }
        #expect(normal != uniform.map { $0 * std / limit }, "the map between them is not linear")
    }

    @Test("With the dataset seed equal to the run seed, weights, batches and data use unrelated streams")
    func dataAndWeightsApart() throws {
        let spec = RunSpec(
            dataset: DatasetSpec(.electricity(samples: 256), seed: 101), activation: .sigmoid,
            depth: 2, width: 16, initializer: .xavierUniform, seed: 101)
        // The uniforms under layer 1's weights, w = a(2u − 1), are stream ("init", 1)'s, ...
        let limit = (6.0 / 24).squareRoot()
        let drawn = try Self.initialWeights(spec)[0].storage.prefix(8).map { ($0 / limit + 1) / 2 }
        func uniforms(_ label: String, index: Int = 0) -> [Double] {
            var rng = Xoshiro256StarStar(parent: 101, stream: label, index: index)
            return (0..<8).map { _ in rng.openUniform() }
        }
        #expect(zip(drawn, uniforms("init", index: 1)).allSatisfy { abs($0 - $1) < 1e-15 })
        // ... the data come from streams "data.generate" and "data.split", ...
        let split = try spec.dataset.load(classification: false)
        let expected = DataSplit(
            Electricity.generate(samples: 256, seed: SplitMix64.streamSeed(101, label: "data.generate")),
            validationFraction: 0.2, seed: SplitMix64.streamSeed(101, label: "data.split"))
        #expect(split == expected)
        // ... and the streams differ from the first draw.
        for label in ["data.generate", "data.split", "batches"] {
            #expect(zip(drawn, uniforms(label)).allSatisfy { abs($0 - $1) > 1e-9 }, "\(label)")
        }
    }
}
