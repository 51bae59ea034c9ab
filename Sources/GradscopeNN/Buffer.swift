/// A fixed-size, zero-initialised block of Float64 owned by one object and freed with it.
/// The engine's hot loops work on these raw pointers, so nothing is allocated, copied or
/// bounds-checked inside a training step. Not shared across threads.
final class Buffer {
    let count: Int
    let base: UnsafeMutablePointer<Double>

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
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
        var a0 = SIMD8<Double>(repeating: 0), a1 = a0, a2 = a0, a3 = a0
        var i = 0
        while i + 32 <= n {
            let v0 = GEMM.load8(p + i), v1 = GEMM.load8(p + i + 8)
            let v2 = GEMM.load8(p + i + 16), v3 = GEMM.load8(p + i + 24)
            a0.addProduct(v0, v0); a1.addProduct(v1, v1)
            a2.addProduct(v2, v2); a3.addProduct(v3, v3)
            i += 32
        }
        var acc = (a0 + a1) + (a2 + a3)
        while i + 8 <= n {
            let v = GEMM.load8(p + i)
            acc.addProduct(v, v)
            i += 8
        }
        var tail = 0.0
        while i < n { tail.addProduct(p[i], p[i]); i += 1 }
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
