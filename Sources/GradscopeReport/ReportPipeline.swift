import Foundation
import GradscopeLab

/// parse → plan → execute → analyse. Throws `NotebookError` for bad input before any training starts.
enum ReportPipeline {
    /// `allowOutside`: CSV files may lie outside the notebook's folder (`DataPathPolicy`);
    /// `maxCost`: the work budget in FLOPs (`WorkBudget`), 0 for no limit.
    static func prepare(notebookAt path: String, runner: Runner, allowOutside: Bool = false,
                        maxCost: Double = WorkBudget.defaultFLOPs) throws -> PreparedReport {
        let notebook = try NotebookParser.parse(file: path)
        let bytes = FileManager.default.contents(atPath: path) ?? Data()
        let plans = try plan(notebook, allowOutside: allowOutside)
        try PlanCheck.check(notebook, plans: plans)
        try WorkBudget.check(plans, maxCost: maxCost)
        let specs = plans.flatMap { $0.runs.flatMap(\.specs) }
        let results = try execute(specs.map { resolvingCSVPath($0, notebook: notebook) }, runner: runner, notebook: notebook)
        var byHash: [String: RunResult] = [:]
        for (spec, result) in zip(specs, results) { byHash[spec.contentHash] = result }
        let cells = plans.map { plan in
            CellResults(plan: plan, results: Dictionary(uniqueKeysWithValues: plan.runs.map { run in
                (run.key, run.specs.map { byHash[$0.contentHash]! })
            }))
        }
        let outputs = try cells.map { try $0.outputs() }
        let byID = Dictionary(uniqueKeysWithValues: cells.map { ($0.config.id, $0) })
        var prose: [Int: String] = [:]
        for (index, block) in notebook.blocks.enumerated() {
            if case let .prose(text, firstLine) = block {
                prose[index] = try InlineValues.fill(text, firstLine: firstLine, file: notebook.path, cells: byID)
            }
        }
        return PreparedReport(notebook: notebook, notebookBytes: bytes, cells: cells, outputs: outputs, prose: prose)
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
        let dataset = config.dataset.value
        guard dataset.name == "csv" else { return }
        guard let written = dataset.csvPath, let target = dataset.csvTarget else {
            throw config.dataset.location.error("a csv dataset needs 'path' and 'target'")
        }
        try DataPathPolicy.check(written, notebookPath: notebook.path, allowOutside: allowOutside, at: config.dataset.location)
        let path = DataPathPolicy.resolve(written, notebookPath: notebook.path)
        do {
            config.csvShape = DataShape(try CSVDataset.load(path: path, target: target, features: dataset.csvFeatures, classification: config.loss.value == "cross_entropy"))
            config.dataset.value.csvDigest = try CSVDataset.digest(ofFileAt: path)
        } catch let error as DatasetError {
            throw config.dataset.location.error("\(error)")
        }
    }

    static func resolvingCSVPath(_ spec: RunSpec, notebook: Notebook) -> RunSpec {
        guard let path = spec.dataset.csvPath else { return spec }
        var resolved = spec
        resolved.dataset.csvPath = DataPathPolicy.resolve(path, notebookPath: notebook.path)
        return resolved
    }

    private static func execute(_ specs: [RunSpec], runner: Runner, notebook: Notebook) throws -> [RunResult] {
        do {
            return try runner.run(specs)
        } catch let error as NotebookError {
            throw error
        } catch {
            throw NotebookError(file: notebook.path, "training failed: \(error)")
        }
    }
}
