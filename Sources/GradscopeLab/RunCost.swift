import Foundation
import GradscopeNN

/// The size of a run's data: examples before the split, feature columns and network outputs.
public struct DataShape: Hashable, Sendable {
    public var examples: Int
    public var inputs: Int
    public var outputs: Int

    public init(examples: Int, inputs: Int, outputs: Int) {
        self.examples = examples
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The shape of a loaded dataset (a user's CSV file).
    public init(_ dataset: Dataset) {
        self.init(examples: dataset.count, inputs: dataset.features.cols, outputs: dataset.outputs)
    }

    /// The shape a generated dataset will have, known from its spec alone; nil for a CSV file,
    /// whose shape is known only once it is read.
    public init?(generating dataset: DatasetSpec) {
        switch dataset.kind {
        case .electricity(let samples): self.init(examples: samples, inputs: Electricity.featureNames.count, outputs: 1)
        case .spirals(let samples, let classes): self.init(examples: samples, inputs: 2, outputs: classes)
        default: return nil
        }
    }
}

/// What one run will cost, estimated from its spec and data shape before anything is trained.
///
/// With W = Σ fanIn × fanOut over the depth + 1 layers, N the training and V the validation
/// examples, B the mini-batch, R = min(256, N) the evaluation batch and E the epochs:
///
/// - `flops` = W × (6 N E + (E + 1)(2 V + 6 R) + 2 N + 6 B): a forward pass costs 2 W per example
///   and a forward and backward pass 6 W; every epoch trains on N examples, then evaluates the
///   validation set and probes the evaluation batch; step 0 also evaluates the training set and
///   takes the gradient of one mini-batch.
/// - `recordedNumbers`: the numbers the run keeps and the report writes: per snapshot (step 0
///   and every epoch) 3 losses and `perLayerMetrics` values per layer, plus the histograms of
///   every hidden layer (activations and gradients, at step 0 and at the end).
/// - `peakBytes` = 8 bytes × (parameters × (weights, gradients and the optimiser's state) +
///   4 buffers × the largest batch × Σ layer widths (activations and their gradients) +
///   2 copies of the data + the recorded numbers).
///
/// The estimate leaves out constant overheads; it is meant to tell a notebook that trains in
/// seconds from one that would not finish or not fit, not to predict times.
public struct RunCost: Hashable, Sendable {
    public var flops: Double
    public var peakBytes: Double
    public var recordedNumbers: Double

    /// Per-layer values in a snapshot (`Snapshot`: weight-gradient norm, back-propagated gradient,
    /// activation mean, standard deviation and spread, saturated and dead fractions, update ratio).
    public static let perLayerMetrics = 8

    public init(_ spec: RunSpec, data: DataShape) {
        let sizes = [data.inputs] + Array(repeating: spec.width, count: spec.depth) + [data.outputs]
        let layers = zip(sizes, sizes.dropFirst()).map { Double($0) * Double($1) }
        let weights = layers.reduce(0, +)
        let parameters = weights + Double(sizes.dropFirst().reduce(0, +))
        let examples = Double(data.examples)
        let validation = (examples * spec.dataset.validationFraction).rounded(.up)
        let training = max(examples - validation, 1)
        let batch = min(Double(spec.batchSize), training)
        let probe = min(256, training)
        let epochs = Double(spec.epochs)
        flops = weights * (6 * training * epochs + (epochs + 1) * (2 * validation + 6 * probe) + 2 * training + 6 * batch)

        let depth = Double(spec.depth)
        let snapshot = 3 + Double(Self.perLayerMetrics) * (depth + 1)
        let histograms = 2 * 2 * depth * Double(2 * spec.histogramBins + 2)
        recordedNumbers = (epochs + 1) * snapshot + histograms

        let optimiserState: Double =
            switch spec.optimizer.kind {
            case .adam: 2
            case .momentum, .nesterov: 1
            case .sgd: 0
            }
        let activations = 4 * max(batch, probe) * Double(sizes.dropFirst().reduce(0, +))
        let dataset = 2 * examples * Double(data.inputs + 1)
        peakBytes = 8 * ((2 + optimiserState) * parameters + 2 * (layers.max() ?? 0) + activations + dataset + recordedNumbers)
    }
}

extension RunCost {
    /// A count with thousands separators: `4,000,000`.
    public static func countText(_ count: Int) -> String {
        var text = String(count.magnitude)
        var index = text.count - 3
        while index > 0 {
            text.insert(",", at: text.index(text.startIndex, offsetBy: index))
            index -= 3
        }
        return count < 0 ? "-" + text : text
    }

    /// FLOPs in scientific notation with two significant digits: `1.2e15`, `2e13`.
    public static func flopsText(_ flops: Double) -> String {
        let parts = String(format: "%.1e", flops).split(separator: "e")
        let mantissa = parts[0].hasSuffix(".0") ? parts[0].dropLast(2) : parts[0]
        return "\(mantissa)e\(Int(parts[1]) ?? 0)"
    }

    /// Bytes in binary units with three significant digits: `125 GiB`, `1 GiB`, `3.5 MiB`.
    public static func bytesText(_ bytes: Double) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return "\(String(format: "%.3g", value)) \(units[unit])"
    }
}
