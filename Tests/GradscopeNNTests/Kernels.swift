import Testing

@testable import GradscopeNN

@Suite("Kernels and random numbers")
struct KernelTests {
    @Test("Vectorised exp is within 2 ulp of the C library's")
    func vectorExp() {
        var worst = 0.0
        var x = -700.0
        while x < 700 {
            let v = Vector.expClamped(SIMD8(repeating: x))[0]
            worst = max(worst, abs(v - exp(x)) / exp(x))
            x += 0.173
        }
        #expect(worst < 4.5e-16)
        #expect(Vector.expClamped(SIMD8(repeating: 0))[0] == 1)
    }

    @Test("SplitMix64 gives its published first output for seed 0")
    func splitMix() {
        var s = SplitMix64(seed: 0)
        #expect(s.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test("Normal samples have mean 0 and variance 1; uniform ones stay in [0, 1)")
    func moments() {
        var rng = Xoshiro256StarStar(seed: 11)
        let n = 200_000
        let xs = (0..<n).map { _ in rng.normal() }
        let mean = xs.reduce(0, +) / Double(n)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.01)
        let us = (0..<n).map { _ in rng.uniform() }
        #expect(us.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(us.reduce(0, +) / Double(n) - 0.5) < 0.005)
    }

    @Test("Orthogonal initialisation gives orthonormal rows or columns", arguments: [(4, 7), (7, 4), (6, 6)])
    func orthogonal(_ shape: (Int, Int)) {
        let (rows, cols) = shape
        let layer = Dense(inputs: cols, outputs: rows)
        var rng = Xoshiro256StarStar(seed: 5)
        Initializer.orthogonal.fill(layer.weight.base, fanIn: cols, fanOut: rows, rng: &rng)
        let w = layer.weights
        let small = min(rows, cols)
        for p in 0..<small {
            for q in 0..<small {
                var dot = 0.0
                if rows <= cols { for c in 0..<cols { dot += w[p, c] * w[q, c] } } else { for r in 0..<rows { dot += w[r, p] * w[r, q] } }
                #expect(abs(dot - (p == q ? 1 : 0)) < 1e-12)
            }
        }
    }

    @Test("Initialisers draw with their stated spread", arguments: ["he_normal", "xavier_uniform", "lecun_normal", "normal(0.5)", "uniform(0.1)"])
    func spread(_ name: String) {
        let initializer = Initializer(name: name)!
        let fanIn = 200
        let fanOut = 300
        let layer = Dense(inputs: fanIn, outputs: fanOut)
        var rng = Xoshiro256StarStar(seed: 9)
        initializer.fill(layer.weight.base, fanIn: fanIn, fanOut: fanOut, rng: &rng)
        let w = layer.weights.storage
        let std = (w.map { $0 * $0 }.reduce(0, +) / Double(w.count)).squareRoot()
        let expected: Double =
            switch name {
            case "he_normal": (2.0 / 200).squareRoot()
            case "xavier_uniform": (6.0 / 500).squareRoot() / 3.0.squareRoot()
            case "lecun_normal": (1.0 / 200).squareRoot()
            case "normal(0.5)": 0.5
            default: 0.1 / 3.0.squareRoot()
            }
        #expect(abs(std / expected - 1) < 0.02)
    }

    @Test("Names parse to activations and initialisers, and bad ones are rejected")
    func names() {
        #expect(Activation(name: "leaky_relu(0.2)") == .leakyReLU(slope: 0.2))
        #expect(Activation(name: "leaky_relu") == .leakyReLU(slope: 0.01))
        #expect(Activation(name: "elu(0.5)")?.name == "elu(0.5)")
        #expect(Activation(name: "sigmoidd") == nil)
        #expect(Activation(name: "tanh(2)") == nil)
        #expect(Activation(name: "elu(-1)") == nil)
        #expect(Initializer(name: "normal(0.01)") == .normal(std: 0.01))
        #expect(Initializer(name: "uniform(x)") == nil)
        #expect(Initializer.auto.resolved(for: .relu) == .heNormal)
        #expect(Initializer.auto.resolved(for: .sigmoid) == .xavierUniform)
    }
}
