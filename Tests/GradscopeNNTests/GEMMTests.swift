import Testing

@testable import GradscopeNN

/// Operands of one product, A and B each stored either way round, and the naive result.
struct ProductCase: Sendable {
    var m: Int, n: Int, k: Int
    /// A stored row-major (A[i, p] at i * k + p) or column-major (at p * m + i, as dZᵀ is).
    var aRowMajor: Bool
    /// B stored row-major (B[p, j] at p * n + j) or column-major (at j * k + p, as Wᵀ is).
    var bRowMajor: Bool
    var a: [Double], b: [Double], bias: [Double], s: [Double]

    init(_ m: Int, _ n: Int, _ k: Int, aRowMajor: Bool = false, bRowMajor: Bool = true, seed: UInt64 = 3) {
        self.m = m
        self.n = n
        self.k = k
        self.aRowMajor = aRowMajor
        self.bRowMajor = bRowMajor
        var rng = Xoshiro256StarStar(seed: seed)
        a = (0..<(m * k)).map { _ in rng.normal() }
        b = (0..<(k * n)).map { _ in rng.normal() }
        bias = (0..<n).map { _ in rng.normal() }
        s = (0..<(m * n)).map { _ in rng.normal() }
    }

    func aAt(_ i: Int, _ p: Int) -> Double { aRowMajor ? a[i * k + p] : a[p * m + i] }
    func bAt(_ p: Int, _ j: Int) -> Double { bRowMajor ? b[p * n + j] : b[j * k + p] }

    /// start + Σ_p A[i, p] B[p, j], one fused multiply-add per p in ascending order.
    func naive(mode: Int) -> [Double] {
        var c = Array(repeating: 0.0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = mode == 0 ? 0 : mode == 1 ? bias[j] : s[i * n + j]
                for p in 0..<k { sum.addProduct(aAt(i, p), bAt(p, j)) }
                c[i * n + j] = sum
            }
        }
        return c
    }

    /// Runs `body` with the product's operands for start `mode` (0 zero, 1 bias row, 2 matrix).
    func withProduct<R>(mode: Int, into c: inout [Double], _ body: (GEMM.Product) -> R) -> R {
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                bias.withUnsafeBufferPointer { biasp in
                    s.withUnsafeBufferPointer { sp in
                        c.withUnsafeMutableBufferPointer { cp in
                            let start: GEMM.Start = mode == 0 ? .zero : mode == 1 ? .row(biasp.baseAddress!) : .matrix(sp.baseAddress!, ld: n)
                            return body(
                                GEMM.Product(
                                    m: m, n: n, k: k, a: ap.baseAddress!, ars: aRowMajor ? k : 1, acs: aRowMajor ? 1 : m,
                                    b: bp.baseAddress!, brs: bRowMajor ? n : 1, bcs: bRowMajor ? 1 : k,
                                    c: cp.baseAddress!, ldc: n, start: start))
                        }
                    }
                }
            }
        }
    }
}

@Suite("The blocked matrix product")
struct GEMMTests {
    static func scratch(_ c: ProductCase, threads: Int = 1) -> GEMM.Scratch {
        GEMM.Scratch(rows: c.m, columns: c.n, depth: c.k, threads: threads)
    }

