import ArgumentParser
import Foundation
import GradscopeReport

/// Options shared by every command that trains: parallelism, the run cache and progress output.
struct RunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Runs trained in parallel (default: the number of cores). The output is identical for every value.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("cache-dir"), help: "Folder of the run cache.")
    var cacheDirectory: String = ".gradscope-cache"

    @Flag(name: .customLong("no-cache"), help: "Train every run, neither reading nor writing the cache.")
    var noCache = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    /// Render options with this command line's parallelism, cache and progress reporting.
    func renderOptions() -> RenderOptions {
        var options = RenderOptions(jobs: jobs, cacheDirectory: noCache ? nil : cacheDirectory)
        options.progress = quiet ? nil : ProgressReporter.make()
        options.backendVersions = Backend.versions
        return options
    }
}
