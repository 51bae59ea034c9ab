/// The training loop's moving parts for one network: a workspace, batch buffers, the optimiser,
/// and the per-layer measurements of the last step. Everything is allocated in `init`;
/// `trainStep`, `computeGradients` and `update` allocate nothing.
public final class Session {
    public let mlp: MLP
    public let loss: Loss
    public let optimizer: Optimizer
    let ws: Workspace
    /// Buffers for `trainStep`, which keeps no gradient past the step, and for `evaluate`, which
    /// keeps no activation past the pass (see `Workspace.Purpose`).
    let stepWS: Workspace
    let evaluationWS: Workspace
    /// The gathered mini-batch: capacity × inputs and capacity × target columns.
    let batchX: Buffer
    let batchT: Buffer
    /// For `probe`: ones and room for φ′ of a layer (capacity × widest layer).
    let probeOnes: Buffer
    let probeScratch: Buffer
    let targetColumns: Int

    /// ‖∂L/∂Wₗ‖ (Frobenius) for layers 1 … depth + 1, from the last `computeGradients` or `trainStep`.
    public private(set) var weightGradientNorms: [Double]
    /// ‖∂L/∂hₗ‖ over the batch for hidden layers 1 … depth, from the last `computeGradients` or `trainStep`.
    public private(set) var hiddenGradientNorms: [Double]
    /// ‖ΔWₗ‖ / ‖Wₗ‖ for layers 1 … depth + 1, from the last `update` or `trainStep`.
    public private(set) var updateRatios: [Double]

    /// `capacity` bounds every batch this session sees (mini-batches and evaluation chunks).
    public init(mlp: MLP, loss: Loss, optimizer: Optimizer, capacity: Int, targetColumns: Int) {
        self.mlp = mlp
        self.loss = loss
        self.optimizer = optimizer
        self.targetColumns = targetColumns
        let scratch = GEMM.Scratch(for: mlp, capacity: capacity)
        ws = Workspace(for: mlp, capacity: capacity, scratch: scratch)
        stepWS = Workspace(for: mlp, capacity: capacity, purpose: .training, scratch: scratch)
        evaluationWS = Workspace(for: mlp, capacity: capacity, purpose: .inference, scratch: scratch)
        batchX = Buffer(count: capacity * mlp.inputs)
        batchT = Buffer(count: capacity * targetColumns)
        let widest = capacity * mlp.sizes.dropFirst().max()!
        probeOnes = Buffer(count: widest)
        probeOnes.base.update(repeating: 1, count: widest)
        probeScratch = Buffer(count: widest)
        weightGradientNorms = Array(repeating: 0, count: mlp.depth + 1)
        hiddenGradientNorms = Array(repeating: 0, count: mlp.depth)
        updateRatios = Array(repeating: 0, count: mlp.depth + 1)
    }

    public var capacity: Int { ws.capacity }

    /// How many threads a big matrix product may use, each computing its own columns of C, so
    /// every number is the same for any count (see `GEMM`); set it between steps. Raising it past
    /// any earlier value allocates that thread's packing buffers, once.
    public var threads: Int {
        get { ws.gemm.threads }
        set { ws.gemm.threads = newValue }
    }

    /// Copies the examples at `rows` (in order) into the batch buffers.
    func gather(_ data: Dataset, rows: ArraySlice<Int>) {
        let d = mlp.inputs
        let k = targetColumns
        data.features.storage.withUnsafeBufferPointer { f in
            data.targets.storage.withUnsafeBufferPointer { t in
                for (i, r) in rows.enumerated() {
                    (batchX.base + i * d).update(from: f.baseAddress! + r * d, count: d)
                    (batchT.base + i * k).update(from: t.baseAddress! + r * k, count: k)
                }
            }
        }
    }

    /// Forward and backward on the examples at `rows`; returns the batch's mean loss and records
    /// the gradient norms. Parameters are not changed.
    @discardableResult
    public func computeGradients(_ data: Dataset, rows: ArraySlice<Int>) -> Double {
        let meanLoss = forwardWithLoss(data, rows: rows, in: ws)
        weightGradientNorms.withUnsafeMutableBufferPointer { wn in
            hiddenGradientNorms.withUnsafeMutableBufferPointer { hn in
                mlp.backward(batchX.base, rows: rows.count, in: ws, weightNorms: wn.baseAddress!, hiddenNorms: hn.baseAddress!)
            }
        }
        return meanLoss
    }