    /// Every element equals the naive product's bits (and tanh and relu of it), with each tile, each start,
    /// both storage orders of A and of B.
    static func check<T: GEMMTile>(_ tile: T.Type, _ shape: (Int, Int, Int), threads: Int = 1) {
        let (m, n, k) = shape
        // tanh is applied after each block, relu in the register tile: both paths are checked.
        #expect(Vector.Tanh.appliesAfterBlock && !Vector.ReLU.appliesAfterBlock)
        for aRowMajor in [false, true] {
            for bRowMajor in [true, false] {
                let c = ProductCase(m, n, k, aRowMajor: aRowMajor, bRowMajor: bRowMajor)
                let scratch = scratch(c, threads: threads)
                for mode in 0..<3 {
                    let expected = c.naive(mode: mode)
                    var plain = Array(repeating: Double.nan, count: m * n)
                    var activated = plain
                    var rectified = plain
                    c.withProduct(mode: mode, into: &plain) { $0.run(T.self, scratch: scratch, f: Vector.Unchanged()) }
                    c.withProduct(mode: mode, into: &activated) { $0.run(T.self, scratch: scratch, f: Vector.Tanh()) }
                    c.withProduct(mode: mode, into: &rectified) { $0.run(T.self, scratch: scratch, f: Vector.ReLU()) }
                    for i in 0..<(m * n) {
                        #expect(plain[i] == expected[i], "\(T.self) \(shape) A row-major \(aRowMajor) B row-major \(bRowMajor) mode \(mode) element \(i)")
                        #expect(activated[i] == Activation.tanh.value(expected[i]), "tanh, \(T.self) \(shape) mode \(mode) element \(i)")
                        #expect(rectified[i].bitPattern == Activation.relu.value(expected[i]).bitPattern, "relu, \(T.self) \(shape) mode \(mode) element \(i)")
                    }
                }
            }
        }
    }

    @Test(
        "Awkward and edge shapes give the naive product's bits with either register tile",
        arguments: [
            (1, 1, 1), (7, 19, 5), (4, 16, 3), (9, 33, 17), (16, 24, 7), (21, 41, 6), (64, 64, 64), (5, 8, 0), (6, 32, 1), (13, 1, 9), (1, 40, 12), (19, 1, 70),
            (1, 1, 5), (1, 3, 2),
        ])
    func edges(_ shape: (Int, Int, Int)) {
        GEMMTests.check(Tile6x8.self, shape)
        GEMMTests.check(Tile6x32.self, shape)
    }

    @Test(
        "Across cache blocks (k past 256, 512 and 1,024, rows past 72, columns past 1,024) every element keeps its order",
        arguments: [(80, 20, 300), (7, 1030, 5), (75, 9, 513), (40, 24, 1100)])
    func blocks(_ shape: (Int, Int, Int)) {
        GEMMTests.check(Tile6x8.self, shape)
        GEMMTests.check(Tile6x32.self, shape)
    }

    @Test("Any split of the columns over threads gives the same bits", arguments: [1, 2, 3, 5])
    func threads(_ threads: Int) {
        // 140 × 150 × 110 is past `threadedWork`, so the product really is split.
        let c = ProductCase(140, 150, 110, aRowMajor: true, bRowMajor: false)
        #expect(c.m * c.n * c.k >= GEMM.threadedWork)
        let expected = c.naive(mode: 2)
        for tile in [Tile6x8.self, Tile6x32.self] as [any GEMMTile.Type] {
            var got = Array(repeating: Double.nan, count: c.m * c.n)
            c.withProduct(mode: 2, into: &got) { product in
                func run<T: GEMMTile>(_ t: T.Type) { product.run(t, scratch: GEMMTests.scratch(c, threads: threads), f: Vector.Unchanged()) }
                run(tile)
            }
            #expect(got == expected, "\(tile), \(threads) threads")
        }
    }

    @Test("The public entry point picks a tile and gives the same bits; Wᵀ is read straight out of W")
    func entryPoint() {
        let c = ProductCase(33, 70, 45, aRowMajor: true, bRowMajor: false)
        var got = Array(repeating: Double.nan, count: c.m * c.n)
        c.withProduct(mode: 1, into: &got) { p in
            GEMM.multiply(
                m: p.m, n: p.n, k: p.k, a: p.a, aRowStride: p.ars, aColStride: p.acs, b: p.b, bRowStride: p.brs,
                bColStride: p.bcs, c: p.c, ldc: p.ldc, start: p.start, scratch: GEMMTests.scratch(c, threads: 2))
        }
        #expect(got == c.naive(mode: 1))
    }
}
