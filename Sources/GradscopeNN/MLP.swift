/// A multilayer perceptron: `depth` hidden layers of one width with activation φ, then a linear
/// output layer.
///
///     h₀ = x,   zₗ = hₗ₋₁ Wₗᵀ + bₗ,   hₗ = φ(zₗ)            (l = 1 … depth)
///     with `residual`, for l ≥ 2:            hₗ = hₗ₋₁ + φ(zₗ)
///     y = h_depth W_{depth+1}ᵀ + b_{depth+1}
///
/// Buffers for a batch live in a `Workspace`; `layers` holds parameters and their gradients.
public final class MLP {
    /// Layer sizes: inputs, then `depth` hidden widths, then outputs.
    public let sizes: [Int]
    public let activation: Activation
    public let residual: Bool
    /// depth + 1 layers, input side first; the last is the linear output layer.
    public let layers: [Dense]

    public var depth: Int { layers.count - 1 }
    public var inputs: Int { sizes[0] }
    public var outputs: Int { sizes[sizes.count - 1] }

    /// `sizes` needs at least three entries (one hidden layer); residual needs equal hidden widths.
    public init(sizes: [Int], activation: Activation, residual: Bool = false) {
        precondition(sizes.count >= 3 && sizes.allSatisfy { $0 >= 1 }, "an MLP needs inputs, at least one hidden layer and outputs")
        precondition(!residual || Set(sizes.dropFirst().dropLast()).count == 1, "residual connections need equal hidden widths")
        self.sizes = sizes
        self.activation = activation
        self.residual = residual
        layers = (0..<(sizes.count - 1)).map { Dense(inputs: sizes[$0], outputs: sizes[$0 + 1]) }
    }

    public convenience init(inputs: Int, width: Int, depth: Int, outputs: Int, activation: Activation, residual: Bool = false) {
        self.init(sizes: [inputs] + Array(repeating: width, count: depth) + [outputs], activation: activation, residual: residual)
    }

    /// Draws the weights of layer l (1 … depth + 1) from its own stream, ("init", l) of `seed`
    /// (`Xoshiro256StarStar(parent:stream:index:)`); biases zero. A layer's weights depend only
    /// on the seed, its number and its own shape, not on the other layers' sizes.
    public func initialize(_ initializer: Initializer, seed: UInt64) {
        let concrete = initializer.resolved(for: activation)
        for (i, layer) in layers.enumerated() {
            var rng = Xoshiro256StarStar(parent: seed, stream: "init", index: i + 1)
            concrete.fill(layer.weight.base, fanIn: layer.inputs, fanOut: layer.outputs, rng: &rng)
            layer.bias.zero()
        }
    }

    /// Whether hidden layer l (1-based) adds its input.
    @inline(__always)
    func isResidual(_ l: Int) -> Bool { residual && l >= 2 }

    /// Forward pass of `rows` examples (x: rows × inputs, row-major) into `ws`.
    public func forward(_ x: UnsafePointer<Double>, rows: Int, in ws: Workspace) {
        precondition(rows <= ws.capacity, "batch of \(rows) exceeds the workspace's \(ws.capacity) rows")
        var input = x
        for l in 1...depth {
            let layer = layers[l - 1]
            let count = rows * layer.outputs
            forward(layer, input, rows: rows, z: ws.z[l].base, a: ws.a[l].base, scratch: ws.gemm)
            if isResidual(l) {
                let h = ws.h[l].base
                let a = ws.a[l].base
                for i in 0..<count { h[i] = input[i] + a[i] }
            }
            input = UnsafePointer(ws.h[l].base)
        }
        layers[depth].forward(input, rows: rows, into: ws.output.base, scratch: ws.gemm)
    }

    /// z = x Wᵀ + b and a = φ(z) for one hidden layer. When φ′ is read off φ(z), z is not kept (its
    /// buffer is a's), so φ runs on each block of the product while it is still in registers.
    private func forward(
        _ layer: Dense, _ x: UnsafePointer<Double>, rows: Int, z: UnsafeMutablePointer<Double>,
        a: UnsafeMutablePointer<Double>, scratch: GEMM.Scratch
    ) {
        assert(!activation.derivativeFromOutput || z == a, "the workspace keeps z apart from φ(z) only when φ′ needs z")
        switch activation {
        case .sigmoid: layer.forward(x, rows: rows, into: a, scratch: scratch, then: Vector.Sigmoid())
        case .tanh: layer.forward(x, rows: rows, into: a, scratch: scratch, then: Vector.Tanh())
        case .relu: layer.forward(x, rows: rows, into: a, scratch: scratch, then: Vector.ReLU())
        case .identity: layer.forward(x, rows: rows, into: a, scratch: scratch)
        default:
            layer.forward(x, rows: rows, into: z, scratch: scratch)
            activation.forward(z, a, count: rows * layer.outputs)
        }
    }

