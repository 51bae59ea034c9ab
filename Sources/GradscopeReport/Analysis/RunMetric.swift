import Foundation
import GradscopeLab

/// A number measured on a run, quotable in prose (`{{cell.run.metric}}`) and usable in claims.
/// Over seed repeats a metric is the median of the repeats' values. The README defines each one
/// with its formula; h_l is hidden layer l's output (l = 1 … L, input side first), W_l the weights
/// into layer l (W_out those of the linear output layer), and "at initialisation" means on the
/// first mini-batch before any update.
enum RunMetric: String, CaseIterable {
    /// Training loss before any update.
    case initialLoss
    /// Training loss of the last epoch (+∞ when the run diverged).
    case finalLoss
    case finalValidationLoss
    /// Validation accuracy after the last epoch (classification only).
    case finalAccuracy
    /// finalLoss / initialLoss: below 1 means the network learned.
    case lossRatio
    /// ‖∂L/∂h₁‖ / ‖∂L/∂h_L‖ at initialisation: the share of the gradient at the last hidden layer
    /// that back-propagation delivers to the first. The headline ratio: both sides are the same kind
    /// of vector (batch × width), so it isolates what the layers in between do to the gradient.
    case backpropRatio
    /// (max φ′)^(L−1): the activation derivatives' bound on `backpropRatio` (the weights scale it too).
    case activationBound
    /// ‖∂L/∂h₁‖ at initialisation.
    case firstLayerBackprop
    /// ‖∂L/∂W₁‖ / ‖∂L/∂W_out‖ at initialisation. Mixes matrix sizes and the size of each layer's
    /// input with the back-propagated signal; prefer `backpropRatio` or `gradientRMSRatio`.
    case gradientRatio
    /// RMS(∂L/∂W₁) / RMS(∂L/∂W_out), RMS = ‖∂L/∂W‖ / √(number of weights): layers of different shapes compare.
    case gradientRMSRatio
    /// ‖∂L/∂W₁‖ and ‖∂L/∂W_out‖ at initialisation.
    case firstLayerGradient
    case lastLayerGradient
    /// RMS(∂L/∂W₁) at initialisation.
    case firstLayerGradientRMS
    /// Activation spread (each unit's standard deviation across the evaluation batch, averaged over
    /// the layer's units) of the last hidden layer over that of the first, at initialisation:
    /// below 1 means the forward signal loses its dependence on the input with depth.
    case spreadRatio
    /// Activation spread of the first and of the last hidden layer at initialisation.
    case firstLayerSpread
    case lastLayerSpread
    /// After training, the mean over hidden layers of the share of units that output exactly 0 on
    /// every example of the evaluation batch (dead units).
    case deadFraction
    /// After training, the mean over hidden layers of the share of (unit, example) pairs of the
    /// evaluation batch whose derivative φ′ is below 1% of the activation's largest derivative.
    case saturatedFraction
    /// 1 when the run diverged, else 0.
    case diverged
    /// The run's depth (useful in claims such as `gradientRatio < 0.25^depth`).
    case depth

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// How the metric reads as an axis title or in a caption.
    var label: RichText {
        switch self {
        case .initialLoss: "initial training loss"
        case .finalLoss: "final training loss"
        case .finalValidationLoss: "final validation loss"
        case .finalAccuracy: "final validation accuracy"
        case .lossRatio: "final / initial training loss"
        case .backpropRatio: "‖∂L/∂h₁‖ / ‖∂L/∂h_{L}‖ at initialisation"
        case .activationBound: "(max φ′)^{L−1}"
        case .firstLayerBackprop: "‖∂L/∂h₁‖ at initialisation"
        case .gradientRatio: "‖∂L/∂W₁‖ / ‖∂L/∂W_{out}‖ at initialisation"
        case .gradientRMSRatio: "RMS ∂L/∂W₁ / RMS ∂L/∂W_{out} at initialisation"
        case .firstLayerGradient: "‖∂L/∂W₁‖ at initialisation"
        case .lastLayerGradient: "‖∂L/∂W_{out}‖ at initialisation"
        case .firstLayerGradientRMS: "RMS ∂L/∂W₁ at initialisation"
        case .spreadRatio: "activation spread, last / first hidden layer, at initialisation"
        case .firstLayerSpread: "activation spread of hidden layer 1 at initialisation"
        case .lastLayerSpread: "activation spread of the last hidden layer at initialisation"
        case .deadFraction: "share of dead units after training"
        case .saturatedFraction: "share of saturated (unit, example) pairs after training"
        case .diverged: "diverged (1) or not (0)"
        case .depth: "depth"
        }
    }

    /// Shares between 0 and 1, drawn on a linear axis and quoted as percentages.
    var isShare: Bool { [.deadFraction, .saturatedFraction, .finalAccuracy].contains(self) }

    /// Throws when the metric cannot be measured on the plan's runs (accuracy of a regression).
    func checkApplies(to plan: CellPlan, at location: SourceLocation) throws {
        if self == .finalAccuracy, plan.config.loss.value != .crossEntropy {
            throw location.error(
                "finalAccuracy is measured for classification only (loss: cross_entropy); cell '\(plan.config.id)' uses \(plan.config.loss.value)")
        }
    }

    /// The metric over a run's seed repeats (median), or nil when it does not apply (accuracy of a regression).
    func value(of repeats: [RunResult]) -> Double? {
        let values = repeats.compactMap(single)
        guard values.count == repeats.count, !values.isEmpty else { return nil }
        return Statistics.median(values)
    }

    private func single(_ run: RunResult) -> Double? {
        let last = run.epochs.last
        let diverged: Bool = if case .diverged = run.outcome { true } else { false }
        let initial = run.initial
        func ratio(_ values: [Double]) -> Double? {
            guard let first = values.first, let last = values.last else { return nil }
            return first / last
        }
        switch self {
        case .initialLoss: return initial.trainLoss
        case .finalLoss: return diverged ? .infinity : last?.trainLoss ?? initial.trainLoss
        case .finalValidationLoss: return diverged ? .infinity : last?.validationLoss ?? initial.validationLoss
        case .finalAccuracy: return (last ?? initial).validationAccuracy
        case .lossRatio:
            let final = diverged ? .infinity : last?.trainLoss ?? initial.trainLoss
            return final / initial.trainLoss
        case .backpropRatio: return ratio(initial.backpropGradientNorm)
        case .activationBound:
            return pow(run.spec.activation.maxDerivative, Double(run.spec.depth - 1))
        case .firstLayerBackprop: return initial.backpropGradientNorm.first
        case .gradientRatio: return ratio(initial.weightGradientNorm)
        case .gradientRMSRatio: return ratio(run.weightGradientRMS(initial))
        case .firstLayerGradient: return initial.weightGradientNorm.first
        case .lastLayerGradient: return initial.weightGradientNorm.last
        case .firstLayerGradientRMS: return run.weightGradientRMS(initial).first
        case .spreadRatio: return ratio(initial.activationSpread).map { 1 / $0 }
        case .firstLayerSpread: return initial.activationSpread.first
        case .lastLayerSpread: return initial.activationSpread.last
        case .deadFraction: return Statistics.mean((last ?? initial).deadFraction)
        case .saturatedFraction: return Statistics.mean((last ?? initial).saturatedFraction)
        case .diverged: return diverged ? 1 : 0
        case .depth: return Double(run.spec.depth)
        }
    }
}
