/// One training run, fully specified: everything that can change its numbers is in here, and
/// nothing else is. Two equal specs train to bit-identical results; `contentHash` names the run
/// in the cache and in the output.
public struct RunSpec: Hashable, Codable, Sendable {
    /// Where the examples come from.
    public var dataset: DatasetSpec
    /// Hidden-layer activation, by its canonical name (`sigmoid`, `leaky_relu`, `leaky_relu(0.2)`, ...).
    public var activation: String
    /// Number of hidden layers (≥ 1); the linear output layer comes on top.
    public var depth: Int
    /// Units in every hidden layer.
    public var width: Int
    /// Initialiser name (`auto`, `xavier_uniform`, `he_normal`, `normal(0.01)`, ...).
    public var initializer: String
    /// Optimiser and its settings.
    public var optimizer: OptimizerSpec
    /// `mse` or `cross_entropy`.
    public var loss: String
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
        dataset: DatasetSpec, activation: String, depth: Int, width: Int, initializer: String = "auto",
        optimizer: OptimizerSpec = OptimizerSpec(), loss: String = "mse", batchSize: Int = 64,
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
public struct DatasetSpec: Hashable, Codable, Sendable {
    /// `electricity`, `spirals` or `csv`.
    public var name: String
    /// Number of examples to generate (generated datasets only).
    public var samples: Int
    /// Fraction of examples held out for validation.
    public var validationFraction: Double
    /// Seed of the data itself (generation and split), independent of the network's seed.
    public var seed: UInt64
    /// CSV only: the file, the target column and the feature columns (empty: every other column).
    public var csvPath: String?
    public var csvTarget: String?
    public var csvFeatures: [String]
    /// CSV only: SHA-256 of the file's bytes, so an edited file is a different run
    /// (`CSVDataset.digest(ofFileAt:)` computes it).
    public var csvDigest: String?
    /// Spirals only: number of classes (arms), at least 2.
    public var classes: Int

    public init(
        name: String, samples: Int = 4096, validationFraction: Double = 0.2, seed: UInt64 = 0,
        csvPath: String? = nil, csvTarget: String? = nil, csvFeatures: [String] = [], csvDigest: String? = nil,
        classes: Int = 2
    ) {
        self.name = name
        self.samples = samples
        self.validationFraction = validationFraction
        self.seed = seed
        self.csvPath = csvPath
        self.csvTarget = csvTarget
        self.csvFeatures = csvFeatures
        self.csvDigest = csvDigest
        self.classes = classes
    }
}

/// Optimiser settings. Fields that a given optimiser does not use are ignored by it but still part of the hash.
public struct OptimizerSpec: Hashable, Codable, Sendable {
    /// `sgd`, `momentum`, `nesterov` or `adam`.
    public var name: String
    public var learningRate: Double
    /// Momentum coefficient (momentum, nesterov).
    public var momentum: Double
    /// Adam's decay rates and epsilon.
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Rescale the whole gradient to at most this L2 norm before the step; nil: no clipping.
    public var clipNorm: Double?

    public init(
        name: String = "sgd", learningRate: Double = 0.05, momentum: Double = 0.9, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Double = 1e-8, clipNorm: Double? = nil
    ) {
        self.name = name
        self.learningRate = learningRate
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.clipNorm = clipNorm
    }
}
