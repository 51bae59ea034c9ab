/// A register tile of `GEMM`: 6 rows × `columns` of C held in SIMD8 accumulators while 6 rows of A
/// (A[r, p] at a[r * rowStride + p * colStride]: a packed panel, or A itself when its rows are
/// contiguous) and a packed B panel (b[p * columns + j]) stream past, p = 0 … depth − 1.
protocol GEMMTile: Sendable {
    /// The tile's width: the packed B panels' width.
    static var columns: Int { get }

    /// C[r, j] (at c[r * ldc + j]) = f(start[r, j] + Σ_p A[r, p] · b[p * columns + j]), one fused
    /// multiply-add per p in ascending order. All start values are read before C is written, so
    /// `start` may be C itself.
    static func kernel<F: Vector.LaneFunction>(
        depth: Int, a: UnsafePointer<Double>, rowStride: Int, colStride: Int,
        b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int,
        start: GEMM.Start, f: F)
}

extension GEMM {
    typealias Tile = GEMMTile
}

/// 6 × 8 for AVX2 + FMA (and the portable build): six SIMD8 accumulators are twelve of the sixteen
/// 256-bit registers, with two for B and one broadcast; each step of p loads two vectors and six
/// broadcasts for twelve multiply-adds (BLIS's Haswell tile).
struct Tile6x8: GEMMTile {
    static let columns = 8

    @inline(__always)
    static func kernel<F: Vector.LaneFunction>(
        depth: Int, a: UnsafePointer<Double>, rowStride rs: Int, colStride cs: Int,
        b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int,
        start: GEMM.Start, f: F
    ) {
        var c0 = start.eight(i: 0, j: 0)
        var c1 = start.eight(i: 1, j: 0)
        var c2 = start.eight(i: 2, j: 0)
        var c3 = start.eight(i: 3, j: 0)
        var c4 = start.eight(i: 4, j: 0)
        var c5 = start.eight(i: 5, j: 0)
        let a0 = a
        let a1 = a0 + rs
        let a2 = a1 + rs
        let a3 = a2 + rs
        let a4 = a3 + rs
        let a5 = a4 + rs
        var o = 0
        var bp = b
        for _ in 0..<depth {
            let bv = GEMM.load8(bp)
            c0.addProduct(SIMD8(repeating: a0[o]), bv)
            c1.addProduct(SIMD8(repeating: a1[o]), bv)
            c2.addProduct(SIMD8(repeating: a2[o]), bv)
            c3.addProduct(SIMD8(repeating: a3[o]), bv)
            c4.addProduct(SIMD8(repeating: a4[o]), bv)
            c5.addProduct(SIMD8(repeating: a5[o]), bv)
            o &+= cs
            bp += 8
        }
        GEMM.store8(f.apply(c0), c)
        GEMM.store8(f.apply(c1), c + ldc)
        GEMM.store8(f.apply(c2), c + 2 * ldc)
        GEMM.store8(f.apply(c3), c + 3 * ldc)
        GEMM.store8(f.apply(c4), c + 4 * ldc)
        GEMM.store8(f.apply(c5), c + 5 * ldc)
    }
}

/// 6 × 32 for AVX-512: 24 SIMD8 accumulators, with four B vectors and two broadcasts 30 of the 32
/// 512-bit registers; each step of p loads ten vectors for 24 multiply-adds. Each accumulator is a
/// named local, written out pair of rows by pair of rows rather than looped over: named locals are
/// what the compiler keeps in registers (an array of them would spill), so the repetition is deliberate.
struct Tile6x32: GEMMTile {
    static let columns = 32

