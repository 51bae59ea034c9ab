/// A fixed-size, zero-initialised block of Float64 owned by one object and freed with it, aligned
/// to a cache line (64 bytes), so a row of a width that is a multiple of 8 starts a line.
/// The engine's hot loops work on these raw pointers, so nothing is allocated, copied or
/// bounds-checked inside a training step. Not shared across threads.
final class Buffer {
    let count: Int
    let base: UnsafeMutablePointer<Double>

    init(count: Int) {
        self.count = count
        base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Double>.stride, alignment: 64)
            .initializeMemory(as: Double.self, repeating: 0, count: max(count, 1))
    }

    deinit { base.deallocate() }

    /// The values as an array (copies).
    var array: [Double] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func copy(from values: [Double]) {
        precondition(values.count == count, "expected \(count) values, got \(values.count)")
        values.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: count) }
    }

    func zero() { base.update(repeating: 0, count: count) }

    /// Σ xᵢ² in a fixed order: 32 interleaved partial sums (index mod 32) in four SIMD8
    /// accumulators, added as (a₀ + a₁) + (a₂ + a₃), then the eight lanes pairwise; the leftover
    /// eights and ones follow in index order.
    func sumOfSquares() -> Double { Buffer.sumOfSquares(base, count) }

    static func sumOfSquares(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
        reduce(p, n, Squares())
    }

    /// Σ xᵢ, in `sumOfSquares`'s order.
    static func sum(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
        reduce(p, n, Values())
    }

    /// Σ (xᵢ − c)², in `sumOfSquares`'s order.
    static func squaredDeviations(_ p: UnsafePointer<Double>, _ n: Int, from c: Double) -> Double {
        reduce(p, n, SquaredDeviations(centre: c))
    }

    /// What one element adds to a sum, eight lanes or one at a time with the same operations.
    protocol Term {
        func add(_ v: SIMD8<Double>, to sum: inout SIMD8<Double>)
        func add(_ x: Double, to sum: inout Double)
    }

    struct Values: Term {
        @inline(__always) func add(_ v: SIMD8<Double>, to sum: inout SIMD8<Double>) { sum += v }
        @inline(__always) func add(_ x: Double, to sum: inout Double) { sum += x }
    }

    struct Squares: Term {
        @inline(__always) func add(_ v: SIMD8<Double>, to sum: inout SIMD8<Double>) { sum.addProduct(v, v) }
        @inline(__always) func add(_ x: Double, to sum: inout Double) { sum.addProduct(x, x) }
    }

    struct SquaredDeviations: Term {
        let centre: Double
        @inline(__always) func add(_ v: SIMD8<Double>, to sum: inout SIMD8<Double>) {
            let d = v - centre
            sum.addProduct(d, d)
        }
        @inline(__always) func add(_ x: Double, to sum: inout Double) {
            let d = x - centre
            sum.addProduct(d, d)
        }
    }

    /// Σ term(xᵢ) in the order `sumOfSquares` describes.
    @inline(__always)
    static func reduce<T: Term>(_ p: UnsafePointer<Double>, _ n: Int, _ term: T) -> Double {
        var a0 = SIMD8<Double>(repeating: 0)
        var a1 = a0
        var a2 = a0
        var a3 = a0
        var i = 0
        while i &+ 32 <= n {
            term.add(GEMM.load8(p + i), to: &a0)
            term.add(GEMM.load8(p + i + 8), to: &a1)
            term.add(GEMM.load8(p + i + 16), to: &a2)
            term.add(GEMM.load8(p + i + 24), to: &a3)
            i &+= 32
        }
        var acc = (a0 + a1) + (a2 + a3)
        while i &+ 8 <= n {
            term.add(GEMM.load8(p + i), to: &acc)
            i &+= 8
        }
        var tail = 0.0
        while i < n {
            term.add(p[i], to: &tail)
            i += 1
        }
        return combine(acc) + tail
    }

    /// The eight lanes added pairwise: ((l₀ + l₄) + (l₂ + l₆)) + ((l₁ + l₅) + (l₃ + l₇)).
    @inline(__always)
    static func combine(_ acc: SIMD8<Double>) -> Double {
        let four = acc.lowHalf + acc.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }
}
