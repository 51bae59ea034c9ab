import GradscopeLab

/// A number measured on a run, quotable in prose (`{{cell.run.metric}}`) and usable in claims.
/// Over seed repeats a metric is the median of the repeats' values.
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
    /// ‖∂L/∂W₁‖ / ‖∂L/∂W_out‖ at initialisation: how much of the output layer's gradient reaches the first layer.
    case gradientRatio
    /// ‖∂L/∂W₁‖ and ‖∂L/∂W_out‖ at initialisation.
    case firstLayerGradient
    case lastLayerGradient
    /// ‖∂L/∂h₁‖ / ‖∂L/∂h_depth‖ at initialisation (back-propagated gradient, first over last hidden layer).
    case backpropRatio
    /// Mean over hidden layers of the fraction of dead units after training.
    case deadFraction
    /// Mean over hidden layers of the fraction of saturated units after training.
    case saturatedFraction
    /// 1 when the run diverged, else 0.
    case diverged
    /// The run's depth (useful in claims such as `gradientRatio < 0.25^depth`).
    case depth

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// How the metric reads as an axis title.
    var label: String {
        switch self {
        case .initialLoss: "initial training loss"
        case .finalLoss: "final training loss"
        case .finalValidationLoss: "final validation loss"
        case .finalAccuracy: "final validation accuracy"
        case .lossRatio: "final / initial training loss"
        case .gradientRatio: "‖∂L/∂W₁‖ / ‖∂L/∂W_out‖ at initialisation"
        case .firstLayerGradient: "‖∂L/∂W₁‖ at initialisation"
        case .lastLayerGradient: "‖∂L/∂W_out‖ at initialisation"
        case .backpropRatio: "‖∂L/∂h₁‖ / ‖∂L/∂h_depth‖ at initialisation"
        case .deadFraction: "fraction of dead units after training"
        case .saturatedFraction: "fraction of saturated units after training"
        case .diverged: "diverged (1) or not (0)"
        case .depth: "depth"
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
        switch self {
        case .initialLoss: return run.initial.trainLoss
        case .finalLoss: return diverged ? .infinity : last?.trainLoss ?? run.initial.trainLoss
        case .finalValidationLoss: return diverged ? .infinity : last?.validationLoss ?? run.initial.validationLoss
        case .finalAccuracy: return (last ?? run.initial).validationAccuracy
        case .lossRatio:
            let final = diverged ? .infinity : last?.trainLoss ?? run.initial.trainLoss
            return final / run.initial.trainLoss
        case .gradientRatio:
            let norms = run.initial.weightGradientNorm
            guard let first = norms.first, let lastNorm = norms.last else { return nil }
            return first / lastNorm
        case .firstLayerGradient: return run.initial.weightGradientNorm.first
        case .lastLayerGradient: return run.initial.weightGradientNorm.last
        case .backpropRatio:
            let norms = run.initial.backpropGradientNorm
            guard let first = norms.first, let lastNorm = norms.last else { return nil }
            return first / lastNorm
        case .deadFraction: return Statistics.mean((last ?? run.initial).deadFraction)
        case .saturatedFraction: return Statistics.mean((last ?? run.initial).saturatedFraction)
        case .diverged: return diverged ? 1 : 0
        case .depth: return Double(run.spec.depth)
        }
    }
}

enum Statistics {
    /// The middle value (mean of the two middle values for an even count); NaN for none.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted { $0 < $1 || ($1.isNaN && !$0.isNaN) }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        return values.reduce(0, +) / Double(values.count)
    }
}
