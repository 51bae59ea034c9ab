/// Bad input, located: `file:line:column: error: message`. Every user-facing error of the report
/// layer is one of these, so the CLI can print one line and exit with status 2.
public struct NotebookError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    /// 1-based; nil when the problem is not tied to a line (a missing file).
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let line, let column, line > 0 { location += ":\(column)" }
        return "\(location): error: \(message)"
    }
}

/// A place in a notebook.
struct SourceLocation: Hashable, Sendable {
    var file: String
    var line: Int
    var column: Int?

    func error(_ message: String) -> NotebookError {
        NotebookError(file: file, line: line, column: column, message)
    }
}

/// "did you mean" support: the closest candidate within a small edit distance.
enum Suggestion {
    /// The candidate nearest to `word` by Levenshtein distance, if it is at most a third of the word's length (min 2).
    static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        let ranked = candidates.map { (candidate: $0, distance: editDistance(word.lowercased(), $0.lowercased())) }
            .filter { $0.distance <= limit }
            .sorted { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }
        return ranked.first?.candidate
    }

    /// " (did you mean 'x'?)" or "".
    static func hint(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

/// Several located errors found together (every name in a notebook is checked before training):
/// one `NotebookError` line each, in notebook order.
public struct NotebookErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [NotebookError]

    public init(errors: [NotebookError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
