import GradscopeLab

/// The work a notebook asks for, estimated from its plans before anything trains (`RunCost`), and
/// the limits it must keep:
///
/// - at most `maxRuns` runs (seed repeats counted), checked before a cell's runs are built;
/// - every run within `Catalog.maxRunBytes` of memory (runs on generated data are checked by
///   `Catalog.validate` while planning, runs on a CSV file here, with the file's shape);
/// - at most `maxRecordedNumbers` numbers recorded over all runs: every epoch of every run keeps
///   `RunCost.perLayerMetrics` numbers per layer, all held in memory and written to the report's
///   data, so this bounds epochs × depth × runs;
/// - at most the budget in FLOPs, `defaultFLOPs` unless the caller gives another (`--max-cost`);
///   0 lifts it. The other limits hold whatever the budget.
public enum WorkBudget {
    /// 2 × 10¹³ FLOPs: some 25 times the default report (reports/vanishing-gradient.md: 395 runs,
    /// 7.9 × 10¹¹ FLOPs, about 40 s on two cores in a release build).
    public static let defaultFLOPs = 2e13
    static let maxRuns = 10_000
    /// About ten times the default report's 1.9 million; some 160 MB in memory and 300 MB of
    /// data/metrics.json.
    static let maxRecordedNumbers = 20_000_000

    /// Throws, at the cell's opening fence, when its runs (the product of its axes' lengths and its
    /// seeds) would take the notebook past `maxRuns`. Called before the runs are built.
    static func checkRunCount(_ config: CellConfig, axes: [(axis: SweepAxis, count: Int)], runsBefore: Int) throws {
        let factors =
            axes.filter { $0.count > 1 }.map { (count: $0.count, name: $0.axis.plural) } + [(count: config.seeds, name: config.seeds == 1 ? "seed" : "seeds")]
        let runs = factors.reduce(1.0) { $0 * Double($1.count) }
        guard Double(runsBefore) + runs > Double(maxRuns) else { return }
        let product = factors.map { "\(RunCost.countText($0.count)) \($0.name)" }.joined(separator: " × ")
        let notebook =
            runsBefore > 0 ? ", which with the \(RunCost.countText(runsBefore)) runs of the cells before it makes \(countText(Double(runsBefore) + runs))" : ""
        throw SourceLocation(file: config.source.file, line: config.fenceLine).error(
            "cell '\(config.id)' asks for \(countText(runs)) runs (\(product))\(notebook), more than the \(RunCost.countText(maxRuns)) a notebook may train: sweep fewer values or seeds"
        )
    }

    /// The estimated work of a notebook's cells, in cell order.
    struct Estimate {
        var cells: [(plan: CellPlan, flops: Double, recorded: Double)]
        var flops: Double { cells.reduce(0) { $0 + $1.flops } }
        var recorded: Double { cells.reduce(0) { $0 + $1.recorded } }
    }

    /// Estimates every run (`RunCost`), throwing at its width for a run that would not fit in memory.
    static func estimate(_ plans: [CellPlan]) throws -> Estimate {
        var estimate = Estimate(cells: [])
        for plan in plans {
            var flops = 0.0
            var recorded = 0.0
            for run in plan.runs {
                let spec = run.specs[0]
                guard let data = plan.config.csvShape ?? DataShape(generating: spec.dataset) else {
                    preconditionFailure("a CSV cell's shape is read by ReportPipeline.resolveCSV")
                }
                if let problem = Catalog.memoryProblem(spec, data: data) { throw run.values[.width]!.location.error(problem.message) }
                let cost = RunCost(spec, data: data)
                flops += cost.flops * Double(run.specs.count)
                recorded += cost.recordedNumbers * Double(run.specs.count)
            }
            estimate.cells.append((plan, flops, recorded))
        }
        return estimate
    }

    /// Estimates every run and throws, located in the notebook, when a run would not fit in memory,
    /// when the runs would record too many numbers, or when they ask for more than `maxCost` FLOPs
    /// (0: no limit). The last two name the cell that asks for the most, at its opening fence.
    static func check(_ plans: [CellPlan], maxCost: Double) throws {
        let work = try estimate(plans)
        if work.recorded > Double(maxRecordedNumbers), let most = work.cells.max(by: { $0.recorded < $1.recorded }) {
            throw fence(of: most.plan).error(
                "cell '\(most.plan.config.id)' records \(countText(most.recorded)) numbers in \(runsText(most.plan.specCount)) (the notebook \(countText(work.recorded)) in all: every epoch keeps \(RunCost.perLayerMetrics) per layer), more than the \(RunCost.countText(maxRecordedNumbers)) a notebook may record: train fewer epochs, layers or runs"
            )
        }
        if maxCost > 0, work.flops > maxCost, let most = work.cells.max(by: { $0.flops < $1.flops }) {
            throw fence(of: most.plan).error(
                "cell '\(most.plan.config.id)' asks for \(RunCost.flopsText(most.flops)) FLOPs in \(runsText(most.plan.specCount)) (the notebook \(RunCost.flopsText(work.flops)) in all), more than the work budget of \(RunCost.flopsText(maxCost)) FLOPs: allow it with --max-cost \(RunCost.flopsText(allowance(for: work.flops))) (0: no limit), or train fewer or smaller runs"
            )
        }
    }

    /// `flops` rounded up to two significant digits, so that a budget of it lets the notebook through.
    static func allowance(for flops: Double) -> Double {
        var step = 1.0
        while flops / step >= 100 { step *= 10 }
        let rounded = (flops / step).rounded(.up) * step
        return rounded >= flops ? rounded : rounded + step
    }

    private static func fence(of plan: CellPlan) -> SourceLocation {
        SourceLocation(file: plan.config.source.file, line: plan.config.fenceLine)
    }

    /// "1 run", "4,000 runs".
    private static func runsText(_ count: Int) -> String {
        count == 1 ? "1 run" : "\(RunCost.countText(count)) runs"
    }

    /// A count that may be too large for an `Int`: `4,000,000`, or `1e30`.
    private static func countText(_ count: Double) -> String {
        count < 1e15 ? RunCost.countText(Int(count)) : RunCost.flopsText(count)
    }
}

extension SweepAxis {
    /// The axis's values, counted: "4 activations × 3 depths".
    fileprivate var plural: String {
        switch self {
        case .activation: "activations"
        case .depth: "depths"
        case .width: "widths"
        case .initializer: "inits"
        case .optimizer: "optimizers"
        case .lr: "learning rates"
        case .clip: "clippings"
        case .batch: "batch sizes"
        case .epochs: "epoch counts"
        case .residual: "residual settings"
        }
    }
}
