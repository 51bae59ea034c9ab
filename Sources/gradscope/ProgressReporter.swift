import Foundation
import Synchronization

/// Progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise (CI logs).
enum ProgressReporter {
    static func make() -> @Sendable (Int, Int, Bool) -> Void {
        let state = ProgressState(start: Date(), isTerminal: isatty(STDERR_FILENO) == 1)
        return { done, total, fromCache in state.report(done: done, total: total, fromCache: fromCache) }
    }
}

private final class ProgressState: Sendable {
    let start: Date
    let isTerminal: Bool
    /// The last tenth printed as a plain line, and the runs so far that came from the cache.
    private let counts = Mutex((lastPlainTenth: -1, cached: 0))

    init(start: Date, isTerminal: Bool) {
        self.start = start
        self.isTerminal = isTerminal
    }

    /// `done` runs of `total` are finished; the one just finished came from the cache or was trained.
    func report(done: Int, total: Int, fromCache: Bool) {
        counts.withLock { counts in report(done: done, total: total, fromCache: fromCache, &counts) }
    }

    private func report(done: Int, total: Int, fromCache: Bool, _ counts: inout (lastPlainTenth: Int, cached: Int)) {
        if fromCache { counts.cached += 1 }
        let cached = counts.cached
        guard total > 0 else { return }
        let source = cached == 0 ? "trained" : "\(done - cached) trained, \(cached) from the cache"
        let elapsed = Date().timeIntervalSince(start)
        if isTerminal {
            let width = 28
            let filled = width * done / total
            let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = "\r\(bar) \(done)/\(total) runs (\(source))  \(seconds(elapsed)) elapsed  ETA \(seconds(eta)) "
            FileHandle.standardError.write(Data(line.utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            let tenth = done * 10 / total
            guard tenth != counts.lastPlainTenth || done == total else { return }
            counts.lastPlainTenth = tenth
            FileHandle.standardError.write(Data("\(done)/\(total) runs (\(source)) \(seconds(elapsed))\n".utf8))
        }
    }

    private func seconds(_ value: TimeInterval) -> String {
        value < 60 ? "\(Int(value.rounded()))s" : "\(Int(value) / 60)m\(Int(value) % 60)s"
    }
}
