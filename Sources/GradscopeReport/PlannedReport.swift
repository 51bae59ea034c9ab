import Foundation
import GradscopeLab

/// A notebook after parse and plan, checked and within its work budget: nothing trained yet.
/// Several of them share one training schedule (`ReportPipeline.train`) before each is analysed.
struct PlannedReport {
    var notebook: Notebook
    var notebookBytes: Data
    var plans: [CellPlan]

    /// Every run in plan order (cells, runs, seed repeats), as planned: CSV paths as written.
    var specs: [RunSpec] { plans.flatMap { $0.runs.flatMap(\.specs) } }

    /// `specs` as the engine trains them: CSV paths joined to the notebook's folder.
    var engineSpecs: [RunSpec] { specs.map { ReportPipeline.resolvingCSVPath($0, notebook: notebook) } }
}
