/// One forward and backward pass on a whole batch, copied out as matrices: what tests, the
/// tensor export and finite-difference checks need. Allocates a workspace per call (not for the
/// training loop, which keeps its own).
public struct BatchGradients: Sendable {
    /// y: rows × outputs.
    public var output: Matrix
    /// The mean loss on the batch.
    public var loss: Double
    /// ∂L/∂Wₗ (outputs × inputs) and ∂L/∂bₗ, layer 1 … depth + 1.
    public var weightGradients: [Matrix]
    public var biasGradients: [[Double]]
    /// ∂L/∂hₗ (rows × width), hidden layer 1 … depth.
    public var hiddenGradients: [Matrix]
}

extension MLP {
    /// Loss and every gradient for inputs x (rows × inputs) and targets (see `Loss`).
    public func gradients(x: Matrix, targets: Matrix, loss: Loss) -> BatchGradients {
        precondition(x.cols == inputs, "x has \(x.cols) columns, the network \(inputs) inputs")
        let ws = Workspace(for: self, capacity: max(x.rows, 1))
        let value = x.storage.withUnsafeBufferPointer { xp in
            targets.storage.withUnsafeBufferPointer { tp in
                forward(xp.baseAddress!, rows: x.rows, in: ws)
                let (sum, count) = loss.evaluate(
                    output: ws.output.base, targets: tp.baseAddress!, rows: x.rows,
                    cols: outputs, grad: ws.outputGrad.base)
                backward(xp.baseAddress!, rows: x.rows, in: ws)
                return sum / Double(count)
            }
        }
        return BatchGradients(
            output: ws.output(rows: x.rows, cols: outputs), loss: value,
            weightGradients: layers.map(\.weightGradient), biasGradients: layers.map(\.biasGradient),
            hiddenGradients: (0..<depth).map { ws.hiddenGradient($0 + 1, rows: x.rows) })
    }

    /// The mean loss only (a forward pass), for finite differences.
    public func loss(x: Matrix, targets: Matrix, loss: Loss) -> Double {
        let ws = Workspace(for: self, capacity: max(x.rows, 1))
        return x.storage.withUnsafeBufferPointer { xp in
            targets.storage.withUnsafeBufferPointer { tp in
                forward(xp.baseAddress!, rows: x.rows, in: ws)
                let (sum, count) = loss.evaluate(
                    output: ws.output.base, targets: tp.baseAddress!, rows: x.rows,
                    cols: outputs, grad: nil)
                return sum / Double(count)
            }
        }
    }
}
