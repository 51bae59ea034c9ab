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
        let w = weight.base, t = weightT.base
        for o in 0..<outputs {
            for i in 0..<inputs { t[i * outputs + o] = w[o * inputs + i] }
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
