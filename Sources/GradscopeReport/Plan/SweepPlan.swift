import GradscopeLab

/// Every run a list of notebooks trains, as `render` would train them (same specs, same content
/// hashes, so the same cache entries), with its estimated cost: what `gradscope plan` lists and
/// `--shard` and `--offline` work from.
public struct SweepPlan: Sendable {
    public struct Run: Sendable {
        /// The notebook's path, as given.
        public var notebook: String
        /// The cell's opening fence.
        public var line: Int
        public var cell: String
        /// The run's key in its cell (`sigmoid.16`), empty for a cell with a single run.
        public var key: String
        public var seedIndex: Int
        /// The spec the runner gets (a CSV path joined to the notebook's folder).
        public var spec: RunSpec
        /// The spec's content hash: the name of its cache entry.
        public var contentHash: String
        /// Estimated floating-point operations (`RunCost`).
        public var flops: Double

        /// `CELL.RUN`, or `CELL` for a cell with a single run, as `gradscope train --from --run` takes it.
        public var name: String { key.isEmpty ? cell : "\(cell).\(key)" }
    }

    /// In notebook order, then cell, run and seed order; a run two notebooks share appears twice.
    public var runs: [Run]

    /// Parses and plans every notebook and runs the checks `render` runs before training
    /// (`PlanCheck`, `WorkBudget` with `maxCost`, 0 for no limit). Bad input throws the errors of
    /// every notebook, each a located `NotebookError`.
    public static func plan(notebooksAt paths: [String], allowOutside: Bool = false, maxCost: Double = WorkBudget.defaultFLOPs) throws -> SweepPlan {
        var runs: [Run] = []
        var errors: [NotebookError] = []
        for path in paths {
            do {
                runs += try plan(notebookAt: path, allowOutside: allowOutside, maxCost: maxCost)
            } catch let error as NotebookError {
                errors.append(error)
            } catch let more as NotebookErrors {
                errors += more.errors
            }
        }
        if errors.count == 1 { throw errors[0] }
        if errors.count > 1 { throw NotebookErrors(errors: errors) }
        return SweepPlan(runs: runs)
    }

    private static func plan(notebookAt path: String, allowOutside: Bool, maxCost: Double) throws -> [Run] {
        let notebook = try NotebookParser.parse(file: path)
        let plans = try ReportPipeline.plan(notebook, allowOutside: allowOutside)
        try PlanCheck.check(notebook, plans: plans)
        try WorkBudget.check(plans, maxCost: maxCost)
        return plans.flatMap { plan in
            plan.runs.flatMap { run in
                run.specs.enumerated().map { seedIndex, spec in
                    let data = plan.config.csvShape ?? DataShape(generating: spec.dataset)!
                    let resolved = ReportPipeline.resolvingCSVPath(spec, notebook: notebook)
                    return Run(
                        notebook: path, line: plan.config.fenceLine, cell: plan.config.id, key: run.key, seedIndex: seedIndex,
                        spec: resolved, contentHash: resolved.contentHash, flops: RunCost(spec, data: data).flops)
                }
            }
        }
    }

    /// The runs' shards among `count` (`ShardAssignment`), each distinct run once.
    public func assignment(shards count: Int) -> ShardAssignment {
        ShardAssignment(runs: runs.map { ($0.contentHash, $0.flops) }, count: count)
    }

    /// The first run of each distinct content hash, in plan order.
    public var distinctRuns: [Run] {
        var seen: Set<String> = []
        return runs.filter { seen.insert($0.contentHash).inserted }
    }
}
