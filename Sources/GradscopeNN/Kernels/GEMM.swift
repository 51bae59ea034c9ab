import CKernelSupport
import Dispatch

/// The one matrix-product kernel behind every dense layer:
///
///     C[i, j] = f(S[i, j] + Σ_k A[i, k] · B[k, j])      for i < m, j < n, k ascending,
///
/// where S is zero, a row vector broadcast over rows (a bias), or a matrix (a residual add), and f
/// an elementwise function (an activation, or none). A and B are addressed through two strides
/// each, so the same kernel computes X·Wᵀ, dZ·W and dZᵀ·X without transposing anything; C is
/// row-major with leading dimension `ldc`.
///
/// **Summation order.** Every C element has one accumulator: it starts at S[i, j], then takes
/// A[i, k]·B[k, j] for k = 0, 1, …, K − 1 in turn, each by one fused multiply-add (exactly rounded,
/// in hardware or software alike), and f is applied once, at the end. Nothing else touches it:
/// between cache blocks of k the accumulator is stored to C and loaded back unchanged. So each
/// element's value depends only on its own row of A, column of B and S, never on the blocking, the
/// register tile, the number of threads, the shape around it or the CPU.
///
/// **Blocking** (GotoBLAS/BLIS, constant sizes): B is packed in blocks of `kc` rows × `nc` columns
/// into panels `Tile.columns` wide (each panel kc × columns, contiguous and 64-byte aligned: 32 KB
/// at 8 columns), A in blocks of `mc` rows × `kc` into panels 6 rows high (a block is 288 KB with
/// AVX2, in L2; for C at most `inPlaceColumns` wide, A with contiguous rows is read in place), and the
/// register tile, 6 rows × `Tile.columns` (6 × 8 with AVX2, 6 × 32 with AVX-512), runs over a panel
/// of each while the next tile's rows of C are prefetched. A short f (relu) is applied to the tile
/// in registers; a long one (sigmoid, tanh) in a pass over each finished block of C. Packing B
/// reads Wᵀ straight out of W.
/// Partial tiles at the edges are computed in a zero-padded scratch tile; C of one column or one
/// row (a layer with one output) runs unpacked, eight chains side by side.
public enum GEMM {
    /// What C starts from before the products are added.
    public enum Start {
        case zero
        /// `row[j]` added to every row (length n).
        case row(UnsafePointer<Double>)
        /// `matrix[i * ld + j]`.
        case matrix(UnsafePointer<Double>, ld: Int)

        /// The same start for the block of C whose top-left element is (i, j).
        @inline(__always)
        func offset(i: Int, j: Int) -> Start {
            switch self {
            case .zero: return .zero
            case .row(let r): return .row(r + j)
            case .matrix(let s, let ld): return .matrix(s + i * ld + j, ld: ld)
            }
        }
    }

    /// Rows of k in a packed block (each panel of B: kc × `Tile.columns`). 512 with the 6 × 8 tile:
    /// its 32 KB B panel streams from L2 beside the A panel, and C is stored and reloaded half as
    /// often as at 256 (3-7 % faster on products with k ≥ 512, measured on a Zen 3 core; 1,024 was
    /// no faster, and its A block outgrows L2). 256 with the 6 × 32 tile, whose panel is four times
    /// as wide.
    static let kc = hasWideVectors ? 256 : 512
    /// Rows of A in a packed block (mc × kc doubles, a multiple of the tile's 6 rows).
    static let mc = 72
    /// Columns of B in a packed block (kc × nc doubles).
    static let nc = 1024
    /// The widest C whose A is read in place when its rows are contiguous (measured on a Zen 3 core:
    /// in place is 15 % faster at 64 columns, even at 256, and packing 10-30 % faster at 512 and 1,024).
    static let inPlaceColumns = 256
    /// Whether the build targets AVX-512 (`CKernelSupport`), whose 32 registers hold the wider tile.
    static let hasWideVectors = GRADSCOPE_VECTOR_BITS >= 512

    /// Below this many multiply-adds a product runs on one thread whatever `Scratch.threads` says:
    /// handing work to another thread costs more than it saves.
    static let threadedWork = 1 << 21

