import Foundation
import GradscopeCharts
import GradscopeLab

/// The report layer's entry point: notebook in, report folder out. The figure renderer is handed
/// in (Cairo from the CLI, a recording one in tests).
public struct ReportBuilder: Sendable {
    public var renderer: any FigureRenderer

    public init(renderer: any FigureRenderer) {
        self.renderer = renderer
    }

    /// Renders `notebook` into `<outputRoot>/<notebook name>/`. Bad input throws `NotebookError`
    /// before anything is written; failed claims do not throw (see `RenderSummary.failedClaims`).
    public func render(notebookAt path: String, options: RenderOptions) throws -> RenderSummary {
        let templates = try options.templatesDirectory.map(TemplateSet.load) ?? TemplateSet.builtIn()
        let prepared = try ReportPipeline.prepare(notebookAt: path, runner: runner(options), allowOutside: options.allowOutside, maxCost: options.maxCost)
        let files = try ReportFiles(prepared: prepared, templates: templates, renderer: renderer, options: options).make()
        let target = URL(fileURLWithPath: options.outputRoot).appendingPathComponent(prepared.notebook.name)
        try OutputWriter.write(files, to: target)
        return RenderSummary(title: prepared.notebook.frontMatter.title, outputDirectory: target.path, files: files.keys.sorted(), claims: summaries(prepared),
                             runCount: prepared.allResults.count)
    }

    /// Trains and checks the claims, writing nothing. Returns the notebook's title and its claims.
    public func check(notebookAt path: String, options: RenderOptions) throws -> (title: String, claims: [ClaimSummary]) {
        let prepared = try ReportPipeline.prepare(notebookAt: path, runner: runner(options), allowOutside: options.allowOutside, maxCost: options.maxCost)
        return (prepared.notebook.frontMatter.title, summaries(prepared))
    }

    private func runner(_ options: RenderOptions) -> Runner {
        Runner(jobs: max(1, options.jobs), cacheDirectory: options.cacheDirectory, cacheKey: options.cacheKey, offline: options.offline,
               progress: options.progress, warning: options.warning)
    }

    private func summaries(_ prepared: PreparedReport) -> [ClaimSummary] {
        zip(prepared.cells, prepared.outputs).flatMap { cell, output in
            output.claims.map {
                ClaimSummary(cell: cell.config.id, text: $0.text, passed: $0.passed, evidence: $0.evidence,
                             file: $0.location.file, line: $0.location.line, seeds: $0.seedNote)
            }
        }
    }
}
