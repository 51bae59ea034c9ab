import ArgumentParser
import GradscopeCairo
import GradscopeReport

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Train a notebook's runs and check its claims, writing no report.",
        discussion: "Prints every claim with the numbers measured. Exits 1 when a claim fails, 2 on bad input. With --shard, trains one shard's runs into the cache and checks nothing; with --offline, trains nothing."
    )

    @Argument(help: "The notebook (Markdown with gradscope cells); with --shard, any number of them.")
    var notebooks: [String]

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
        let (title, claims) = try ReportBuilder(renderer: CairoFigureRenderer()).check(notebookAt: notebook, options: runOptions.renderOptions())
        ClaimPrinter.print(claims, passed: !runOptions.quiet, count: !runOptions.quiet, annotations: runOptions.annotationStyle)
        try runOptions.writeSummary(title: title, claims: claims, report: nil)
        if claims.contains(where: { !$0.passed }) { throw ExitCode(ExitStatus.claimFailed) }
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
        if count, !claims.isEmpty { Swift.print("\(claims.count - failed) of \(claims.count) claims passed") }
    }
}
