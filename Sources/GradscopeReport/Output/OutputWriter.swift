import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a report folder all at once: into a staging folder beside the target, then swapped into
/// place in one atomic exchange, so at every moment the target holds a complete report (the
/// previous one or the new one) and a failure, a signal or a kill never leaves a half-written one.
/// Names beside the target: see `ReportPaths`.
enum OutputWriter {
    /// How long a render waits for another render of the same report to finish writing.
    static let lockTimeout: Double = 60

    /// Replaces the folder at `target` with `files` (by relative path), in this order:
    /// refuses (a `NotebookError`, nothing written) unless `ReportFolder.isReplaceable` allows it;
    /// takes the report's lock (waiting up to `lockTimeout` seconds); removes stale leftovers of
    /// killed renders; checks the target again; writes the staging folder; exchanges it with the
    /// target (on a file system without exchange, two renames); deletes the previous report.
    /// A file-system failure throws a one-line `NotebookError` ("cannot write the report here: …")
    /// and leaves the previous report; a signal `interruption` receives throws `RenderInterrupted`,
    /// after removing the staging folder.
    static func write(
        _ files: [String: Data], to target: URL, interruption: OutputInterruption = .shared,
        lockTimeout: Double = lockTimeout
    ) throws {
        let paths = ReportPaths(target)
        try interruption.begin()
        do {
            try replace(paths, with: files, interruption: interruption, lockTimeout: lockTimeout)
        } catch {
            try interruption.end()
            if let error = error as? FileSystemError { throw NotebookError(file: paths.target, "cannot write the report here: \(error)") }
            throw error
        }
        try interruption.end()
    }

    private static func replace(_ paths: ReportPaths, with files: [String: Data], interruption: OutputInterruption, lockTimeout: Double) throws {
        _ = try ReportFolder.isReplaceable(paths.target)  // before the lock file exists, so a refusal writes nothing
        try FileSystem.makeDirectories(paths.parent)
        let lock = try WriteLock.acquire(paths, timeout: lockTimeout, interruption: interruption)
        defer { lock.release() }
        try paths.removeStaleLeftovers()
        let replacing = try ReportFolder.isReplaceable(paths.target)  // again: another render may have written it meanwhile
        let staging = paths.staging(getpid())
        do {
            try FileSystem.makeDirectories(staging)
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                try interruption.checkpoint()
                let file = staging + "/" + path
                try FileSystem.makeDirectories(FileSystem.parent(of: file))
                try FileSystem.writeNewFile(file, data)
            }
            try interruption.checkpoint()
            if !replacing {
                try FileSystem.move(staging, to: paths.target)
            } else if try FileSystem.exchange(staging, paths.target) {
                FileSystem.removeTree(staging)  // now the previous report
            } else {
                try swapByRenaming(staging, paths)
            }
        } catch {
            FileSystem.removeTree(staging)
            throw error
        }
    }

    /// The fallback swap: the previous report moves aside, then the new one moves in. A kill
    /// between the two renames leaves no report at the target (the previous one stays, retired).
    static func swapByRenaming(_ staging: String, _ paths: ReportPaths) throws {
        let retired = paths.retired(getpid())
        try FileSystem.move(paths.target, to: retired)
        do {
            try FileSystem.move(staging, to: paths.target)
        } catch {
            try? FileSystem.move(retired, to: paths.target)
            throw error
        }
        FileSystem.removeTree(retired)
    }
}
