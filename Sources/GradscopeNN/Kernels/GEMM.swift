/// The one matrix-product kernel behind every dense layer:
///
///     C[i, j] = S[i, j] + Σ_k A[i, k] · B[k, j]      for i < m, j < n, k ascending,
///
/// where S is zero, a row vector broadcast over rows (a bias), or a matrix (a residual add).
/// A is addressed through two strides, so the same kernel computes X·Wᵀ, dZ·W and dZᵀ·X; B and C are
/// row-major with leading dimensions `ldb` and `ldc`.
///
/// Every C element is accumulated by explicit fused multiply-adds in ascending k, whatever block
/// it falls in, so results do not depend on the blocking, the shape or the CPU. Blocks are 6 rows ×
/// 32 columns (24 SIMD8 accumulators: with four B vectors and two broadcasts, 30 of the 32 AVX-512
/// registers; each step of k loads 10 vectors for 24 multiply-adds), then 4 × 16, 4 × 8 and 4 × 1
/// for leftover columns and rows, and 1 × 16, 1 × 8, 1 × 1 for the last rows.
public enum GEMM {
    /// What C starts from before the products are added.
    public enum Start {
        case zero
        /// `row[j]` added to every row (length n).
        case row(UnsafePointer<Double>)
        /// `matrix[i * ld + j]`.
        case matrix(UnsafePointer<Double>, ld: Int)
    }

    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, aRowStride: Int, aColStride: Int,
        b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int,
        start: Start
    ) {
        multiply(m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride, b: b, ldb: ldb,
                 c: c, ldc: ldc, start: start, then: Vector.Unchanged())
    }

    /// The same, storing f(C[i, j]) instead of C[i, j]: an activation applied to each block while it
    /// is still in registers.
    static func multiply<F: Vector.LaneFunction>(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, aRowStride: Int, aColStride: Int,
        b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int,
        start: Start, then f: F
    ) {
        var i = 0
        while i + 6 <= m {
            var j = 0
            while j + 32 <= n {
                block6x32(i: i, j: j, k: k, a: a, rs: aRowStride, cs: aColStride, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f)
                j += 32
            }
            if j < n {
                columns(rows: 4, from: j, i: i, n: n, k: k, a: a, rs: aRowStride, cs: aColStride, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f)
                columns(rows: 1, from: j, i: i + 4, n: n, k: k, a: a, rs: aRowStride, cs: aColStride, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f)
                columns(rows: 1, from: j, i: i + 5, n: n, k: k, a: a, rs: aRowStride, cs: aColStride, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f)
            }
            i += 6
        }
        while i + 4 <= m {
            columns(rows: 4, i: i, n: n, k: k, a: a, rs: aRowStride, cs: aColStride, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f)
            i += 4
        }
        while i < m {
            columns(rows: 1, i: i, n: n, k: k, a: a, rs: aRowStride, cs: aColStride, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f)
            i += 1
        }
    }

    @inline(__always)
    private static func columns<F: Vector.LaneFunction>(
        rows: Int, from j0: Int = 0, i: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int, start: Start, f: F
    ) {
        var j = j0
        if rows == 4 {
            while j + 16 <= n { block4x16(i: i, j: j, k: k, a: a, rs: rs, cs: cs, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f); j += 16 }
            while j + 8 <= n { block4x8(i: i, j: j, k: k, a: a, rs: rs, cs: cs, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f); j += 8 }
            while j < n { block4x1(i: i, j: j, k: k, a: a, rs: rs, cs: cs, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f); j += 1 }
        } else {
            while j + 16 <= n { block1x16(i: i, j: j, k: k, a: a, rs: rs, cs: cs, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f); j += 16 }
            while j + 8 <= n { block1x8(i: i, j: j, k: k, a: a, rs: rs, cs: cs, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f); j += 8 }
            while j < n { block1x1(i: i, j: j, k: k, a: a, rs: rs, cs: cs, b: b, ldb: ldb, c: c, ldc: ldc, start: start, f: f); j += 1 }
        }
    }

    // MARK: start values

    @inline(__always)
    private static func start8(_ start: Start, i: Int, j: Int) -> SIMD8<Double> {
        switch start {
        case .zero: return SIMD8(repeating: 0)
        case .row(let r): return load8(r + j)
        case .matrix(let s, let ld): return load8(s + i * ld + j)
        }
    }

    @inline(__always)
    private static func start1(_ start: Start, i: Int, j: Int) -> Double {
        switch start {
        case .zero: return 0
        case .row(let r): return r[j]
        case .matrix(let s, let ld): return s[i * ld + j]
        }
    }

    @inline(__always)
    static func load8(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    static func store8(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
    }

    // MARK: micro-kernels

    @inline(__always)
    private static func block6x32<F: Vector.LaneFunction>(
        i: Int, j: Int, k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, start: Start, f: F
    ) {
        var c00 = start8(start, i: i, j: j), c01 = start8(start, i: i, j: j + 8)
        var c02 = start8(start, i: i, j: j + 16), c03 = start8(start, i: i, j: j + 24)
        var c10 = start8(start, i: i + 1, j: j), c11 = start8(start, i: i + 1, j: j + 8)
        var c12 = start8(start, i: i + 1, j: j + 16), c13 = start8(start, i: i + 1, j: j + 24)
        var c20 = start8(start, i: i + 2, j: j), c21 = start8(start, i: i + 2, j: j + 8)
        var c22 = start8(start, i: i + 2, j: j + 16), c23 = start8(start, i: i + 2, j: j + 24)
        var c30 = start8(start, i: i + 3, j: j), c31 = start8(start, i: i + 3, j: j + 8)
        var c32 = start8(start, i: i + 3, j: j + 16), c33 = start8(start, i: i + 3, j: j + 24)
        var c40 = start8(start, i: i + 4, j: j), c41 = start8(start, i: i + 4, j: j + 8)
        var c42 = start8(start, i: i + 4, j: j + 16), c43 = start8(start, i: i + 4, j: j + 24)
        var c50 = start8(start, i: i + 5, j: j), c51 = start8(start, i: i + 5, j: j + 8)
        var c52 = start8(start, i: i + 5, j: j + 16), c53 = start8(start, i: i + 5, j: j + 24)
        let a0 = a + i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs
        var bp = b + j
        for p in 0..<k {
            let b0 = load8(bp), b1 = load8(bp + 8), b2 = load8(bp + 16), b3 = load8(bp + 24)
            let o = p * cs
            let x0 = SIMD8(repeating: a0[o]), x1 = SIMD8(repeating: a1[o])
            c00.addProduct(x0, b0); c01.addProduct(x0, b1); c02.addProduct(x0, b2); c03.addProduct(x0, b3)
            c10.addProduct(x1, b0); c11.addProduct(x1, b1); c12.addProduct(x1, b2); c13.addProduct(x1, b3)
            let x2 = SIMD8(repeating: a2[o]), x3 = SIMD8(repeating: a3[o])
            c20.addProduct(x2, b0); c21.addProduct(x2, b1); c22.addProduct(x2, b2); c23.addProduct(x2, b3)
            c30.addProduct(x3, b0); c31.addProduct(x3, b1); c32.addProduct(x3, b2); c33.addProduct(x3, b3)
            let x4 = SIMD8(repeating: a4[o]), x5 = SIMD8(repeating: a5[o])
            c40.addProduct(x4, b0); c41.addProduct(x4, b1); c42.addProduct(x4, b2); c43.addProduct(x4, b3)
            c50.addProduct(x5, b0); c51.addProduct(x5, b1); c52.addProduct(x5, b2); c53.addProduct(x5, b3)
            bp += ldb
        }
        let r0 = c + i * ldc + j, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc
        store8(f.apply(c00), r0); store8(f.apply(c01), r0 + 8); store8(f.apply(c02), r0 + 16); store8(f.apply(c03), r0 + 24)
        store8(f.apply(c10), r1); store8(f.apply(c11), r1 + 8); store8(f.apply(c12), r1 + 16); store8(f.apply(c13), r1 + 24)
        store8(f.apply(c20), r2); store8(f.apply(c21), r2 + 8); store8(f.apply(c22), r2 + 16); store8(f.apply(c23), r2 + 24)
        store8(f.apply(c30), r3); store8(f.apply(c31), r3 + 8); store8(f.apply(c32), r3 + 16); store8(f.apply(c33), r3 + 24)
        store8(f.apply(c40), r4); store8(f.apply(c41), r4 + 8); store8(f.apply(c42), r4 + 16); store8(f.apply(c43), r4 + 24)
        store8(f.apply(c50), r5); store8(f.apply(c51), r5 + 8); store8(f.apply(c52), r5 + 16); store8(f.apply(c53), r5 + 24)
    }

    @inline(__always)
    private static func block4x16<F: Vector.LaneFunction>(
        i: Int, j: Int, k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, start: Start, f: F
    ) {
        var c00 = start8(start, i: i, j: j), c01 = start8(start, i: i, j: j + 8)
        var c10 = start8(start, i: i + 1, j: j), c11 = start8(start, i: i + 1, j: j + 8)
        var c20 = start8(start, i: i + 2, j: j), c21 = start8(start, i: i + 2, j: j + 8)
        var c30 = start8(start, i: i + 3, j: j), c31 = start8(start, i: i + 3, j: j + 8)
        let a0 = a + i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs
        var bp = b + j
        for p in 0..<k {
            let b0 = load8(bp), b1 = load8(bp + 8)
            let o = p * cs
            let x0 = SIMD8(repeating: a0[o]), x1 = SIMD8(repeating: a1[o])
            let x2 = SIMD8(repeating: a2[o]), x3 = SIMD8(repeating: a3[o])
            c00.addProduct(x0, b0); c01.addProduct(x0, b1)
            c10.addProduct(x1, b0); c11.addProduct(x1, b1)
            c20.addProduct(x2, b0); c21.addProduct(x2, b1)
            c30.addProduct(x3, b0); c31.addProduct(x3, b1)
            bp += ldb
        }
        let r0 = c + i * ldc + j, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc
        store8(f.apply(c00), r0); store8(f.apply(c01), r0 + 8)
        store8(f.apply(c10), r1); store8(f.apply(c11), r1 + 8)
        store8(f.apply(c20), r2); store8(f.apply(c21), r2 + 8)
        store8(f.apply(c30), r3); store8(f.apply(c31), r3 + 8)
    }

    @inline(__always)
    private static func block4x8<F: Vector.LaneFunction>(
        i: Int, j: Int, k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, start: Start, f: F
    ) {
        var c0 = start8(start, i: i, j: j), c1 = start8(start, i: i + 1, j: j)
        var c2 = start8(start, i: i + 2, j: j), c3 = start8(start, i: i + 3, j: j)
        let a0 = a + i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs
        var bp = b + j
        for p in 0..<k {
            let b0 = load8(bp)
            let o = p * cs
            c0.addProduct(SIMD8(repeating: a0[o]), b0)
            c1.addProduct(SIMD8(repeating: a1[o]), b0)
            c2.addProduct(SIMD8(repeating: a2[o]), b0)
            c3.addProduct(SIMD8(repeating: a3[o]), b0)
            bp += ldb
        }
        let r0 = c + i * ldc + j
        store8(f.apply(c0), r0); store8(f.apply(c1), r0 + ldc); store8(f.apply(c2), r0 + 2 * ldc); store8(f.apply(c3), r0 + 3 * ldc)
    }

    @inline(__always)
    private static func block4x1<F: Vector.LaneFunction>(
        i: Int, j: Int, k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, start: Start, f: F
    ) {
        var c0 = start1(start, i: i, j: j), c1 = start1(start, i: i + 1, j: j)
        var c2 = start1(start, i: i + 2, j: j), c3 = start1(start, i: i + 3, j: j)
        let a0 = a + i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs
        var bp = b + j
        for p in 0..<k {
            let bv = bp.pointee
            let o = p * cs
            c0.addProduct(a0[o], bv); c1.addProduct(a1[o], bv)
            c2.addProduct(a2[o], bv); c3.addProduct(a3[o], bv)
            bp += ldb
        }
        let r0 = c + i * ldc + j
        r0[0] = f.apply(c0); r0[ldc] = f.apply(c1); r0[2 * ldc] = f.apply(c2); r0[3 * ldc] = f.apply(c3)
    }

    @inline(__always)
    private static func block1x16<F: Vector.LaneFunction>(
        i: Int, j: Int, k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, start: Start, f: F
    ) {
        var c0 = start8(start, i: i, j: j), c1 = start8(start, i: i, j: j + 8)
        let a0 = a + i * rs
        var bp = b + j
        for p in 0..<k {
            let x = SIMD8(repeating: a0[p * cs])
            c0.addProduct(x, load8(bp)); c1.addProduct(x, load8(bp + 8))
            bp += ldb
        }
        store8(f.apply(c0), c + i * ldc + j); store8(f.apply(c1), c + i * ldc + j + 8)
    }

    @inline(__always)
    private static func block1x8<F: Vector.LaneFunction>(
        i: Int, j: Int, k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, start: Start, f: F
    ) {
        var c0 = start8(start, i: i, j: j)
        let a0 = a + i * rs
        var bp = b + j
        for p in 0..<k {
            c0.addProduct(SIMD8(repeating: a0[p * cs]), load8(bp))
            bp += ldb
        }
        store8(f.apply(c0), c + i * ldc + j)
    }

    @inline(__always)
    private static func block1x1<F: Vector.LaneFunction>(
        i: Int, j: Int, k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, start: Start, f: F
    ) {
        var c0 = start1(start, i: i, j: j)
        let a0 = a + i * rs
        var bp = b + j
        for p in 0..<k {
            c0.addProduct(a0[p * cs], bp.pointee)
            bp += ldb
        }
        c[i * ldc + j] = f.apply(c0)
    }
}
