import Crypto

extension RunSpec {
    /// Hex SHA-256 of `canonicalDescription(includingSeed: true)` plus `Engine.version`: the run's
    /// name in the cache and in reports. Stable across processes, platforms and field order.
    public var contentHash: String {
        Self.hex(SHA256.hash(data: Array(("engine=\(Engine.version)\n" + canonicalDescription(includingSeed: true)).utf8)))
    }

    /// A copy whose `seed` is the first 8 bytes (big-endian) of SHA-256 over the notebook seed and
    /// this spec's canonical description without its own seed: equal specs get equal seeds,
    /// whatever their position in a plan or the thread that trains them. The engine version is
    /// not included, so seeds survive engine upgrades.
    public func withDerivedSeed(notebookSeed: UInt64) -> RunSpec {
        let digest = Array(SHA256.hash(data: Array(("seed-of-run\nnotebook=\(notebookSeed)\n" + canonicalDescription(includingSeed: false)).utf8)))
        var copy = self
        copy.seed = digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        return copy
    }

    /// One `key=value` line per field in a fixed order. Strings are length-prefixed
    /// (`5:tanh`), Doubles are their IEEE-754 bit patterns in hex (exact; NaN and ±0 distinct),
    /// optionals are `-` when absent, arrays are a count followed by their elements.
    public func canonicalDescription(includingSeed: Bool) -> String {
        func s(_ v: String) -> String { "\(v.utf8.count):\(v)" }
        func d(_ v: Double) -> String { String(v.bitPattern, radix: 16) }
        var lines = [
            "dataset.name=\(s(dataset.name))",
            "dataset.samples=\(dataset.samples)",
            "dataset.validationFraction=\(d(dataset.validationFraction))",
            "dataset.seed=\(dataset.seed)",
            "dataset.csvPath=\(dataset.csvPath.map(s) ?? "-")",
            "dataset.csvTarget=\(dataset.csvTarget.map(s) ?? "-")",
            "dataset.csvFeatures=\(dataset.csvFeatures.count)[\(dataset.csvFeatures.map(s).joined(separator: ","))]",
            "dataset.csvDigest=\(dataset.csvDigest.map(s) ?? "-")",
            "dataset.classes=\(dataset.classes)",
            "activation=\(s(activation))",
            "depth=\(depth)",
            "width=\(width)",
            "initializer=\(s(initializer))",
            "optimizer.name=\(s(optimizer.name))",
            "optimizer.learningRate=\(d(optimizer.learningRate))",
            "optimizer.momentum=\(d(optimizer.momentum))",
            "optimizer.beta1=\(d(optimizer.beta1))",
            "optimizer.beta2=\(d(optimizer.beta2))",
            "optimizer.epsilon=\(d(optimizer.epsilon))",
            "optimizer.clipNorm=\(optimizer.clipNorm.map(d) ?? "-")",
            "loss=\(s(loss))",
            "batchSize=\(batchSize)",
            "epochs=\(epochs)",
            "residual=\(residual)",
            "histogramBins=\(histogramBins)",
        ]
        if includingSeed { lines.append("seed=\(seed)") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
