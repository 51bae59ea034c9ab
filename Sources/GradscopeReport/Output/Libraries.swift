import CCmarkGFM

/// The libraries gradscope is built from whose versions shape a report's bytes, for the manifest
/// and the reproducibility appendix (Cairo's comes from the drawing back end, `backendVersions`).
public enum Libraries {
    /// Every Swift package Package.swift depends on, named by its URL's last component, at the
    /// exact version Package.swift pins. A test reads Package.swift and fails when the two disagree.
    public static let swiftPackagePins: [String: String] = [
        "swift-argument-parser": "1.8.2",
        "swift-crypto": "4.5.2",
        "swift-mustache": "2.1.1",
        "swift-property-based": "2.0.1",
        "Yams": "6.2.2",
    ]

    /// The pinned packages whose code decides output bytes: the template engine and the YAML parser.
    static let shapingOutput = ["swift-mustache", "Yams"]

    /// The Markdown renderer's version at run time (the system's cmark-gfm), e.g. "0.29.0.gfm.6".
    static var cmarkGFM: String { String(cString: cmark_version_string()) }

    /// cmark-gfm and the output-shaping Swift packages by name, e.g. ["cmark-gfm": "0.29.0.gfm.6", "swift-mustache": "2.1.1", "Yams": "6.2.2"].
    static var versions: [String: String] {
        var versions = ["cmark-gfm": cmarkGFM]
        for name in shapingOutput { versions[name] = swiftPackagePins[name] }
        return versions
    }
}
