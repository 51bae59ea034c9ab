import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The report folder `<parent>/<name>` and what a render keeps beside it, named for the report and
/// the writing process so they never collide with anything else:
/// `.<name>.partial-<pid>`: the new report being written (after the swap, the previous one being deleted);
/// `.<name>.old-<pid>`: the previous report between the two renames of the fallback swap;
/// `.<name>.lock`: the lock file that serialises renders of this report (an empty file, left in place).
struct ReportPaths {
    var parent: String
    var name: String

    /// `target` as the user gave it (relative paths stay relative, so messages show what was typed).
    init(_ target: URL) {
        parent = FileSystem.parent(of: target.relativePath)
        name = target.lastPathComponent
    }

    var target: String { parent + "/" + name }
    var lock: String { parent + "/.\(name).lock" }
    func staging(_ pid: pid_t) -> String { parent + "/" + leftoverName(.staging, pid) }
    func retired(_ pid: pid_t) -> String { parent + "/" + leftoverName(.retired, pid) }

    private enum Leftover: String, CaseIterable {
        case staging = "partial"
        case retired = "old"
    }

    private func prefix(_ kind: Leftover) -> String { ".\(name).\(kind.rawValue)-" }
    private func leftoverName(_ kind: Leftover, _ pid: pid_t) -> String { prefix(kind) + "\(pid)" }

    /// Removes this report's staging and retired folders left by processes that no longer run (a
    /// render killed mid-write), and this process's own (stale by definition while it holds the lock).
    /// Never touches one whose process runs, nor any name outside the pattern.
    func removeStaleLeftovers() throws {
        let own = getpid()
        for entry in try FileSystem.entries(of: parent) {
            for kind in Leftover.allCases {
                let start = prefix(kind)
                guard entry.hasPrefix(start), let pid = pid_t(entry.dropFirst(start.count)), pid > 0,
                    entry == leftoverName(kind, pid)
                else { continue }
                if pid == own || (kill(pid, 0) != 0 && errno == ESRCH) { FileSystem.removeTree(parent + "/" + entry) }
            }
        }
    }
}
