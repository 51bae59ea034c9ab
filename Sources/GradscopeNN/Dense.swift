/// A fully connected layer, Z = X Wᵀ + b (PyTorch's convention: W is outputs × inputs), with its
/// backward pass beside it. Parameters and gradients live in buffers allocated once.
public final class Dense {
    public let inputs: Int
    public let outputs: Int
    /// W: outputs × inputs, row-major.
    let weight: Buffer
    /// Wᵀ: inputs × outputs, kept equal to W by `syncTranspose()` after every change of W.
    let weightT: Buffer
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
        weightT = Buffer(count: inputs * outputs)
        bias = Buffer(count: outputs)
        weightGrad = Buffer(count: inputs * outputs)
        biasGrad = Buffer(count: outputs)
    }

    /// W (outputs × inputs); setting it keeps Wᵀ in step.
    public var weights: Matrix {
        get { Matrix(rows: outputs, cols: inputs, values: weight.array) }
        set {
            precondition(newValue.rows == outputs && newValue.cols == inputs, "weight shape mismatch")
            weight.copy(from: newValue.storage)
            syncTranspose()
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

    /// Wᵀ ← W.
    func syncTranspose() {
        var o = 0
        while o + 8 <= outputs { transposeRows(from: o, to: o + 8); o += 8 }
        transposeRows(from: o, to: outputs)
    }

    /// Copies rows lo ..< hi of W into the matching columns of Wᵀ: 8 × 8 tiles (eight row loads,
    /// eight column stores) when hi − lo = 8, element by element otherwise.
    @inline(__always)
    func transposeRows(from lo: Int, to hi: Int) {
        let w = weight.base, t = weightT.base
        guard hi - lo == 8 else {
            for r in lo..<hi {
                for i in 0..<inputs { t[i * outputs + r] = w[r * inputs + i] }
            }
            return
        }
        let ib = inputs & ~7
        var i = 0
        while i < ib {
            let s = w + lo * inputs + i
            let r0 = GEMM.load8(s), r1 = GEMM.load8(s + inputs)
            let r2 = GEMM.load8(s + 2 * inputs), r3 = GEMM.load8(s + 3 * inputs)
            let r4 = GEMM.load8(s + 4 * inputs), r5 = GEMM.load8(s + 5 * inputs)
            let r6 = GEMM.load8(s + 6 * inputs), r7 = GEMM.load8(s + 7 * inputs)
            let d = t + i * outputs + lo
            for c in 0..<8 {
                GEMM.store8(SIMD8(r0[c], r1[c], r2[c], r3[c], r4[c], r5[c], r6[c], r7[c]), d + c * outputs)
            }
            i += 8
        }
        for r in lo..<hi {
            for i in ib..<inputs { t[i * outputs + r] = w[r * inputs + i] }
        }
    }

    /// z = x Wᵀ + b.   x: rows × inputs, z: rows × outputs.
    func forward(_ x: UnsafePointer<Double>, rows: Int, into z: UnsafeMutablePointer<Double>) {
        GEMM.multiply(m: rows, n: outputs, k: inputs, a: x, aRowStride: inputs, aColStride: 1,
                      b: weightT.base, ldb: outputs, c: z, ldc: outputs, start: .row(bias.base))
    }

    /// Given dz = ∂L/∂z (rows × outputs) and the forward input x (rows × inputs):
    /// ∂L/∂W = dzᵀ x, ∂L/∂b = Σ_rows dz (rows in order), and, when `dx` is given,
    /// dx = dz W (+ `carry`, rows × inputs, when given: the residual path's gradient).
    func backward(
        _ x: UnsafePointer<Double>, _ dz: UnsafePointer<Double>, rows: Int,
        dx: UnsafeMutablePointer<Double>?, carry: UnsafePointer<Double>?
    ) {
        GEMM.multiply(m: outputs, n: inputs, k: rows, a: dz, aRowStride: 1, aColStride: outputs,
                      b: x, ldb: inputs, c: weightGrad.base, ldc: inputs, start: .zero)
        let db = biasGrad.base
        db.update(repeating: 0, count: outputs)
        for r in 0..<rows {
            let row = dz + r * outputs
            for o in 0..<outputs { db[o] += row[o] }
        }
        if let dx {
            GEMM.multiply(m: rows, n: inputs, k: outputs, a: dz, aRowStride: outputs, aColStride: 1,
                          b: weight.base, ldb: inputs, c: dx, ldc: inputs,
                          start: carry.map { .matrix($0, ld: inputs) } ?? .zero)
        }
    }
}
