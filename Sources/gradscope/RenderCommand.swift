import ArgumentParser
import Foundation
import GradscopeCairo
import GradscopeCharts
import GradscopeReport

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Train a notebook's runs and write its report: index.html, report.md, figures/, data/, manifest.json.",
        discussion: """
        Writes OUT/<notebook name>/ all at once (a failed or interrupted render leaves the previous report untouched), \
        replacing only an earlier report gradscope wrote. Exits 1 when a claim fails, 2 on bad input, 130/143 on SIGINT/SIGTERM. \
        With --shard, trains one shard's runs into the cache and writes no report; with --offline, trains nothing.
        """
    )

    @Argument(help: "The notebook (Markdown with gradscope cells); with --shard, any number of them.")
    var notebooks: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Parent folder of the report folder.", valueName: "dir"))
    var out: String = "public"

    @Option(name: .customLong("templates"), help: ArgumentHelp("A templates folder to use instead of the built-in one (see `gradscope templates export`).", valueName: "dir"))
    var templatesDirectory: String?

    @Option(name: .customLong("figure-format"), help: ArgumentHelp("png, svg or both.", valueName: "format"))
    var figureFormat: FigureFormatOption = .png

    @Flag(name: .customLong("self-contained"), help: "Inline figures and CSS into a single index.html.")
    var selfContained = false

    @OptionGroup var runOptions: RunOptions

    func validate() throws {
        try NotebookArguments.check(notebooks, runOptions: runOptions)
    }

    func run() throws {
        if let shard = try runOptions.shardSelection() {
            return try ShardTraining.run(notebooks: notebooks, shard: shard, options: runOptions)
        }
        try runOptions.requireCachedWhenOffline(notebooks)
        let notebook = notebooks[0]
        var options = runOptions.renderOptions()
        options.outputRoot = out
        options.templatesDirectory = templatesDirectory
        options.figureFormats = figureFormat.formats
        options.selfContained = selfContained
        SignalHandling.install()
        let summary: RenderSummary
        do {
            summary = try ReportBuilder(renderer: CairoFigureRenderer()).render(notebookAt: notebook, options: options)
        } catch let interrupted as RenderInterrupted {
            throw ExitCode(interrupted.exitStatus)
        }
        if !runOptions.quiet {
            print(LogLine.safe("wrote \(summary.outputDirectory)/index.html (\(summary.files.count) files, \(summary.runCount) runs)"))
        }
        ClaimPrinter.print(summary.claims, passed: false, count: !runOptions.quiet, annotations: runOptions.annotationStyle)
        try runOptions.writeSummary(title: summary.title, claims: summary.claims, report: "\(summary.outputDirectory)/index.html")
        if summary.failedClaims > 0 { throw ExitCode(ExitStatus.claimFailed) }
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
