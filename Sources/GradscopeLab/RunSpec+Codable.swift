import GradscopeNN

/// A spec's JSON (in cache entries and `train --json`) is flat, with names as strings and every
/// setting written, as it was when specs held strings; names are parsed back through `Catalog`,
/// so an entry naming something unknown fails to decode (and is trained again).
extension RunSpec: Codable {
    private enum Keys: String, CodingKey {
        case dataset, activation, depth, width, initializer, optimizer, loss, batchSize, epochs, residual, seed, histogramBins
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        func parsed<T>(_ key: Keys, _ parse: (String) throws(SpecProblem) -> T) throws -> T {
            let name = try c.decode(String.self, forKey: key)
            do { return try parse(name) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: error.message)
            }
        }
        self.init(
            dataset: try c.decode(DatasetSpec.self, forKey: .dataset),
            activation: try parsed(.activation, Catalog.activation(named:)),
            depth: try c.decode(Int.self, forKey: .depth), width: try c.decode(Int.self, forKey: .width),
            initializer: try parsed(.initializer, Catalog.initializer(named:)),
            optimizer: try c.decode(OptimizerSpec.self, forKey: .optimizer),
            loss: try parsed(.loss, Catalog.loss(named:)),
            batchSize: try c.decode(Int.self, forKey: .batchSize), epochs: try c.decode(Int.self, forKey: .epochs),
            residual: try c.decode(Bool.self, forKey: .residual), seed: try c.decode(UInt64.self, forKey: .seed),
            histogramBins: try c.decode(Int.self, forKey: .histogramBins))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(activation.name, forKey: .activation)
        try c.encode(depth, forKey: .depth)
        try c.encode(width, forKey: .width)
        try c.encode(initializer.name, forKey: .initializer)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encode(loss.rawValue, forKey: .loss)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(residual, forKey: .residual)
        try c.encode(seed, forKey: .seed)
        try c.encode(histogramBins, forKey: .histogramBins)
    }
}

extension DatasetSpec: Codable {
    private enum Keys: String, CodingKey {
        case name, samples, validationFraction, seed, csvPath, csvTarget, csvFeatures, csvDigest, classes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let name = try c.decode(String.self, forKey: .name)
        let csv = name == "csv"
        do {
            var kind = try Catalog.dataset(
                named: name, samples: csv ? nil : try c.decode(Int.self, forKey: .samples),
                classes: name == "spirals" ? try c.decode(Int.self, forKey: .classes) : nil,
                csvPath: csv ? try c.decodeIfPresent(String.self, forKey: .csvPath) : nil,
                csvTarget: csv ? try c.decodeIfPresent(String.self, forKey: .csvTarget) : nil,
                features: csv ? try c.decode([String].self, forKey: .csvFeatures) : [])
            if case .csv(var file) = kind {
                file.digest = try c.decodeIfPresent(String.self, forKey: .csvDigest)
                kind = .csv(file)
            }
            self.init(
                kind, validationFraction: try c.decode(Double.self, forKey: .validationFraction),
                seed: try c.decode(UInt64.self, forKey: .seed))
        } catch let problem as SpecProblem {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: problem.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        let file = kind.file
        try c.encode(kind.name, forKey: .name)
        try c.encode(kind.samples ?? DatasetSpec.defaultSamples, forKey: .samples)
        try c.encode(validationFraction, forKey: .validationFraction)
        try c.encode(seed, forKey: .seed)
        try c.encodeIfPresent(file?.path, forKey: .csvPath)
        try c.encodeIfPresent(file?.target, forKey: .csvTarget)
        try c.encode(file?.features ?? [], forKey: .csvFeatures)
        try c.encodeIfPresent(file?.digest, forKey: .csvDigest)
        try c.encode(kind.classes ?? DatasetSpec.defaultClasses, forKey: .classes)
    }
}

extension OptimizerSpec: Codable {
    private enum Keys: String, CodingKey {
        case name, learningRate, momentum, beta1, beta2, epsilon, clipNorm
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let name = try c.decode(String.self, forKey: .name)
        let hasMomentum = name == "momentum" || name == "nesterov"
        let adam = name == "adam"
        do {
            let kind = try Catalog.optimizer(
                named: name, momentum: hasMomentum ? try c.decode(Double.self, forKey: .momentum) : nil,
                beta1: adam ? try c.decode(Double.self, forKey: .beta1) : nil,
                beta2: adam ? try c.decode(Double.self, forKey: .beta2) : nil,
                epsilon: adam ? try c.decode(Double.self, forKey: .epsilon) : nil)
            self.init(
                kind, learningRate: try c.decode(Double.self, forKey: .learningRate),
                clipNorm: try c.decodeIfPresent(Double.self, forKey: .clipNorm))
        } catch let problem as SpecProblem {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: problem.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        let adam = kind.adamSettings
        try c.encode(kind.name, forKey: .name)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(kind.momentum ?? OptimizerSpec.defaultMomentum, forKey: .momentum)
        try c.encode(adam?.beta1 ?? OptimizerSpec.defaultBeta1, forKey: .beta1)
        try c.encode(adam?.beta2 ?? OptimizerSpec.defaultBeta2, forKey: .beta2)
        try c.encode(adam?.epsilon ?? OptimizerSpec.defaultEpsilon, forKey: .epsilon)
        try c.encodeIfPresent(clipNorm, forKey: .clipNorm)
    }
}
