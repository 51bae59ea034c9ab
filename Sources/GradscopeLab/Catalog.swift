import GradscopeNN

/// One thing wrong with a `RunSpec`: the field (`activation`, `depth`, `optimizer.learningRate`,
/// `dataset.csvPath`, ...) and a one-line message saying what was found and what was expected.
public struct SpecProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String
    public init(field: String, message: String) {
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

/// The names a notebook may use, and the validation of a whole spec.
public enum Catalog {
    public static let activationNames = Activation.names
    public static let initializerNames = Initializer.names
    public static let optimizerNames = OptimizerKind.names
    public static let lossNames = Loss.allCases.map(\.rawValue)
    public static let datasetNames = ["electricity", "spirals", "csv"]

    /// Bounds on what one run may ask for, whatever the work budget: a generated dataset's
    /// examples, the epochs, the spirals' classes, and the estimated peak memory (`RunCost`).
    public static let maxSamples = 1_000_000
    public static let maxEpochs = 100_000
    public static let spiralClasses = 2...100
    public static let maxRunBytes = 1 << 30

    /// Every problem of the spec, in field order; empty when it can be trained.
    /// (CSV contents are checked when the file is read: see `DatasetError`.)
    public static func validate(_ spec: RunSpec) -> [SpecProblem] {
        var problems: [SpecProblem] = []
        func problem(_ field: String, _ message: String) { problems.append(SpecProblem(field: field, message: message)) }
        func list(_ names: [String]) -> String { names.joined(separator: ", ") }

        let ds = spec.dataset
        if !datasetNames.contains(ds.name) {
            problem("dataset", "unknown dataset '\(ds.name)' (expected one of: \(list(datasetNames)))")
        }
        if ds.name != "csv" && ds.samples < 4 {
            problem("dataset.samples", "samples must be at least 4, got \(ds.samples)")
        }
        if ds.name != "csv" && ds.samples > maxSamples {
            problem("dataset.samples", "samples must be at most \(RunCost.countText(maxSamples)), got \(ds.samples)")
        }
        if !(ds.validationFraction > 0 && ds.validationFraction < 1) {
            problem("dataset.validationFraction", "validation fraction must be between 0 and 1 (exclusive), got \(ds.validationFraction)")
        }
        if ds.name == "spirals" && !spiralClasses.contains(ds.classes) {
            problem("dataset.classes", "spirals need \(spiralClasses.lowerBound) to \(spiralClasses.upperBound) classes, got \(ds.classes)")
        }
        if ds.name == "csv" {
            if (ds.csvPath ?? "").isEmpty { problem("dataset.csvPath", "a csv dataset needs a file path") }
            if (ds.csvTarget ?? "").isEmpty { problem("dataset.csvTarget", "a csv dataset needs a target column") }
        }
        if Activation(name: spec.activation) == nil {
            problem("activation", "unknown activation '\(spec.activation)' (expected one of: \(list(activationNames)); leaky_relu(slope) and elu(alpha > 0) take a parameter)")
        }
        if spec.depth < 1 { problem("depth", "depth must be at least 1, got \(spec.depth)") }
        if spec.depth > 1000 { problem("depth", "depth must be at most 1000, got \(spec.depth)") }
        if spec.width < 1 { problem("width", "width must be at least 1, got \(spec.width)") }
        if spec.width > 4096 { problem("width", "width must be at most 4096, got \(spec.width)") }
        if Initializer(name: spec.initializer) == nil {
            problem("initializer", "unknown initializer '\(spec.initializer)' (expected one of: \(list(initializerNames)))")
        }
        let opt = spec.optimizer
        if !optimizerNames.contains(opt.name) {
            problem("optimizer", "unknown optimizer '\(opt.name)' (expected one of: \(list(optimizerNames)))")
        }
        if !(opt.learningRate.isFinite && opt.learningRate > 0) {
            problem("optimizer.learningRate", "learning rate must be a positive number, got \(opt.learningRate)")
        }
        if !(opt.momentum >= 0 && opt.momentum < 1) {
            problem("optimizer.momentum", "momentum must be in [0, 1), got \(opt.momentum)")
        }
        if !(opt.beta1 >= 0 && opt.beta1 < 1) { problem("optimizer.beta1", "beta1 must be in [0, 1), got \(opt.beta1)") }
        if !(opt.beta2 >= 0 && opt.beta2 < 1) { problem("optimizer.beta2", "beta2 must be in [0, 1), got \(opt.beta2)") }
        if !(opt.epsilon.isFinite && opt.epsilon > 0) { problem("optimizer.epsilon", "epsilon must be a positive number, got \(opt.epsilon)") }
        if let clip = opt.clipNorm, !(clip.isFinite && clip > 0) {
            problem("optimizer.clipNorm", "gradient clipping norm must be a positive number, got \(clip)")
        }
        if Loss(rawValue: spec.loss) == nil {
            problem("loss", "unknown loss '\(spec.loss)' (expected one of: \(list(lossNames)))")
        } else if ds.name == "spirals" && spec.loss != "cross_entropy" {
            problem("loss", "the spirals dataset is a classification task: use loss cross_entropy, got \(spec.loss)")
        } else if ds.name == "electricity" && spec.loss != "mse" {
            problem("loss", "the electricity dataset is a regression task: use loss mse, got \(spec.loss)")
        }
        if spec.batchSize < 1 { problem("batchSize", "batch size must be at least 1, got \(spec.batchSize)") }
        if spec.epochs < 0 { problem("epochs", "epochs must be at least 0, got \(spec.epochs)") }
        if spec.epochs > maxEpochs { problem("epochs", "epochs must be at most \(RunCost.countText(maxEpochs)), got \(spec.epochs)") }
        if spec.histogramBins < 1 || spec.histogramBins > 10_000 {
            problem("histogramBins", "histogram bins must be between 1 and 10000, got \(spec.histogramBins)")
        }
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
        return SpecProblem(field: "width", message: "a run of depth \(spec.depth) and width \(spec.width) needs about \(RunCost.bytesText(bytes)) of memory (weights, gradients, optimiser state, activations and data), more than the \(RunCost.bytesText(Double(maxRunBytes))) one run may use: lower the width or the depth")
    }
}

/// Activation functions and their derivatives by name, for drawing and quoting in reports.
/// Every function returns nil for a name `Catalog.validate` would reject.
public enum ActivationCurves {
    /// sup φ′ (sigmoid 0.25, tanh 1, relu 1, gelu ≈ 1.1289, selu ≈ 1.7581, ...).
    public static func maxDerivative(_ name: String) -> Double? {
        Activation(name: name)?.maxDerivative
    }

    /// φ(x) at each x.
    public static func values(_ name: String, at xs: [Double]) -> [Double]? {
        Activation(name: name).map { a in xs.map(a.value) }
    }

    /// φ′(x) at each x (at a kink the left-hand value, as PyTorch: relu′(0) = 0).
    public static func derivatives(_ name: String, at xs: [Double]) -> [Double]? {
        Activation(name: name).map { a in xs.map(a.derivative) }
    }
}
