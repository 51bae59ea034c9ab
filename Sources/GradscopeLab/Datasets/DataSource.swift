import GradscopeNN

extension DatasetSpec {
    /// The examples this spec names, split and standardised (`DataSplit`). Generated datasets draw
    /// their examples from stream "data.generate" of `seed`, and the split comes from stream
    /// "data.split" (`SplitMix64.streamSeed`): labels no run stream uses, so a dataset seed equal
    /// to the run's seed draws numbers unrelated to its weights and batches.
    public func load(classification: Bool) throws -> DataSplit {
        let generationSeed = SplitMix64.streamSeed(seed, label: "data.generate")
        let splitSeed = SplitMix64.streamSeed(seed, label: "data.split")
        let data: Dataset
        switch kind {
        case .electricity(let samples):
            data = Electricity.generate(samples: samples, seed: generationSeed)
        case .spirals(let samples, let classes):
            data = Spirals.generate(samples: samples, classes: classes, seed: generationSeed)
        case .csv(let file):
            data = try CSVDataset.load(
                path: file.path, target: file.target, features: file.features,
                classification: classification)
        }
        return DataSplit(data, validationFraction: validationFraction, seed: splitSeed)
    }
}
