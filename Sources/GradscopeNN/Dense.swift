/// A fully connected layer, Z = X Wᵀ + b (PyTorch's convention: W is outputs × inputs), with its
/// backward pass beside it. Parameters and gradients live in buffers allocated once.
public final class Dense {
    public let inputs: Int
    public let outputs: Int
    /// W: outputs × inputs, row-major.
    let weight: Buffer
    /// b: outputs.
    let bias: Buffer
    /// ∂L/∂W: outputs × inputs.
    let weightGrad: Buffer
    /// ∂L/∂b: outputs.
    let biasGrad: Buffer

    public init(inputs: Int, outputs: Int) {
        self.inputs = inputs
        self.outputs = outputs
        weight = Buffer(count: inputs * outputs)
        bias = Buffer(count: outputs)
        weightGrad = Buffer(count: inputs * outputs)
        biasGrad = Buffer(count: outputs)
    }

    /// W (outputs × inputs).
    public var weights: Matrix {
        get { Matrix(rows: outputs, cols: inputs, values: weight.array) }
        set {
            precondition(newValue.rows == outputs && newValue.cols == inputs, "weight shape mismatch")
            weight.copy(from: newValue.storage)
        }
    }

    public var biases: [Double] {
        get { bias.array }
        set { bias.copy(from: newValue) }
    }

    /// ∂L/∂W from the last backward pass (outputs × inputs).
    public var weightGradient: Matrix { Matrix(rows: outputs, cols: inputs, values: weightGrad.array) }
    /// ∂L/∂b from the last backward pass.
    public var biasGradient: [Double] { biasGrad.array }

    /// z = x Wᵀ + b.   x: rows × inputs, z: rows × outputs. The product reads Wᵀ straight out of W
    /// while packing it (`GEMM`), so no transposed copy is made or stored.
    func forward(_ x: UnsafePointer<Double>, rows: Int, into z: UnsafeMutablePointer<Double>, scratch: GEMM.Scratch) {
        forward(x, rows: rows, into: z, scratch: scratch, then: Vector.Unchanged())
    }

    /// h = f(x Wᵀ + b), f applied to each tile of the product while it is in registers.
    func forward<F: Vector.LaneFunction>(
        _ x: UnsafePointer<Double>, rows: Int, into h: UnsafeMutablePointer<Double>,
        scratch: GEMM.Scratch, then f: F
    ) {
        GEMM.multiply(
            m: rows, n: outputs, k: inputs, a: x, aRowStride: inputs, aColStride: 1,
            b: weight.base, bRowStride: 1, bColStride: inputs, c: h, ldc: outputs, start: .row(bias.base),
            scratch: scratch, then: f)
    }

    /// db[o] = Σ_r dz[r, o], rows added in order: 32 columns at a time (four independent sums
    /// in flight), then eight, then one; every column's sum is the same whichever group it is in.
    private func sumRows(_ dz: UnsafePointer<Double>, rows: Int, into db: UnsafeMutablePointer<Double>) {
        var o = 0
        while o + 32 <= outputs {
            var s0 = SIMD8<Double>(repeating: 0)
            var s1 = s0
            var s2 = s0
            var s3 = s0
            for r in 0..<rows {
                let row = dz + r * outputs + o
                s0 += GEMM.load8(row)
                s1 += GEMM.load8(row + 8)
                s2 += GEMM.load8(row + 16)
                s3 += GEMM.load8(row + 24)
            }
            GEMM.store8(s0, db + o)
            GEMM.store8(s1, db + o + 8)
            GEMM.store8(s2, db + o + 16)
            GEMM.store8(s3, db + o + 24)
            o += 32
        }
        while o + 8 <= outputs {
            var sum = SIMD8<Double>(repeating: 0)
            for r in 0..<rows { sum += GEMM.load8(dz + r * outputs + o) }
            GEMM.store8(sum, db + o)
            o += 8
        }
        while o < outputs {
            var sum = 0.0
            for r in 0..<rows { sum += dz[r * outputs + o] }
            db[o] = sum
            o += 1
        }
    }

    /// Given dz = ∂L/∂z (rows × outputs) and the forward input x (rows × inputs):
    /// ∂L/∂W = dzᵀ x into `weightGrad` (outputs × inputs), ∂L/∂b = Σ_rows dz (rows in order), and, when `dx` is given,
    /// dx = dz W (+ `carry`, rows × inputs, when given: the residual path's gradient).
    func backward(
        _ x: UnsafePointer<Double>, _ dz: UnsafePointer<Double>, rows: Int,
        weightGrad: UnsafeMutablePointer<Double>, dx: UnsafeMutablePointer<Double>?, carry: UnsafePointer<Double>?,
        scratch: GEMM.Scratch
    ) {
        weightGradient(x, dz, rows: rows, into: weightGrad, scratch: scratch)
        sumRows(dz, rows: rows, into: biasGrad.base)
        if let dx { inputGradient(dz, rows: rows, into: dx, carry: carry, scratch: scratch) }
    }

    /// ∂L/∂W = dzᵀ x (outputs × inputs), summed over the rows in order.
    func weightGradient(
        _ x: UnsafePointer<Double>, _ dz: UnsafePointer<Double>, rows: Int,
        into weightGrad: UnsafeMutablePointer<Double>, scratch: GEMM.Scratch
    ) {
        GEMM.multiply(
            m: outputs, n: inputs, k: rows, a: dz, aRowStride: 1, aColStride: outputs,
            b: x, bRowStride: inputs, bColStride: 1, c: weightGrad, ldc: inputs, start: .zero, scratch: scratch)
    }

    /// dx = dz W (rows × inputs), plus `carry` when given.
    func inputGradient(
        _ dz: UnsafePointer<Double>, rows: Int, into dx: UnsafeMutablePointer<Double>,
        carry: UnsafePointer<Double>?, scratch: GEMM.Scratch
    ) {
        GEMM.multiply(
            m: rows, n: inputs, k: outputs, a: dz, aRowStride: outputs, aColStride: 1,
            b: weight.base, bRowStride: inputs, bColStride: 1, c: dx, ldc: inputs,
            start: carry.map { .matrix($0, ld: inputs) } ?? .zero, scratch: scratch)
    }
}