    /// Backward pass after `forward` on the same x, from ∂L/∂y in `ws.outputGrad` (rows × outputs):
    /// fills every layer's ∂L/∂W and ∂L/∂b, and ∂L/∂hₗ for every hidden layer in `ws.hiddenGrad`.
    public func backward(_ x: UnsafePointer<Double>, rows: Int, in ws: Workspace) {
        backward(x, rows: rows, in: ws, weightNorms: nil, hiddenNorms: nil)
    }

    /// The same, and when given, `weightNorms[l]` (l = 0 … depth) receives ‖∂L/∂W_{l+1}‖ and
    /// `hiddenNorms[l]` (l = 0 … depth − 1) ‖∂L/∂h_{l+1}‖ over the batch, each summed in
    /// `Buffer.sumOfSquares`' order while it is in cache (∂L/∂h as the activation's backward pass
    /// reads it).
    /// `layerDone(i)` runs once layers[i]'s gradients are complete (∂L/∂W where
    /// `ws.weightGradient(of:)` says) and the pass no longer reads its parameters (last layer
    /// first), so it may update them.
    func backward(
        _ x: UnsafePointer<Double>, rows: Int, in ws: Workspace,
        weightNorms: UnsafeMutablePointer<Double>?, hiddenNorms: UnsafeMutablePointer<Double>?,
        layerDone: ((Int) -> Void)? = nil
    ) {
        precondition(ws.purpose != .inference, "a backward pass needs the forward pass's activations")
        let last = layers[depth]
        let lastGrad = ws.weightGradient(of: last)
        last.backward(
            ws.h[depth].base, ws.outputGrad.base, rows: rows,
            weightGrad: lastGrad, dx: ws.hiddenGrad[depth].base, carry: nil, scratch: ws.gemm)
        weightNorms?[depth] = Buffer.sumOfSquares(lastGrad, last.weight.count).squareRoot()
        layerDone?(depth)
        for l in stride(from: depth, through: 1, by: -1) {
            let layer = layers[l - 1]
            let squares = activation.backward(
                ws.hiddenGrad[l].base, ws.z[l].base, ws.a[l].base, ws.dz.base,
                count: rows * layer.outputs)
            hiddenNorms?[l - 1] = squares.squareRoot()
            let input = l == 1 ? x : UnsafePointer(ws.h[l - 1].base)
            let grad = ws.weightGradient(of: layer)
            layer.backward(
                input, ws.dz.base, rows: rows, weightGrad: grad,
                dx: l == 1 ? nil : ws.hiddenGrad[l - 1].base,
                carry: isResidual(l) ? UnsafePointer(ws.hiddenGrad[l].base) : nil, scratch: ws.gemm)
            weightNorms?[l - 1] = Buffer.sumOfSquares(grad, layer.weight.count).squareRoot()
            layerDone?(l - 1)
        }
    }
}

/// Per-batch buffers for one MLP, for up to `capacity` rows; allocated once and reused every step.
public final class Workspace {
    public let capacity: Int
    /// Index l = 1 … depth (index 0 unused): zₗ, φ(zₗ), hₗ (the same buffer as φ(zₗ) unless
    /// layer l is residual) and ∂L/∂hₗ, each capacity × width_l. When φ′ can be read off φ(z)
    /// (`Activation.derivativeFromOutput`), zₗ shares φ(zₗ)'s buffer: the activation runs in
    /// place and z is gone after the forward pass, which keeps a deep network's working set small.
    let z: [Buffer]
    let a: [Buffer]
    let h: [Buffer]
    let hiddenGrad: [Buffer]
    /// What the buffers must keep, which decides how many there are; the values computed are the
    /// same whatever the purpose.
    public enum Purpose: Sendable {
        /// Every activation and gradient stays in place after the passes (probes, tests, export).
        case inspection
        /// A training step that updates each layer inside the backward pass: the hidden layers'
        /// ∂L/∂h take turns with two buffers (∂L/∂hₗ is dead once ∂L/∂hₗ₋₁ exists) and every
        /// ∂L/∂Wₗ goes to `sharedWeightGrad`, valid until the next layer's. A depth-32, width-64
        /// step then reads and writes about 2 MB less.
        case training
        /// Forward passes only (losses): the layers' activations take turns too, so evaluating
        /// a deep network in chunks of 256 rows stays within the L2 cache.
        case inference
    }
    public let purpose: Purpose
    let sharedWeightGrad: Buffer?
    /// ∂L/∂zₗ of the layer being back-propagated: capacity × max width.
    let dz: Buffer
    /// y and ∂L/∂y: capacity × outputs.
    let output: Buffer
    let outputGrad: Buffer
    /// The matrix products' packing buffers (shared by a session's workspaces, which never run at once).
    let gemm: GEMM.Scratch

