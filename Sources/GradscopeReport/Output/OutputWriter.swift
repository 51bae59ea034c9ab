import Foundation

/// Writes a report folder all at once: into a temporary folder beside the target, then renamed
/// into place, so a failure never leaves a half-written report and readers never see one.
enum OutputWriter {
    /// Throws a `NotebookError` naming the folder that could not be written; the previous report, if any, stays.
    static func write(_ files: [String: Data], to target: URL) throws {
        do {
            try replace(target, with: files)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw NotebookError(file: target.path, "cannot write the report here: \(reason)")
        }
    }

    private static func replace(_ target: URL, with files: [String: Data]) throws {
        let manager = FileManager.default
        let parent = target.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: staging)
        do {
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                let url = staging.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            let retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
            if manager.fileExists(atPath: target.path) { try manager.moveItem(at: target, to: retired) }
            try manager.moveItem(at: staging, to: target)
            try? manager.removeItem(at: retired)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
    }
}
