import Foundation
import GradscopeNN
import Testing

@testable import GradscopeLab

@Suite("Specs, hashes and the catalog")
struct SpecTests {
    @Test("Catalog.validate names each problem's field: a depth of 0 and a width of 5000")
    func validate() {
        var spec = smallSpec()
        spec.depth = 0
        spec.width = 5000
        let problems = Catalog.validate(spec)
        #expect(problems.map(\.field) == [.depth, .width])
        #expect(problems.map(\.message) == ["depth must be at least 1, got 0", "width must be at most 4096, got 5000"])
        #expect(Catalog.validate(smallSpec()).isEmpty)
    }

    @Test("Catalog.validate catches bad optimiser, loss and dataset settings")
    func validateMore() {
        var spec = smallSpec()
        spec.optimizer.learningRate = -1
        spec.optimizer.kind = .adam(beta1: 1, beta2: 0.999, epsilon: 0)
        spec.loss = .crossEntropy
        spec.dataset.validationFraction = 1
        #expect(Catalog.validate(spec).map(\.field) == [.datasetValidationFraction, .learningRate, .beta1, .epsilon, .loss])
        spec = smallSpec()
        spec.optimizer.kind = .nesterov(1.5)
        #expect(Catalog.validate(spec) == [SpecProblem(.momentum, "momentum must be in [0, 1), got 1.5")])
    }

