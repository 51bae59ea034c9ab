import Dispatch
import Foundation
import GradscopeReport

/// SIGINT and SIGTERM during a render: exit with 128 + the signal (130, 143) and leave no staging
/// folder. Outside the write phase the process exits at once (there is nothing to undo); inside it
/// the report writer removes its staging folder and throws `RenderInterrupted`, which `RenderCommand`
/// turns into the exit status.
enum SignalHandling {
    /// Installs the handlers for the rest of the process; call once, before the render starts.
    static func install() {
        for signal in [SIGINT, SIGTERM] {
            Foundation.signal(signal, SIG_IGN)  // delivered to the dispatch source below instead
            let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
            source.setEventHandler {
                if !OutputInterruption.shared.receive(signal) { _exit(128 + signal) }
            }
            source.resume()
            sources.append(source)
        }
    }

    private static let queue = DispatchQueue(label: "gradscope.signals")
    /// Kept so the sources live as long as the process.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
}
