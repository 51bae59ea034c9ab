// gradscope's fuzz driver: one binary, one libFuzzer target per parser (scripts/fuzz builds and runs it).
//
//     .build-fuzz/gradscope-fuzz TARGET [libFuzzer flags] [corpus folders or input files]
//
// Each target feeds arbitrary bytes (decoded as UTF-8, invalid bytes replaced) to one entry point
// and checks its contract, not just that it returns: bad input is a located `NotebookError`
// (or `NotebookErrors`, or `DatasetError` for CSV) on a line of the input. Anything else traps,
// which libFuzzer reports as a crash and saves as `crash-…`.
import Foundation
@testable import GradscopeLab
@testable import GradscopeReport

enum FuzzTarget: String, CaseIterable {
    case notebook, inline, claims, csv, markdown

    var summary: String {
        switch self {
        case .notebook: "NotebookParser.parse + ReportPipeline.plan (CellConfig, Planner) + PlanCheck.check"
        case .inline: "InlineValues.validate / placeholder against a fixed plan"
        case .claims: "ClaimParser.parse, ClaimEvaluator.validate and evaluate (no results) against a fixed plan"
        case .csv: "CSVDataset.load / read from a temporary file"
        case .markdown: "ReportFiles.html(fromMarkdown:safe:), the prose Markdown to HTML renderer (cmark-gfm, maths as MathML), and TeXMath on the same text"
        }
    }
}

/// A scratch folder for this process; the notebook "lives" here, so CSV paths resolve inside it.
let scratch: String = {
    let path = NSTemporaryDirectory() + "gradscope-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "gradscope-fuzz-\(getpid())") }
    return path
}()

/// A small fixed plan for the inline-value and claim targets: one swept cell and one single-run cell.
let plans: [String: CellPlan] = {
    let text = """
    ---
    seed: 7
    ---
    ```gradscope
    id: sweep
    activations: [sigmoid, relu]
    depths: [2, 16]
    seeds: 2
    epochs: 1
    ```
    ```gradscope
    id: one
    activation: tanh
    depth: 3
    loss: cross_entropy
    dataset: {name: spirals}
    epochs: 1
    ```
    """
    do {
        let notebook = try NotebookParser.parse(text, path: scratch + "/fixed.md")
        return Dictionary(uniqueKeysWithValues: try ReportPipeline.plan(notebook).map { ($0.config.id, $0) })
    } catch {
        fatalError("the fixed plan does not parse: \(error)")
    }
}()

/// Lines of `text` as the notebook parser counts them: LF, CRLF and CR alone each end one.
func lineCount(_ text: String) -> Int {
    var count = 1, afterCR = false
    for byte in text.utf8 {
        if byte == UInt8(ascii: "\r") || (byte == UInt8(ascii: "\n") && !afterCR) { count += 1 }
        afterCR = byte == UInt8(ascii: "\r")
    }
    return count
}

/// Lines as prose reaches inline values (line ends already made LF): one more than its line feeds.
func lineFeedCount(_ text: String) -> Int { text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } }

/// The contract every parser keeps: its errors are located on a line of the input.
func checkLocated(_ error: NotebookError, lines: ClosedRange<Int>, _ what: String) {
    guard let line = error.line else { fatalError("\(what): error without a line: \(error)") }
    guard lines.contains(line) else { fatalError("\(what): error on line \(line), outside \(lines): \(error)") }
}

func check(_ error: any Error, lines: ClosedRange<Int>, _ what: String) {
    switch error {
    case let error as NotebookError: checkLocated(error, lines: lines, what)
    case let errors as NotebookErrors:
        if errors.errors.isEmpty { fatalError("\(what): empty NotebookErrors") }
        for error in errors.errors { checkLocated(error, lines: lines, what) }
    default: fatalError("\(what): threw \(type(of: error)), not a NotebookError: \(error)")
    }
}

