import Foundation
import Testing

@testable import GradscopeReport
@testable import gradscope

/// Workflow commands as GitHub's runner reads them (`actions/runner`, `ActionCommand.TryParseV2`
/// and the legacy `TryParse`), re-implemented here to check both what gradscope emits and that no
/// other line it prints can be read as a command.
enum Runner {
    /// `::name k=v,k=v::data` after leading white space, unescaped as the runner does; nil if not one.
    static func parse(_ line: String) -> (name: String, properties: [String: String], data: String)? {
        let message = String(line.drop { $0.isWhitespace })
        guard message.hasPrefix("::"), let end = message.dropFirst(2).range(of: "::") else { return nil }
        let info = message[message.index(message.startIndex, offsetBy: 2)..<end.lowerBound]
        let name = info.prefix { $0 != " " }
        var properties: [String: String] = [:]
        if name.count < info.count {
            for pair in info.dropFirst(name.count + 1).split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 {
                    properties[String(parts[0])] = unescape(String(parts[1]), [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")])
                }
            }
        }
        return (String(name), properties, unescape(String(message[end.upperBound...]), [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]))
    }

    static func unescape(_ text: String, _ mappings: [(String, String)]) -> String {
        mappings.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// Whether the runner could take `line` for a command: `::` first after white space, or `##[`
    /// anywhere, with default-ignorable code points skipped (a culture-sensitive comparison may).
    static func isCommand(_ line: String) -> Bool {
        var visible = String.UnicodeScalarView()
        visible.append(contentsOf: line.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint })
        let text = String(visible)
        return text.unicodeScalars.drop { $0.properties.isWhitespace }.starts(with: "::".unicodeScalars) || text.contains("##[")
    }
}

@Suite("GitHub Actions workflow commands")
struct WorkflowCommandTests {
    @Test("escaping is @actions/core's: data %, CR, LF; properties also : and ,")
    func toolkitEscaping() {
        #expect(WorkflowCommand.escapeData("100% done\r\nnext: a,b %0A") == "100%25 done%0D%0Anext: a,b %250A")
        #expect(WorkflowCommand.escapeProperty("reports/a:b,c%\n.md") == "reports/a%3Ab%2Cc%25%0A.md")
    }

    @Test(
        "an error command carries file, line, column and title exactly, whatever they hold",
        arguments: [
            ("reports/x.md", 15, nil, "claim failed", "median backpropRatio 0.0012 > 0.01"),
            ("a,b:c%.md", 3, 7, "x::y,z", "line one\nline two\r\n%0A ::error::no ##[error]no"),
        ] as [(String, Int, Int?, String, String)])
    func roundTrip(file: String, line: Int, column: Int?, title: String, message: String) {
        let command = WorkflowCommand.error(message, title: title, file: file, line: line, column: column)
        #expect(!command.contains("\n") && !command.contains("\r"))
        let parsed = Runner.parse(command)
        #expect(parsed?.name == "error")
        var expected = ["file": file, "line": "\(line)", "title": title]
        if let column { expected["col"] = "\(column)" }
        #expect(parsed?.properties == expected)
        #expect(parsed?.data == message)
    }

    @Test("the property order and form of the contract: file, line, col, title")
    func exactForm() {
        #expect(WorkflowCommand.error("m", title: "claim failed", file: "reports/x.md", line: 15) == "::error file=reports/x.md,line=15,title=claim failed::m")
        #expect(WorkflowCommand.error("m", title: "input error", file: "x.md", line: 2, column: 9) == "::error file=x.md,line=2,col=9,title=input error::m")
        #expect(
            WorkflowCommand.error("m", title: "input error", file: "x.md", line: nil, column: 9) == "::error file=x.md,title=input error::m",
            "no column without a line")
        #expect(WorkflowCommand.error("m", title: "input error", file: "x.md", line: 0) == "::error file=x.md,title=input error::m")
    }

    @Test(
        "defusing escapes a leading :: and every ##[, and nothing else",
        arguments: [
            ("::warning::x", "\\u{3A}:warning::x"),
            ("  \u{3000}::error::x", "  \u{3000}\\u{3A}:error::x"),
            ("\u{AD}:\u{200B}:add-mask::x", "\u{AD}\\u{3A}\u{200B}:add-mask::x"),
            ("a ::b", "a ::b"),
            ("FAIL x.md:3 ##[stop-commands]t", "FAIL x.md:3 #\\u{23}[stop-commands]t"),
            ("###[x] #\u{AD}#[y] # #[z]", "##\\u{23}[x] #\u{AD}\\u{23}[y] # #[z]"),
            ("plain text", "plain text"),
        ])
    func defuse(line: String, expected: String) {
        #expect(WorkflowCommand.defuse(line) == expected)
        #expect(!Runner.isCommand(WorkflowCommand.defuse(line)))
    }

    @Test("every short line of the tricky characters is defused, and left alone when it was no command")
    func defuseExhaustively() {
        let alphabet: [Unicode.Scalar] = [":", "#", "[", " ", "\u{AD}", "\u{3000}", "a"]
        var lines = [""]
        for _ in 0..<5 { lines = lines.flatMap { line in alphabet.map { line + String($0) } } }
        for line in lines {
            let defused = WorkflowCommand.defuse(line)
            #expect(!Runner.isCommand(defused), "\(line.unicodeScalars.map(\.value))")
            if !Runner.isCommand(line) { #expect(defused == line) }
        }
    }

    @Test("JSON keeps its meaning: the # before a bracket becomes \\u0023")
    func json() {
        #expect(LogJSON.safe("{\n  \"path\" : \"##[add-mask]x\"\n}") == "{\n  \"path\" : \"#\\u0023[add-mask]x\"\n}")
    }

    @Test("log lines: control characters visible, then defused")
    func logLine() {
        #expect(LogLine.safe("     ::error::x\n::y") == "     \\u{3A}:error::x\\u{A}::y")
    }

    @Test("a failed claim and an input error become commands on their file and line, relative to the working directory")
    func annotations() {
        let claim = ClaimSummary(
            cell: "sweep", text: "a < b\u{1B}", passed: false, evidence: ["a = 2 ≥ b = 1", "100%"], file: "/repo/reports/x.md", line: 15, seeds: "one seed")
        #expect(
            Annotations.github.command(for: claim, workingDirectory: "/repo")
                == "::error file=reports/x.md,line=15,title=claim failed::a < b\\u{1B} [sweep] (one seed)%0Aa = 2 ≥ b = 1%0A100%25")
        #expect(Annotations.off.command(for: claim, workingDirectory: "/repo") == nil)
        var passed = claim
        passed.passed = true
        #expect(Annotations.github.command(for: passed, workingDirectory: "/repo") == nil)
        let error = NotebookError(file: "/elsewhere/x.md", line: 4, column: 2, "unknown key 'x'")
        #expect(
            Annotations.github.command(for: error, workingDirectory: "/repo") == "::error file=/elsewhere/x.md,line=4,col=2,title=input error::unknown key 'x'")
        #expect(Annotations.off.command(for: error, workingDirectory: "/repo") == nil)
    }

    @Test("the default follows GITHUB_ACTIONS")
    func standard() {
        #expect(Annotations.standard(environment: ["GITHUB_ACTIONS": "true"]) == .github)
        #expect(Annotations.standard(environment: ["GITHUB_ACTIONS": "false"]) == .off)
        #expect(Annotations.standard(environment: [:]) == .off)
    }
}
