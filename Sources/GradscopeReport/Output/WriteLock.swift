import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on a report's lock file, held while one render writes and swaps its folder.
/// Renders of the same report wait for each other; the kernel releases the lock when its holder
/// exits, however it dies. The file is never deleted: deleting it would let two renders lock two
/// different files of the same name.
struct WriteLock {
    private let descriptor: Int32

    /// Closing the descriptor releases the lock.
    func release() {
        close(descriptor)
    }

    /// Waits up to `timeout` seconds for the lock on `paths.lock`, stopping early if `interruption`
    /// has a signal. Throws a `NotebookError` naming the report when another render holds it longer.
    static func acquire(_ paths: ReportPaths, timeout: Double, interruption: OutputInterruption) throws -> WriteLock {
        let descriptor = open(paths.lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw FileSystemError(paths.lock) }
        let lock = WriteLock(descriptor: descriptor)
        let deadline = Date(timeIntervalSinceNow: timeout)
        do {
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else { throw FileSystemError(paths.lock) }
                guard Date() < deadline else {
                    throw NotebookError(
                        file: paths.target,
                        "another gradscope render has held \(paths.lock) for \(String(format: "%g", timeout)) s while writing this report; try again when it has finished"
                    )
                }
                try interruption.checkpoint()
                usleep(20_000)
            }
        } catch {
            lock.release()
            throw error
        }
        return lock
    }
}
