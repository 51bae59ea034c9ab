/// Paths as a repository sees them. GitHub resolves the file of an annotation and the path of a
/// blob link against the repository root, the working directory of a workflow step, and a job
/// summary must not show a runner's absolute paths.
public enum WorkingDirectoryPath {
    /// `path` (absolute, or relative to `directory`) relative to the absolute `directory` when it
    /// lies inside it, `.` and `..` resolved lexically: "./reports/x.md" and "/repo/reports/x.md"
    /// from "/repo" both give "reports/x.md". Nil when it lies outside ("../x.md",
    /// "/elsewhere/x.md") or is the directory itself.
    public static func relative(_ path: String, to directory: String) -> String? {
        let base = components(directory)
        let target = components(path.hasPrefix("/") ? path : directory + "/" + path)
        guard target.count > base.count, target.starts(with: base) else { return nil }
        return target.dropFirst(base.count).joined(separator: "/")
    }

    /// The names along an absolute path, with empty names and `.` dropped and `..` taking one off.
    private static func components(_ absolute: String) -> [Substring] {
        var names: [Substring] = []
        for name in absolute.split(separator: "/") where name != "." {
            if name == ".." { _ = names.popLast() } else { names.append(name) }
        }
        return names
    }
}
