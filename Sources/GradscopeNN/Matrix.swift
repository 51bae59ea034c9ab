/// A dense row-major Float64 matrix: element (r, c) lives at `storage[r * cols + c]`.
/// Value semantics through the array; hot loops borrow its buffer in place, so nothing is copied
/// as long as the matrix is uniquely referenced.
public struct Matrix: Hashable, Sendable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    public var storage: [Double]

    /// A zero matrix of the given shape.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "matrix shape must be non-negative")
        self.rows = rows
        self.cols = cols
        storage = Array(repeating: 0, count: rows * cols)
    }

    /// A matrix over existing row-major values; `values.count` must be `rows * cols`.
    public init(rows: Int, cols: Int, values: [Double]) {
        precondition(values.count == rows * cols, "expected \(rows * cols) values, got \(values.count)")
        self.rows = rows
        self.cols = cols
        storage = values
    }

    /// A matrix from nested rows (all of equal length).
    public init(_ nested: [[Double]]) {
        let cols = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == cols }, "ragged rows")
        self.init(rows: nested.count, cols: cols, values: nested.flatMap { $0 })
    }

    public subscript(row: Int, col: Int) -> Double {
        get { storage[row * cols + col] }
        set { storage[row * cols + col] = newValue }
    }

    /// Row `r` as an array (copies).
    public func row(_ r: Int) -> [Double] {
        Array(storage[(r * cols)..<((r + 1) * cols)])
    }

    /// The transpose (cols × rows).
    public func transposed() -> Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for r in 0..<rows {
            for c in 0..<cols { t.storage[c * rows + r] = storage[r * cols + c] }
        }
        return t
    }

    /// Rows picked by index, in the given order.
    public func gathering(rows picked: some Collection<Int>) -> Matrix {
        var out = Matrix(rows: picked.count, cols: cols)
        for (i, r) in picked.enumerated() {
            for c in 0..<cols { out.storage[i * cols + c] = storage[r * cols + c] }
        }
        return out
    }
}
