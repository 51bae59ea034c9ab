extension GEMM {
    /// Packing buffers for products of up to `rows` × `columns` × `depth` (m × n × k), one set per
    /// thread; a training step takes them from its workspace, so it allocates nothing.
    public final class Scratch: @unchecked Sendable {
        let rows: Int, columns: Int, depth: Int
        /// One set of buffers per thread, for the most threads ever asked for (lowering `threads`
        /// keeps them, so going back up allocates nothing).
        private(set) var packing: [Packing]

        /// How many threads a big product may use (each gets a share of C's columns). Raising it
        /// past any earlier value allocates the new threads' buffers; set it only between products.
        public var threads: Int = 1 {
            didSet {
                precondition(threads >= 1, "a product needs at least one thread")
                while packing.count < threads { packing.append(Packing(rows: rows, columns: columns, depth: depth)) }
            }
        }

        /// Fits every product of `mlp`'s passes on up to `capacity` rows: forward (rows × outputs ×
        /// inputs), ∂L/∂W (outputs × inputs × rows) and ∂L/∂h (rows × inputs × outputs).
        public convenience init(for mlp: MLP, capacity: Int, threads: Int = 1) {
            let widest = mlp.sizes.max()!
            self.init(rows: max(capacity, widest), columns: widest, depth: max(capacity, widest), threads: threads)
        }

        public init(rows: Int, columns: Int, depth: Int, threads: Int = 1) {
            self.rows = rows
            self.columns = columns
            self.depth = depth
            precondition(threads >= 1, "a product needs at least one thread")
            packing = (0..<threads).map { _ in Packing(rows: rows, columns: columns, depth: depth) }
            self.threads = threads
        }
    }

    /// One thread's packed blocks of A and B and a tile for C's edges, 64-byte aligned.
    final class Packing {
        /// A block: up to `aRows` (a multiple of 6) × `depth`, in panels of 6 rows.
        let a: UnsafeMutablePointer<Double>
        /// B block: `depth` × up to `bColumns` (a multiple of the widest tile), in panels.
        let b: UnsafeMutablePointer<Double>
        /// 6 × the widest tile.
        let tile: UnsafeMutablePointer<Double>
        let aRows: Int, bColumns: Int, depth: Int
        static let widestTile = 32

        init(rows: Int, columns: Int, depth: Int) {
            aRows = Packing.roundUp(min(GEMM.mc, max(rows, 1)), to: 6)
            bColumns = Packing.roundUp(min(GEMM.nc, max(columns, 1)), to: Packing.widestTile)
            self.depth = min(GEMM.kc, max(depth, 1))
            a = Packing.allocate(aRows * self.depth)
            b = Packing.allocate(self.depth * bColumns)
            tile = Packing.allocate(6 * Packing.widestTile)
        }

        deinit {
            a.deallocate()
            b.deallocate()
            tile.deallocate()
        }

        static func roundUp(_ x: Int, to step: Int) -> Int { (x + step - 1) / step * step }

        static func allocate(_ count: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Double>.stride, alignment: 64)
            return p.initializeMemory(as: Double.self, repeating: 0, count: count)
        }

        /// Whether an m × n × k product's blocks fit.
        func fits<T: GEMM.Tile>(_ tile: T.Type, m: Int, n: Int, k: Int) -> Bool {
            Packing.roundUp(min(GEMM.mc, m), to: 6) <= aRows && min(GEMM.kc, k) <= depth
                && Packing.roundUp(min(GEMM.nc, n), to: T.columns) <= bColumns
        }

        /// dst holds `rows` × `columns` of A (A[i, p] at a[i * rowStride + p * colStride]) as panels of
        /// 6 rows, each p-major (panel[p * 6 + r]); rows past the end are zero.
        static func packA(
            _ a: UnsafePointer<Double>, rowStride rs: Int, colStride cs: Int, rows: Int, columns kc: Int,
            into dst: UnsafeMutablePointer<Double>
        ) {
            var i = 0
            var panel = dst
            while i < rows {
                let height = min(6, rows - i)
                if height == 6 && rs == 1 {
                    // A's columns are contiguous (dZᵀ): six neighbours per step of p.
                    var s = a + i
                    var d = panel
                    for _ in 0..<kc {
                        d[0] = s[0]
                        d[1] = s[1]
                        d[2] = s[2]
                        d[3] = s[3]
                        d[4] = s[4]
                        d[5] = s[5]
                        s += cs
                        d += 6
                    }
                } else if height == 6 {
                    let r0 = a + i * rs
                    let r1 = r0 + rs
                    let r2 = r1 + rs
                    let r3 = r2 + rs
                    let r4 = r3 + rs
                    let r5 = r4 + rs
                    var d = panel
                    var o = 0
                    for _ in 0..<kc {
                        d[0] = r0[o]
                        d[1] = r1[o]
                        d[2] = r2[o]
                        d[3] = r3[o]
                        d[4] = r4[o]
                        d[5] = r5[o]
                        o &+= cs
                        d += 6
                    }
                } else {
                    for p in 0..<kc {
                        for r in 0..<6 { panel[p * 6 + r] = r < height ? a[(i + r) * rs + p * cs] : 0 }
                    }
                }
                i += 6
                panel += 6 * kc
            }
        }

        @inline(__always)
        static func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
        }

        @inline(__always)
        static func store4(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
        }

        /// The columns of the 4 × 4 matrix with rows r0 … r3 (two unpacks and a lane swap each).
        @inline(__always)
        static func transpose4(_ r0: SIMD4<Double>, _ r1: SIMD4<Double>, _ r2: SIMD4<Double>, _ r3: SIMD4<Double>)
            -> (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>)
        {
            let t0 = SIMD4(r0[0], r1[0], r0[2], r1[2])
            let t1 = SIMD4(r0[1], r1[1], r0[3], r1[3])
            let t2 = SIMD4(r2[0], r3[0], r2[2], r3[2])
            let t3 = SIMD4(r2[1], r3[1], r2[3], r3[3])
            return (
                SIMD4(lowHalf: t0.lowHalf, highHalf: t2.lowHalf), SIMD4(lowHalf: t1.lowHalf, highHalf: t3.lowHalf),
                SIMD4(lowHalf: t0.highHalf, highHalf: t2.highHalf), SIMD4(lowHalf: t1.highHalf, highHalf: t3.highHalf)
            )
        }

        /// dst holds `rows` × `columns` of B (B[p, j] at b[p * rowStride + j * colStride]) as panels
        /// `T.columns` wide, each p-major (panel[p * columns + j]); columns past the end are zero.
        /// Row-major B is copied eight at a time; B = Wᵀ (rowStride 1) is transposed in 4 × 4 blocks.
        static func packB<T: GEMM.Tile>(
            _ tile: T.Type, _ b: UnsafePointer<Double>, rowStride rs: Int, colStride cs: Int,
            rows kc: Int, columns: Int, into dst: UnsafeMutablePointer<Double>
        ) {
            let nr = T.columns
            var j = 0
            var panel = dst
            while j < columns {
                let width = min(nr, columns - j)
                if width == nr && cs == 1 {
                    var s = b + j
                    var d = panel
                    for _ in 0..<kc {
                        var g = 0
                        while g < nr {
                            GEMM.store8(GEMM.load8(s + g), d + g)
                            g &+= 8
                        }
                        s += rs
                        d += nr
                    }
                } else if width == nr && rs == 1 {
                    // B's columns are contiguous (Wᵀ: rows of W): 4 × 4 blocks, transposed in registers.
                    var p = 0
                    while p + 4 <= kc {
                        var g = 0
                        while g < nr {
                            let s = b + (j + g) * cs + p
                            let d = panel + p * nr + g
                            let (r0, r1, r2, r3) = transpose4(load4(s), load4(s + cs), load4(s + 2 * cs), load4(s + 3 * cs))
                            store4(r0, d)
                            store4(r1, d + nr)
                            store4(r2, d + 2 * nr)
                            store4(r3, d + 3 * nr)
                            g &+= 4
                        }
                        p &+= 4
                    }
                    while p < kc {
                        for col in 0..<nr { panel[p * nr + col] = b[p + (j + col) * cs] }
                        p += 1
                    }
                } else {
                    for p in 0..<kc {
                        for col in 0..<nr { panel[p * nr + col] = col < width ? b[p * rs + (j + col) * cs] : 0 }
                    }
                }
                j += nr
                panel += nr * kc
            }
        }
    }
}
