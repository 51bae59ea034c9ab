import Foundation
import GradscopeLab

/// parse → plan → execute → analyse. Throws `NotebookError` for bad input before any training starts.
enum ReportPipeline {
    static func prepare(notebookAt path: String, runner: Runner) throws -> PreparedReport {
        let notebook = try NotebookParser.parse(file: path)
        let bytes = FileManager.default.contents(atPath: path) ?? Data()
        let plans = try plan(notebook)
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

    /// Every cell's config and plan, checked up front: ids unique, values known to the engine.
    static func plan(_ notebook: Notebook) throws -> [CellPlan] {
        var plans: [CellPlan] = []
        for (index, cell) in notebook.cells.enumerated() {
            var config = try CellConfig.parse(cell, defaults: notebook.frontMatter.defaults, index: index, notebookSeed: notebook.frontMatter.seed)
            if plans.contains(where: { $0.config.id == config.id }) || InlineValues.reservedNames.contains(config.id) {
                throw NotebookError(file: notebook.path, line: cell.fenceLine, "cell id '\(config.id)' is used twice or reserved; give each cell its own 'id'")
            }
            try resolveCSV(&config, notebook: notebook)
            plans.append(try Planner.plan(config, notebookSeed: notebook.frontMatter.seed))
        }
        return plans
    }

    /// A CSV path is relative to the notebook's folder; its digest makes an edited file a new run.
    /// The spec keeps the path as written (seeds and output do not depend on where the notebook lies);
    /// `execute` hands the engine the resolved path.
    private static func resolveCSV(_ config: inout CellConfig, notebook: Notebook) throws {
        guard config.dataset.value.name == "csv" else { return }
        guard let path = config.dataset.value.csvPath else {
            throw config.dataset.location.error("a csv dataset needs 'path' (and 'target')")
        }
        let folder = URL(fileURLWithPath: notebook.path).deletingLastPathComponent()
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw config.dataset.location.error("cannot read the CSV file '\(url.path)'")
        }
        config.dataset.value.csvDigest = Digest.sha256Hex(data)
    }

    private static func resolvingCSVPath(_ spec: RunSpec, notebook: Notebook) -> RunSpec {
        guard let path = spec.dataset.csvPath, !path.hasPrefix("/") else { return spec }
        var resolved = spec
        resolved.dataset.csvPath = URL(fileURLWithPath: notebook.path).deletingLastPathComponent().appendingPathComponent(path).path
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