    /// Gathers the examples at `rows`, runs them forward through `ws` and returns their mean loss,
    /// with ∂L/∂y in `ws.outputGrad`.
    private func forwardWithLoss(_ data: Dataset, rows: ArraySlice<Int>, in ws: Workspace) -> Double {
        gather(data, rows: rows)
        mlp.forward(batchX.base, rows: rows.count, in: ws)
        let (sum, count) = loss.evaluate(
            output: ws.output.base, targets: batchT.base, rows: rows.count,
            cols: mlp.outputs, grad: ws.outputGrad.base)
        return sum / Double(count)
    }

    /// One optimiser step with the gradients of the last `computeGradients`.
    public func update() {
        optimizer.step(mlp, updateRatios: &updateRatios)
    }

    /// One training step on the examples at `rows`: `computeGradients` then, when the batch's loss
    /// is finite, `update`, with the same parameters and measurements bit for bit. Without clipping,
    /// each layer is updated inside the backward pass as soon as its gradients exist, and the
    /// layers' `weightGradient`s are left as they were (see `Workspace.Purpose`); with a
    /// non-finite loss the backward pass is skipped and the norms keep the previous step's values.
    /// Returns the batch's mean loss.
    @discardableResult
    public func trainStep(_ data: Dataset, rows: ArraySlice<Int>) -> Double {
        guard optimizer.updatesLayerByLayer else {
            let meanLoss = computeGradients(data, rows: rows)
            if meanLoss.isFinite { update() }
            return meanLoss
        }
        let meanLoss = forwardWithLoss(data, rows: rows, in: stepWS)
        guard meanLoss.isFinite else { return meanLoss }
        optimizer.beginStep()
        let layers = mlp.layers
        let optimizer = optimizer
        let weightGrad = UnsafePointer(stepWS.sharedWeightGrad!.base)
        updateRatios.withUnsafeMutableBufferPointer { ratios in
            weightGradientNorms.withUnsafeMutableBufferPointer { weightNorms in
                hiddenGradientNorms.withUnsafeMutableBufferPointer { hiddenNorms in
                    let ratios = ratios.baseAddress!
                    let weightNorms = weightNorms.baseAddress!
                    // ‖∂L/∂W‖ comes from the update's own pass over the gradient.
                    mlp.backward(batchX.base, rows: rows.count, in: stepWS, weightNorms: nil, hiddenNorms: hiddenNorms.baseAddress!) {
                        let measured = optimizer.update(layers[$0], at: $0, weightGrad: weightGrad)
                        ratios[$0] = measured.ratio
                        weightNorms[$0] = measured.gradientNorm
                    }
                }
            }
        }
        return meanLoss
    }

    /// Mean loss over a whole dataset, in chunks of `capacity` rows (chunk sums added in order),
    /// and the number of correctly classified examples (classification only, else 0).
    public func evaluate(_ data: Dataset) -> (loss: Double, correct: Int) {
        var sum = 0.0
        var count = 0
        var correct = 0
        var start = 0
        while start < data.count {
            let end = min(start + capacity, data.count)
            gather(data, rows: Array(start..<end)[...])
            mlp.forward(batchX.base, rows: end - start, in: evaluationWS)
            let output = evaluationWS.output.base
            let part = loss.evaluate(output: output, targets: batchT.base, rows: end - start, cols: mlp.outputs, grad: nil)
            sum += part.sum
            count += part.count
            if loss == .crossEntropy {
                correct += Loss.correct(output: output, targets: batchT.base, rows: end - start, cols: mlp.outputs)
            }
            start = end
        }
        return (sum / Double(max(count, 1)), correct)
    }

    /// The per-hidden-layer picture of the first `rows` examples of `data` (at most `capacity`),
    /// without updating: a forward pass only (the session's gradient norms are left alone).
    public func probe(_ data: Dataset, rows: Int) -> LayerProbe {
        let n = min(rows, capacity, data.count)
        gather(data, rows: Array(0..<n)[...])
        mlp.forward(batchX.base, rows: n, in: ws)
        return statistics(rows: n)
    }

