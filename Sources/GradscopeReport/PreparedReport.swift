import Foundation
import GradscopeCharts
import GradscopeLab

/// A notebook after parse, plan, execute and analyse: everything needed to draw and fill, nothing written yet.
struct PreparedReport {
    var notebook: Notebook
    var notebookBytes: Data
    var cells: [CellResults]
    /// Outputs per cell, in cell order.
    var outputs: [CellOutput]
    /// Prose with inline values filled, by block index.
    var prose: [Int: String]

    var claims: [ClaimResult] { outputs.flatMap(\.claims) }
    var allResults: [RunResult] { cells.flatMap { cell in cell.runs.flatMap { cell.repeats(of: $0) } } }
}

/// Settings of a render that are not in the notebook.
public struct RenderOptions: Sendable {
    /// Parent folder of the report folder; the report goes to `<outputRoot>/<notebook name>/`.
    public var outputRoot: String
    /// A user's templates folder; nil: the built-in templates.
    public var templatesDirectory: String?
    public var figureFormats: [FigureFormat]
    /// One `index.html` with figures and CSS inlined (plus the Markdown and data beside it).
    public var selfContained: Bool
    public var jobs: Int
    /// Run cache folder; nil: no cache.
    public var cacheDirectory: String?
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ fromCache: Bool) -> Void)?
    /// Versions of the drawing back end for the manifest, e.g. ["cairo": "1.16.0"].
    public var backendVersions: [String: String] = [:]
    /// Authenticates run cache entries with HMAC-SHA256 (`GRADSCOPE_CACHE_KEY`); nil: checksums only.
    public var cacheKey: [UInt8]?
    /// CSV files may lie outside the notebook's folder (`--allow-outside`).
    public var allowOutside = false
    /// Told about problems that do not stop the render (a cache that cannot be written).
    public var warning: (@Sendable (String) -> Void)?
    /// The work budget in FLOPs (`WorkBudget`); 0: no limit.
    public var maxCost: Double = WorkBudget.defaultFLOPs
    /// For untrusted notebooks: raw HTML in the prose becomes `<!-- raw HTML omitted -->` and
    /// `javascript:`-style link targets are emptied. Off: prose HTML passes through, like any Markdown file's.
    public var safe = false
    /// Train nothing: a run missing from the cache is an error (`--offline`).
    public var offline = false

    public init(
        outputRoot: String = "public", templatesDirectory: String? = nil, figureFormats: [FigureFormat] = [.png],
        selfContained: Bool = false, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        cacheDirectory: String? = ".gradscope-cache", progress: (@Sendable (Int, Int, Bool) -> Void)? = nil
    ) {
        self.outputRoot = outputRoot
        self.templatesDirectory = templatesDirectory
        self.figureFormats = figureFormats
        self.selfContained = selfContained
        self.jobs = jobs
        self.cacheDirectory = cacheDirectory
        self.progress = progress
    }
}

/// What a render produced, for the CLI to report.
public struct RenderSummary: Sendable {
    public var title: String
    public var outputDirectory: String
    public var files: [String]
    public var claims: [ClaimSummary]
    public var runCount: Int

    public var failedClaims: Int { claims.filter { !$0.passed }.count }
}

public struct ClaimSummary: Sendable, Equatable {
    public var cell: String
    public var text: String
    public var passed: Bool
    public var evidence: [String]
    /// The notebook as its path was given, and the claim's line in it (1-based).
    public var file: String
    public var line: Int
    /// "held in 4 of 5 seeds", or "one seed …" (`ClaimResult.seedNote`).
    public var seeds: String

    /// `file:line` of the claim in the notebook.
    public var location: String { "\(file):\(line)" }
}

/// One notebook of a call that names several: its value, or the located errors that stopped it.
public struct NotebookOutcome<Value: Sendable>: Sendable {
    /// The notebook as named on the command line.
    public var path: String
    public var result: Result<Value, NotebookErrors>
}

/// What `ReportBuilder.render(notebooksAt:options:)` did: each notebook's outcome, in the order
/// named, and the site index's (nil when no report was written, so no index either).
public struct SiteRenderSummary: Sendable {
    public var notebooks: [NotebookOutcome<RenderSummary>]
    public var index: Result<SiteIndexSummary, NotebookErrors>?
}

public struct SiteIndexSummary: Sendable, Equatable {
    /// `<outputRoot>/index.html`, as `RenderSummary.outputDirectory` names a report's folder.
    public var path: String
    /// How many reports it lists (this call's and earlier ones').
    public var reports: Int
}

/// A checked notebook: its title and claims.
public struct CheckSummary: Sendable {
    public var title: String
    public var claims: [ClaimSummary]
}