    @inline(__always)
    static func kernel<F: Vector.LaneFunction>(
        depth: Int, a: UnsafePointer<Double>, rowStride rs: Int, colStride cs: Int,
        b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int,
        start: GEMM.Start, f: F
    ) {
        var c00 = start.eight(i: 0, j: 0)
        var c01 = start.eight(i: 0, j: 8)
        var c02 = start.eight(i: 0, j: 16)
        var c03 = start.eight(i: 0, j: 24)
        var c10 = start.eight(i: 1, j: 0)
        var c11 = start.eight(i: 1, j: 8)
        var c12 = start.eight(i: 1, j: 16)
        var c13 = start.eight(i: 1, j: 24)
        var c20 = start.eight(i: 2, j: 0)
        var c21 = start.eight(i: 2, j: 8)
        var c22 = start.eight(i: 2, j: 16)
        var c23 = start.eight(i: 2, j: 24)
        var c30 = start.eight(i: 3, j: 0)
        var c31 = start.eight(i: 3, j: 8)
        var c32 = start.eight(i: 3, j: 16)
        var c33 = start.eight(i: 3, j: 24)
        var c40 = start.eight(i: 4, j: 0)
        var c41 = start.eight(i: 4, j: 8)
        var c42 = start.eight(i: 4, j: 16)
        var c43 = start.eight(i: 4, j: 24)
        var c50 = start.eight(i: 5, j: 0)
        var c51 = start.eight(i: 5, j: 8)
        var c52 = start.eight(i: 5, j: 16)
        var c53 = start.eight(i: 5, j: 24)
        let a0 = a
        let a1 = a0 + rs
        let a2 = a1 + rs
        let a3 = a2 + rs
        let a4 = a3 + rs
        let a5 = a4 + rs
        var o = 0
        var bp = b
        for _ in 0..<depth {
            let b0 = GEMM.load8(bp)
            let b1 = GEMM.load8(bp + 8)
            let b2 = GEMM.load8(bp + 16)
            let b3 = GEMM.load8(bp + 24)
            let x0 = SIMD8(repeating: a0[o])
            let x1 = SIMD8(repeating: a1[o])
            c00.addProduct(x0, b0)
            c01.addProduct(x0, b1)
            c02.addProduct(x0, b2)
            c03.addProduct(x0, b3)
            c10.addProduct(x1, b0)
            c11.addProduct(x1, b1)
            c12.addProduct(x1, b2)
            c13.addProduct(x1, b3)
            let x2 = SIMD8(repeating: a2[o])
            let x3 = SIMD8(repeating: a3[o])
            c20.addProduct(x2, b0)
            c21.addProduct(x2, b1)
            c22.addProduct(x2, b2)
            c23.addProduct(x2, b3)
            c30.addProduct(x3, b0)
            c31.addProduct(x3, b1)
            c32.addProduct(x3, b2)
            c33.addProduct(x3, b3)
            let x4 = SIMD8(repeating: a4[o])
            let x5 = SIMD8(repeating: a5[o])
            c40.addProduct(x4, b0)
            c41.addProduct(x4, b1)
            c42.addProduct(x4, b2)
            c43.addProduct(x4, b3)
            c50.addProduct(x5, b0)
            c51.addProduct(x5, b1)
            c52.addProduct(x5, b2)
            c53.addProduct(x5, b3)
            o &+= cs
            bp += 32
        }
        let r0 = c
        let r1 = r0 + ldc
        let r2 = r1 + ldc
        let r3 = r2 + ldc
        let r4 = r3 + ldc
        let r5 = r4 + ldc
        GEMM.store8(f.apply(c00), r0)
        GEMM.store8(f.apply(c01), r0 + 8)
        GEMM.store8(f.apply(c02), r0 + 16)
        GEMM.store8(f.apply(c03), r0 + 24)
        GEMM.store8(f.apply(c10), r1)
        GEMM.store8(f.apply(c11), r1 + 8)
        GEMM.store8(f.apply(c12), r1 + 16)
        GEMM.store8(f.apply(c13), r1 + 24)
        GEMM.store8(f.apply(c20), r2)
        GEMM.store8(f.apply(c21), r2 + 8)
        GEMM.store8(f.apply(c22), r2 + 16)
        GEMM.store8(f.apply(c23), r2 + 24)
        GEMM.store8(f.apply(c30), r3)
        GEMM.store8(f.apply(c31), r3 + 8)
        GEMM.store8(f.apply(c32), r3 + 16)
        GEMM.store8(f.apply(c33), r3 + 24)
        GEMM.store8(f.apply(c40), r4)
        GEMM.store8(f.apply(c41), r4 + 8)
        GEMM.store8(f.apply(c42), r4 + 16)
        GEMM.store8(f.apply(c43), r4 + 24)
        GEMM.store8(f.apply(c50), r5)
        GEMM.store8(f.apply(c51), r5 + 8)
        GEMM.store8(f.apply(c52), r5 + 16)
        GEMM.store8(f.apply(c53), r5 + 24)
    }
}
