import Foundation
import GradscopeNN
import Testing
@testable import GradscopeLab

@Suite("Common random numbers")
struct CommonRandomNumberTests {
    /// The layers' initial weights, as the trainer draws them.
    static func initialWeights(_ spec: RunSpec) throws -> [Matrix] {
        try Trainer(spec).session.mlp.layers.map(\.weights)
    }

    @Test("Two networks differing only in their output layer share their hidden layers' weights")
    func outputLayerIndependence() throws {
        func spirals(_ classes: Int) -> RunSpec {
            RunSpec(dataset: DatasetSpec(name: "spirals", samples: 120, seed: 1, classes: classes), activation: "relu",
                    depth: 3, width: 12, loss: "cross_entropy", seed: 5)
        }
        let two = try Self.initialWeights(spirals(2)), three = try Self.initialWeights(spirals(3))
        #expect(two.count == 4 && two[3].rows == 2 && three[3].rows == 3)
        #expect(Array(two.prefix(3)) == Array(three.prefix(3)))
    }

    @Test("With the dataset seed equal to the run seed, weights, batches and data use unrelated streams")
    func dataAndWeightsApart() throws {
        let spec = RunSpec(dataset: DatasetSpec(name: "electricity", samples: 256, seed: 101), activation: "sigmoid",
                           depth: 2, width: 16, initializer: "xavier_uniform", seed: 101)
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
        let expected = DataSplit(Electricity.generate(samples: 256, seed: SplitMix64.streamSeed(101, label: "data.generate")),
                                 validationFraction: 0.2, seed: SplitMix64.streamSeed(101, label: "data.split"))
        #expect(split == expected)
        // ... and the streams differ from the first draw.
        for label in ["data.generate", "data.split", "batches"] {
            #expect(zip(drawn, uniforms(label)).allSatisfy { abs($0 - $1) > 1e-9 }, "\(label)")
        }
    }
}