func fuzzNotebook(_ text: String) {
    let lines = 1...lineCount(text)
    let notebook: Notebook
    do { notebook = try NotebookParser.parse(text, path: scratch + "/fuzz.md") } catch { return check(error, lines: lines, "parse") }
    do {
        let plans = try ReportPipeline.plan(notebook)
        try PlanCheck.check(notebook, plans: plans)
    } catch {
        check(error, lines: lines, "plan")
    }
}

func fuzzInline(_ text: String) {
    let firstLine = 5
    let lines = firstLine...(firstLine + lineFeedCount(text) - 1)
    for error in InlineValues.validate(text, firstLine: firstLine, file: "fuzz.md", plans: plans) {
        checkLocated(error, lines: lines, "validate")
    }
    do {
        _ = try InlineValues.placeholder(text, plans: plans, at: SourceLocation(file: "fuzz.md", line: firstLine))
    } catch {
        check(error, lines: firstLine...firstLine, "placeholder")
    }
}

func fuzzClaims(_ text: String) {
    let location = SourceLocation(file: "fuzz.md", line: 9)
    do { _ = try ClaimParser.parse(text, at: location) } catch { return check(error, lines: 9...9, "parse") }
    for plan in plans.values.sorted(by: { $0.config.id < $1.config.id }) {
        let claim = Located(value: text, location: location)
        do { try ClaimEvaluator.validate(claim, in: plan) } catch { check(error, lines: 9...9, "validate"); continue }
        do { _ = try ClaimEvaluator.evaluate(claim, in: CellResults(plan: plan, results: [:])) } catch { check(error, lines: 9...9, "evaluate") }
    }
}

func fuzzCSV(_ data: Data) {
    let path = scratch + "/data.csv"
    guard FileManager.default.createFile(atPath: path, contents: data) else { fatalError("cannot write \(path)") }
    for (features, classification) in [([String](), false), (["x"], true)] {
        do {
            let dataset = try CSVDataset.load(path: path, target: "y", features: features, classification: classification)
            precondition(dataset.features.rows == dataset.targets.rows && dataset.features.rows >= 2, "a loaded data set has rows")
        } catch is DatasetError {
        } catch {
            fatalError("CSVDataset.load threw \(type(of: error)), not a DatasetError: \(error)")
        }
    }
}

func fuzzMarkdown(_ text: String) {
    census(ReportFiles.html(fromMarkdown: text, safe: false))
    census(ReportFiles.html(fromMarkdown: text, safe: true))
    // The text as one formula: MathML whose elements nest, or a failure inside the text.
    do throws(TeXMath.Failure) {
        let math = try TeXMath.mathML(text, display: false)
        precondition(elementsNest(math), "TeXMath wrote elements that do not nest")
        census(math)
    } catch {
        precondition(error.offset >= 0 && error.offset <= text.count, "a TeXMath failure outside its input")
    }
}

/// Every `<name …>` is closed by its `</name>` in order (`<name …/>` closes itself), and no `<`
/// or `&` stands outside a tag or entity: what an XML parser needs of the markup.
func elementsNest(_ xml: String) -> Bool {
    var open: [Substring] = []
    var rest = Substring(xml)
    while let start = rest.firstIndex(where: { $0 == "<" || $0 == "&" || $0 == ">" }) {
        if rest[start] == ">" { return false }
        if rest[start] == "&" {
            guard let end = rest[start...].firstIndex(of: ";"), rest[start..<end].count <= 10 else { return false }
            rest = rest[rest.index(after: end)...]
            continue
        }
        guard let end = rest[start...].firstIndex(of: ">") else { return false }
        let tag = rest[rest.index(after: start)..<end]
        if tag.hasPrefix("/") {
            guard open.popLast() == tag.dropFirst() else { return false }
        } else if !tag.hasSuffix("/") {
            open.append(tag.prefix { $0 != " " })
        }
        rest = rest[rest.index(after: end)...]
    }
    return open.isEmpty
}