    /// `scratch` (default: its own) must fit this network's products at `capacity` rows
    /// (`GEMM.Scratch(for:capacity:)`).
    public init(for mlp: MLP, capacity: Int, purpose: Purpose = .inspection, scratch: GEMM.Scratch? = nil) {
        self.capacity = capacity
        self.purpose = purpose
        let widths = mlp.sizes
        let widest = capacity * (widths.dropFirst().max() ?? 1)
        let inference = purpose == .inference
        let training = purpose == .training
        func turns(_ wanted: Bool) -> [Buffer] { wanted ? [Buffer(count: widest), Buffer(count: widest)] : [] }
        let activationTurns = turns(inference)
        let residualTurns = turns(inference && mlp.residual)
        let gradientTurns = turns(training)
        let zScratch = inference && !mlp.activation.derivativeFromOutput ? Buffer(count: widest) : nil
        var z = [Buffer(count: 0)]
        var a = [Buffer(count: 0)]
        var h = [Buffer(count: 0)]
        var g = [Buffer(count: 0)]
        for l in 1...mlp.depth {
            let n = capacity * widths[l]
            let act = inference ? activationTurns[l % 2] : Buffer(count: n)
            z.append(mlp.activation.derivativeFromOutput ? act : zScratch ?? Buffer(count: n))
            a.append(act)
            h.append(mlp.isResidual(l) ? (inference ? residualTurns[l % 2] : Buffer(count: n)) : act)
            g.append(training ? gradientTurns[l % 2] : Buffer(count: inference ? 0 : n))
        }
        self.z = z
        self.a = a
        self.h = h
        hiddenGrad = g
        dz = Buffer(count: inference ? 0 : widest)
        output = Buffer(count: capacity * mlp.outputs)
        outputGrad = Buffer(count: inference ? 0 : capacity * mlp.outputs)
        let largestLayer = mlp.layers.map { $0.inputs * $0.outputs }.max()!
        gemm = scratch ?? GEMM.Scratch(for: mlp, capacity: capacity)
        sharedWeightGrad = purpose == .training ? Buffer(count: largestLayer) : nil
    }

    /// Where the backward pass puts `layer`'s ∂L/∂W (outputs × inputs).
    func weightGradient(of layer: Dense) -> UnsafeMutablePointer<Double> {
        sharedWeightGrad?.base ?? layer.weightGrad.base
    }

    /// y of the last forward pass, the first `rows` rows.
    public func output(rows: Int, cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, values: Array(UnsafeBufferPointer(start: output.base, count: rows * cols)))
    }

    /// hₗ of the last forward pass (l = 1 … depth), the first `rows` rows.
    public func hidden(_ l: Int, rows: Int) -> Matrix {
        precondition(purpose != .inference, "this workspace does not keep every layer's activations")
        let cols = h[l].count / capacity
        return Matrix(rows: rows, cols: cols, values: Array(UnsafeBufferPointer(start: h[l].base, count: rows * cols)))
    }

    /// ∂L/∂hₗ of the last backward pass (l = 1 … depth), the first `rows` rows.
    public func hiddenGradient(_ l: Int, rows: Int) -> Matrix {
        precondition(purpose == .inspection, "this workspace does not keep every layer's ∂L/∂h")
        let cols = hiddenGrad[l].count / capacity
        return Matrix(rows: rows, cols: cols, values: Array(UnsafeBufferPointer(start: hiddenGrad[l].base, count: rows * cols)))
    }
}
