import Crypto

extension RunSpec {
    /// Hex SHA-256 of `canonicalDescription(includingSeed: true)` plus `Engine.version`: the run's
    /// name in the cache and in reports. Stable across processes, platforms and field order.
    public var contentHash: String {
        Digest.sha256Hex(Array(("engine=\(Engine.version)\n" + canonicalDescription(includingSeed: true)).utf8))
    }

    /// A copy whose `seed` is the first 8 bytes (big-endian) of SHA-256 over the labelled text
    ///
    ///     seed-of-run
    ///     notebook=<notebookSeed>
    ///     seedIndex=<seedIndex>
    ///     <the dataset.* lines of canonicalDescription>
    ///     depth=<depth>
    ///     width=<width>
    ///
    /// that is, over what decides the shapes of what a run draws, and nothing else: specs that
    /// differ only in learning rate, optimiser and its settings, clipping, epochs, batch size, loss,
    /// activation, initialiser, residual or histogram bins get the same seed, hence the same
    /// uniforms under their initial weights and the same example order in every epoch (common
    /// random numbers; see `train` and `Initializer`). Equal inputs give equal seeds, whatever the
    /// spec's position in a plan or the thread that trains it. The engine version is not included,
    /// so seeds survive engine upgrades.
    public func withDerivedSeed(notebookSeed: UInt64, seedIndex: Int) -> RunSpec {
        let lines =
            ["seed-of-run", "notebook=\(notebookSeed)", "seedIndex=\(seedIndex)"]
            + datasetLines + ["depth=\(depth)", "width=\(width)"]
        let digest = Array(SHA256.hash(data: Array((lines.joined(separator: "\n") + "\n").utf8)))
        var copy = self
        copy.seed = digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        return copy
    }

    /// One `key=value` line per field in a fixed order. Strings are length-prefixed
    /// (`5:tanh`), Doubles are their IEEE-754 bit patterns in hex (exact; NaN and ±0 distinct),
    /// optionals are `-` when absent, arrays are a count followed by their elements. Names are the
    /// canonical ones (`Activation.name`, `Initializer.name`, `OptimizerKind.name`, `Loss.rawValue`,
    /// `DatasetKind.name`); a setting the optimiser or dataset does not take is written as its
    /// default (momentum 0.9, Adam's 0.9, 0.999, 1e-8; 4096 samples for a file; 2 classes
    /// for other than spirals), as when every spec carried every setting, so hashes did not move.
    /// (`RunSpec+Codable.swift` writes JSON by the same rules.)
    public func canonicalDescription(includingSeed: Bool) -> String {
        let s = Self.text
        let d = Self.bits
        let adam = optimizer.kind.adamSettings
        var lines =
            datasetLines + [
                "activation=\(s(activation.name))",
                "depth=\(depth)",
                "width=\(width)",
                "initializer=\(s(initializer.name))",
                "optimizer.name=\(s(optimizer.kind.name))",
                "optimizer.learningRate=\(d(optimizer.learningRate))",
                "optimizer.momentum=\(d(optimizer.kind.momentum ?? OptimizerSpec.defaultMomentum))",
                "optimizer.beta1=\(d(adam?.beta1 ?? OptimizerSpec.defaultBeta1))",
                "optimizer.beta2=\(d(adam?.beta2 ?? OptimizerSpec.defaultBeta2))",
                "optimizer.epsilon=\(d(adam?.epsilon ?? OptimizerSpec.defaultEpsilon))",
                "optimizer.clipNorm=\(optimizer.clipNorm.map(d) ?? "-")",
                "loss=\(s(loss.rawValue))",
                "batchSize=\(batchSize)",
                "epochs=\(epochs)",
                "residual=\(residual)",
                "histogramBins=\(histogramBins)",
            ]
        if includingSeed { lines.append("seed=\(seed)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `dataset.*` lines of `canonicalDescription`, in its order.
    private var datasetLines: [String] {
        let s = Self.text
        let d = Self.bits
        let kind = dataset.kind
        let csv = kind.file
        let features = csv?.features ?? []
        return [
            "dataset.name=\(s(kind.name))",
            "dataset.samples=\(kind.samples ?? DatasetSpec.defaultSamples)",
            "dataset.validationFraction=\(d(dataset.validationFraction))",
            "dataset.seed=\(dataset.seed)",
            "dataset.csvPath=\(csv.map { s($0.path) } ?? "-")",
            "dataset.csvTarget=\(csv.map { s($0.target) } ?? "-")",
            "dataset.csvFeatures=\(features.count)[\(features.map(s).joined(separator: ","))]",
            "dataset.csvDigest=\(csv?.digest.map(s) ?? "-")",
            "dataset.classes=\(kind.classes ?? DatasetSpec.defaultClasses)",
        ]
    }

    /// A string as `length:text` (UTF-8 bytes).
    private static func text(_ v: String) -> String { "\(v.utf8.count):\(v)" }

    /// A Double as its IEEE-754 bit pattern in hex.
    private static func bits(_ v: Double) -> String { String(v.bitPattern, radix: 16) }
}
