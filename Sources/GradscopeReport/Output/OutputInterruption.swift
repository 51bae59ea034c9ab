import Synchronization

/// A render stopped by a signal (SIGINT, SIGTERM) while it wrote its report folder. The folder then
/// holds the previous report, or the new one if the signal came after the swap; no staging folder is left.
public struct RenderInterrupted: Error, Equatable, Sendable {
    public var signal: Int32

    /// The conventional status of a process a signal stopped: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
    public var exitStatus: Int32 { 128 + signal }
}

/// Hands a signal to the report writer when one is under way, so the writer can undo its staging
/// folder instead of dying in the middle. The command line's signal handlers call `receive(_:)`;
/// the writer calls `begin()`, `checkpoint()` between steps and `end()`.
public final class OutputInterruption: Sendable {
    /// The process's one instance, which the command line's signal handlers and `ReportBuilder` share.
    public static let shared = OutputInterruption()

    private struct State {
        var writing = false
        var signal: Int32?
    }

    private let state = Mutex(State())

    public init() {}

    /// Records `signal`. Returns true when a report is being written: the writer stops at its next
    /// step, removes its staging folder and throws `RenderInterrupted`. Returns false when none is:
    /// nothing needs undoing and the caller should exit at once. Either way no write starts after this.
    public func receive(_ signal: Int32) -> Bool {
        state.withLock {
            if $0.signal == nil { $0.signal = signal }
            return $0.writing
        }
    }

    /// Starts the write phase; throws if a signal has already come.
    func begin() throws {
        try state.withLock {
            if let signal = $0.signal { throw RenderInterrupted(signal: signal) }
            $0.writing = true
        }
    }

    /// Throws if a signal has come since `begin()`.
    func checkpoint() throws {
        if let signal = state.withLock({ $0.signal }) { throw RenderInterrupted(signal: signal) }
    }

    /// Ends the write phase; throws if a signal came during it, so none is lost.
    func end() throws {
        try state.withLock {
            $0.writing = false
            if let signal = $0.signal { throw RenderInterrupted(signal: signal) }
        }
    }
}
