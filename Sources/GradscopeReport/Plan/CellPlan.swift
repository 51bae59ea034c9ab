import GradscopeLab

/// A cell's runs: the cartesian product of its sweep axes, each with one spec per seed repeat.
struct CellPlan {
    var config: CellConfig
    var runs: [PlannedRun]
    /// Axes with more than one value, in key order: they name the runs.
    var sweptAxes: [SweepAxis]

    /// The run whose key is `key`, if any.
    func run(named key: String) -> PlannedRun? { runs.first { $0.key == key } }

    /// The distinct values of an axis, in the order the cell lists them.
    func values(of axis: SweepAxis) -> [AxisValue] {
        var seen: [AxisValue] = []
        for run in runs where !seen.contains(where: { $0.key == run.values[axis]!.key }) { seen.append(run.values[axis]!) }
        return seen
    }
}

/// One point of the sweep.
struct PlannedRun {
    /// The swept axes' values joined by dots (`sigmoid.16`); empty when the cell has a single run.
    var key: String
    var values: [SweepAxis: AxisValue]
    /// One spec per seed repeat, seeds already derived.
    var specs: [RunSpec]

    var depth: Int { specs[0].depth }
    var activation: String { specs[0].activation }

    /// The legend text for this run in a chart whose panels already fix `fixed` axes.
    func legend(over axes: [SweepAxis]) -> String {
        axes.map { values[$0]!.legend }.joined(separator: ", ")
    }
}

enum Planner {
    /// Expands a cell into runs, validating every spec against the engine's catalogue.
    static func plan(_ config: CellConfig, notebookSeed: UInt64) throws -> CellPlan {
        let axes = config.axes
        let learningRates: [Located<Double>?] = axes.learningRates.map { $0.map(Optional.some) } ?? [nil]
        let columns: [(SweepAxis, Int)] = [
            (.activation, axes.activations.count), (.depth, axes.depths.count), (.width, axes.widths.count),
            (.initializer, axes.inits.count), (.optimizer, axes.optimizers.count), (.lr, learningRates.count),
            (.batch, axes.batches.count), (.epochs, axes.epochs.count), (.residual, axes.residuals.count),
        ]
        let swept = columns.filter { $0.1 > 1 }.map(\.0)
        var runs: [PlannedRun] = []
        for activation in axes.activations { for depth in axes.depths { for width in axes.widths {
            for initializer in axes.inits { for optimizer in axes.optimizers { for lr in learningRates {
                for batch in axes.batches { for epochs in axes.epochs { for residual in axes.residuals {
                    var optimizerSpec = optimizer.value
                    if let lr { optimizerSpec.learningRate = lr.value }
                    let base = RunSpec(
                        dataset: config.dataset.value, activation: activation.value, depth: depth.value, width: width.value,
                        initializer: initializer.value, optimizer: optimizerSpec, loss: config.loss.value,
                        batchSize: batch.value, epochs: epochs.value, residual: residual.value
                    )
                    let lrLocation = lr?.location ?? optimizer.location
                    let values: [SweepAxis: AxisValue] = [
                        .activation: .of(.activation, text: activation.value, location: activation.location),
                        .depth: .of(.depth, text: "\(depth.value)", number: Double(depth.value), location: depth.location),
                        .width: .of(.width, text: "\(width.value)", number: Double(width.value), location: width.location),
                        .initializer: .of(.initializer, text: initializer.value, location: initializer.location),
                        .optimizer: .of(.optimizer, text: optimizerSpec.name, location: optimizer.location),
                        .lr: .of(.lr, text: "\(optimizerSpec.learningRate)", number: optimizerSpec.learningRate, location: lrLocation),
                        .batch: .of(.batch, text: "\(batch.value)", number: Double(batch.value), location: batch.location),
                        .epochs: .of(.epochs, text: "\(epochs.value)", number: Double(epochs.value), location: epochs.location),
                        .residual: .of(.residual, text: residual.value ? "residual" : "plain", location: residual.location),
                    ]
                    try validate(base, values: values, config: config)
                    let specs = (0..<config.seeds).map { repeatIndex in
                        base.withDerivedSeed(notebookSeed: notebookSeed, seedIndex: repeatIndex)
                    }
                    let key = swept.map { values[$0]!.key }.joined(separator: ".")
                    runs.append(PlannedRun(key: key, values: values, specs: specs))
                }}}
            }}}
        }}}
        try checkDistinctKeys(runs, config: config)
        return CellPlan(config: config, runs: runs, sweptAxes: swept)
    }

    /// Maps the engine's objections to the notebook line of the offending setting.
    private static func validate(_ spec: RunSpec, values: [SweepAxis: AxisValue], config: CellConfig) throws {
        guard let problem = Catalog.validate(spec).first else { return }
        let location: SourceLocation = switch problem.field {
        case "activation": values[.activation]!.location
        case "depth": values[.depth]!.location
        case "width": values[.width]!.location
        case "initializer", "init": values[.initializer]!.location
        case "optimizer", "learningRate", "momentum", "clipNorm": values[.optimizer]!.location
        case "batchSize", "batch": values[.batch]!.location
        case "epochs": values[.epochs]!.location
        case "loss": config.loss.location
        default: config.dataset.location
        }
        throw location.error(problem.message)
    }

    private static func checkDistinctKeys(_ runs: [PlannedRun], config: CellConfig) throws {
        var seen: Set<String> = []
        for run in runs where !seen.insert(run.key).inserted {
            throw SourceLocation(file: config.source.file, line: config.fenceLine).error(
                "cell '\(config.id)' lists the run '\(run.key)' twice (a sweep axis repeats a value)")
        }
    }
}
