import GradscopeNN

/// Trains one run, single-threaded and deterministic: the same spec gives a bit-identical
/// `RunResult` on every call, thread and process (same toolchain and C library).
///
/// Randomness: the data comes from `spec.dataset.seed` (`DatasetSpec.load`); from `spec.seed`
/// come labelled streams (`Xoshiro256StarStar(parent:stream:index:)`): ("init", l) for layer l's
/// initial weights (`MLP.initialize(_:seed:)`) and ("batches", 0) for the per-epoch shuffles, one
/// shuffle per epoch in order. So the first k epochs' batches do not depend on the number of
/// epochs, and the weights and batches do not depend on the optimiser, learning rate or clipping.
/// Measurements (see `Snapshot`): the evaluation batch is the first min(256, n) training examples
/// (in split order); step 0 measures gradients on the first mini-batch of epoch 1 before any update.
/// A non-finite mini-batch loss, or a non-finite validation loss at the end of an epoch, ends the
/// run as `.diverged(epoch:step:)`; the epoch it happened in is not recorded.
///
/// `threads` is asked before every pass how many threads the run's big matrix products may use
/// (`Session.threads`); the answer changes the speed only, never a number.
public func train(_ spec: RunSpec, threads: @escaping @Sendable () -> Int = { 1 }) throws -> RunResult {
    var trainer = try Trainer(spec, threads: threads)
    return trainer.run()
}

/// The prepared parts of one run; `run()` trains it, `firstStep()` serves the tensor export.
struct Trainer {
    static let evaluationRows = 256

    let spec: RunSpec
    let split: DataSplit
    let session: Session
    var shuffleRNG: Xoshiro256StarStar
    /// The threads the products may use, asked before every pass.
    let threads: @Sendable () -> Int

    init(_ spec: RunSpec, threads: @escaping @Sendable () -> Int = { 1 }) throws {
        let problems = Catalog.validate(spec)
        guard problems.isEmpty else { throw InvalidSpec(problems: problems) }
        let loss = spec.loss
        let split = try spec.dataset.load(classification: loss == .crossEntropy)
        let mlp = MLP(
            inputs: split.train.features.cols, width: spec.width, depth: spec.depth,
            outputs: split.train.outputs, activation: spec.activation, residual: spec.residual)
        mlp.initialize(spec.initializer, seed: spec.seed)
        shuffleRNG = Xoshiro256StarStar(parent: spec.seed, stream: "batches")
        let o = spec.optimizer
        let optimizer = Optimizer(o.kind, learningRate: o.learningRate, clipNorm: o.clipNorm, for: mlp)
        let capacity = max(min(spec.batchSize, split.train.count), min(Trainer.evaluationRows, split.train.count))
        self.spec = spec
        self.split = split
        self.threads = threads
        session = Session(
            mlp: mlp, loss: loss, optimizer: optimizer, capacity: capacity,
            targetColumns: split.train.targets.cols)
    }

    var batchSize: Int { min(spec.batchSize, split.train.count) }

    /// This epoch's order of the training examples.
    mutating func shuffledOrder() -> [Int] {
        var order = Array(0..<split.train.count)
        shuffleRNG.shuffle(&order)
        return order
    }

