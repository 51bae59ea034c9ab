import Foundation
import GradscopeLab

/// One run of a notebook, picked out by name, for `gradscope train --from`.
public enum NotebookRun {
    /// The spec `render` trains for run `name` (`CELL.RUN`, e.g. `depth-sweep.sigmoid.16`, or just
    /// `CELL` for a cell with a single run) and seed repeat `seedIndex` (0-based): same seed, same
    /// settings, so training it gives the same bits as in the report. The CSV path, if any, is
    /// resolved from the notebook's folder.
    public static func spec(notebookAt path: String, run name: String, seedIndex: Int, allowOutside: Bool = false) throws -> RunSpec {
        let notebook = try NotebookParser.parse(file: path)
        let plans = try ReportPipeline.plan(notebook, allowOutside: allowOutside)
        let cellID = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let plan = plans.first(where: { $0.config.id == cellID }) else {
            let ids = plans.map(\.config.id)
            throw NotebookError(
                file: path, "no cell '\(cellID)' for run '\(name)'\(Suggestion.hint(for: cellID, in: ids)) (cells: \(ids.joined(separator: ", ")))")
        }
        let key = String(name.dropFirst(min(name.count, cellID.count + 1)))
        guard let run = plan.run(named: key) else {
            throw NotebookError(file: path, line: plan.config.fenceLine, "cell '\(cellID)' has no run '\(key)': \(plan.runListHint)")
        }
        guard run.specs.indices.contains(seedIndex) else {
            throw NotebookError(
                file: path, line: plan.config.fenceLine,
                "cell '\(cellID)' trains \(run.specs.count) seed\(run.specs.count == 1 ? "" : "s") per run: --seed-index must be 0…\(run.specs.count - 1), got \(seedIndex)"
            )
        }
        return ReportPipeline.resolvingCSVPath(run.specs[seedIndex], notebook: notebook)
    }
}
