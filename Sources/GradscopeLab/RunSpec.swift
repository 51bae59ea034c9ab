import GradscopeNN

/// One training run, fully specified: everything that can change its numbers is in here, and
/// nothing else is. Two equal specs train to bit-identical results; `contentHash` names the run
/// in the cache and in the output. Settings are the engine's own types, parsed once where they are
/// read (`Catalog.activation(named:)`, ...), so the trainer never parses a name.
public struct RunSpec: Hashable, Sendable {
    /// Where the examples come from.
    public var dataset: DatasetSpec
    /// Hidden-layer activation (canonical name: `sigmoid`, `leaky_relu`, `leaky_relu(0.2)`, ...).
    public var activation: Activation
    /// Number of hidden layers (≥ 1); the linear output layer comes on top.
    public var depth: Int
    /// Units in every hidden layer.
    public var width: Int
    /// Initialiser (`auto`, `xavier_uniform`, `he_normal`, `normal(0.01)`, ...).
    public var initializer: Initializer
    /// Optimiser and its settings.
    public var optimizer: OptimizerSpec
    /// `mse` or `cross_entropy`.
    public var loss: Loss
    /// Mini-batch size.
    public var batchSize: Int
    /// Full passes over the training set.
    public var epochs: Int
    /// Every hidden layer after the first adds its input (h_l = h_{l-1} + act(...)).
    public var residual: Bool
    /// The run's own seed, derived from the notebook seed, the repeat and the shape of the run
    /// (see `withDerivedSeed(notebookSeed:seedIndex:)`).
    public var seed: UInt64
    /// Histogram bins for activations and back-propagated gradients.
    public var histogramBins: Int

    public init(
        dataset: DatasetSpec, activation: Activation, depth: Int, width: Int, initializer: Initializer = .auto,
        optimizer: OptimizerSpec = OptimizerSpec(), loss: Loss = .mse, batchSize: Int = 64,
        epochs: Int = 10, residual: Bool = false, seed: UInt64 = 0, histogramBins: Int = 40
    ) {
        self.dataset = dataset
        self.activation = activation
        self.depth = depth
        self.width = width
        self.initializer = initializer
        self.optimizer = optimizer
        self.loss = loss
        self.batchSize = batchSize
        self.epochs = epochs
        self.residual = residual
        self.seed = seed
        self.histogramBins = histogramBins
    }
}

/// The data a run trains on. Generated datasets are fully determined by their parameters and seed.
public struct DatasetSpec: Hashable, Sendable {
    /// Which data, with the parameters that data takes.
    public var kind: DatasetKind
    /// Fraction of examples held out for validation.
    public var validationFraction: Double
    /// Seed of the data itself (generation and split), independent of the network's seed.
    public var seed: UInt64

    /// Examples a generated dataset has unless told otherwise, and the spirals' classes.
    public static let defaultSamples = 4096
    public static let defaultClasses = 2

    public init(_ kind: DatasetKind, validationFraction: Double = 0.2, seed: UInt64 = 0) {
        self.kind = kind
        self.validationFraction = validationFraction
        self.seed = seed
    }
}

/// A dataset and its parameters.
public enum DatasetKind: Hashable, Sendable {
    /// Generated hourly electricity load (regression).
    case electricity(samples: Int)
    /// Generated interleaved spirals with `classes` arms (classification).
    case spirals(samples: Int, classes: Int)
    /// A user's CSV file.
    case csv(CSVFile)

    /// The names a notebook or `--dataset` may use, in `name`'s spelling.
    public static let names = ["electricity", "spirals", "csv"]

    public var name: String {
        switch self {
        case .electricity: "electricity"
        case .spirals: "spirals"
        case .csv: "csv"
        }
    }

    /// Examples to generate; nil for a file.
    public var samples: Int? {
        switch self {
        case .electricity(let samples), .spirals(let samples, _): samples
        case .csv: nil
        }
    }

    /// The spirals' classes; nil for other data.
    public var classes: Int? {
        if case .spirals(_, let classes) = self { classes } else { nil }
    }

    /// A csv dataset's file; nil for generated data.
    public var file: CSVFile? {
        if case .csv(let file) = self { file } else { nil }
    }
}

/// A CSV dataset: the file, the target column and the feature columns (empty: every other column).
public struct CSVFile: Hashable, Sendable {
    public var path: String
    public var target: String
    public var features: [String]
    /// SHA-256 of the file's bytes, so an edited file is a different run
    /// (`CSVDataset.digest(ofFileAt:)` computes it); nil until the file has been read.
    public var digest: String?

    public init(path: String, target: String, features: [String] = [], digest: String? = nil) {
        self.path = path
        self.target = target
        self.features = features
        self.digest = digest
    }
}

/// The optimiser (the engine's `OptimizerKind`, carrying its own settings), its learning rate
/// and gradient clipping.
public struct OptimizerSpec: Hashable, Sendable {
    public var kind: OptimizerKind
    public var learningRate: Double
    /// Rescale the whole gradient to at most this L2 norm before the step; nil: no clipping.
    public var clipNorm: Double?

    /// The settings an optimiser takes when none is given (PyTorch's, and μ = 0.9).
    public static let defaultMomentum = 0.9
    public static let defaultBeta1 = 0.9
    public static let defaultBeta2 = 0.999
    public static let defaultEpsilon = 1e-8

    public init(_ kind: OptimizerKind = .sgd, learningRate: Double = 0.05, clipNorm: Double? = nil) {
        self.kind = kind
        self.learningRate = learningRate
        self.clipNorm = clipNorm
    }
}
