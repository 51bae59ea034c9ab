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

    /// Σ xᵢ² in a fixed order: eight interleaved partial sums, combined pairwise at the end.
    func sumOfSquares() -> Double { Buffer.sumOfSquares(base, count) }

    static func sumOfSquares(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
        var acc = SIMD8<Double>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            let v = GEMM.load8(p + i)
            acc.addProduct(v, v)
            i += 8
        }
        var tail = 0.0
        while i < n { tail.addProduct(p[i], p[i]); i += 1 }
        let four = acc.lowHalf + acc.highHalf
        let two = four.lowHalf + four.highHalf
        return (two[0] + two[1]) + tail
    }
}
