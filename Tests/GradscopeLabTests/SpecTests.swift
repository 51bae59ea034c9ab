import Testing
@testable import GradscopeLab

@Suite("Specs, hashes and the catalog")
struct SpecTests {
    @Test("Catalog.validate names an unknown activation and a depth of 0")
    func validate() {
        var spec = smallSpec("sigmoidd")
        spec.depth = 0
        let problems = Catalog.validate(spec)
        #expect(problems.map(\.field) == ["activation", "depth"])
        #expect(problems[0].message.hasPrefix("unknown activation 'sigmoidd' (expected one of: sigmoid, tanh, relu"))
        #expect(problems[1].message == "depth must be at least 1, got 0")
        #expect(Catalog.validate(smallSpec()).isEmpty)
    }

    @Test("Catalog.validate catches bad optimiser, loss and dataset settings")
    func validateMore() {
        var spec = smallSpec()
        spec.optimizer.learningRate = -1
        spec.loss = "cross_entropy"
        spec.initializer = "normal(x)"
        spec.dataset.validationFraction = 1
        #expect(Set(Catalog.validate(spec).map(\.field)) == ["optimizer.learningRate", "loss", "initializer", "dataset.validationFraction"])
    }

    @Test("The content hash is pinned, and changes with every field and the seed")
    func hash() {
        let spec = smallSpec()
        #expect(spec.contentHash == smallSpec().contentHash)
        #expect(spec.contentHash.count == 64)
        #expect(spec.contentHash == "836064d1af169a508b60e13b0f50c4d0e75bcf620f0e7b03d7d45d5c8239539e")
        var variants: [RunSpec] = []
        func vary(_ change: (inout RunSpec) -> Void) { var s = spec; change(&s); variants.append(s) }
        vary { $0.seed += 1 }
        vary { $0.width += 1 }
        vary { $0.residual = true }
        vary { $0.optimizer.clipNorm = 1 }
        vary { $0.optimizer.momentum = 0.5 }
        vary { $0.dataset.csvFeatures = ["a"] }
        vary { $0.dataset.classes = 3 }
        vary { $0.dataset.validationFraction = 0.25 }
        vary { $0.histogramBins = 11 }
        let hashes = Set(variants.map(\.contentHash) + [spec.contentHash])
        #expect(hashes.count == variants.count + 1)
    }

    @Test("Derived seeds depend on the notebook seed, the repeat, the dataset, depth and width only")
    func derivedSeed() {
        let spec = smallSpec("relu")
        func seed(_ s: RunSpec, notebook: UInt64 = 42, index: Int = 0) -> UInt64 {
            s.withDerivedSeed(notebookSeed: notebook, seedIndex: index).seed
        }
        #expect(seed(spec) == 0x7BB8_36A5_B28A_D43A)   // SHA-256 of the documented text, computed independently
        #expect(seed(spec, notebook: 43) != seed(spec) && seed(spec, index: 1) != seed(spec))
        func vary(_ change: (inout RunSpec) -> Void) -> UInt64 { var s = spec; change(&s); return seed(s) }
        let free: [(inout RunSpec) -> Void] = [
            { $0.seed = 999 }, { $0.activation = "sigmoid" }, { $0.initializer = "he_uniform" },
            { $0.optimizer.name = "adam" }, { $0.optimizer.learningRate = 0.5 }, { $0.optimizer.momentum = 0.5 },
            { $0.optimizer.beta1 = 0.8 }, { $0.optimizer.beta2 = 0.99 }, { $0.optimizer.epsilon = 1e-6 },
            { $0.optimizer.clipNorm = 1 }, { $0.loss = "cross_entropy" }, { $0.batchSize = 8 }, { $0.epochs = 99 },
            { $0.residual = true }, { $0.histogramBins = 11 },
        ]
        #expect(free.map(vary).allSatisfy { $0 == seed(spec) })
        let shaping: [(inout RunSpec) -> Void] = [
            { $0.depth += 1 }, { $0.width += 1 }, { $0.dataset.name = "spirals" }, { $0.dataset.samples += 1 },
            { $0.dataset.validationFraction = 0.25 }, { $0.dataset.seed += 1 }, { $0.dataset.csvPath = "a.csv" },
            { $0.dataset.csvTarget = "y" }, { $0.dataset.csvFeatures = ["a"] }, { $0.dataset.csvDigest = "00" },
            { $0.dataset.classes = 3 },
        ]
        let seeds = shaping.map(vary)
        #expect(Set(seeds + [seed(spec)]).count == seeds.count + 1)
        let other = smallSpec("tanh", depth: 3)
        let forward = [spec, other].map { $0.withDerivedSeed(notebookSeed: 7, seedIndex: 2) }
        let backward = [other, spec].map { $0.withDerivedSeed(notebookSeed: 7, seedIndex: 2) }
        #expect(forward == backward.reversed())
    }

    @Test("Activation curves give values, derivatives and the classic maxima")
    func curves() {
        #expect(ActivationCurves.maxDerivative("sigmoid") == 0.25)
        #expect(ActivationCurves.maxDerivative("tanh") == 1)
        #expect(abs(ActivationCurves.maxDerivative("gelu")! - 1.128904) < 1e-6)
        #expect(abs(ActivationCurves.maxDerivative("silu")! - 1.0998393) < 1e-6)
        #expect(abs(ActivationCurves.maxDerivative("selu")! - 1.758099) < 1e-6)
        #expect(ActivationCurves.maxDerivative("leaky_relu(2)") == 2)
        #expect(ActivationCurves.values("relu", at: [-1, 0, 2]) == [0, 0, 2])
        #expect(ActivationCurves.derivatives("sigmoid", at: [0]) == [0.25])
        #expect(ActivationCurves.values("nope", at: [0]) == nil)
        #expect(Catalog.activationNames.count == 10)
    }
}
