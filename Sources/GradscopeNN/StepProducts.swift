/// The three matrix products of a hidden layer's training step, width × width, on a batch of fixed
/// random operands, run exactly as a step runs them (for timing them alone: `gradscope bench
/// --gemm`), and a plain square product beside them.
public final class StepProducts {
    public enum Product: String, CaseIterable, Codable, Sendable {
        /// z = x Wᵀ + b: batch × width from batch × width and W (width × width).
        case forward
        /// ∂L/∂W = dzᵀ x: width × width, summed over the batch.
        case weightGradient
        /// ∂L/∂x = dz W: batch × width.
        case inputGradient
        /// C = A B, all three width × width and row-major.
        case square
    }

    public let width: Int
    public let batch: Int
    let layer: Dense
    let x: Buffer, dz: Buffer, out: Buffer, weightGrad: Buffer
    let squareA: Buffer, squareB: Buffer, squareC: Buffer
    let scratch: GEMM.Scratch

    public init(width: Int, batch: Int, seed: UInt64 = 1) {
        precondition(width >= 1 && batch >= 1, "products need a width and a batch of at least 1")
        self.width = width
        self.batch = batch
        layer = Dense(inputs: width, outputs: width)
        x = Buffer(count: batch * width)
        dz = Buffer(count: batch * width)
        out = Buffer(count: batch * width)
        weightGrad = Buffer(count: width * width)
        squareA = Buffer(count: width * width)
        squareB = Buffer(count: width * width)
        squareC = Buffer(count: width * width)
        scratch = GEMM.Scratch(rows: max(width, batch), columns: width, depth: max(width, batch))
        var rng = Xoshiro256StarStar(seed: seed)
        for buffer in [layer.weight, layer.bias, x, dz, squareA, squareB] {
            for i in 0..<buffer.count { buffer.base[i] = rng.normal() }
        }
    }

    /// Multiply-adds × 2.
    public func flops(_ product: Product) -> Double {
        2 * Double(width) * Double(width) * Double(product == .square ? width : batch)
    }

    public func run(_ product: Product) {
        switch product {
        case .forward: layer.forward(x.base, rows: batch, into: out.base, scratch: scratch)
        case .weightGradient: layer.weightGradient(x.base, dz.base, rows: batch, into: weightGrad.base, scratch: scratch)
        case .inputGradient: layer.inputGradient(dz.base, rows: batch, into: out.base, carry: nil, scratch: scratch)
        case .square:
            GEMM.multiply(
                m: width, n: width, k: width, a: squareA.base, aRowStride: width, aColStride: 1,
                b: squareB.base, bRowStride: width, bColStride: 1, c: squareC.base, ldc: width, start: .zero, scratch: scratch)
        }
    }
}
