import Foundation
import Testing

@testable import GradscopeLab

@Suite("Run cost estimates and the bounds on one run")
struct RunCostTests {
    @Test("FLOPs follow the documented formula: 6 W per trained example plus evaluation")
    func flops() {
        let spec = RunSpec(dataset: DatasetSpec(.electricity(samples: 100)), activation: .tanh, depth: 2, width: 4, batchSize: 16, epochs: 3)
        let data = DataShape(generating: spec.dataset)!
        #expect(data == DataShape(examples: 100, inputs: 8, outputs: 1))
        // W = 8·4 + 4·4 + 4·1 = 52; N = 80, V = 20, R = 80, B = 16, E = 3.
        let perWeight: Double = 6 * 80 * 3 + 4 * (2 * 20 + 6 * 80) + 2 * 80 + 6 * 16
        #expect(RunCost(spec, data: data).flops == 52 * perWeight)
    }

    @Test("the recorded numbers bound what a trained run actually keeps, within a quarter")
    func recordedNumbers() throws {
        let spec = smallSpec(depth: 3, epochs: 4)
        let result = try train(spec)
        func count(_ s: Snapshot) -> Int {
            3 + s.weightGradientNorm.count + s.backpropGradientNorm.count + s.activationMean.count + s.activationStd.count
                + s.activationSpread.count + s.saturatedFraction.count + s.deadFraction.count + s.updateRatio.count
        }
        func count(_ h: Histogram) -> Int { h.edges.count + h.counts.count + 1 }
        let kept =
            ([result.initial] + result.epochs).map(count).reduce(0, +)
            + (result.initialHistograms + result.finalHistograms).map { count($0.activations) + count($0.gradients) }.reduce(0, +)
        let estimate = RunCost(spec, data: DataShape(generating: spec.dataset)!).recordedNumbers
        #expect(estimate >= Double(kept))
        #expect(estimate <= 1.25 * Double(kept), "estimate \(estimate), kept \(kept)")
    }

    @Test("a CSV file's shape is known only once it is read")
    func csvShape() {
        #expect(DataShape(generating: DatasetSpec(.csv(CSVFile(path: "x.csv", target: "y")))) == nil)
        #expect(DataShape(generating: DatasetSpec(.spirals(samples: 10, classes: 3))) == DataShape(examples: 10, inputs: 2, outputs: 3))
    }

    @Test("Catalog.validate bounds samples, epochs, spiral classes and one run's memory")
    func bounds() {
        var spec = smallSpec()
        spec.dataset.kind = .electricity(samples: Catalog.maxSamples + 1)
        spec.epochs = Catalog.maxEpochs + 1
        #expect(Catalog.validate(spec).map(\.message) == ["samples must be at most 1,000,000, got 1000001", "epochs must be at most 100,000, got 100001"])

        var spirals = smallSpec()
        spirals.loss = .crossEntropy
        spirals.dataset.kind = .spirals(samples: 512, classes: 100)
        #expect(Catalog.validate(spirals).isEmpty)
        for classes in [1, 101] {
            spirals.dataset.kind = .spirals(samples: 512, classes: classes)
            #expect(Catalog.validate(spirals).map(\.message) == ["spirals need 2 to 100 classes, got \(classes)"])
        }

        var wide = smallSpec()
        wide.width = 4096
        wide.depth = 1000
        let problems = Catalog.validate(wide)
        #expect(problems.map(\.field) == [.width])
        #expect(problems.first?.message.hasPrefix("a run of depth 1000 and width 4096 needs about 281 GiB of memory") == true, "\(problems)")
        wide.depth = 8
        wide.width = 1024
        #expect(Catalog.validate(wide).isEmpty, "a wide but feasible network is allowed")
    }

    @Test("a cross-entropy target's class index must be below 1000")
    func csvClasses() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = (folder as NSString).appendingPathComponent("c.csv")
        try "x,label\n1,0\n2,999\n3,1\n4,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CSVDataset.load(path: path, target: "label", features: [], classification: true).outputs == 1000)
        try "x,label\n1,0\n2,1000\n3,1\n4,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.notAClassIndex(file: path, row: 3, column: "label", value: "1000")) {
            try CSVDataset.load(path: path, target: "label", features: [], classification: true)
        }
    }

    @Test("counts, FLOPs and bytes read as messages write them")
    func texts() {
        #expect(RunCost.countText(4_000_000) == "4,000,000")
        #expect(RunCost.countText(999) == "999")
        #expect(RunCost.countText(1000) == "1,000")
        #expect(RunCost.flopsText(1.23e15) == "1.2e15")
        #expect(RunCost.flopsText(2e13) == "2e13")
        #expect(RunCost.bytesText(Double(1 << 30)) == "1 GiB")
        #expect(RunCost.bytesText(134e9) == "125 GiB")
        #expect(RunCost.bytesText(3.5 * 1024 * 1024) == "3.5 MiB")
    }
}
