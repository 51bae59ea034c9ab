import Foundation
import PropertyBased
import Testing

@testable import GradscopeReport

// Property tests (x-sheep/swift-property-based): the parsers take any text without crashing and
// either succeed or throw a `NotebookError` on a line of that text; the Markdown escaping holds
// for any text. The inputs are strings of pieces: the syntax the parsers look for, line ends of
// every kind, characters that combine with the one before (a backtick or `<` followed by a
// combining mark is one Swift `Character` but two code points to a Markdown renderer), and any
// Unicode scalar. Shrinking reports the smallest failing string. `scripts/fuzz` goes further.

/// Syntax of notebooks, cells, claims and inline values.
private let notebookPieces: [String] = [
    "\n", "\n", "\n", "\r\n", "\r", "\u{85}", "\u{2028}", " ", "  ", "\t", "---", "```", "~~~", "gradscope", "```gradscope\n",
    "~~~gradscope\n", "```\n", "---\n", "id: ", "c", "x", "activations: ", "activation: ", "[sigmoid, relu]", "depths: ",
    "depth: ", "[2, 16]", "16", "-1", "1e9", "width: ", "epochs: ", "seeds: ", "3", "seed: ", "title: ", "defaults: ",
    "dataset: ", "{name: spirals}", "{name: csv, path: d.csv, target: y}", "loss: cross_entropy", "show: ", "[loss-curves]",
    "claims:\n  - ", "\"", "'", "{", "}", "[", "]", ",", ":", "- ", "#", "&a", "*a", "!!str", "{{", "}}", "|", " | percent",
    "sweep.sigmoid.16.finalLoss", "one.finalAccuracy", "maxDerivative.tanh", "bound.sigmoid.", "<", "<=", ">", ">=", "=",
    "^", "*", "×", "every seed:", "depth", "0.25", ".", "\\", "`", "é", "\u{301}", "\u{200D}", "😀", "\u{0}", "\u{1B}[31m",
]

/// Characters Markdown gives a meaning to, and neighbours that stick to them.
private let markdownPieces: [String] = [
    "`", "``", "```", "<", ">", "\\", "*", "_", "[", "]", "(", ")", "!", "#", "|", "~", "&", "$", "\n", "\r\n", "\r",
    "\u{2028}", "\u{85}", "\t", " ", "a", "é", "\u{301}", "\u{338}", "\u{600}", "\u{200D}", "\u{FE0F}", "😀", "🏳️‍🌈",
]

/// Strings of `count` pieces, each one of `pieces` or, one time in eight, any Unicode scalar.
private func strings(of pieces: [String], count: ClosedRange<Int>) -> Generator<String, some Sequence & SendableMetatype> {
    zip(Gen.int(in: 0...(pieces.count + pieces.count / 7)), Gen<UInt32>.value(in: 0...0x10FFFF))
        .map { index, scalar in index < pieces.count ? pieces[index] : String(UnicodeScalar(scalar) ?? "\u{FFFD}") }
        .array(of: count)
        .map { $0.joined() }
}

/// Lines as the notebook parser counts them: LF, CRLF and CR alone each end one.
private func lineCount(_ text: String) -> Int {
    var count = 1
    var afterCR = false
    for byte in text.utf8 {
        if byte == UInt8(ascii: "\r") || (byte == UInt8(ascii: "\n") && !afterCR) { count += 1 }
        afterCR = byte == UInt8(ascii: "\r")
    }
    return count
}

/// Records an issue unless `error` is a `NotebookError` (or several) on a line in `lines`.
private func expectLocated(_ error: any Error, in lines: ClosedRange<Int>, _ input: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let errors: [NotebookError]
    switch error {
    case let error as NotebookError: errors = [error]
    case let several as NotebookErrors: errors = several.errors
    default:
        Issue.record("threw \(type(of: error)), not a NotebookError: \(error) for \(input.debugDescription)", sourceLocation: sourceLocation)
        return
    }
    #expect(!errors.isEmpty, sourceLocation: sourceLocation)
    for error in errors {
        #expect(
            error.line.map(lines.contains) == true, "line \(error.line.map(String.init) ?? "nil") outside \(lines): \(error) for \(input.debugDescription)",
            sourceLocation: sourceLocation)
    }
}