    /// C = S + A·B, where A[i, p] is `a[i * aRowStride + p * aColStride]` and B[p, j] is
    /// `b[p * bRowStride + j * bColStride]`.
    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, aRowStride: Int, aColStride: Int,
        b: UnsafePointer<Double>, bRowStride: Int, bColStride: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int,
        start: Start, scratch: Scratch
    ) {
        multiply(
            m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride, b: b, bRowStride: bRowStride,
            bColStride: bColStride, c: c, ldc: ldc, start: start, scratch: scratch, then: Vector.Unchanged())
    }

    /// The same, storing f(C[i, j]): an activation applied to each tile while it is still in registers.
    static func multiply<F: Vector.LaneFunction>(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, aRowStride: Int, aColStride: Int,
        b: UnsafePointer<Double>, bRowStride: Int, bColStride: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int,
        start: Start, scratch: Scratch, then f: F
    ) {
        let product = Product(
            m: m, n: n, k: k, a: a, ars: aRowStride, acs: aColStride, b: b, brs: bRowStride, bcs: bColStride,
            c: c, ldc: ldc, start: start)
        if hasWideVectors {
            product.run(Tile6x32.self, scratch: scratch, f: f)
        } else {
            product.run(Tile6x8.self, scratch: scratch, f: f)
        }
    }

    /// One product's operands, for the blocked loops.
    struct Product: @unchecked Sendable {
        var m: Int, n: Int, k: Int
        var a: UnsafePointer<Double>, ars: Int, acs: Int
        var b: UnsafePointer<Double>, brs: Int, bcs: Int
        var c: UnsafeMutablePointer<Double>, ldc: Int
        var start: Start

        /// Columns j0 ..< j1 of this product: the same elements, computed alone.
        func columns(_ j0: Int, _ j1: Int) -> Product {
            Product(
                m: m, n: j1 - j0, k: k, a: a, ars: ars, acs: acs, b: b + j0 * bcs, brs: brs, bcs: bcs,
                c: c + j0, ldc: ldc, start: start.offset(i: 0, j: j0))
        }

        /// Splits the columns, in whole panels, over `scratch.threads` threads when the product is
        /// big enough, each with its own packing buffers; every element is computed as on one thread.
        func run<T: Tile, F: Vector.LaneFunction>(_ tile: T.Type, scratch: Scratch, f: F) {
            let panels = (n + T.columns - 1) / T.columns
            let threads = min(scratch.threads, panels)
            guard threads > 1, m * n * k >= GEMM.threadedWork else {
                blocked(tile, packing: scratch.packing[0], f: f)
                return
            }
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let j0 = min(n, panels * t / threads * T.columns)
                let j1 = min(n, panels * (t + 1) / threads * T.columns)
                if j0 < j1 { columns(j0, j1).blocked(tile, packing: scratch.packing[t], f: f) }
            }
        }

        /// The blocked loops on one thread.
        func blocked<T: Tile, F: Vector.LaneFunction>(_ tile: T.Type, packing: Packing, f: F) {
            guard m > 0, n > 0 else { return }
            guard k > 0 else {
                for i in 0..<m { for j in 0..<n { c[i * ldc + j] = f.apply(start.offset(i: i, j: j).first) } }
                return
            }
            if n == 1 { return column(f: f) }
            if m == 1 && bcs == 1 { return row(f: f) }
            precondition(packing.fits(T.self, m: m, n: n, k: k), "a \(m) × \(n) × \(k) product exceeds its packing buffers")
            // A whose rows are contiguous (X, dZ) is read in place when C is at most `inPlaceColumns`
            // wide (but for a last panel of fewer than 6 rows): each packed panel would serve only
            // n / `Tile.columns` tiles. Otherwise, and always for A = dZᵀ, A is packed.
            let inPlace = acs == 1 && n <= GEMM.inPlaceColumns
            var jc = 0
            while jc < n {
                let nc = min(GEMM.nc, n - jc)
                var pc = 0
                while pc < k {
                    let kc = min(GEMM.kc, k - pc)
                    let last = pc + kc == k
                    Packing.packB(T.self, b + pc * brs + jc * bcs, rowStride: brs, colStride: bcs, rows: kc, columns: nc, into: packing.b)
                    var ic = 0
                    while ic < m {
                        let mc = min(GEMM.mc, m - ic)
                        let block = a + ic * ars + pc * acs
                        if !inPlace {
                            Packing.packA(block, rowStride: ars, colStride: acs, rows: mc, columns: kc, into: packing.a)
                        } else if mc % 6 != 0 {
                            let whole = mc - mc % 6
                            Packing.packA(block + whole * ars, rowStride: ars, colStride: acs, rows: mc % 6, columns: kc, into: packing.a)
                        }
                        let panels = Panels(
                            block: inPlace ? block : UnsafePointer(packing.a), rowStride: inPlace ? ars : 0,
                            packed: UnsafePointer(packing.a))
                        // The first block of k starts from S, the others from what C holds.
                        let from: Start = pc == 0 ? start.offset(i: ic, j: jc) : .matrix(c + ic * ldc + jc, ld: ldc)
                        if last && !F.appliesAfterBlock {
                            tiles(T.self, rows: mc, columns: nc, depth: kc, a: panels, c: c + ic * ldc + jc, from: from, packing: packing, f: f)
                        } else {
                            tiles(
                                T.self, rows: mc, columns: nc, depth: kc, a: panels, c: c + ic * ldc + jc, from: from, packing: packing, f: Vector.Unchanged())
                            if last {
                                for r in ic..<(ic + mc) { Vector.map(f, c + r * ldc + jc, c + r * ldc + jc, count: nc) }
                            }
                        }
                        ic += mc
                    }
                    pc += kc
                }
                jc += nc
            }
        }

        /// C with one column (a layer with one output): eight rows' chains side by side, unpacked
        /// (a tile would waste seven columns of every eight).
        func column<F: Vector.LaneFunction>(f: F) {
            var i = 0
            while i &+ 8 <= m {
                var acc = SIMD8<Double>(repeating: 0)
                for r in 0..<8 { acc[r] = start.offset(i: i + r, j: 0).first }
                let rows = a + i * ars
                for p in 0..<k {
                    let o = p * acs
                    acc.addProduct(
                        SIMD8(
                            rows[o], rows[o + ars], rows[o + 2 * ars], rows[o + 3 * ars],
                            rows[o + 4 * ars], rows[o + 5 * ars], rows[o + 6 * ars], rows[o + 7 * ars]),
                        SIMD8(repeating: b[p * brs]))
                }
                let h = f.apply(acc)
                for r in 0..<8 { c[(i + r) * ldc] = h[r] }
                i &+= 8
            }
            while i < m {
                var acc = start.offset(i: i, j: 0).first
                for p in 0..<k { acc.addProduct(a[i * ars + p * acs], b[p * brs]) }
                c[i * ldc] = f.apply(acc)
                i += 1
            }
        }

        /// C with one row (∂L/∂W of a layer with one output) and row-major B: eight columns'
        /// chains per vector, unpacked (a tile would waste five rows of every six).
        func row<F: Vector.LaneFunction>(f: F) {
            var j = 0
            while j + 8 <= n {
                var acc = start.eight(i: 0, j: j)
                for p in 0..<k { acc.addProduct(SIMD8(repeating: a[p * acs]), GEMM.load8(b + p * brs + j)) }
                GEMM.store8(f.apply(acc), c + j)
                j += 8
            }
            while j < n {
                var acc = start.offset(i: 0, j: j).first
                for p in 0..<k { acc.addProduct(a[p * acs], b[p * brs + j]) }
                c[j] = f.apply(acc)
                j += 1
            }
        }

        /// Where a block's rows of A are: in place (`rowStride` > 0: row i at block + i · rowStride,
        /// its last partial panel packed at `packed`) or all packed (panel q at block + q · 6 · kc).
        struct Panels {
            var block: UnsafePointer<Double>
            var rowStride: Int
            var packed: UnsafePointer<Double>
        }

        /// The register tile over every panel pair of one block: each B panel (in L1) serves all of
        /// the block's A panels in turn. Partial tiles go through `packing.tile`.
        @inline(__always)
        func tiles<T: Tile, F: Vector.LaneFunction>(
            _ tile: T.Type, rows: Int, columns: Int, depth kc: Int, a: Panels,
            c: UnsafeMutablePointer<Double>, from: Start, packing: Packing, f: F
        ) {
            let nr = T.columns
            var j = 0
            var bPanel = UnsafePointer(packing.b)
            while j < columns {
                let width = min(nr, columns - j)
                var i = 0
                while i < rows {
                    let height = min(6, rows - i)
                    let here = from.offset(i: i, j: j)
                    // The next tile's rows of C, while this one computes.
                    let next = i + 6 < rows ? c + (i + 6) * ldc + j : c + j + nr
                    for r in 0..<6 { gradscope_prefetch_for_write(next + r * ldc) }
                    if height == 6 && width == nr {
                        if a.rowStride > 0 {
                            T.kernel(
                                depth: kc, a: a.block + i * a.rowStride, rowStride: a.rowStride, colStride: 1, b: bPanel,
                                c: c + i * ldc + j, ldc: ldc, start: here, f: f)
                        } else {
                            T.kernel(
                                depth: kc, a: a.block + i * kc, rowStride: 1, colStride: 6, b: bPanel,
                                c: c + i * ldc + j, ldc: ldc, start: here, f: f)
                        }
                    } else {
                        let t = packing.tile
                        for r in 0..<6 {
                            for col in 0..<nr { t[r * nr + col] = r < height && col < width ? here.offset(i: r, j: col).first : 0 }
                        }
                        let panel = a.rowStride > 0 && height == 6 ? nil : (a.rowStride > 0 ? a.packed : a.block + i * kc)
                        if let panel {
                            T.kernel(depth: kc, a: panel, rowStride: 1, colStride: 6, b: bPanel, c: t, ldc: nr, start: .matrix(t, ld: nr), f: f)
                        } else {
                            T.kernel(
                                depth: kc, a: a.block + i * a.rowStride, rowStride: a.rowStride, colStride: 1, b: bPanel,
                                c: t, ldc: nr, start: .matrix(t, ld: nr), f: f)
                        }
                        for r in 0..<height {
                            (c + (i + r) * ldc + j).update(from: t + r * nr, count: width)
                        }
                    }
                    i += 6
                }
                j += nr
                bPanel += nr * kc
            }
        }
    }

    // MARK: loads and stores

    @inline(__always)
    static func load8(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    static func store8(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
    }
}

extension GEMM.Start {
    /// The value at the block's top-left element.
    @inline(__always)
    var first: Double {
        switch self {
        case .zero: return 0
        case .row(let r): return r[0]
        case .matrix(let s, _): return s[0]
        }
    }

    /// Eight values of row i from column j.
    @inline(__always)
    func eight(i: Int, j: Int) -> SIMD8<Double> {
        switch self {
        case .zero: return SIMD8(repeating: 0)
        case .row(let r): return GEMM.load8(r + j)
        case .matrix(let s, let ld): return GEMM.load8(s + i * ld + j)
        }
    }
}
