import ArgumentParser
import Foundation
import GradscopeReport

/// Options shared by every command that trains: parallelism, the run cache and progress output.
struct RunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Runs trained in parallel (default: the number of cores). The output is identical for every value.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Folder of the run cache.", valueName: "dir"))
    var cacheDirectory: String = ".gradscope-cache"

    @Flag(name: .customLong("no-cache"), help: "Train every run, neither reading nor writing the cache.")
    var noCache = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .customLong("safe"), help: "For untrusted notebooks (e.g. from pull requests): the page leaves out the prose's raw HTML and javascript: links (check writes no page).")
    var safe = false

    @Option(name: .customLong("summary"), help: ArgumentHelp("Append a Markdown summary of the claims to this file (for CI, e.g. \"$GITHUB_STEP_SUMMARY\").", valueName: "file"))
    var summaryFile: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    /// Appends the job summary when `--summary` was given.
    func writeSummary(title: String, claims: [ClaimSummary], report: String?) throws {
        guard let summaryFile else { return }
        let text = JobSummary.markdown(title: title, claims: claims, report: report)
        if !FileManager.default.fileExists(atPath: summaryFile) {
            guard FileManager.default.createFile(atPath: summaryFile, contents: nil) else {
                throw ValidationError("cannot create the summary file \(summaryFile)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: summaryFile) else { throw ValidationError("cannot write the summary file \(summaryFile)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Render options with this command line's parallelism, cache and progress reporting.
    func renderOptions() -> RenderOptions {
        var options = RenderOptions(jobs: jobs, cacheDirectory: noCache ? nil : cacheDirectory)
        options.progress = quiet ? nil : ProgressReporter.make()
        options.backendVersions = Backend.versions
        options.safe = safe
        return options
    }
}