/// A small fixed plan: a swept cell `sweep` (sigmoid/relu × depth 2/16, two seeds) and a
/// single-run classification cell `one`.
private func fixedPlans() -> [String: CellPlan] {
    let text =
        "---\nseed: 7\n---\n```gradscope\nid: sweep\nactivations: [sigmoid, relu]\ndepths: [2, 16]\nseeds: 2\nepochs: 1\n```\n"
        + "```gradscope\nid: one\nactivation: tanh\ndepth: 3\nloss: cross_entropy\ndataset: {name: spirals}\nepochs: 1\n```\n"
    let plans = try! ReportPipeline.plan(try! NotebookParser.parse(text, path: "fixed.md"))
    return Dictionary(uniqueKeysWithValues: plans.map { ($0.config.id, $0) })
}

@Suite("Parsers and escaping hold for any text")
struct ParserPropertyTests {
    @Test("a notebook parses and plans, or fails with a NotebookError on one of its lines")
    func notebook() async {
        await propertyCheck(count: 300, input: strings(of: notebookPieces, count: 0...60)) { text in
            let lines = 1...lineCount(text)
            do {
                let notebook = try NotebookParser.parse(text, path: "nb.md")
                try PlanCheck.check(notebook, plans: try ReportPipeline.plan(notebook))
            } catch {
                expectLocated(error, in: lines, text)
            }
        }
    }

    @Test("a claim parses and checks against a plan, or fails with a NotebookError at the claim's line")
    func claims() async {
        let fixedPlans = fixedPlans()
        await propertyCheck(count: 300, input: strings(of: notebookPieces, count: 0...16)) { text in
            let location = GradscopeReport.SourceLocation(file: "nb.md", line: 9)
            do {
                _ = try ClaimParser.parse(text, at: location)
                for plan in fixedPlans.values {
                    try ClaimEvaluator.validate(Located(value: text, location: location), in: plan)
                }
            } catch {
                expectLocated(error, in: 9...9, text)
            }
        }
    }

    @Test("every error of the inline values in prose lies on a line of that prose")
    func inlineValues() async {
        let fixedPlans = fixedPlans()
        await propertyCheck(count: 300, input: strings(of: notebookPieces, count: 0...40)) { text in
            // Inline values count only line feeds (prose reaches them with line ends already normalised).
            let lines = 4...(4 + text.utf8.count(where: { $0 == UInt8(ascii: "\n") }))
            for error in InlineValues.validate(text, firstLine: 4, file: "nb.md", plans: fixedPlans) {
                expectLocated(error, in: lines, text)
            }
        }
    }

    @Test("a code span's fence is longer than every backtick run inside, counted in code points")
    func codeSpanFence() async {
        // Not for empty text: "``" is no code span, but claims and captions are never empty.
        await propertyCheck(count: 500, input: strings(of: markdownPieces, count: 1...24)) { text in
            let span = Array(MarkdownText.code(text).unicodeScalars)
            let fence = span.prefix(while: { $0 == "`" }).count
            #expect(fence > 0 && span.suffix(fence).allSatisfy { $0 == "`" } && span.count >= 2 * fence)
            let inside = span.dropFirst(fence).dropLast(fence)
            #expect(Self.longestRun(of: "`", in: inside) < fence, "\(text.debugDescription) → \(String(String.UnicodeScalarView(span)).debugDescription)")
            // The padding keeps the fence from running into a backtick at either end.
            #expect(inside.first != "`" && inside.last != "`")
            #expect(!inside.contains(where: { Character($0).isNewline }))
        }
    }

    @Test("inline text has no line break and no unescaped markup character, counted in code points")
    func inlineText() async {
        await propertyCheck(count: 500, input: strings(of: markdownPieces, count: 0...24)) { text in
            let escaped = Array(MarkdownText.inline(text).unicodeScalars)
            #expect(!escaped.contains(where: { Character($0).isNewline || $0 == "\t" }), "\(text.debugDescription)")
            var index = 0
            while index < escaped.count {
                let scalar = escaped[index]
                if scalar == "\\" {
                    // An escape: the next code point must be one of the escaped characters.
                    #expect(
                        index + 1 < escaped.count && MarkdownText.special.contains(Character(escaped[index + 1])),
                        "a lone backslash in \(String(String.UnicodeScalarView(escaped)).debugDescription)")
                    index += 2
                } else {
                    #expect(
                        !MarkdownText.special.contains(Character(scalar)),
                        "unescaped \(scalar.escaped(asASCII: true)) in \(String(String.UnicodeScalarView(escaped)).debugDescription) from \(text.debugDescription)"
                    )
                    index += 1
                }
            }
        }
    }

    static func longestRun(of scalar: Unicode.Scalar, in scalars: some Sequence<Unicode.Scalar>) -> Int {
        var longest = 0
        var run = 0
        for s in scalars {
            run = s == scalar ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
