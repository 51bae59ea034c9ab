import GradscopeLab
import GradscopeNN

/// A cell's runs: the cartesian product of its sweep axes, each with one spec per seed repeat.
struct CellPlan {
    var config: CellConfig
    var runs: [PlannedRun]
    /// Axes with more than one value, in key order: they name the runs.
    var sweptAxes: [SweepAxis]

    /// Runs to train, seed repeats counted.
    var specCount: Int { runs.count * config.seeds }

    /// The run a name denotes: its key (`sigmoid.16`), or its key with the values of unswept axes
    /// added in axis order (`relu.16` in a cell that sweeps only the activation at depth 16). Nil
    /// when no run, or more than one, answers to the name.
    func run(named name: String) -> PlannedRun? {
        if let exact = runs.first(where: { $0.key == name }) { return exact }
        let swept = Set(sweptAxes)
        let matches = runs.filter { $0.answers(to: name, swept: swept) }
        return matches.count == 1 ? matches[0] : nil
    }

    /// Runs whose name matches `pattern`, where one `*` stands for any text (matched against run
    /// keys); without a `*`, the run `run(named:)` finds. Returns each run with the text `*` matched.
    func runs(matching pattern: String) -> [(run: PlannedRun, capture: String)] {
        guard let star = pattern.firstIndex(of: "*") else {
            return run(named: pattern).map { [($0, "")] } ?? []
        }
        let prefix = pattern[..<star]
        let suffix = pattern[pattern.index(after: star)...]
        return runs.compactMap { run in
            guard run.key.count >= prefix.count + suffix.count, run.key.hasPrefix(prefix), run.key.hasSuffix(suffix) else { return nil }
            let capture = run.key.dropFirst(prefix.count).dropLast(suffix.count)
            return (run, String(capture))
        }
    }

    /// "its runs are: sigmoid.1, sigmoid.2, ..." for error messages.
    var runListHint: String {
        let keys = runs.map(\.key)
        if keys == [""] { return "this cell has a single run: leave the run out (e.g. '\(config.id).finalLoss')" }
        let shown = keys.prefix(12).joined(separator: ", ")
        return "its runs are: \(shown)\(keys.count > 12 ? ", …" : "")"
    }

    /// The distinct activations of the runs, in the order the cell lists them.
    var activations: [Activation] {
        runs.reduce(into: []) { seen, run in if !seen.contains(run.activation) { seen.append(run.activation) } }
    }

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
    /// Every axis's value, swept or not.
    var values: [SweepAxis: AxisValue]
    /// One spec per seed repeat, seeds already derived.
    var specs: [RunSpec]

    var depth: Int { specs[0].depth }
    var activation: Activation { specs[0].activation }

    /// The legend text for this run in a chart whose panels already fix `fixed` axes.
    func legend(over axes: [SweepAxis]) -> String {
        axes.map { values[$0]!.legend }.joined(separator: ", ")
    }

    /// Whether `name` is this run's axis keys in axis order joined by dots, with every swept axis
    /// present and any unswept one left out or not (keys may themselves hold dots: `lr0.01`).
    func answers(to name: String, swept: Set<SweepAxis>) -> Bool {
        let parts = SweepAxis.allCases.map { (key: values[$0]!.key, required: swept.contains($0)) }
        func match(_ index: Int, _ rest: Substring, atStart: Bool) -> Bool {
            guard index < parts.count else { return rest.isEmpty }
            if !parts[index].required, match(index + 1, rest, atStart: atStart) { return true }
            var rest = rest
            if !atStart {
                guard rest.first == "." else { return false }
                rest = rest.dropFirst()
            }
            guard rest.hasPrefix(parts[index].key) else { return false }
            return match(index + 1, rest.dropFirst(parts[index].key.count), atStart: false)
        }
        return match(0, Substring(name), atStart: true)
    }
}

enum Planner {
    /// Expands a cell into runs, validating every spec against the engine's catalogue.
    ///
    /// Each seed repeat's spec gets its seed from the notebook seed, the repeat's index and the
    /// settings that shape the draws (`RunSpec.withDerivedSeed`), so runs that differ only in
    /// learning rate, optimiser, clipping, epochs or loss start from the same weights.
    /// `runsBefore`, the runs of the notebook's earlier cells, counts towards `WorkBudget.maxRuns`,
    /// which is checked before any run is built.
    static func plan(_ config: CellConfig, notebookSeed: UInt64, runsBefore: Int) throws -> CellPlan {
        let choices = axisChoices(config)
        try WorkBudget.checkRunCount(config, axes: choices.map { ($0.axis, $0.values.count) }, runsBefore: runsBefore)
        let swept = choices.filter { $0.values.count > 1 }.map(\.axis)
        var runs: [PlannedRun] = []
        var picks = Array(repeating: 0, count: choices.count)
        repeat {
            var base = RunSpec(dataset: config.dataset.value, activation: .relu, depth: 1, width: 1, loss: config.loss.value)
            var values: [SweepAxis: AxisValue] = [:]
            for (choice, pick) in zip(choices, picks) { choice.values[pick].apply(&base) }
            for (choice, pick) in zip(choices, picks) { values[choice.axis] = choice.values[pick].value(base) }
            try validate(base, values: values, config: config)
            let specs = (0..<config.seeds).map { base.withDerivedSeed(notebookSeed: notebookSeed, seedIndex: $0) }
            let key = swept.map { values[$0]!.key }.joined(separator: ".")
            runs.append(PlannedRun(key: key, values: values, specs: specs))
        } while advance(&picks, limits: choices.map(\.values.count))
        try checkDistinctKeys(runs, config: config)
        return CellPlan(config: config, runs: runs, sweptAxes: swept)
    }

