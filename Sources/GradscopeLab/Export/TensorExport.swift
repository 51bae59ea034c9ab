import Foundation
import GradscopeNN

/// What `exportTensors` wrote; also the content of `meta.json`.
public struct ExportSummary: Codable, Hashable, Sendable {
    public var activation: String
    public var depth: Int
    /// Layer sizes: inputs, depth hidden widths, outputs.
    public var dims: [Int]
    /// `mse` or `cross_entropy`.
    public var loss: String
    /// The mean loss of the exported batch under the exported parameters.
    public var lossValue: Double
    public var residual: Bool
    public var batchRows: Int
    public var seed: UInt64
    public var runHash: String
    /// File names written, in order (meta.json last).
    public var files: [String]

    enum CodingKeys: String, CodingKey {
        case activation, depth, dims, loss, residual, seed, files
        case lossValue = "loss_value"
        case batchRows = "batch_rows"
        case runHash = "run_hash"
    }
}

/// Writes the run's initial parameters, its first mini-batch (standardised, as the network sees
/// it) and the gradients of its first step, as NumPy files in `directory` (created if needed):
/// `layer{l}.weight.npy` (out × in), `layer{l}.bias.npy`, `layer{l}.weight.grad.npy`,
/// `layer{l}.bias.grad.npy` for l = 1 … depth + 1, `batch.x.npy` (rows × inputs), `batch.y.npy`
/// (rows × outputs, or class indices `<i8` for cross_entropy) and `meta.json`.
public func exportTensors(_ spec: RunSpec, to directory: String) throws -> ExportSummary {
    var trainer = try Trainer(spec)
    let order = trainer.shuffledOrder()
    let rows = Array(order[0..<trainer.batchSize])
    let session = trainer.session
    let loss = session.computeGradients(trainer.split.train, rows: rows[...])
    let batch = trainer.split.train.subset(rows)
    let mlp = session.mlp

    var files: [(String, Data)] = []
    for (i, layer) in mlp.layers.enumerated() {
        let l = i + 1
        files.append(("layer\(l).weight.npy", NumPy.encode(layer.weights.storage, shape: [layer.outputs, layer.inputs])))
        files.append(("layer\(l).bias.npy", NumPy.encode(layer.biases, shape: [layer.outputs])))
        files.append(("layer\(l).weight.grad.npy", NumPy.encode(layer.weightGradient.storage, shape: [layer.outputs, layer.inputs])))
        files.append(("layer\(l).bias.grad.npy", NumPy.encode(layer.biasGradient, shape: [layer.outputs])))
    }
    files.append(("batch.x.npy", NumPy.encode(batch.features.storage, shape: [batch.count, batch.features.cols])))
    if session.loss == .crossEntropy {
        files.append(("batch.y.npy", NumPy.encode(batch.targets.storage.map { Int64($0) }, shape: [batch.count])))
    } else {
        files.append(("batch.y.npy", NumPy.encode(batch.targets.storage, shape: [batch.count, batch.targets.cols])))
    }
    let summary = ExportSummary(
        activation: mlp.activation.name, depth: mlp.depth, dims: mlp.sizes, loss: session.loss.rawValue,
        lossValue: loss, residual: mlp.residual, batchRows: batch.count, seed: spec.seed, runHash: spec.contentHash,
        files: files.map(\.0) + ["meta.json"])
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    files.append(("meta.json", try encoder.encode(summary) + Data("\n".utf8)))

    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, data) in files {
            try data.write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)), options: .atomic)
        }
    } catch {
        throw ExportError(directory: directory, reason: error.localizedDescription)
    }
    return summary
}

/// The export folder cannot be written.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    public var directory: String
    public var reason: String
    public var description: String { "\(directory): cannot write the tensors (\(reason))" }
}
