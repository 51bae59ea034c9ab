import Foundation
import GradscopeLab

/// Decides whether what sits at a report folder's path is gradscope's to replace, so a render never
/// deletes anything gradscope did not write.
enum ReportFolder {
    /// Returns whether something is at `path` that may be replaced: an empty folder, or a report
    /// gradscope wrote, unchanged: a folder whose manifest.json lists every other file in it with
    /// that file's SHA-256 (files deleted since are fine; Finder's `.DS_Store` files are ignored).
    /// Returns false when nothing is there. Anything else (a file, a symbolic link, a folder without
    /// a manifest, a file the manifest does not list or whose bytes changed) throws a `NotebookError`
    /// naming `path` and what was found.
    static func isReplaceable(_ path: String) throws -> Bool {
        switch try FileSystem.kind(path) {
        case .absent: return false
        case .directory: break
        case .symbolicLink: throw refusal(path, "is a symbolic link, not a gradscope report folder")
        case .file, .other: throw refusal(path, "is a file, not a gradscope report folder")
        }
        let contents = try walk(path)
        if contents.isEmpty { return true }
        guard contents["manifest.json"] == .file else {
            throw refusal(path, "holds \(contents.keys.sorted()[0]) and no manifest.json, so it is not a gradscope report")
        }
        struct Manifest: Decodable {  // the fields that mark a manifest as gradscope's (see DataFiles.manifest)
            var gradscope: String
            var notebook: String
            var files: [String: String]
        }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: path + "/manifest.json"))) else {
            throw refusal(path, "holds a manifest.json gradscope did not write")
        }
        let folders = Set(
            manifest.files.keys.flatMap { file in
                let parts = file.split(separator: "/")
                return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: "/") }
            })
        for (relative, kind) in contents.sorted(by: { $0.key < $1.key }) where relative != "manifest.json" {
            if kind == .directory && folders.contains(relative) { continue }
            if kind == .file && relative.split(separator: "/").last == ".DS_Store" { continue }
            guard kind == .file, let digest = manifest.files[relative] else {
                throw refusal(path, "holds \(relative), which gradscope did not write")
            }
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path + "/" + relative)) else {
                throw FileSystemError(path + "/" + relative, reason: "cannot be read")
            }
            if Digest.sha256Hex(data) != digest { throw refusal(path, "holds \(relative), changed since gradscope wrote it") }
        }
        return true
    }

    /// Every entry under folder `path` by relative path ("figures/a.png"), folders included.
    private static func walk(_ path: String) throws -> [String: FileSystem.Kind] {
        var found: [String: FileSystem.Kind] = [:]
        func visit(_ relative: String) throws {
            for name in try FileSystem.entries(of: relative.isEmpty ? path : path + "/" + relative) {
                let child = relative.isEmpty ? name : relative + "/" + name
                let kind = try FileSystem.kind(path + "/" + child)
                found[child] = kind
                if kind == .directory { try visit(child) }
            }
        }
        try visit("")
        return found
    }

    private static func refusal(_ path: String, _ finding: String) -> NotebookError {
        NotebookError(file: path, "\(finding); not replacing it (move it away or choose another output folder)")
    }
}
