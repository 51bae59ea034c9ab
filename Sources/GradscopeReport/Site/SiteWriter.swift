import Foundation
import GradscopeLab

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes the site index (`index.html`, `index.md`) into an output folder, never over a file
/// gradscope did not write. What it wrote is recorded in `.gradscope-site.json` beside them (the
/// SHA-256 of each page), and a page is replaced only when it is absent or its bytes are ones the
/// record lists. Every file is written beside its target (`.<name>.partial-<pid>`, see
/// `ReportPaths`) and renamed into place; writers of one folder take turns on `.index.html.lock`.
enum SiteWriter {
    static let pages = ["index.html", "index.md"]
    static let recordName = ".gradscope-site.json"

    /// The record: each page's accepted digests. It holds two for a page only between writing a new
    /// record and renaming the new page into place, so a writer killed in between leaves both the
    /// old and the new page acceptable.
    struct Record: Codable, Equatable {
        var gradscope: String
        var files: [String: [String]]
    }

    /// Throws a `NotebookError` naming the first page (or record) in `root` that gradscope may not
    /// replace; returns the record (empty when there is none yet).
    @discardableResult
    static func checkReplaceable(_ root: String) throws -> Record {
        do {
            return try readRecord(root)
        } catch let error as FileSystemError {
            throw NotebookError(file: root + "/index.html", "cannot read the site index's folder: \(error)")
        }
    }

    private static func readRecord(_ root: String) throws -> Record {
        var record = Record(gradscope: GradscopeVersion.current, files: [:])
        let recordPath = root + "/" + recordName
        switch try FileSystem.kind(recordPath) {
        case .absent: break
        case .file:
            guard let data = FileManager.default.contents(atPath: recordPath), let read = try? JSONDecoder().decode(Record.self, from: data) else {
                throw refusal(recordPath, "is not gradscope's record of the site index it wrote")
            }
            record = read
        default:
            throw refusal(recordPath, "is not a file, so not gradscope's record of the site index")
        }
        for page in pages {
            let path = root + "/" + page
            switch try FileSystem.kind(path) {
            case .absent: continue
            case .file:
                guard let data = FileManager.default.contents(atPath: path) else { throw FileSystemError(path, reason: "cannot be read") }
                guard record.files[page]?.contains(Digest.sha256Hex(data)) == true else {
                    throw refusal(path, "was not written by gradscope, or was changed since")
                }
            case .directory, .symbolicLink, .other:
                throw refusal(path, "is not a file gradscope wrote")
            }
        }
        return record
    }

    /// Lists every report in `root` (`SiteEntry.scan`) in `index.html` and `index.md`, replacing
    /// the previous site index; returns the number of reports listed. Refuses like `checkReplaceable`;
    /// a file-system failure is a `NotebookError` naming the page; a signal `interruption` receives
    /// before the pages are renamed into place throws `RenderInterrupted`, leaving the previous index.
    static func write(
        _ root: String, templates: TemplateSet, interruption: OutputInterruption = .shared,
        lockTimeout: Double = OutputWriter.lockTimeout
    ) throws -> Int {
        try interruption.begin()
        do {
            let count = try replace(root, templates: templates, interruption: interruption, lockTimeout: lockTimeout)
            try interruption.end()
            return count
        } catch {
            try interruption.end()
            if let error = error as? FileSystemError { throw NotebookError(file: root + "/index.html", "cannot write the site index here: \(error)") }
            throw error
        }
    }

    private static func replace(_ root: String, templates: TemplateSet, interruption: OutputInterruption, lockTimeout: Double) throws -> Int {
        try FileSystem.makeDirectories(root)
        let paths = Dictionary(uniqueKeysWithValues: (pages + [recordName]).map { ($0, ReportPaths(URL(fileURLWithPath: root).appendingPathComponent($0))) })
        let lock = try WriteLock.acquire(paths["index.html"]!, timeout: lockTimeout, interruption: interruption)
        defer { lock.release() }
        for path in paths.values { try path.removeStaleLeftovers() }
        let previous = try readRecord(root)
        let entries = try SiteEntry.scan(root)
        let files = try SiteIndex.files(entries, templates: templates)
        let digests = files.mapValues { Digest.sha256Hex($0) }
        var staged: [String] = []
        do {
            try interruption.checkpoint()
            var both = previous
            both.gradscope = GradscopeVersion.current
            for page in pages { both.files[page] = (both.files[page] ?? []).filter { $0 != digests[page]! } + [digests[page]!] }
            try place(try encode(both), paths[recordName]!, staged: &staged)
            for page in pages {
                try interruption.checkpoint()
                try stage(files[page]!, paths[page]!, staged: &staged)
            }
            try interruption.checkpoint()
            for page in pages { try FileSystem.move(paths[page]!.staging(getpid()), to: paths[page]!.target) }
            staged = []
            try place(try encode(Record(gradscope: GradscopeVersion.current, files: digests.mapValues { [$0] })), paths[recordName]!, staged: &staged)
        } catch {
            for file in staged { FileSystem.removeTree(file) }
            throw error
        }
        return entries.count
    }

    /// Writes `data` to the staging name of `paths` (this process's), remembering it for cleanup.
    private static func stage(_ data: Data, _ paths: ReportPaths, staged: inout [String]) throws {
        let staging = paths.staging(getpid())
        staged.append(staging)
        try FileSystem.writeNewFile(staging, data)
    }

    /// Stages `data` and renames it over `paths.target`.
    private static func place(_ data: Data, _ paths: ReportPaths, staged: inout [String]) throws {
        try stage(data, paths, staged: &staged)
        try FileSystem.move(paths.staging(getpid()), to: paths.target)
        staged.removeLast()
    }

    private static func encode(_ record: Record) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(record)
        data.append(0x0A)
        return data
    }

    private static func refusal(_ path: String, _ finding: String) -> NotebookError {
        NotebookError(file: path, "\(finding); not replacing it with the site index (move it away or choose another output folder)")
    }
}
