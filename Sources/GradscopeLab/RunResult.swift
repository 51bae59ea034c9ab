/// What one run measured. Plain data: Codable for the cache, Sendable across the runner's threads.
public struct RunResult: Hashable, Codable, Sendable {
    public var spec: RunSpec
    /// The network's layer sizes: inputs, the depth hidden widths, outputs (depth + 2 entries).
    public var layerSizes: [Int]
    /// Completed, or diverged (a NaN or infinite loss) at a known epoch and step.
    public var outcome: RunOutcome
    /// Measurements before any update (step 0), on the first mini-batch / the evaluation batch.
    public var initial: Snapshot
    /// One record per completed epoch (fewer than `spec.epochs` when the run diverged).
    public var epochs: [Snapshot]
    /// Histograms of every hidden layer's activations and back-propagated gradients, at step 0 and at the end.
    public var initialHistograms: [LayerHistograms]
    public var finalHistograms: [LayerHistograms]

    public init(
        spec: RunSpec, layerSizes: [Int], outcome: RunOutcome, initial: Snapshot, epochs: [Snapshot],
        initialHistograms: [LayerHistograms], finalHistograms: [LayerHistograms]
    ) {
        self.spec = spec
        self.layerSizes = layerSizes
        self.outcome = outcome
        self.initial = initial
        self.epochs = epochs
        self.initialHistograms = initialHistograms
        self.finalHistograms = finalHistograms
    }
}

extension RunResult {
    /// Weights per layer, fanIn × fanOut, input side first (depth + 1 entries).
    public var weightCounts: [Int] {
        zip(layerSizes, layerSizes.dropFirst()).map { $0 * $1 }
    }

    /// The root-mean-square weight gradient per layer, ‖∂L/∂W_l‖ / √(weightCounts[l]): the typical
    /// size of one weight's gradient, comparable across layers of different shapes.
    public func weightGradientRMS(_ snapshot: Snapshot) -> [Double] {
        zip(snapshot.weightGradientNorm, weightCounts).map { $0 / Double($1).squareRoot() }
    }
}

public enum RunOutcome: Hashable, Codable, Sendable {
    case completed
    /// `step` counts optimiser steps from 1 over the whole run; `epoch` from 1.
    case diverged(epoch: Int, step: Int)
}

/// Losses and per-layer measurements at one moment (step 0) or averaged over one epoch.
/// Per-layer arrays have one entry per layer, input side first: depth hidden layers, then the
/// output layer for the weight-side measurements (`weightGradientNorm`, `updateRatio`), and the
/// depth hidden layers only for the activation-side ones.
public struct Snapshot: Hashable, Codable, Sendable {
    /// Mean training loss (at step 0: on the whole training set; per epoch: mean over its steps).
    public var trainLoss: Double
    /// Loss on the validation set at the end of the epoch (at step 0: before training).
    public var validationLoss: Double
    /// Classification only: fraction of validation examples classified correctly.
    public var validationAccuracy: Double?
    /// ‖∂L/∂W_l‖₂ (Frobenius) per layer, depth + 1 entries; per epoch: mean over the epoch's steps.
    public var weightGradientNorm: [Double]
    /// ‖∂L/∂h_l‖₂ over the batch, per hidden layer (depth entries); per epoch: mean over its steps.
    public var backpropGradientNorm: [Double]
    /// Mean and standard deviation of every hidden layer's activations on the evaluation batch
    /// (over batch × width).
    public var activationMean: [Double]
    public var activationStd: [Double]
    /// How much every hidden layer's activations vary across the evaluation batch's examples: for
    /// each unit the population standard deviation over the examples, averaged over the layer's
    /// units. Near zero when the layer answers every input alike (the forward half of vanishing
    /// gradients: deep sigmoid stacks at initialisation).
    public var activationSpread: [Double]
    /// Fraction of units whose derivative is below 1% of the activation's maximum (sigmoid-like saturation).
    public var saturatedFraction: [Double]
    /// Fraction of units that output zero for every example of the evaluation batch (dead relu units).
    public var deadFraction: [Double]
    /// ‖ΔW_l‖ / ‖W_l‖ per layer (depth + 1 entries); zero at step 0; per epoch: mean over its steps.
    public var updateRatio: [Double]

    public init(
        trainLoss: Double, validationLoss: Double, validationAccuracy: Double?,
        weightGradientNorm: [Double], backpropGradientNorm: [Double],
        activationMean: [Double], activationStd: [Double], activationSpread: [Double],
        saturatedFraction: [Double], deadFraction: [Double], updateRatio: [Double]
    ) {
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.weightGradientNorm = weightGradientNorm
        self.backpropGradientNorm = backpropGradientNorm
        self.activationMean = activationMean
        self.activationStd = activationStd
        self.activationSpread = activationSpread
        self.saturatedFraction = saturatedFraction
        self.deadFraction = deadFraction
        self.updateRatio = updateRatio
    }
}

/// A histogram with fixed bins: `counts[i]` values fell in [edges[i], edges[i+1]) (the last bin
/// includes its upper edge). Bins are equal-width in the value (`.linear`) or in log₁₀ of its
/// magnitude (`.log10Magnitude`); see `HistogramScale`.
public struct Histogram: Hashable, Codable, Sendable {
    public var edges: [Double]
    public var counts: [Int]
    public var scale: HistogramScale
    /// Values exactly 0. Linear histograms also count them in their bin; log-magnitude ones cannot
    /// place them, so they are counted here only.
    public var zeroCount: Int
    public init(edges: [Double], counts: [Int], scale: HistogramScale = .linear, zeroCount: Int = 0) {
        self.edges = edges
        self.counts = counts
        self.scale = scale
        self.zeroCount = zeroCount
    }
}

/// How a histogram's bins divide its range.
public enum HistogramScale: String, Hashable, Codable, Sendable {
    /// Equal-width bins in the value; `edges` are values.
    case linear
    /// Equal-width bins in log₁₀|v| over finite non-zero v; `edges` are the magnitudes 10^e of the
    /// bin boundaries (positive, increasing), so a chart with a log₁₀ axis draws them as they are.
    /// The sign is dropped; zeros go to `zeroCount`.
    case log10Magnitude
}

/// One hidden layer's activation histogram (linear) and back-propagated-gradient histogram
/// (`.log10Magnitude`: gradients span many decades, and the decades are the story).
public struct LayerHistograms: Hashable, Codable, Sendable {
    public var activations: Histogram
    public var gradients: Histogram
    public init(activations: Histogram, gradients: Histogram) {
        self.activations = activations
        self.gradients = gradients
    }
}
