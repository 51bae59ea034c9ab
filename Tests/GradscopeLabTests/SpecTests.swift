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

    @Test("Derived seeds depend on the notebook seed and the spec, not on the old seed or order")
    func derivedSeed() {
        let a = smallSpec("relu"), b = smallSpec("tanh")
        var reseeded = a
        reseeded.seed = 999
        #expect(a.withDerivedSeed(notebookSeed: 42).seed == reseeded.withDerivedSeed(notebookSeed: 42).seed)
        #expect(a.withDerivedSeed(notebookSeed: 42).seed != a.withDerivedSeed(notebookSeed: 43).seed)
        #expect(a.withDerivedSeed(notebookSeed: 42).seed != b.withDerivedSeed(notebookSeed: 42).seed)
        let forward = [a, b].map { $0.withDerivedSeed(notebookSeed: 7) }
        let backward = [b, a].map { $0.withDerivedSeed(notebookSeed: 7) }
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
