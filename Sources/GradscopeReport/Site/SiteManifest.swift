/// What a report's manifest.json tells the site index (`SiteIndex`), beside the files and
/// versions it records for `ReportFolder`: written by `DataFiles.manifest`, read back by `SiteEntry`.
/// The keys are optional when read, so a report from an older gradscope is still listed.
struct SiteManifest: Decodable {
    /// The keys that mark a manifest as gradscope's (as `ReportFolder` requires).
    var gradscope: String
    var notebook: String
    var files: [String: String]
    var title: String?
    var description: String?
    var claims: ClaimCounts?
    var firstFigure: FigureFiles?
}

/// How a report's claims came out, for the index's badge.
struct ClaimCounts: Codable, Equatable {
    var passed: Int
    var failed: Int
}

/// A figure's files as the report page shows it (light, and dark for `prefers-color-scheme: dark`),
/// by path inside the report folder, and its size in CSS pixels.
struct FigureFiles: Codable, Equatable {
    var light: String
    var dark: String
    var width: Int
    var height: Int
}