    @Test("Names are parsed once, by Catalog, into the engine's types; a bad name names its field")
    func parsing() throws {
        #expect(try Catalog.activation(named: "leaky_relu(0.2)") == .leakyReLU(slope: 0.2))
        #expect(try Catalog.initializer(named: "normal(0.01)") == .normal(std: 0.01))
        #expect(try Catalog.loss(named: "cross_entropy") == .crossEntropy)
        #expect(try Catalog.optimizer(named: "nesterov", momentum: 0.5) == .nesterov(0.5))
        #expect(try Catalog.optimizer(named: "adam", beta2: 0.99) == .adam(beta1: 0.9, beta2: 0.99, epsilon: 1e-8))
        #expect(
            try Catalog.dataset(named: "spirals", samples: nil, classes: 3, csvPath: nil, csvTarget: nil, features: [])
                == .spirals(samples: 4096, classes: 3))
        func field(_ parse: () throws(SpecProblem) -> Any) -> SpecField? {
            do {
                _ = try parse()
                return nil
            } catch { return error.field }
        }
        #expect(field { () throws(SpecProblem) in try Catalog.activation(named: "sigmoidd") } == .activation)
        #expect(field { () throws(SpecProblem) in try Catalog.initializer(named: "normal(x)") } == .initializer)
        #expect(field { () throws(SpecProblem) in try Catalog.loss(named: "l1") } == .loss)
        #expect(field { () throws(SpecProblem) in try Catalog.optimizer(named: "rmsprop") } == .optimizer)
        #expect(field { () throws(SpecProblem) in try Catalog.optimizer(named: "adam", momentum: 0.5) } == .momentum)
        #expect(field { () throws(SpecProblem) in try Catalog.optimizer(named: "sgd", epsilon: 1e-6) } == .epsilon)
        func dataset(_ name: String, samples: Int? = nil, classes: Int? = nil, path: String? = nil, target: String? = nil) -> SpecField? {
            field { () throws(SpecProblem) in
                try Catalog.dataset(named: name, samples: samples, classes: classes, csvPath: path, csvTarget: target, features: [])
            }
        }
        #expect(dataset("mnist") == .dataset)
        #expect(dataset("electricity", classes: 3) == .datasetClasses)
        #expect(dataset("csv", samples: 10, path: "a.csv", target: "y") == .datasetSamples)
        #expect(dataset("csv", target: "y") == .datasetCSVPath)
        #expect(dataset("csv", path: "a.csv") == .datasetCSVTarget)
        #expect(dataset("spirals", path: "a.csv") == .datasetCSVPath)
        do {
            _ = try Catalog.activation(named: "sigmoidd")
        } catch {
            #expect(error.message.hasPrefix("unknown activation 'sigmoidd' (expected one of: sigmoid, tanh, relu"))
        }
    }

    @Test(
        "Canonical names read back to the same value, so hashes of written names did not move",
        arguments: ["sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu(0.2)", "elu", "elu(0.5)", "gelu", "selu", "softplus", "silu", "identity"])
    func activationNames(_ name: String) throws {
        #expect(try Catalog.activation(named: name).name == name)
    }

    @Test(
        "Initialiser names read back, whole parameters without a fraction (as notebooks write normal(1))",
        arguments: [
            "auto", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "lecun_normal", "orthogonal",
            "normal(0.01)", "normal(1)", "normal(0.3)", "uniform(0.05)", "uniform(2)",
        ])
    func initializerNames(_ name: String) throws {
        #expect(try Catalog.initializer(named: name).name == name)
    }

    @Test("A spec's JSON is flat with names as strings, as in cache entries written before specs were typed")
    func json() throws {
        var spec = smallSpec(.leakyReLU(slope: 0.2))
        spec.initializer = .normal(std: 1)
        spec.optimizer = OptimizerSpec(.adam(beta1: 0.8, beta2: 0.99, epsilon: 1e-7), learningRate: 0.01, clipNorm: 1)
        let text = String(decoding: try RunCache.encoder.encode(spec), as: UTF8.self)
        #expect(text.contains(#""activation":"leaky_relu(0.2)""#) && text.contains(#""initializer":"normal(1)""#))
        #expect(text.contains(#""dataset":{"classes":2,"csvFeatures":[],"name":"electricity","samples":512,"seed":3,"validationFraction":0.2}"#))
        #expect(text.contains(#""optimizer":{"beta1":0.8,"beta2":0.99,"clipNorm":1,"epsilon":1e-07,"learningRate":0.01,"momentum":0.9,"name":"adam"}"#))
        #expect(try RunCache.decoder.decode(RunSpec.self, from: Data(text.utf8)) == spec)
        let unknown = text.replacingOccurrences(of: "leaky_relu(0.2)", with: "swish")
        #expect(throws: DecodingError.self) { try RunCache.decoder.decode(RunSpec.self, from: Data(unknown.utf8)) }
    }

    @Test("The content hash is pinned, and changes with every field and the seed")
    func hash() {
        let spec = smallSpec()
        #expect(spec.contentHash == smallSpec().contentHash)
        #expect(spec.contentHash.count == 64)
        #expect(spec.contentHash == "836064d1af169a508b60e13b0f50c4d0e75bcf620f0e7b03d7d45d5c8239539e")
        var variants: [RunSpec] = []
        func vary(_ change: (inout RunSpec) -> Void) {
            var s = spec
            change(&s)
            variants.append(s)
        }
        vary { $0.seed += 1 }
        vary { $0.width += 1 }
        vary { $0.residual = true }
        vary { $0.optimizer.clipNorm = 1 }
        vary { $0.optimizer.kind = .momentum(0.5) }
        vary { $0.dataset.kind = .csv(CSVFile(path: "a.csv", target: "y", features: ["a"])) }
        vary { $0.dataset.kind = .spirals(samples: 512, classes: 3) }
        vary { $0.dataset.validationFraction = 0.25 }
        vary { $0.histogramBins = 11 }
        let hashes = Set(variants.map(\.contentHash) + [spec.contentHash])
        #expect(hashes.count == variants.count + 1)
    }

    @Test("Typed settings hash as the strings they replaced: hashes pinned from the documented text, computed independently")
    func typedHashes() {
        var adam = smallSpec(.leakyReLU(slope: 0.2))
        adam.initializer = .normal(std: 1)
        adam.optimizer = OptimizerSpec(.adam(beta1: 0.8, beta2: 0.99, epsilon: 1e-7), learningRate: 0.01, clipNorm: 1)
        #expect(adam.contentHash == "b726fdc83f420c2c8e63accca11e5b9d3cdc5d45b51ceb0b54341aed6c54c563")
        var nesterov = smallSpec(.elu(alpha: 0.5))
        nesterov.initializer = .uniform(limit: 0.05)
        nesterov.optimizer.kind = .nesterov(0.5)
        #expect(nesterov.contentHash == "e671804c74620c5ef0467c7bf27d1ace919c50fc06ed6ea1df9dc7ece7679cb6")
        var spirals = smallSpec(.gelu)
        spirals.dataset.kind = .spirals(samples: 512, classes: 3)
        spirals.loss = .crossEntropy
        spirals.initializer = .orthogonal
        #expect(spirals.contentHash == "56b89f0f49a544acb2a25b11517a35704e239671dc04400cbd077597563cb464")
        var csv = smallSpec()
        csv.dataset.kind = .csv(CSVFile(path: "data/load.csv", target: "load", features: ["temp", "hour"], digest: String(repeating: "ab", count: 32)))
        csv.residual = true
        #expect(csv.contentHash == "b994768aeff998d5e301d9eb52460da1bd97bfca4c2e9827659f027c77e8572b")
    }

    @Test("Derived seeds depend on the notebook seed, the repeat, the dataset, depth and width only")
    func derivedSeed() {
        let spec = smallSpec(.relu)
        func seed(_ s: RunSpec, notebook: UInt64 = 42, index: Int = 0) -> UInt64 {
            s.withDerivedSeed(notebookSeed: notebook, seedIndex: index).seed
        }
        #expect(seed(spec) == 0x7BB8_36A5_B28A_D43A)  // SHA-256 of the documented text, computed independently
        #expect(seed(spec, notebook: 43) != seed(spec) && seed(spec, index: 1) != seed(spec))
        func vary(_ change: (inout RunSpec) -> Void) -> UInt64 {
            var s = spec
            change(&s)
            return seed(s)
        }
        let free: [(inout RunSpec) -> Void] = [
            { $0.seed = 999 }, { $0.activation = .sigmoid }, { $0.initializer = .heUniform },
            { $0.optimizer.kind = .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8) }, { $0.optimizer.learningRate = 0.5 },
            { $0.optimizer.kind = .momentum(0.5) }, { $0.optimizer.kind = .adam(beta1: 0.8, beta2: 0.999, epsilon: 1e-8) },
            { $0.optimizer.kind = .adam(beta1: 0.9, beta2: 0.99, epsilon: 1e-8) }, { $0.optimizer.kind = .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-6) },
            { $0.optimizer.clipNorm = 1 }, { $0.loss = .crossEntropy }, { $0.batchSize = 8 }, { $0.epochs = 99 },
            { $0.residual = true }, { $0.histogramBins = 11 },
        ]
        #expect(free.map(vary).allSatisfy { $0 == seed(spec) })
        let shaping: [(inout RunSpec) -> Void] = [
            { $0.depth += 1 }, { $0.width += 1 }, { $0.dataset.kind = .spirals(samples: 512, classes: 2) },
            { $0.dataset.kind = .electricity(samples: 513) }, { $0.dataset.validationFraction = 0.25 }, { $0.dataset.seed += 1 },
            { $0.dataset.kind = .csv(CSVFile(path: "a.csv", target: "y")) }, { $0.dataset.kind = .csv(CSVFile(path: "a.csv", target: "z")) },
            { $0.dataset.kind = .csv(CSVFile(path: "a.csv", target: "y", features: ["a"])) },
            { $0.dataset.kind = .csv(CSVFile(path: "a.csv", target: "y", digest: "00")) },
            { $0.dataset.kind = .spirals(samples: 512, classes: 3) },
        ]
        let seeds = shaping.map(vary)
        #expect(Set(seeds + [seed(spec)]).count == seeds.count + 1)
        let other = smallSpec(.tanh, depth: 3)
        let forward = [spec, other].map { $0.withDerivedSeed(notebookSeed: 7, seedIndex: 2) }
        let backward = [other, spec].map { $0.withDerivedSeed(notebookSeed: 7, seedIndex: 2) }
        #expect(forward == backward.reversed())
    }

    @Test("The activations' classic derivative maxima, which the bound figures and tables use")
    func curves() {
        #expect(Activation.sigmoid.maxDerivative == 0.25)
        #expect(Activation.tanh.maxDerivative == 1)
        #expect(abs(Activation.gelu.maxDerivative - 1.128904) < 1e-6)
        #expect(abs(Activation.silu.maxDerivative - 1.0998393) < 1e-6)
        #expect(abs(Activation.selu.maxDerivative - 1.758099) < 1e-6)
        #expect(Activation.leakyReLU(slope: 2).maxDerivative == 2)
        #expect(Catalog.activationNames.count == 10)
    }
}
