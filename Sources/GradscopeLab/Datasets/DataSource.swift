import GradscopeNN

extension DatasetSpec {
    /// The examples this spec names, split and standardised (`DataSplit`), with the split drawn
    /// from `seed` (generated datasets draw their examples from a stream derived from the same seed).
    public func load(classification: Bool) throws -> DataSplit {
        var seeds = SplitMix64(seed: seed)
        let generationSeed = seeds.next(), splitSeed = seeds.next()
        let data: Dataset
        switch name {
        case "electricity":
            data = Electricity.generate(samples: samples, seed: generationSeed)
        case "spirals":
            data = Spirals.generate(samples: samples, classes: classes, seed: generationSeed)
        case "csv":
            data = try CSVDataset.load(path: csvPath ?? "", target: csvTarget ?? "", features: csvFeatures,
                                       classification: classification)
        default:
            throw InvalidSpec(problems: [SpecProblem(field: "dataset", message: "unknown dataset '\(name)'")])
        }
        return DataSplit(data, validationFraction: validationFraction, seed: splitSeed)
    }
}
