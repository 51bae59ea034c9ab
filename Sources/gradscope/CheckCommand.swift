import ArgumentParser
import GradscopeCairo
import GradscopeReport

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Train the notebooks' runs and check their claims, writing no report.",
        discussion: """
            Prints every claim with the numbers measured. Runs shared by several notebooks train once; a notebook with bad \
            input is skipped and the others are checked. Exits with the worst of the notebooks' statuses: 1 when a claim \
            fails, 2 on bad input. With --shard, trains one shard's runs into the cache and checks nothing; with \
            --offline, trains nothing.
            """
    )

    @Argument(help: "The notebooks (Markdown with gradscope cells).")
    var notebooks: [String]

    @OptionGroup var runOptions: RunOptions

    func validate() throws {
        try NotebookArguments.check(notebooks)
    }

    func run() throws {
        if try runOptions.trainedShard(of: notebooks) { return }
        var status = WorstStatus()
        var summaries: [(title: String, claims: [ClaimSummary], report: String?)] = []
        for notebook in ReportBuilder(renderer: CairoFigureRenderer()).check(notebooksAt: notebooks, options: runOptions.renderOptions()) {
            switch notebook.result {
            case .failure(let errors):
                InputErrors.print(errors, annotations: runOptions.annotationStyle)
                status.note(ExitStatus.badInput)
            case .success(let checked):
                ClaimPrinter.print(checked.claims, passed: !runOptions.quiet, count: !runOptions.quiet, annotations: runOptions.annotationStyle)
                summaries.append((checked.title, checked.claims, nil))
                if checked.claims.contains(where: { !$0.passed }) { status.note(ExitStatus.claimFailed) }
            }
        }
        runOptions.writeSummaries(summaries, into: &status)
        try status.exit()
    }
}

/// Claims as lines on stdout: `PASS file:line [cell] claim (seeds)` plus the measured numbers,
/// and after a failed one its workflow command when annotations are on. Failed claims are always
/// printed (`--quiet` keeps them); passed ones and the count on request.
enum ClaimPrinter {
    static func print(_ claims: [ClaimSummary], passed: Bool, count: Bool, annotations: Annotations) {
        for claim in claims where passed || !claim.passed {
            Swift.print(LogLine.safe("\(claim.passed ? "PASS" : "FAIL") \(claim.location) [\(claim.cell)] \(claim.text) (\(claim.seeds))"))
            for line in claim.evidence { Swift.print(LogLine.safe("     " + line)) }
            if let command = annotations.command(for: claim) { Swift.print(command) }
        }
        let failed = claims.filter { !$0.passed }.count
        if count, !claims.isEmpty { Swift.print("\(claims.count - failed) of \(ClaimCount.text(claims.count)) passed") }
    }
}
