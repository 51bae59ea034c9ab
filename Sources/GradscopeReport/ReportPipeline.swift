import Foundation
import GradscopeLab

/// parse → plan → execute → analyse, in phases so that several notebooks can share the execute
/// phase: `planned` for each, one `train` for all, then `analyse` for each. Bad input throws
/// `NotebookError` (or `NotebookErrors`) from `planned`, before any training starts.
enum ReportPipeline {
    /// All four phases for one notebook. `allowOutside`: CSV files may lie outside the notebook's
    /// folder (`DataPathPolicy`); `maxCost`: the work budget in FLOPs (`WorkBudget`), 0 for no limit.
    static func prepare(
        notebookAt path: String, runner: Runner, allowOutside: Bool = false,
        maxCost: Double = WorkBudget.defaultFLOPs
    ) throws -> PreparedReport {
        let planned = try planned(notebookAt: path, allowOutside: allowOutside, maxCost: maxCost)
        return try analyse(planned, results: try train([planned], runner: runner)[0].get())
    }

    /// Parses and plans the notebook at `path` and checks everything that can be checked before
    /// training: names of runs and metrics, CSV files, the work budget.
    static func planned(
        notebookAt path: String, allowOutside: Bool = false,
        maxCost: Double = WorkBudget.defaultFLOPs
    ) throws -> PlannedReport {
        let notebook = try NotebookParser.parse(file: path)
        let bytes = FileManager.default.contents(atPath: path) ?? Data()
        let plans = try plan(notebook, allowOutside: allowOutside)
        try PlanCheck.check(notebook, plans: plans)
        try WorkBudget.check(plans, maxCost: maxCost)
        return PlannedReport(notebook: notebook, notebookBytes: bytes, plans: plans)
    }

    /// Trains the runs of every report in one `runner.run` call (one parallel schedule; a run two
    /// reports share trains once) and hands each report its results in the order of its `specs`.
    /// When that call fails and there are several reports, each report's runs are run again on
    /// their own through `retry` (a runner without progress output; runs that finished come from
    /// the cache when there is one), so the failure lands on the reports it belongs to and the
    /// others keep their results.
    static func train(_ reports: [PlannedReport], runner: Runner, retry: Runner? = nil) -> [Result<[RunResult], NotebookError>] {
        let specs = reports.map(\.engineSpecs)
        if reports.count == 1 {
            return [execute(specs[0], runner: runner, notebook: reports[0].notebook)]
        }
        if let all = try? runner.run(specs.flatMap { $0 }) {
            var rest = all[...]
            return specs.map { mine in
                defer { rest = rest.dropFirst(mine.count) }
                return .success(Array(rest.prefix(mine.count)))
            }
        }
        return zip(reports, specs).map { report, mine in
            execute(mine, runner: retry ?? runner, notebook: report.notebook)
        }
    }

    /// Gathers a report's results by cell and run, fills the prose's inline values and computes
    /// every cell's outputs. `results` are in the order of `report.specs`.
    static func analyse(_ report: PlannedReport, results: [RunResult]) throws -> PreparedReport {
        let notebook = report.notebook
        var byHash: [String: RunResult] = [:]
        for (spec, result) in zip(report.specs, results) { byHash[spec.contentHash] = result }
        let cells = report.plans.map { plan in
            CellResults(
                plan: plan,
                results: Dictionary(
                    uniqueKeysWithValues: plan.runs.map { run in
                        (run.key, run.specs.map { byHash[$0.contentHash]! })
                    }))
        }
        let outputs = try cells.map { try $0.outputs() }
        let byID = Dictionary(uniqueKeysWithValues: cells.map { ($0.config.id, $0) })
        var prose: [Int: String] = [:]
        for (index, block) in notebook.blocks.enumerated() {
            if case .prose(let text, let firstLine) = block {
                prose[index] = try InlineValues.fill(text, firstLine: firstLine, file: notebook.path, cells: byID)
            }
        }
        return PreparedReport(notebook: notebook, notebookBytes: report.notebookBytes, cells: cells, outputs: outputs, prose: prose)
    }

    /// Every cell's config and plan, checked up front: ids unique, values known to the engine,
    /// runs within the bounds of `WorkBudget`.
    static func plan(_ notebook: Notebook, allowOutside: Bool = false) throws -> [CellPlan] {
        var plans: [CellPlan] = []
        for (index, cell) in notebook.cells.enumerated() {
            var config = try CellConfig.parse(cell, defaults: notebook.frontMatter.defaults, index: index, notebookSeed: notebook.frontMatter.seed)
            if plans.contains(where: { $0.config.id == config.id }) || InlineValues.reservedNames.contains(config.id) {
                throw NotebookError(file: notebook.path, line: cell.fenceLine, "cell id '\(config.id)' is used twice or reserved; give each cell its own 'id'")
            }
            try resolveCSV(&config, notebook: notebook, allowOutside: allowOutside)
            let runsBefore = plans.reduce(0) { $0 + $1.specCount }
            plans.append(try Planner.plan(config, notebookSeed: notebook.frontMatter.seed, runsBefore: runsBefore))
        }
        return plans
    }

    /// A CSV path is relative to the notebook's folder; its digest makes an edited file a new run.
    /// The file is read and checked here, so a bad cell or missing column stops the render before
    /// any training, with the notebook line of the dataset and the CSV's own row and column; its
    /// shape is kept for the cost estimate.
    /// The spec keeps the path as written (seeds and output do not depend on where the notebook
    /// lies); `execute` hands the engine the path joined to the notebook's folder.
    private static func resolveCSV(_ config: inout CellConfig, notebook: Notebook, allowOutside: Bool) throws {
        guard case .csv(var file) = config.dataset.value.kind else { return }
        try DataPathPolicy.check(file.path, notebookPath: notebook.path, allowOutside: allowOutside, at: config.dataset.location)
        let path = DataPathPolicy.resolve(file.path, notebookPath: notebook.path)
        do {
            config.csvShape = DataShape(
                try CSVDataset.load(path: path, target: file.target, features: file.features, classification: config.loss.value == .crossEntropy))
            file.digest = try CSVDataset.digest(ofFileAt: path)
            config.dataset.value.kind = .csv(file)
        } catch let error as DatasetError {
            throw config.dataset.location.error("\(error)")
        }
    }

    static func resolvingCSVPath(_ spec: RunSpec, notebook: Notebook) -> RunSpec {
        guard case .csv(var file) = spec.dataset.kind else { return spec }
        var resolved = spec
        file.path = DataPathPolicy.resolve(file.path, notebookPath: notebook.path)
        resolved.dataset.kind = .csv(file)
        return resolved
    }

    /// Trains `specs`; a failure is a `NotebookError` (one naming `notebook` unless it was one already).
    private static func execute(_ specs: [RunSpec], runner: Runner, notebook: Notebook) -> Result<[RunResult], NotebookError> {
        do {
            return .success(try runner.run(specs))
        } catch let error as NotebookError {
            return .failure(error)
        } catch {
            return .failure(NotebookError(file: notebook.path, "training failed: \(error)"))
        }
    }
}