/// Feedback for the renderer: cmark-gfm is Debian's uninstrumented library, so libFuzzer sees no
/// coverage inside it. This driver is instrumented, and one branch per kind of element and
/// attribute in the output (hit counts included) tells it which inputs make new structure.
nonisolated(unsafe) var censusSink = 0
func census(_ html: String) {
    var rest = Substring(html)
    while let open = rest.firstIndex(of: "<") {
        rest = rest[rest.index(after: open)...]
        let tag = rest.prefix { $0 != ">" && $0 != " " && $0 != "\n" }
        switch tag {
        case "p": censusSink &+= 1
        case "em": censusSink &+= 2
        case "strong": censusSink &+= 3
        case "code": censusSink &+= 4
        case "pre": censusSink &+= 5
        case "a": censusSink &+= 6
        case "img": censusSink &+= 7
        case "h1", "h2": censusSink &+= 8
        case "h3", "h4", "h5", "h6": censusSink &+= 9
        case "ul": censusSink &+= 10
        case "ol": censusSink &+= 11
        case "li": censusSink &+= 12
        case "blockquote": censusSink &+= 13
        case "hr": censusSink &+= 14
        case "br": censusSink &+= 15
        case "table": censusSink &+= 16
        case "thead": censusSink &+= 17
        case "tbody": censusSink &+= 18
        case "tr": censusSink &+= 19
        case "th": censusSink &+= 20
        case "td": censusSink &+= 21
        case "del": censusSink &+= 22
        case "input": censusSink &+= 23
        case "sup": censusSink &+= 24
        case "section": censusSink &+= 25
        case "div": censusSink &+= 26
        case "!--": censusSink &+= 27
        default:
            if tag.hasPrefix("/") { censusSink &+= 28 } else { censusSink &+= 29 }
        }
        let attributes = rest.prefix { $0 != ">" }
        if attributes.contains("class=\"num\"") { censusSink &+= 30 }
        if attributes.contains("class=\"center\"") { censusSink &+= 31 }
        if attributes.contains("href=") { censusSink &+= 32 }
        if attributes.contains("title=") { censusSink &+= 33 }
        if attributes.contains("checked") { censusSink &+= 34 }
        if attributes.contains("lang=") { censusSink &+= 35 }
    }
    if html.contains("raw HTML omitted") { censusSink &+= 36 }
    if html.contains("&amp;") { censusSink &+= 37 }
    if html.contains("\u{FFFD}") { censusSink &+= 38 }
}

nonisolated(unsafe) var selected = FuzzTarget.notebook

func runOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let buffer = UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count)
    switch selected {
    case .csv: fuzzCSV(Data(buffer))
    default:
        let text = String(decoding: buffer, as: UTF8.self)
        switch selected {
        case .notebook: fuzzNotebook(text)
        case .inline: fuzzInline(text)
        case .claims: fuzzClaims(text)
        case .markdown: fuzzMarkdown(text)
        case .csv: break
        }
    }
    return 0
}

@main
enum FuzzMain {
    static func main() {
        var arguments = CommandLine.arguments
        // The target is the first argument; it is also left in the environment, because libFuzzer
        // runs itself again without it for -minimize_crash, -merge, -fork and -jobs.
        let environment = "GRADSCOPE_FUZZ_TARGET"
        if arguments.count > 1, FuzzTarget(rawValue: arguments[1]) != nil {
            setenv(environment, arguments.remove(at: 1), 1)
        }
        guard let name = ProcessInfo.processInfo.environment[environment], let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map { "  \($0.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \($0.summary)" }
            FileHandle.standardError.write(Data("usage: gradscope-fuzz TARGET [libFuzzer flags] [corpus...]\ntargets:\n\(names.joined(separator: "\n"))\n".utf8))
            exit(2)
        }
        selected = target
        _ = (plans, scratch)
        // libFuzzer wants a C argv it may keep; these strings live until exit.
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var argc = Int32(arguments.count)
        let status = argv.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var base = buffer.baseAddress
            return LLVMFuzzerRunDriver(&argc, &base) { runOne($0, $1) }
        }
        exit(status)
    }
}