    mutating func run() -> RunResult {
        let depth = spec.depth
        let bins = spec.histogramBins
        var order = shuffledOrder()
        session.threads = max(1, threads())

        // Step 0: losses on the whole sets, the layer picture on the evaluation batch, gradients on
        // the first mini-batch (which the first step then applies: the same update, bit for bit,
        // as a `trainStep` on that batch, without computing the gradients twice).
        let (initialProbe, initialHistograms) = probeWithHistograms(bins: bins)
        let initialTrain = session.evaluate(split.train).loss
        let initialValidation = validation()
        let firstLoss = session.computeGradients(split.train, rows: order[0..<batchSize])
        let initial = snapshot(
            trainLoss: initialTrain, validation: initialValidation, probe: initialProbe,
            weightNorms: session.weightGradientNorms, hiddenNorms: session.hiddenGradientNorms,
            updateRatios: Array(repeating: 0, count: depth + 1))
        var outcome = RunOutcome.completed
        var epochs: [Snapshot] = []
        var step = 0
        var lastProbe = initialProbe
        var finalHistograms = initialHistograms
        var weightSums = Array(repeating: 0.0, count: depth + 1)
        var hiddenSums = Array(repeating: 0.0, count: depth)
        var ratioSums = Array(repeating: 0.0, count: depth + 1)

        training: for epoch in stride(from: 1, through: spec.epochs, by: 1) {
            if epoch > 1 { order = shuffledOrder() }
            for l in 0...depth {
                weightSums[l] = 0
                ratioSums[l] = 0
            }
            for l in 0..<depth { hiddenSums[l] = 0 }
            var lossSum = 0.0
            var steps = 0
            var start = 0
            while start < order.count {
                let end = min(start + batchSize, order.count)
                step += 1
                session.threads = max(1, threads())
                let loss: Double
                if step == 1 {
                    loss = firstLoss
                    if loss.isFinite { session.update() }
                } else {
                    loss = session.trainStep(split.train, rows: order[start..<end])
                }
                if !loss.isFinite {
                    outcome = .diverged(epoch: epoch, step: step)
                    break training
                }
                lossSum += loss
                steps += 1
                for l in 0...depth {
                    weightSums[l] += session.weightGradientNorms[l]
                    ratioSums[l] += session.updateRatios[l]
                }
                for l in 0..<depth { hiddenSums[l] += session.hiddenGradientNorms[l] }
                start = end
            }
            session.threads = max(1, threads())
            let validationResult = validation()
            if !validationResult.loss.isFinite {
                outcome = .diverged(epoch: epoch, step: step)
                break training
            }
            // Only the last epoch's probe feeds histograms.
            if epoch == spec.epochs {
                (lastProbe, finalHistograms) = probeWithHistograms(bins: bins)
            } else {
                lastProbe = session.probe(split.train, rows: Trainer.evaluationRows)
            }
            let n = Double(steps)
            epochs.append(
                snapshot(
                    trainLoss: lossSum / n, validation: validationResult, probe: lastProbe,
                    weightNorms: weightSums.map { $0 / n }, hiddenNorms: hiddenSums.map { $0 / n },
                    updateRatios: ratioSums.map { $0 / n }))
        }
        if case .diverged = outcome { finalHistograms = probeWithHistograms(bins: bins).1 }
        return RunResult(
            spec: spec, layerSizes: session.mlp.sizes, outcome: outcome, initial: initial,
            epochs: epochs, initialHistograms: initialHistograms, finalHistograms: finalHistograms)
    }

    /// Validation loss, and accuracy for classification.
    func validation() -> (loss: Double, accuracy: Double?) {
        let (loss, correct) = session.evaluate(split.validation)
        return (loss, session.loss == .crossEntropy ? Double(correct) / Double(split.validation.count) : nil)
    }

    func snapshot(
        trainLoss: Double, validation: (loss: Double, accuracy: Double?), probe: LayerProbe,
        weightNorms: [Double], hiddenNorms: [Double], updateRatios: [Double]
    ) -> Snapshot {
        Snapshot(
            trainLoss: trainLoss, validationLoss: validation.loss, validationAccuracy: validation.accuracy,
            weightGradientNorm: weightNorms, backpropGradientNorm: hiddenNorms,
            activationMean: probe.activationMean, activationStd: probe.activationStd,
            activationSpread: probe.activationSpread, saturatedFraction: probe.saturatedFraction,
            deadFraction: probe.deadFraction, updateRatio: updateRatios)
    }

    /// The layer picture on the evaluation batch after a forward and backward pass, and its
    /// histograms: activations on a linear scale, gradients on a log-magnitude one, each over one
    /// range shared by the layers, binned where the values lie.
    func probeWithHistograms(bins: Int) -> (LayerProbe, [LayerHistograms]) {
        session.probe(split.train, rows: Trainer.evaluationRows) { activations, gradients in
            zip(Histogram.shared(activations, bins: bins), Histogram.sharedLog10Magnitude(gradients, bins: bins))
                .map { LayerHistograms(activations: $0, gradients: $1) }
        }
    }
}
