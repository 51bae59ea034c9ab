import GradscopeNN

/// One thing wrong with a `RunSpec`: the field and a one-line message saying what was found and
/// what was expected.
public struct SpecProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: SpecField
    public var message: String
    public init(_ field: SpecField, _ message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { message }
}

/// Thrown by `train` for a spec that `Catalog.validate` rejects.
public struct InvalidSpec: Error, Sendable, CustomStringConvertible {
    public var problems: [SpecProblem]
    public var description: String { problems.map(\.message).joined(separator: "; ") }
}

/// The names a notebook or the command line may use, parsed into the engine's types where they
/// are read, and the range checks of every setting, each naming its field.
public enum Catalog {
    public static let activationNames = Activation.names
    public static let initializerNames = Initializer.names
    public static let optimizerNames = OptimizerKind.names
    public static let lossNames = Loss.allCases.map(\.rawValue)
    public static let datasetNames = DatasetKind.names

    /// Bounds on what one run may ask for, whatever the work budget: a generated dataset's
    /// examples, the epochs, the spirals' classes, and the estimated peak memory (`RunCost`).
    public static let maxSamples = 1_000_000
    public static let maxEpochs = 100_000
    public static let spiralClasses = 2...100
    public static let maxRunBytes = 1 << 30

    private static func list(_ names: [String]) -> String { names.joined(separator: ", ") }

    public static func activation(named name: String) throws(SpecProblem) -> Activation {
        guard let activation = Activation(name: name) else {
            throw SpecProblem(
                .activation, "unknown activation '\(name)' (expected one of: \(list(activationNames)); leaky_relu(slope) and elu(alpha > 0) take a parameter)")
        }
        return activation
    }

    public static func initializer(named name: String) throws(SpecProblem) -> Initializer {
        guard let initializer = Initializer(name: name) else {
            throw SpecProblem(.initializer, "unknown initializer '\(name)' (expected one of: \(list(initializerNames)))")
        }
        return initializer
    }

    public static func loss(named name: String) throws(SpecProblem) -> Loss {
        guard let loss = Loss(rawValue: name) else {
            throw SpecProblem(.loss, "unknown loss '\(name)' (expected one of: \(list(lossNames)))")
        }
        return loss
    }

    /// The optimiser `name` with the settings given (nil: its default). A setting the optimiser
    /// does not take is a problem rather than ignored, so two specs that train alike hash alike.
    public static func optimizer(
        named name: String, momentum: Double? = nil, beta1: Double? = nil, beta2: Double? = nil,
        epsilon: Double? = nil
    ) throws(SpecProblem) -> OptimizerKind {
        let kind: OptimizerKind
        switch name {
        case "sgd": kind = .sgd
        case "momentum": kind = .momentum(momentum ?? OptimizerSpec.defaultMomentum)
        case "nesterov": kind = .nesterov(momentum ?? OptimizerSpec.defaultMomentum)
        case "adam":
            kind = .adam(
                beta1: beta1 ?? OptimizerSpec.defaultBeta1, beta2: beta2 ?? OptimizerSpec.defaultBeta2,
                epsilon: epsilon ?? OptimizerSpec.defaultEpsilon)
        default: throw SpecProblem(.optimizer, "unknown optimizer '\(name)' (expected one of: \(list(optimizerNames)))")
        }
        if momentum != nil, kind.momentum == nil {
            throw SpecProblem(.momentum, "momentum applies to the momentum and nesterov optimizers only, not \(name)")
        }
        for (field, value) in [(SpecField.beta1, beta1), (.beta2, beta2), (.epsilon, epsilon)] where value != nil && kind.adamSettings == nil {
            throw SpecProblem(field, "\(field.rawValue.dropFirst("optimizer.".count)) applies to the adam optimizer only, not \(name)")
        }
        return kind
    }

    /// The dataset `name` with what was given for it (nil or empty: not given). Samples belong to
    /// generated data, classes to spirals, the file's path, target and features to csv.
    public static func dataset(
        named name: String, samples: Int?, classes: Int?, csvPath: String?, csvTarget: String?,
        features: [String]
    ) throws(SpecProblem) -> DatasetKind {
        let kind: DatasetKind
        switch name {
        case "electricity": kind = .electricity(samples: samples ?? DatasetSpec.defaultSamples)
        case "spirals": kind = .spirals(samples: samples ?? DatasetSpec.defaultSamples, classes: classes ?? DatasetSpec.defaultClasses)
        case "csv":
            guard samples == nil else { throw SpecProblem(.datasetSamples, "samples apply to generated datasets only (a csv dataset has its file's rows)") }
            guard let csvPath, !csvPath.isEmpty else { throw SpecProblem(.datasetCSVPath, "a csv dataset needs a file path") }
            guard let csvTarget, !csvTarget.isEmpty else { throw SpecProblem(.datasetCSVTarget, "a csv dataset needs a target column") }
            kind = .csv(CSVFile(path: csvPath, target: csvTarget, features: features))
        default: throw SpecProblem(.dataset, "unknown dataset '\(name)' (expected one of: \(list(datasetNames)))")
        }
        if classes != nil, name != "spirals" {
            throw SpecProblem(.datasetClasses, "classes apply to spirals only (\(name) sets its outputs from its data)")
        }
        if name != "csv", csvPath != nil || csvTarget != nil || !features.isEmpty {
            throw SpecProblem(
                csvTarget != nil && csvPath == nil ? .datasetCSVTarget : .datasetCSVPath, "a file's path, target and features apply to csv datasets only")
        }
        return kind
    }