    /// One value an axis can take: how it changes a spec, and how it reads once the spec is complete.
    private struct Choice {
        var apply: (inout RunSpec) -> Void
        var value: (RunSpec) -> AxisValue
    }

    /// The axes in key order, each with its values in the order the cell lists them. A learning
    /// rate or clipping axis overrides the optimiser's own setting; without one, the optimiser's
    /// setting is the axis's single value.
    private static func axisChoices(_ config: CellConfig) -> [(axis: SweepAxis, values: [Choice])] {
        let axes = config.axes
        func choices<T>(
            _ axis: SweepAxis, _ list: [Located<T>], _ apply: @escaping (inout RunSpec, T) -> Void,
            text: @escaping (RunSpec) -> String, number: @escaping (RunSpec) -> Double? = { _ in nil }
        ) -> (SweepAxis, [Choice]) {
            (
                axis,
                list.map { item in
                    Choice(
                        apply: { apply(&$0, item.value) },
                        value: { AxisValue.of(axis, text: text($0), number: number($0), location: item.location) })
                }
            )
        }
        let optimizerLocation = axes.optimizers[0].location
        return [
            choices(.activation, axes.activations, { $0.activation = $1 }, text: \.activation.name),
            choices(.depth, axes.depths, { $0.depth = $1 }, text: { "\($0.depth)" }, number: { Double($0.depth) }),
            choices(.width, axes.widths, { $0.width = $1 }, text: { "\($0.width)" }, number: { Double($0.width) }),
            choices(.initializer, axes.inits, { $0.initializer = $1 }, text: \.initializer.name),
            // Axes apply in key order, so a learning-rate or clipping axis overrides the optimiser's own.
            choices(.optimizer, axes.optimizers, { $0.optimizer = $1 }, text: \.optimizer.kind.name),
            choices(
                .lr,
                axes.learningRates?.map { Located(value: Optional.some($0.value), location: $0.location) }
                    ?? [Located(value: nil, location: optimizerLocation)],
                { spec, rate in
                    if let rate { spec.optimizer.learningRate = rate }
                }, text: { shortest($0.optimizer.learningRate) }, number: { $0.optimizer.learningRate }),
            choices(
                .clip, axes.clips ?? [Located(value: nil, location: optimizerLocation)],
                { spec, clip in
                    if axes.clips != nil { spec.optimizer.clipNorm = clip }  // `none` turns clipping off
                }, text: { $0.optimizer.clipNorm.map(shortest) ?? "none" }, number: { $0.optimizer.clipNorm }),
            choices(.batch, axes.batches, { $0.batchSize = $1 }, text: { "\($0.batchSize)" }, number: { Double($0.batchSize) }),
            choices(.epochs, axes.epochs, { $0.epochs = $1 }, text: { "\($0.epochs)" }, number: { Double($0.epochs) }),
            choices(.residual, axes.residuals, { $0.residual = $1 }, text: { $0.residual ? "residual" : "plain" }),
        ]
    }

    /// A number as a run key writes it: `0.01`, and `1` rather than `1.0`.
    private static func shortest(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
    }

    /// The next combination, last axis fastest; false after the last one.
    private static func advance(_ picks: inout [Int], limits: [Int]) -> Bool {
        for index in picks.indices.reversed() {
            picks[index] += 1
            if picks[index] < limits[index] { return true }
            picks[index] = 0
        }
        return false
    }

    /// Throws the engine's first objection to `spec` at the notebook line of the offending setting.
    /// Names and single values were checked where they were read (`CellConfig`); what is left here
    /// are checks across settings (a loss that does not suit the dataset, a run too large for memory).
    private static func validate(_ spec: RunSpec, values: [SweepAxis: AxisValue], config: CellConfig) throws {
        guard let problem = Catalog.validate(spec).first else { return }
        throw location(of: problem.field, values: values, config: config).error(problem.message)
    }

    /// Where a field of a run's spec was written. Exhaustive, so a new `SpecField` needs a line here.
    static func location(of field: SpecField, values: [SweepAxis: AxisValue], config: CellConfig) -> SourceLocation {
        switch field {
        case .dataset, .datasetSamples, .datasetValidationFraction, .datasetClasses, .datasetCSVPath, .datasetCSVTarget:
            config.dataset.location
        case .activation: values[.activation]!.location
        case .depth: values[.depth]!.location
        case .width: values[.width]!.location
        case .initializer: values[.initializer]!.location
        case .optimizer, .momentum, .beta1, .beta2, .epsilon: values[.optimizer]!.location
        case .learningRate: values[config.axes.learningRates == nil ? .optimizer : .lr]!.location
        case .clipNorm: values[config.axes.clips == nil ? .optimizer : .clip]!.location
        case .loss: config.loss.location
        case .batchSize: values[.batch]!.location
        case .epochs: values[.epochs]!.location
        case .histogramBins: SourceLocation(file: config.source.file, line: config.fenceLine)
        }
    }

    private static func checkDistinctKeys(_ runs: [PlannedRun], config: CellConfig) throws {
        var seen: Set<String> = []
        for run in runs where !seen.insert(run.key).inserted {
            throw SourceLocation(file: config.source.file, line: config.fenceLine).error(
                "cell '\(config.id)' lists the run '\(run.key)' twice (a sweep axis repeats a value)")
        }
    }
}
