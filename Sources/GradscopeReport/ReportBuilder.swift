import Foundation
import GradscopeCharts
import GradscopeLab

/// The report layer's entry point: notebooks in, report folders out. The figure renderer is handed
/// in (Cairo from the CLI, a recording one in tests).
public struct ReportBuilder: Sendable {
    public var renderer: any FigureRenderer

    public init(renderer: any FigureRenderer) {
        self.renderer = renderer
    }

    /// Renders `notebook` into `<outputRoot>/<notebook name>/` (no site index). Bad input throws
    /// `NotebookError` before anything is written; failed claims do not throw (see `RenderSummary.failedClaims`).
    public func render(notebookAt path: String, options: RenderOptions) throws -> RenderSummary {
        let templates = try Self.templates(options)
        let prepared = try ReportPipeline.prepare(notebookAt: path, runner: runner(options), allowOutside: options.allowOutside, maxCost: options.maxCost)
        return try write(prepared, templates: templates, options: options)
    }

    /// Trains and checks the claims, writing nothing. Returns the notebook's title and its claims.
    public func check(notebookAt path: String, options: RenderOptions) throws -> (title: String, claims: [ClaimSummary]) {
        let prepared = try ReportPipeline.prepare(notebookAt: path, runner: runner(options), allowOutside: options.allowOutside, maxCost: options.maxCost)
        return (prepared.notebook.frontMatter.title, summaries(prepared))
    }

    /// Renders every notebook into `<outputRoot>/<notebook name>/`, then the site index
    /// `<outputRoot>/index.html` and `index.md` listing every report in `outputRoot`. Every notebook
    /// is parsed and planned before any training, and the runs of all of them train in one
    /// schedule, each distinct run once. A notebook with bad input, or whose report folder cannot
    /// be written, gets its errors in its outcome and the others go on. The same file named twice
    /// renders once; two notebooks that would write the same folder (names equal but for case) both
    /// fail before training. Throws, before training, for what stops every notebook: templates
    /// that do not load, a site index gradscope did not write; and `RenderInterrupted`. The site
    /// index is written when at least one report was; its failure is in `SiteRenderSummary.index`.
    public func render(notebooksAt paths: [String], options: RenderOptions) throws -> SiteRenderSummary {
        let templates = try Self.templates(options)
        try SiteWriter.checkReplaceable(options.outputRoot)
        let planned = refusingSharedFolders(plan(Self.distinct(paths), options: options), outputRoot: options.outputRoot)
        let trained = train(planned, options: options)
        let outcomes = try trained.map { path, result in
            NotebookOutcome(
                path: path,
                result: try Self.outcomeStoppingOnSignal(path) {
                    let (report, results) = try result.get()
                    return try write(try ReportPipeline.analyse(report, results: results), templates: templates, options: options)
                })
        }
        guard outcomes.contains(where: { (try? $0.result.get()) != nil }) else { return SiteRenderSummary(notebooks: outcomes, index: nil) }
        let index = URL(fileURLWithPath: options.outputRoot).appendingPathComponent("index.html")
        return SiteRenderSummary(
            notebooks: outcomes,
            index: try Self.outcomeStoppingOnSignal(index.relativePath) {
                SiteIndexSummary(path: index.path, reports: try SiteWriter.write(options.outputRoot, templates: templates))
            })
    }

    /// Checks the claims of every notebook, writing nothing: planned first, trained in one
    /// schedule, as `render(notebooksAt:options:)` does; a notebook with bad input gets its errors.
    public func check(notebooksAt paths: [String], options: RenderOptions) -> [NotebookOutcome<CheckSummary>] {
        train(plan(Self.distinct(paths), options: options), options: options).map { path, result in
            NotebookOutcome(
                path: path,
                result: Self.outcome(path) {
                    let (report, results) = try result.get()
                    let prepared = try ReportPipeline.analyse(report, results: results)
                    return CheckSummary(title: prepared.notebook.frontMatter.title, claims: summaries(prepared))
                })
        }
    }

    // MARK: - Phases shared by several notebooks

    private typealias Planned = (path: String, result: Result<PlannedReport, NotebookErrors>)
    private typealias Trained = (path: String, result: Result<(report: PlannedReport, results: [RunResult]), NotebookErrors>)

    private func plan(_ paths: [String], options: RenderOptions) -> [Planned] {
        paths.map { path in
            (path, Self.outcome(path) { try ReportPipeline.planned(notebookAt: path, allowOutside: options.allowOutside, maxCost: options.maxCost) })
        }
    }

