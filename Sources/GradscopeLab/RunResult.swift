/// What one run measured. Plain data: Codable for the cache, Sendable across the runner's threads.
public struct RunResult: Hashable, Codable, Sendable {
    public var spec: RunSpec
    /// Completed, or diverged (a NaN or infinite loss) at a known epoch and step.
    public var outcome: RunOutcome
    /// Measurements before any update (step 0), on the first mini-batch / the evaluation batch.
    public var initial: Snapshot
    /// One record per completed epoch (fewer than `spec.epochs` when the run diverged).
    public var epochs: [Snapshot]
    /// Histograms of every hidden layer's activations and back-propagated gradients, at step 0 and at the end.
    public var initialHistograms: [LayerHistograms]
    public var finalHistograms: [LayerHistograms]

    public init(spec: RunSpec, outcome: RunOutcome, initial: Snapshot, epochs: [Snapshot],
                initialHistograms: [LayerHistograms], finalHistograms: [LayerHistograms]) {
        self.spec = spec
        self.outcome = outcome
        self.initial = initial
        self.epochs = epochs
        self.initialHistograms = initialHistograms
        self.finalHistograms = finalHistograms
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
    /// Mean and standard deviation of every hidden layer's activations on the evaluation batch.
    public var activationMean: [Double]
    public var activationStd: [Double]
    /// Fraction of units whose derivative is below 1% of the activation's maximum (sigmoid-like saturation).
    public var saturatedFraction: [Double]
    /// Fraction of units that output zero for every example of the evaluation batch (dead relu units).
    public var deadFraction: [Double]
    /// ‖ΔW_l‖ / ‖W_l‖ per layer (depth + 1 entries); zero at step 0; per epoch: mean over its steps.
    public var updateRatio: [Double]

    public init(trainLoss: Double, validationLoss: Double, validationAccuracy: Double?,
                weightGradientNorm: [Double], backpropGradientNorm: [Double],
                activationMean: [Double], activationStd: [Double], saturatedFraction: [Double],
                deadFraction: [Double], updateRatio: [Double]) {
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.weightGradientNorm = weightGradientNorm
        self.backpropGradientNorm = backpropGradientNorm
        self.activationMean = activationMean
        self.activationStd = activationStd
        self.saturatedFraction = saturatedFraction
        self.deadFraction = deadFraction
        self.updateRatio = updateRatio
    }
}

/// A histogram with fixed, equal-width bins: `counts[i]` values fell in [edges[i], edges[i+1]).
public struct Histogram: Hashable, Codable, Sendable {
    public var edges: [Double]
    public var counts: [Int]
    public init(edges: [Double], counts: [Int]) {
        self.edges = edges
        self.counts = counts
    }
}

/// One hidden layer's activation and back-propagated-gradient histograms.
public struct LayerHistograms: Hashable, Codable, Sendable {
    public var activations: Histogram
    public var gradients: Histogram
    public init(activations: Histogram, gradients: Histogram) {
        self.activations = activations
        self.gradients = gradients
    }
}