    /// The range check of a whole-number setting; nil when `value` is allowed (or `field` has no
    /// whole-number range).
    public static func check(_ field: SpecField, _ value: Int) -> SpecProblem? {
        let (range, low, high): (ClosedRange<Int>, String, String) =
            switch field {
            case .datasetSamples: (4...maxSamples, "samples must be at least 4", "samples must be at most \(RunCost.countText(maxSamples))")
            case .datasetClasses:
                (
                    spiralClasses, "spirals need \(spiralClasses.lowerBound) to \(spiralClasses.upperBound) classes",
                    "spirals need \(spiralClasses.lowerBound) to \(spiralClasses.upperBound) classes"
                )
            case .depth: (1...1000, "depth must be at least 1", "depth must be at most 1000")
            case .width: (1...4096, "width must be at least 1", "width must be at most 4096")
            case .batchSize: (1...Int.max, "batch size must be at least 1", "")
            case .epochs: (0...maxEpochs, "epochs must be at least 0", "epochs must be at most \(RunCost.countText(maxEpochs))")
            case .histogramBins: (1...10_000, "histogram bins must be between 1 and 10000", "histogram bins must be between 1 and 10000")
            default: (Int.min...Int.max, "", "")
            }
        guard !range.contains(value) else { return nil }
        return SpecProblem(field, "\(value < range.lowerBound ? low : high), got \(value)")
    }

    /// The range check of a real-valued setting; nil when `value` is allowed (or `field` has no
    /// real-valued range).
    public static func check(_ field: SpecField, _ value: Double) -> SpecProblem? {
        let (allowed, rule): (Bool, String) =
            switch field {
            case .datasetValidationFraction: (value > 0 && value < 1, "validation fraction must be between 0 and 1 (exclusive)")
            case .learningRate: (value.isFinite && value > 0, "learning rate must be a positive number")
            case .momentum: (value >= 0 && value < 1, "momentum must be in [0, 1)")
            case .beta1: (value >= 0 && value < 1, "beta1 must be in [0, 1)")
            case .beta2: (value >= 0 && value < 1, "beta2 must be in [0, 1)")
            case .epsilon: (value.isFinite && value > 0, "epsilon must be a positive number")
            case .clipNorm: (value.isFinite && value > 0, "gradient clipping norm must be a positive number")
            default: (true, "")
            }
        return allowed ? nil : SpecProblem(field, "\(rule), got \(value)")
    }

    /// Every problem of the spec, in field order; empty when it can be trained.
    /// (CSV contents are checked when the file is read: see `DatasetError`.)
    public static func validate(_ spec: RunSpec) -> [SpecProblem] {
        var problems: [SpecProblem] = []
        let ds = spec.dataset
        let opt = spec.optimizer
        let adam = opt.kind.adamSettings
        problems += [
            ds.kind.samples.flatMap { check(.datasetSamples, $0) },
            check(.datasetValidationFraction, ds.validationFraction),
        ].compactMap { $0 }
        switch ds.kind {
        case .spirals(_, let classes): problems += [check(.datasetClasses, classes)].compactMap { $0 }
        case .csv(let file):
            if file.path.isEmpty { problems.append(SpecProblem(.datasetCSVPath, "a csv dataset needs a file path")) }
            if file.target.isEmpty { problems.append(SpecProblem(.datasetCSVTarget, "a csv dataset needs a target column")) }
        case .electricity: break
        }
        problems += [
            check(.depth, spec.depth), check(.width, spec.width),
            check(.learningRate, opt.learningRate), opt.kind.momentum.flatMap { check(.momentum, $0) },
            adam.flatMap { check(.beta1, $0.beta1) }, adam.flatMap { check(.beta2, $0.beta2) },
            adam.flatMap { check(.epsilon, $0.epsilon) }, opt.clipNorm.flatMap { check(.clipNorm, $0) },
        ].compactMap { $0 }
        switch (ds.kind, spec.loss) {
        case (.spirals, .mse):
            problems.append(SpecProblem(.loss, "the spirals dataset is a classification task: use loss cross_entropy, got mse"))
        case (.electricity, .crossEntropy):
            problems.append(SpecProblem(.loss, "the electricity dataset is a regression task: use loss mse, got cross_entropy"))
        default: break
        }
        problems += [check(.batchSize, spec.batchSize), check(.epochs, spec.epochs), check(.histogramBins, spec.histogramBins)].compactMap { $0 }
        if problems.isEmpty, let data = DataShape(generating: ds), let tooBig = memoryProblem(spec, data: data) {
            problems.append(tooBig)
        }
        return problems
    }

    /// The problem of a run whose estimated peak memory (`RunCost.peakBytes`) exceeds
    /// `maxRunBytes`, reported on its width; nil when it fits. `validate` checks runs on generated
    /// data; a run on a CSV file is checked with the file's shape once it has been read.
    public static func memoryProblem(_ spec: RunSpec, data: DataShape) -> SpecProblem? {
        let bytes = RunCost(spec, data: data).peakBytes
        guard bytes > Double(maxRunBytes) else { return nil }
        return SpecProblem(
            .width,
            "a run of depth \(spec.depth) and width \(spec.width) needs about \(RunCost.bytesText(bytes)) of memory (weights, gradients, optimiser state, activations and data), more than the \(RunCost.bytesText(Double(maxRunBytes))) one run may use: lower the width or the depth"
        )
    }
}
