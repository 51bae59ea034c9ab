import GradscopeNN

extension OptimizerKind {
    /// `sgd`, `momentum`, `nesterov` or `adam` (one of `names`).
    public var name: String {
        switch self {
        case .sgd: "sgd"
        case .momentum: "momentum"
        case .nesterov: "nesterov"
        case .adam: "adam"
        }
    }

    /// The momentum coefficient μ; nil for an optimiser without one.
    public var momentum: Double? {
        switch self {
        case .momentum(let mu), .nesterov(let mu): mu
        case .sgd, .adam: nil
        }
    }

    /// Adam's decay rates and epsilon; nil for the other optimisers.
    public var adamSettings: (beta1: Double, beta2: Double, epsilon: Double)? {
        if case .adam(let b1, let b2, let eps) = self { (b1, b2, eps) } else { nil }
    }
}
