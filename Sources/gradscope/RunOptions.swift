import ArgumentParser
import Foundation
import GradscopeLab
import GradscopeReport

/// Options shared by every command that trains: parallelism, the run cache and progress output.
struct RunOptions: ParsableArguments {
    @Option(
        name: .shortAndLong, parsing: .unconditional,
        help: ArgumentHelp("Runs trained in parallel (default: the number of cores). The output is identical for every value.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Folder of the run cache.", valueName: "dir"))
    var cacheDirectory: String = ".gradscope-cache"

    @Flag(name: .customLong("no-cache"), help: "Train every run, neither reading nor writing the cache.")
    var noCache = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors and failed claims.")
    var quiet = false

    @Flag(
        name: .customLong("allow-outside"),
        help: "Let CSV datasets lie outside the notebook's folder (refused by default: a notebook may come from a pull request).")
    var allowOutside = false

    @Option(
        name: .customLong("max-cost"),
        help: ArgumentHelp(
            "Refuse, before training, a notebook whose runs are estimated at more than this many floating-point operations (default: \(RunCost.flopsText(WorkBudget.defaultFLOPs)); 0: no limit). See README, \"Work budget and limits\".",
            valueName: "flops"))
    var maxCost: Double?

    @Flag(
        name: .customLong("safe"),
        help: "For untrusted notebooks (e.g. from pull requests): the page leaves out the prose's raw HTML and javascript: links (check writes no page).")
    var safe = false

    @Option(
        name: .customLong("summary"),
        help: ArgumentHelp(
            "Append a Markdown summary to this file (for CI, e.g. \"$GITHUB_STEP_SUMMARY\"): failed claims first, passed ones folded, each linked to its notebook line, within 512 KiB.",
            valueName: "file"))
    var summaryFile: String?

    @Option(
        name: .customLong("annotations"),
        help: ArgumentHelp(
            "github: also print each failed claim and input error as a GitHub Actions workflow command (::error file=…,line=…::…), shown on the pull request's diff; none: do not. Default: github when GITHUB_ACTIONS=true.",
            valueName: "github|none"))
    var annotations: Annotations?

    /// `--annotations`, or the default for this environment.
    var annotationStyle: Annotations { annotations ?? .standard() }

    @Option(
        name: .customLong("shard"),
        help: ArgumentHelp(
            "Train only this shard's runs into the cache and write no report: INDEX/COUNT from 1 (e.g. 2/4), or auto (from GRADSCOPE_SHARD_INDEX and GRADSCOPE_SHARD_COUNT, a Kubernetes Indexed Job or a Slurm array). See README, \"Sharding a sweep across machines\".",
            valueName: "i/n|auto"))
    var shard: String?

    @Flag(name: .customLong("offline"), help: "Train nothing: every run must be in the cache (e.g. merged from shards), else exit 2 listing the missing runs.")
    var offline = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let maxCost, !(maxCost.isFinite && maxCost >= 0) {
            throw ValidationError("--max-cost must be a number of FLOPs, or 0 for no limit, got \(maxCost)")
        }
        if noCache, shard != nil { throw ValidationError("--shard trains into the run cache: it cannot go with --no-cache") }
        if noCache, offline { throw ValidationError("--offline reads every run from the run cache: it cannot go with --no-cache") }
        if offline, shard != nil { throw ValidationError("--shard trains runs and --offline trains none: give one of them") }
        if shard != nil, summaryFile != nil { throw ValidationError("--shard checks no claims, so it writes no --summary: leave it out of the shard jobs") }
        _ = try shardSelection()
    }

    /// The shard `--shard` names, nil without it; a malformed value, or `auto` without a
    /// scheduler's variables, is a usage error.
    func shardSelection() throws -> ShardSelection? {
        guard let shard else { return nil }
        do {
            return try ShardSelection(parsing: shard, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// `GRADSCOPE_CACHE_KEY` as bytes; nil when it is unset or empty.
    var cacheKey: [UInt8]? {
        guard let key = ProcessInfo.processInfo.environment["GRADSCOPE_CACHE_KEY"], !key.isEmpty else { return nil }
        return Array(key.utf8)
    }

    /// What `render` and `check` do first: with `--shard`, train this process's share of the
    /// notebooks' runs and return true (the command is done); otherwise check that an `--offline`
    /// call finds every run cached, and return false.
    func trainedShard(of notebooks: [String]) throws -> Bool {
        if let shard = try shardSelection() {
            try ShardTraining.run(notebooks: notebooks, shard: shard, options: self)
            return true
        }
        try requireCachedWhenOffline(notebooks)
        return false
    }

    /// With `--offline`, throws unless the cache holds every run of `notebooks` (after the checks a
    /// render runs first), before anything is written.
    func requireCachedWhenOffline(_ notebooks: [String]) throws {
        guard offline else { return }
        let plan = try SweepPlan.plan(notebooksAt: notebooks, allowOutside: allowOutside, maxCost: maxCost ?? WorkBudget.defaultFLOPs)
        try plan.requireCached(by: Runner(jobs: jobs, cacheDirectory: cacheDirectory, cacheKey: cacheKey))
    }

    /// Appends one notebook's section of the job summary when `--summary` was given (call once per
    /// notebook; `report` is the path of its index.html, nil for `check`). Paths are shown relative
    /// to the working directory, claims link to their lines under GitHub Actions, and the section
    /// keeps to what is left of `JobSummary.budget` after what the file already holds. A file that
    /// cannot be written is one located line (exit status 2).
    func writeSummary(title: String, claims: [ClaimSummary], report: String?) throws {
        guard let summaryFile else { return }
        if !FileManager.default.fileExists(atPath: summaryFile) {
            guard FileManager.default.createFile(atPath: summaryFile, contents: nil) else {
                throw NotebookError(file: summaryFile, "cannot create the summary file: \(String(cString: strerror(errno)))")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: summaryFile) else {
            throw NotebookError(file: summaryFile, "cannot write the summary file: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        do {
            let written = try handle.seekToEnd()
            let text = JobSummary.markdown(
                title: title, claims: claims, report: report, workingDirectory: FileManager.default.currentDirectoryPath,
                github: GitHubRun(environment: ProcessInfo.processInfo.environment),
                budget: JobSummary.budget - Int(clamping: written))
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw NotebookError(file: summaryFile, "cannot write the summary file: \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
    }

    /// Render options with this command line's parallelism, cache and progress reporting.
    func renderOptions() -> RenderOptions {
        var options = RenderOptions(jobs: jobs, cacheDirectory: noCache ? nil : cacheDirectory)
        options.progress = quiet ? nil : ProgressReporter.make()
        options.backendVersions = Backend.versions
        options.allowOutside = allowOutside
        options.cacheKey = cacheKey
        options.warning = { FileHandle.standardError.write(Data((LogLine.safe("gradscope: warning: \($0)") + "\n").utf8)) }
        if let maxCost { options.maxCost = maxCost }
        options.safe = safe
        options.offline = offline
        return options
    }
}
