import ArgumentParser
import Foundation
import GradscopeCairo
import GradscopeCharts
import GradscopeReport

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Train the notebooks' runs and write their reports: index.html, report.md, figures/, data/, manifest.json.",
        discussion: """
            Writes OUT/<notebook name>/ all at once (a failed or interrupted render leaves the previous report untouched), \
            replacing only an earlier report gradscope wrote, then the site index OUT/index.html and OUT/index.md listing \
            every report in OUT. Runs shared by several notebooks train once; a notebook with bad input is skipped and the \
            others are written. Exits with the worst of the notebooks' statuses: 1 when a claim fails, 2 on bad input; \
            130/143 on SIGINT/SIGTERM. With --shard, trains one shard's runs into the cache and writes no report; with \
            --offline, trains nothing.
            """
    )

    @Argument(help: "The notebooks (Markdown with gradscope cells).")
    var notebooks: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Parent folder of the report folders and the site index.", valueName: "dir"))
    var out: String = "public"

    @Option(
        name: .customLong("templates"),
        help: ArgumentHelp("A templates folder to use instead of the built-in one (see `gradscope templates export`).", valueName: "dir"))
    var templatesDirectory: String?

    @Option(name: .customLong("figure-format"), help: ArgumentHelp("png, svg or both.", valueName: "format"))
    var figureFormat: FigureFormatOption = .png

    @Flag(name: .customLong("self-contained"), help: "Inline figures and CSS into a single index.html.")
    var selfContained = false

    @OptionGroup var runOptions: RunOptions

    func validate() throws {
        try NotebookArguments.check(notebooks)
    }

    func run() throws {
        if try runOptions.trainedShard(of: notebooks) { return }
        var options = runOptions.renderOptions()
        options.outputRoot = out
        options.templatesDirectory = templatesDirectory
        options.figureFormats = figureFormat.formats
        options.selfContained = selfContained
        SignalHandling.install()
        let site: SiteRenderSummary
        do {
            site = try ReportBuilder(renderer: CairoFigureRenderer()).render(notebooksAt: notebooks, options: options)
        } catch let interrupted as RenderInterrupted {
            throw ExitCode(interrupted.exitStatus)
        }
        var status = WorstStatus()
        var summaries: [(title: String, claims: [ClaimSummary], report: String?)] = []
        for notebook in site.notebooks {
            switch notebook.result {
            case .failure(let errors):
                InputErrors.print(errors, annotations: runOptions.annotationStyle)
                status.note(ExitStatus.badInput)
            case .success(let summary):
                if !runOptions.quiet {
                    print(LogLine.safe("wrote \(summary.outputDirectory)/index.html (\(summary.files.count) files, \(summary.runCount) runs)"))
                }
                ClaimPrinter.print(summary.claims, passed: false, count: !runOptions.quiet, annotations: runOptions.annotationStyle)
                summaries.append((summary.title, summary.claims, "\(summary.outputDirectory)/index.html"))
                if summary.failedClaims > 0 { status.note(ExitStatus.claimFailed) }
            }
        }
        switch site.index {
        case .success(let index)?:
            if !runOptions.quiet { print(LogLine.safe("wrote \(index.path) (site index of \(index.reports) report\(index.reports == 1 ? "" : "s"))")) }
        case .failure(let errors)?:
            InputErrors.print(errors, annotations: runOptions.annotationStyle)
            status.note(ExitStatus.badInput)
        case nil:
            break
        }
        runOptions.writeSummaries(summaries, into: &status)
        try status.exit()
    }
}

enum FigureFormatOption: String, ExpressibleByArgument, CaseIterable {
    case png, svg, both

    var formats: [FigureFormat] {
        switch self {
        case .png: [.png]
        case .svg: [.svg]
        case .both: [.png, .svg]
        }
    }
}
