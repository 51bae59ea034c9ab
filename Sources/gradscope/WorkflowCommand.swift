/// GitHub Actions workflow commands: building `::error file=F,line=L,title=T::message` lines with
/// the escaping of GitHub's own toolkit (`@actions/core`), and keeping user text in every other
/// line gradscope prints from being read as one.
enum WorkflowCommand {
    /// An error annotation on `file` (at `line` and `column` when known), shown on that line of a
    /// pull request's diff; `message` may hold several lines.
    static func error(_ message: String, title: String, file: String?, line: Int? = nil, column: Int? = nil) -> String {
        let line = line.flatMap { $0 > 0 ? $0 : nil }
        var properties: [(String, String)] = []
        if let file, !file.isEmpty { properties.append(("file", file)) }
        if let line { properties.append(("line", "\(line)")) }
        if line != nil, let column, column > 0 { properties.append(("col", "\(column)")) }
        properties.append(("title", title))
        return "::error " + properties.map { "\($0)=\(escapeProperty($1))" }.joined(separator: ",") + "::" + escapeData(message)
    }

    /// `escapeData` of `@actions/core`: `%`, CR and LF as `%25`, `%0D`, `%0A` (the runner undoes them).
    static func escapeData(_ text: String) -> String {
        escape(text, [("%", "%25"), ("\r", "%0D"), ("\n", "%0A")])
    }

    /// `escapeProperty` of `@actions/core`: also `:` and `,`, which end a property.
    static func escapeProperty(_ text: String) -> String {
        escape(text, [("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C")])
    }

    /// The runner reads a line of a step's output as a command when it starts with `::` after
    /// leading white space (`TrimStart`), or when it holds `##[` anywhere (the legacy form, still
    /// parsed for every command: `##[error]`, `##[add-mask]`, `##[stop-commands]`). A line holding
    /// user text is defused: that `::`'s first colon and the `#` before each `##[`'s bracket are
    /// written with `escape`: by default the visible escapes `\u{3A}` and `\u{23}`, in the style of
    /// `TerminalText.safe` (run that first, so no line break is left). Default-ignorable code
    /// points (soft hyphen, zero-width space, …) count as absent, as a culture-sensitive
    /// comparison may skip them.
    static func defuse(_ line: String, escape: (Unicode.Scalar) -> String = { "\\u{\(String($0.value, radix: 16, uppercase: true))}" }) -> String {
        let scalars = Array(line.unicodeScalars)
        let ignorable = { (scalar: Unicode.Scalar) in scalar.properties.isDefaultIgnorableCodePoint }
        var escaped = Set<Int>()
        for (bracket, scalar) in scalars.enumerated() where scalar == "[" {
            let before = Array(scalars[..<bracket].indices.reversed().lazy.filter { !ignorable(scalars[$0]) }.prefix(2))
            if before.count == 2, before.allSatisfy({ scalars[$0] == "#" }) { escaped.insert(before.first!) }
        }
        let leading = scalars.indices.lazy.filter { !(scalars[$0].properties.isWhitespace || ignorable(scalars[$0])) }
        if let first = leading.first, scalars[first] == ":",
            let second = scalars[(first + 1)...].firstIndex(where: { !ignorable($0) }), scalars[second] == ":"
        {
            escaped.insert(first)
        }
        guard !escaped.isEmpty else { return line }
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if escaped.contains(index) {
                out.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Replaces each scalar that has a replacement in one pass, as the toolkit's chained replaces do
    /// (it replaces `%` first, so no replacement is escaped again).
    private static func escape(_ text: String, _ replacements: [(Unicode.Scalar, String)]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let replacement = replacements.first(where: { $0.0 == scalar }) {
                out += replacement.1
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// JSON for a CI log: the same text, but no `##[` (the `#` before the bracket written `\u0023`, which
/// a JSON parser reads back as `#`; outside strings JSON has no `#`).
enum LogJSON {
    static func safe(_ json: String) -> String {
        WorkflowCommand.defuse(json) { "\\u00" + String($0.value, radix: 16, uppercase: true) }
    }
}

/// A line for a terminal or CI log holding user text: control characters made visible
/// (`TerminalText.safe`), then unable to act as a workflow command (`WorkflowCommand.defuse`).
enum LogLine {
    static func safe(_ line: String) -> String {
        WorkflowCommand.defuse(TerminalText.safe(line))
    }
}
