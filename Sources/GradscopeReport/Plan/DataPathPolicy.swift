import Foundation

/// Where a notebook may read data from. A notebook can come from a pull request, and CI logs are
/// often public: a CSV `path` must lie inside the notebook's folder after following symbolic links
/// (no absolute path elsewhere, no `../`, no link out), unless the user allows it with
/// `--allow-outside`.
enum DataPathPolicy {
    /// The folder holding `notebookPath` (`.` for a bare file name).
    static func folder(of notebookPath: String) -> String {
        guard let slash = notebookPath.lastIndex(of: "/") else { return "." }
        let folder = String(notebookPath[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// `path` as seen from the working directory: joined to the notebook's folder unless absolute.
    static func resolve(_ path: String, notebookPath: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let folder = folder(of: notebookPath)
        return folder == "." ? path : folder + "/" + path
    }

    /// Throws unless `path` (as written in the notebook, at `location`) resolves inside the
    /// notebook's folder. A file that does not exist is left to the loader to report.
    static func check(_ written: String, notebookPath: String, allowOutside: Bool, at location: SourceLocation) throws {
        guard !allowOutside, let real = realPath(resolve(written, notebookPath: notebookPath)),
            let root = realPath(folder(of: notebookPath))
        else { return }
        let inside = root == "/" ? real.hasPrefix("/") : real == root || real.hasPrefix(root + "/")
        guard inside else {
            throw location.error(
                "the CSV path '\(written)' leads outside the notebook's folder; keep the data beside the notebook, or pass --allow-outside to read it anyway")
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
