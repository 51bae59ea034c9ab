import ArgumentParser
import Foundation
import GradscopeLab
import GradscopeReport
import Synchronization

/// `render|check NOTEBOOK... --shard i/N`: trains shard i's runs into the cache and writes no
/// report. The notebooks are planned and checked as a render checks them; the distinct runs of all
/// of them are split by `ShardAssignment`. The cache folder is created even when the shard has no runs. Prints one line per run of the shard (trained, or
/// already in the cache) and a count. A run that fails, or a cache that cannot be written (the
/// shard's work would be lost), is an error (exit status 2).
enum ShardTraining {
    static func run(notebooks: [String], shard: ShardSelection, options: RunOptions) throws {
        let plan = try SweepPlan.plan(notebooksAt: notebooks, allowOutside: options.allowOutside, maxCost: options.maxCost ?? WorkBudget.defaultFLOPs)
        let assignment = plan.assignment(shards: shard.count)
        let distinct = plan.distinctRuns
        let mine = distinct.filter { assignment.shardOfHash[$0.contentHash] == shard.index }
        if !options.quiet {
            let flops = RunCost.flopsText(assignment.loads[shard.index - 1])
            let total = RunCost.flopsText(distinct.reduce(0) { $0 + $1.flops })
            print("shard \(shard): \(runs(mine.count)) of \(distinct.count), \(flops) of \(total) FLOPs estimated")
        }
        do {
            // Made even for a shard with no runs, so a later `cache merge shard-*` finds every folder.
            try FileManager.default.createDirectory(atPath: options.cacheDirectory, withIntermediateDirectories: true)
        } catch {
            throw NotebookError(
                file: options.cacheDirectory, "cannot create the run cache: \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
        let cacheFailure = Mutex<String?>(nil)
        let runner = Runner(
            jobs: options.jobs, cacheDirectory: options.cacheDirectory, cacheKey: options.cacheKey,
            progress: options.quiet ? nil : ProgressReporter.make(),
            warning: { message in cacheFailure.withLock { $0 = $0 ?? message } })
        let outcomes = runner.outcomes(mine.map(\.spec))
        for (run, outcome) in zip(mine, outcomes) {
            guard case .success(let done) = outcome else { continue }
            if !options.quiet {
                print(
                    TerminalText.safe(
                        "\(done.fromCache ? "in cache" : "trained ")  \(run.notebook):\(run.line) \(run.name) seed \(run.seedIndex)  \(run.contentHash.prefix(12))"
                    ))
            }
        }
        if let (run, failure) = zip(mine, outcomes).lazy.compactMap({ run, outcome in
            if case .failure(let error) = outcome { (run, error) } else { nil }
        }).first {
            throw NotebookError(file: run.notebook, line: run.line, "training \(run.name) seed \(run.seedIndex) failed: \(failure)")
        }
        if let message = cacheFailure.withLock({ $0 }) {
            throw NotebookError(file: options.cacheDirectory, "\(message); the shard's runs were not all stored")
        }
        if !options.quiet {
            let fromCache = outcomes.filter { (try? $0.get().fromCache) == true }.count
            print(TerminalText.safe("shard \(shard): \(mine.count - fromCache) trained, \(fromCache) already in the cache \(options.cacheDirectory)"))
        }
    }

    private static func runs(_ count: Int) -> String {
        count == 1 ? "1 run" : "\(RunCost.countText(count)) runs"
    }
}

/// The notebooks `render` and `check` take: at least one (every shard job of a sweep splits the
/// runs of the same list).
enum NotebookArguments {
    static func check(_ notebooks: [String]) throws {
        guard !notebooks.isEmpty else { throw ValidationError("give a notebook (Markdown with gradscope cells)") }
    }
}
