import ArgumentParser
import Foundation
import GradscopeLab
import GradscopeReport

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Work with run caches.",
        subcommands: [CacheMergeCommand.self]
    )
}

struct CacheMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Copy the entries of other run caches (e.g. one per shard) into the cache, verifying each.",
        discussion: """
            Every entry is verified as a render would (its checksum, or its HMAC when GRADSCOPE_CACHE_KEY is set; its \
            contents; its name) before it is copied, and put in place atomically; an entry already in the cache is never \
            replaced. An entry that does not verify is not copied and is reported, one line each: the merge copies the \
            others, then exits 2.
            """
    )

    @Argument(help: ArgumentHelp("Cache folders to copy from.", valueName: "src-dir"))
    var sources: [String]

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("The cache to copy into (created if needed).", valueName: "dir"))
    var cacheDirectory: String = ".gradscope-cache"

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard !sources.isEmpty else { throw ValidationError("give the cache folders to merge (e.g. shard-1 shard-2)") }
    }

    func run() throws {
        let key = ProcessInfo.processInfo.environment["GRADSCOPE_CACHE_KEY"].flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        let summary: CacheMergeSummary
        do {
            summary = try RunCache(directory: cacheDirectory, key: key).merge(from: sources)
        } catch let error as CacheSourceError {
            throw NotebookError(file: error.directory, "cannot read the cache folder: \(error.reason)")
        } catch let error as RunCacheError {
            throw NotebookError(file: error.directory, "cannot write the run cache: \(error.reason)")
        }
        if !quiet {
            var counts = ["\(summary.copied) copied", "\(summary.alreadyThere) already there"]
            if summary.keptExisting > 0 { counts.append("\(summary.keptExisting) kept (the cache holds the same run, sealed differently)") }
            if !summary.refused.isEmpty { counts.append("\(summary.refused.count) refused") }
            let folders = sources.count == 1 ? "1 folder" : "\(sources.count) folders"
            print(TerminalText.safe("merged \(folders) into \(cacheDirectory): \(counts.joined(separator: ", "))"))
        }
        for (path, problem) in summary.refused {
            FileHandle.standardError.write(Data("gradscope: \(TerminalText.safe("\(path): error: \(problem)"))\n".utf8))
        }
        if !summary.refused.isEmpty { throw ExitCode(ExitStatus.badInput) }
    }
}