    /// The same picture after a forward and a backward pass (the session's gradient norms are then
    /// those of this batch), and `values` applied to every hidden layer's raw activations hₗ and
    /// gradients ∂L/∂hₗ (batch × width each, layer 1 first) where they lie, without copying them;
    /// the buffers are valid only inside `values`.
    public func probe<Result>(
        _ data: Dataset, rows: Int,
        values: (_ activations: [UnsafeBufferPointer<Double>], _ gradients: [UnsafeBufferPointer<Double>]) -> Result
    )
        -> (LayerProbe, Result)
    {
        let n = min(rows, capacity, data.count)
        computeGradients(data, rows: Array(0..<n)[...])
        let layers = 1...mlp.depth
        let counts = layers.map { n * mlp.sizes[$0] }
        let result = values(
            zip(layers, counts).map { UnsafeBufferPointer(start: ws.h[$0].base, count: $1) },
            zip(layers, counts).map { UnsafeBufferPointer(start: ws.hiddenGrad[$0].base, count: $1) })
        return (statistics(rows: n), result)
    }

    /// Each hidden layer's statistics of the last pass through `ws`, on its first `n` rows.
    private func statistics(rows n: Int) -> LayerProbe {
        let threshold = 0.01 * mlp.activation.maxDerivative
        var probe = LayerProbe()
        for l in 1...mlp.depth {
            let width = mlp.sizes[l]
            let count = n * width
            let h = ws.h[l].base
            let z = ws.z[l].base
            let a = ws.a[l].base
            let mean = Buffer.sum(h, count) / Double(count)
            let variance = Buffer.squaredDeviations(h, count, from: mean) / Double(count)
            // φ′(zₗ) as the backward pass computes it, from ∂L/∂h = 1.
            let derivative = probeScratch.base
            mlp.activation.backward(probeOnes.base, z, a, derivative, count: count)
            var saturated = 0
            for i in 0..<count { saturated += derivative[i] < threshold ? 1 : 0 }
            var dead = 0
            for j in 0..<width {
                var allZero = true
                for r in 0..<n where a[r * width + j] != 0 {
                    allZero = false
                    break
                }
                if allZero { dead += 1 }
            }
            probe.activationMean.append(mean)
            probe.activationStd.append(variance.squareRoot())
            probe.activationSpread.append(Session.unitSpread(h, rows: n, width: width))
            probe.saturatedFraction.append(Double(saturated) / Double(count))
            probe.deadFraction.append(Double(dead) / Double(width))
        }
        return probe
    }

    /// (1/width) Σⱼ σⱼ, where σⱼ is the population standard deviation of unit j over the `rows`
    /// examples of h (rows × width, row-major): two passes per unit, rows in order, then the units'
    /// σ added in order.
    static func unitSpread(_ h: UnsafePointer<Double>, rows: Int, width: Int) -> Double {
        let n = Double(rows)
        var total = 0.0
        for j in 0..<width {
            var sum = 0.0
            for r in 0..<rows { sum += h[r * width + j] }
            let mean = sum / n
            var squares = 0.0
            for r in 0..<rows {
                let d = h[r * width + j] - mean
                squares.addProduct(d, d)
            }
            total += (squares / n).squareRoot()
        }
        return total / Double(width)
    }
}

/// What one evaluation batch shows of every hidden layer (index 0 = layer 1).
public struct LayerProbe: Sendable {
    /// Mean and population standard deviation of hₗ over batch × width.
    public var activationMean: [Double] = []
    public var activationStd: [Double] = []
    /// How much hₗ varies from example to example: each unit's population standard deviation
    /// over the batch, averaged over the units (`activationStd` also counts the units' differing
    /// means; this does not).
    public var activationSpread: [Double] = []
    /// Fraction of (example, unit) pairs with φ′(zₗ) < 1% of max φ′.
    public var saturatedFraction: [Double] = []
    /// Fraction of units whose φ(zₗ) is exactly zero on every example.
    public var deadFraction: [Double] = []
}
