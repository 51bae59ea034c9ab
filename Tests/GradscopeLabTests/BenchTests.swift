import Testing

@testable import GradscopeLab

@Suite("The benchmark's shapes and rules")
struct BenchTests {
    @Test("The standard shapes: width 64 at depths 1 to 32, then widths 256 and 1024 at depth 8, batch 256, for sigmoid and relu")
    func standardShapes() {
        #expect(
            Bench.standardShapes.map { "\($0.activation) \($0.depth) \($0.width) \($0.batch)" } == [
                "sigmoid 1 64 64", "sigmoid 4 64 64", "sigmoid 16 64 64", "sigmoid 32 64 64", "sigmoid 8 256 256", "sigmoid 8 1024 256",
                "relu 1 64 64", "relu 4 64 64", "relu 16 64 64", "relu 32 64 64", "relu 8 256 256", "relu 8 1024 256",
            ])
    }

    @Test("A step's FLOPs count two products for the first layer and three for the others, 2 per multiply-add")
    func flops() {
        // 8 → 64: 2 × 2 × 64 × 8 × 64; 31 × (64 → 64): 3 × 2 × 64³; 64 → 1: 3 × 2 × 64 × 64.
        let deep: Double = 131_072 + 31 * 1_572_864 + 24_576
        #expect(Bench.Shape(activation: .relu, depth: 32, width: 64, batch: 64).flopsPerStep == deep)
        let shallow: Double = 2 * 2 * 3 * 8 * 10 + 3 * 2 * 3 * 10
        #expect(Bench.Shape(activation: .relu, depth: 1, width: 10, batch: 3).flopsPerStep == shallow)
    }

    @Test("Timed steps: all under 10 MFLOP a step, half up to 100 MFLOP, then about half × 100 MFLOP of work, at least 1")
    func timedSteps() {
        func steps(_ depth: Int, _ width: Int, _ batch: Int, base: Int = 2000) -> Int {
            Bench.Shape(activation: .sigmoid, depth: depth, width: width, batch: batch).timedSteps(base: base)
        }
        #expect(steps(1, 64, 64) == 2000 && steps(4, 64, 64) == 2000)
        #expect(steps(16, 64, 64) == 1000 && steps(32, 64, 64) == 1000)
        #expect(steps(8, 256, 256) == 141 && steps(8, 1024, 256) == 8)
        #expect(steps(8, 1024, 256, base: 2) == 1 && steps(32, 64, 64, base: 2) == 1)
        #expect(Bench.Shape(activation: .relu, depth: 1, width: 64, batch: 64).warmUpSteps(timed: 2000) == 100)
        #expect(Bench.Shape(activation: .relu, depth: 8, width: 1024, batch: 256).warmUpSteps(timed: 8) == 2)
    }

    @Test("A step whose loss is not finite is an error, not a figure")
    func nonFiniteLoss() {
        let shape = Bench.Shape(activation: .relu, depth: 3, width: 8, batch: 16)
        #expect(throws: Bench.NonFiniteLoss.self) {
            try Bench.measure(shape, steps: 50, repetitions: 1, learningRate: 1e6)
        }
        let fine = try? Bench.measure(shape, steps: 5, repetitions: 2)
        #expect(fine?.finalLoss.isFinite == true && fine?.repetitions.count == 2)
    }
}
