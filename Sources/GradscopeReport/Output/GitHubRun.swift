/// The GitHub Actions run a command belongs to, from the variables the runner sets: where a job
/// summary's links lead (a notebook's line on the commit being built, the run's artifacts).
public struct GitHubRun: Sendable, Equatable {
    /// `GITHUB_SERVER_URL`, e.g. "https://github.com".
    public var serverURL: String
    /// `GITHUB_REPOSITORY`, "owner/name".
    public var repository: String
    /// `GITHUB_SHA`, the commit the workflow runs on.
    public var commit: String
    /// `GITHUB_RUN_ID`, when set.
    public var runID: String?

    public init(serverURL: String, repository: String, commit: String, runID: String? = nil) {
        self.serverURL = serverURL
        self.repository = repository
        self.commit = commit
        self.runID = runID
    }

    /// The run described by `environment`; nil outside GitHub Actions (`GITHUB_ACTIONS` is not
    /// "true") or when the server (http or https), repository or commit is missing.
    public init?(environment: [String: String]) {
        guard environment["GITHUB_ACTIONS"] == "true",
            let server = environment["GITHUB_SERVER_URL"], server.hasPrefix("https://") || server.hasPrefix("http://"),
            let repository = environment["GITHUB_REPOSITORY"], !repository.isEmpty,
            let commit = environment["GITHUB_SHA"], !commit.isEmpty
        else { return nil }
        let runID = environment["GITHUB_RUN_ID"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(serverURL: server, repository: repository, commit: commit, runID: runID)
    }

    /// `<server>/<repository>/blob/<commit>/<path>#L<line>` for a path relative to the repository root.
    public func sourceURL(path: String, line: Int) -> String {
        "\(base)/blob/\(Self.encoded(commit, keeping: ""))/\(Self.encoded(path, keeping: "/"))#L\(line)"
    }

    /// `<server>/<repository>/actions/runs/<run id>#artifacts`, when the run id is known.
    public var artifactsURL: String? {
        runID.map { "\(base)/actions/runs/\(Self.encoded($0, keeping: ""))#artifacts" }
    }

    private var base: String {
        var server = Self.encoded(serverURL, keeping: ":/")
        while server.hasSuffix("/") { server.removeLast() }
        return "\(server)/\(Self.encoded(repository, keeping: "/"))"
    }

    /// Percent-encodes every UTF-8 byte but ASCII letters, digits, `-._~` and the characters in
    /// `keeping`: the result holds nothing a Markdown link destination or an HTML attribute could
    /// read as its end (spaces, parentheses, `<`, `>`, quotes) or a table as a cell border (`|`).
    static func encoded(_ text: String, keeping: String) -> String {
        let kept = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8).union(keeping.utf8)
        var out = ""
        for byte in text.utf8 {
            if kept.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