    /// Fails, before training, each notebook whose report folder another notebook of the call
    /// would also write (compared without case, as case-insensitive file systems do), that would
    /// take a name of the site index, or that holds something gradscope may not replace (`ReportFolder`).
    private func refusingSharedFolders(_ planned: [Planned], outputRoot: String) -> [Planned] {
        let names = planned.map { (try? $0.result.get())?.notebook.name.lowercased() }
        return planned.enumerated().map { index, entry in
            guard case .success(let report) = entry.result else { return entry }
            let folder = outputRoot + "/" + report.notebook.name
            let others = planned.indices.filter { $0 != index && names[$0] == names[index] }.map { planned[$0].path }
            let problem: NotebookError?
            if let other = others.first {
                problem = NotebookError(file: entry.path, "writes the report folder \(folder), as \(other) does; rename one of the notebooks")
            } else if (SiteWriter.pages + [SiteWriter.recordName]).contains(names[index]!) {
                problem = NotebookError(file: entry.path, "the report folder \(folder) would have the name of a file of the site index; rename the notebook")
            } else {
                problem = nil
            }
            if let problem { return (entry.path, .failure(NotebookErrors(errors: [problem]))) }
            return (
                entry.path,
                Self.outcome(entry.path) {
                    _ = try ReportFolder.isReplaceable(folder)
                    return report
                }
            )
        }
    }

    /// Trains the runs of every planned notebook in one `Runner.run` (`ReportPipeline.train`).
    private func train(_ planned: [Planned], options: RenderOptions) -> [Trained] {
        let reports = planned.compactMap { try? $0.result.get() }
        var results = ReportPipeline.train(reports, runner: runner(options), retry: runner(options, progress: false))[...]
        return planned.map { path, result in
            switch result {
            case .failure(let errors): return (path, .failure(errors))
            case .success(let report):
                defer { results = results.dropFirst() }
                return (path, results.first!.map { (report, $0) }.mapError { NotebookErrors(errors: [$0]) })
            }
        }
    }

    // MARK: - Helpers

    private static func templates(_ options: RenderOptions) throws -> TemplateSet {
        try options.templatesDirectory.map(TemplateSet.load) ?? TemplateSet.builtIn()
    }

    private func write(_ prepared: PreparedReport, templates: TemplateSet, options: RenderOptions) throws -> RenderSummary {
        let files = try ReportFiles(prepared: prepared, templates: templates, renderer: renderer, options: options).make()
        let target = URL(fileURLWithPath: options.outputRoot).appendingPathComponent(prepared.notebook.name)
        try OutputWriter.write(files, to: target)
        return RenderSummary(
            title: prepared.notebook.frontMatter.title, outputDirectory: target.path, files: files.keys.sorted(), claims: summaries(prepared),
            runCount: prepared.allResults.count)
    }

    /// `body`'s value, or its errors as `NotebookErrors` (an error that is not located is located
    /// at the notebook's `path`).
    private static func outcome<Value>(_ path: String, _ body: () throws -> Value) -> Result<Value, NotebookErrors> {
        do {
            return .success(try body())
        } catch let errors as NotebookErrors {
            return .failure(errors)
        } catch {
            return .failure(NotebookErrors(errors: [error as? NotebookError ?? NotebookError(file: path, "\(error)")]))
        }
    }

    /// As `outcome`, but `RenderInterrupted` is thrown: a signal stops every notebook.
    private static func outcomeStoppingOnSignal<Value>(_ path: String, _ body: () throws -> Value) throws -> Result<Value, NotebookErrors> {
        do {
            return .success(try body())
        } catch let interrupted as RenderInterrupted {
            throw interrupted
        } catch {
            return outcome(path) { throw error }
        }
    }

    /// `paths` without the second and later namings of one file (compared after resolving symbolic links).
    private static func distinct(_ paths: [String]) -> [String] {
        var seen: Set<String> = []
        return paths.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path).inserted }
    }

    private func runner(_ options: RenderOptions, progress: Bool = true) -> Runner {
        Runner(
            jobs: max(1, options.jobs), cacheDirectory: options.cacheDirectory, cacheKey: options.cacheKey, offline: options.offline,
            progress: progress ? options.progress : nil, warning: options.warning)
    }

    private func summaries(_ prepared: PreparedReport) -> [ClaimSummary] {
        zip(prepared.cells, prepared.outputs).flatMap { cell, output in
            output.claims.map {
                ClaimSummary(
                    cell: cell.config.id, text: $0.text, passed: $0.passed, evidence: $0.evidence,
                    file: $0.location.file, line: $0.location.line, seeds: $0.seedNote)
            }
        }
    }
}
