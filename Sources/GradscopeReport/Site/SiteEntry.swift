import Foundation

/// One report as the site index lists it, read from its folder's manifest.json.
struct SiteEntry: Equatable {
    /// The report folder's name inside the output folder.
    var folder: String
    var title: String
    var description: String?
    /// Nil for a report whose manifest predates claim counts.
    var claims: ClaimCounts?
    /// The first figure, by path inside the report folder; nil when the report has none as files.
    var thumbnail: FigureFiles?

    /// Every gradscope report directly inside `root`, sorted by title (case folded first), then
    /// title, then folder name. A report is a folder (not a symbolic link, not a hidden name such
    /// as a render's staging folder) whose manifest.json gradscope wrote; anything else is skipped.
    static func scan(_ root: String) throws -> [SiteEntry] {
        var entries: [SiteEntry] = []
        for name in try FileSystem.entries(of: root) where !name.hasPrefix(".") {
            let folder = root + "/" + name
            guard try FileSystem.kind(folder) == .directory, try FileSystem.kind(folder + "/manifest.json") == .file,
                let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
                let manifest = try? JSONDecoder().decode(SiteManifest.self, from: data)
            else { continue }
            entries.append(try SiteEntry(folder: name, manifest: manifest, at: folder))
        }
        return entries.sorted { ($0.title.lowercased(), $0.title, $0.folder) < ($1.title.lowercased(), $1.title, $1.folder) }
    }

    /// The entry for the report in `path` (named `folder`): a missing or blank title falls back to
    /// the folder's name; a thumbnail only when both of its files are listed in the manifest,
    /// inside the folder and there.
    init(folder: String, manifest: SiteManifest, at path: String) throws {
        self.folder = folder
        let title = manifest.title ?? ""
        self.title = title.allSatisfy(\.isWhitespace) ? folder : title
        description = manifest.description.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        claims = manifest.claims
        if let figure = manifest.firstFigure, figure.width > 0, figure.height > 0,
            try [figure.light, figure.dark].allSatisfy({ try Self.isReportFile($0, manifest: manifest, in: path) })
        {
            thumbnail = figure
        }
    }

    /// Whether `relative` names a file the manifest lists, by a plain path that stays inside the
    /// report folder, and that file is there.
    private static func isReportFile(_ relative: String, manifest: SiteManifest, in folder: String) throws -> Bool {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard manifest.files[relative] != nil, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return false }
        return try FileSystem.kind(folder + "/" + relative) == .file
    }
}

/// Relative URLs for the index's links: every byte of each path segment outside the unreserved
/// characters (RFC 3986: letters, digits, `-`, `.`, `_`, `~`) percent-encoded, so a folder or file
/// name cannot end an HTML attribute, a Markdown link or start a query or fragment.
enum URLPath {
    static func encode(_ relative: String) -> String {
        relative.split(separator: "/", omittingEmptySubsequences: false).map(segment).joined(separator: "/")
    }

    private static func segment(_ text: Substring) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
