import Foundation

/// A checked claim: `left op right`, each side a product of numbers, powers and run metrics.
///
/// Grammar (documented in the README):
///
///     claim  := side op side            op := <  <=  >  >=
///     side   := factor ( "*" factor )*  ("*" or "×", with spaces around it)
///     factor := atom ( "^" atom )?
///     atom   := number | "depth" | [run-key "."] metric
///
/// A run key may hold one `*` (`sigmoid.*.gradientRatio < 0.25^depth`): the claim is then checked
/// for every matching run, and the same text replaces `*` in the claim's other run keys. `depth`
/// is the depth of the claim's first run.
struct ClaimResult {
    var text: String
    var passed: Bool
    /// The measured numbers, e.g. "sigmoid.16.finalLoss = 0.97 > relu.16.finalLoss = 0.012".
    var evidence: [String]
    var location: SourceLocation
}

enum ClaimEvaluator {
    static func evaluate(_ claim: Located<String>, in cell: CellResults) throws -> ClaimResult {
        let parsed = try ClaimParser.parse(claim.value, at: claim.location, cell: cell)
        let bindings = try parsed.bindings(in: cell, at: claim.location)
        var evidence: [String] = []
        var passed = true
        for capture in bindings {
            let left = try parsed.left.evaluate(capture: capture, cell: cell, depth: parsed.depth(capture: capture, cell: cell), at: claim.location)
            let right = try parsed.right.evaluate(capture: capture, cell: cell, depth: parsed.depth(capture: capture, cell: cell), at: claim.location)
            let holds = parsed.op.holds(left.value, right.value)
            passed = passed && holds
            evidence.append("\(left.text) \(holds ? parsed.op.rawValue : parsed.op.negation) \(right.text)")
        }
        return ClaimResult(text: claim.value, passed: passed, evidence: evidence, location: claim.location)
    }
}

enum Comparison: String {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// NaN never satisfies a comparison: a missing measurement fails the claim.
    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        }
    }

    var negation: String {
        switch self {
        case .less: "≥"
        case .lessOrEqual: ">"
        case .greater: "≤"
        case .greaterOrEqual: "<"
        }
    }
}

struct ParsedClaim {
    var left: ClaimExpression
    var op: Comparison
    var right: ClaimExpression

    private var references: [(pattern: String, metric: RunMetric)] { left.references + right.references }

    /// The texts `*` stands for: every match of the first wildcard reference, or one empty binding.
    func bindings(in cell: CellResults, at location: SourceLocation) throws -> [String] {
        guard let wildcard = references.first(where: { $0.pattern.contains("*") }) else { return [""] }
        let matches = cell.runs(matching: wildcard.pattern)
        guard !matches.isEmpty else {
            throw location.error("no run of cell '\(cell.config.id)' matches '\(wildcard.pattern)': \(cell.runListHint)")
        }
        return matches.map(\.capture)
    }

    /// The depth of the claim's first run under this binding (for `depth` in bounds).
    func depth(capture: String, cell: CellResults) -> Double? {
        guard let first = references.first else { return nil }
        return cell.plan.run(named: first.pattern.replacingOccurrences(of: "*", with: capture)).map { Double($0.depth) }
    }
}

indirect enum ClaimExpression {
    case number(Double, text: String)
    case depth
    case reference(pattern: String, metric: RunMetric)
    case power(ClaimExpression, ClaimExpression)
    case product([ClaimExpression])

    var references: [(pattern: String, metric: RunMetric)] {
        switch self {
        case .number, .depth: []
        case let .reference(pattern, metric): [(pattern, metric)]
        case let .power(base, exponent): base.references + exponent.references
        case let .product(factors): factors.flatMap(\.references)
        }
    }

    /// The value and how the side reads in the evidence: "relu.16.finalLoss = 0.012",
    /// "4 × 0.25^16 = 9.31 × 10⁻¹⁰", "100 × sigmoid.16.gradientRatio (6.62 × 10⁻¹¹) = 6.62 × 10⁻⁹".
    func evaluate(capture: String, cell: CellResults, depth: Double?, at location: SourceLocation) throws -> (value: Double, text: String) {
        let (value, term) = try self.term(capture: capture, cell: cell, depth: depth, at: location)
        switch self {
        case .number: return (value, term)
        case let .reference(pattern, metric): return (value, "\(Self.name(pattern, metric, capture)) = \(NumberFormat.readable(value))")
        default: return (value, "\(term) = \(NumberFormat.readable(value))")
        }
    }

    /// The value and the expression as written, with run metrics followed by their values.
    private func term(capture: String, cell: CellResults, depth: Double?, at location: SourceLocation) throws -> (value: Double, text: String) {
        switch self {
        case let .number(value, text):
            return (value, text)
        case .depth:
            guard let depth else { throw location.error("'depth' in a claim needs a run to take the depth from") }
            return (depth, NumberFormat.readable(depth))
        case let .reference(pattern, metric):
            let key = pattern.replacingOccurrences(of: "*", with: capture)
            guard let run = cell.plan.run(named: key) else {
                throw location.error("cell '\(cell.config.id)' has no run '\(key)': \(cell.runListHint)")
            }
            let value = cell.metric(metric, of: run) ?? .nan
            return (value, "\(Self.name(pattern, metric, capture)) (\(NumberFormat.readable(value)))")
        case let .power(base, exponent):
            let b = try base.term(capture: capture, cell: cell, depth: depth, at: location)
            let e = try exponent.term(capture: capture, cell: cell, depth: depth, at: location)
            return (Foundation.pow(b.value, e.value), "\(b.text)^\(e.text)")
        case let .product(factors):
            let parts = try factors.map { try $0.term(capture: capture, cell: cell, depth: depth, at: location) }
            return (parts.map(\.value).reduce(1, *), parts.map(\.text).joined(separator: " × "))
        }
    }

    /// `run.metric` with the wildcard filled in (just `metric` for a cell's single run).
    private static func name(_ pattern: String, _ metric: RunMetric, _ capture: String) -> String {
        let key = pattern.replacingOccurrences(of: "*", with: capture)
        return key.isEmpty ? metric.rawValue : "\(key).\(metric.rawValue)"
    }
}

enum ClaimParser {
    static func parse(_ text: String, at location: SourceLocation, cell: CellResults) throws -> ParsedClaim {
        let tokens = tokenize(text)
        let comparisons = tokens.enumerated().filter { Comparison(rawValue: $0.element) != nil }
        guard comparisons.count == 1, let split = comparisons.first else {
            throw location.error("a claim compares two sides with one of <, <=, >, >= (for example 'sigmoid.16.finalLoss > relu.16.finalLoss'), found '\(text)'")
        }
        let left = try side(Array(tokens[..<split.offset]), claim: text, at: location)
        let right = try side(Array(tokens[(split.offset + 1)...]), claim: text, at: location)
        let claim = ParsedClaim(left: left, op: Comparison(rawValue: split.element)!, right: right)
        guard !(left.references + right.references).isEmpty else {
            throw location.error("claim '\(text)' measures nothing: name at least one run metric (\(RunMetric.names))")
        }
        return claim
    }

    /// Splits on spaces, then around `<`, `>`, `=`, `^` and `×`; `<=`/`>=` stay one token.
    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() { if !current.isEmpty { tokens.append(current); current = "" } }
        for character in text {
            switch character {
            case " ", "\t": flush()
            case "<", ">", "^", "×": flush(); tokens.append(String(character))
            case "=":
                if let last = tokens.last, current.isEmpty, last == "<" || last == ">" { tokens[tokens.count - 1] = last + "=" } else { flush(); tokens.append("=") }
            default: current.append(character)
            }
        }
        flush()
        return tokens
    }

    private static func side(_ tokens: [String], claim: String, at location: SourceLocation) throws -> ClaimExpression {
        let groups = tokens.split(whereSeparator: { $0 == "*" || $0 == "×" })
        guard !tokens.isEmpty, groups.count == tokens.filter({ $0 == "*" || $0 == "×" }).count + 1 else {
            throw location.error("claim '\(claim)' has an empty side or a dangling '*'")
        }
        let factors = try groups.map { try factor(Array($0), claim: claim, at: location) }
        return factors.count == 1 ? factors[0] : .product(factors)
    }

    private static func factor(_ tokens: [String], claim: String, at location: SourceLocation) throws -> ClaimExpression {
        switch tokens.count {
        case 1: return try atom(tokens[0], at: location)
        case 3 where tokens[1] == "^": return .power(try atom(tokens[0], at: location), try atom(tokens[2], at: location))
        default: throw location.error("cannot read '\(tokens.joined(separator: " "))' in claim '\(claim)' (expected a number, 'depth', a power such as 0.25^depth, or run.metric)")
        }
    }

    private static func atom(_ token: String, at location: SourceLocation) throws -> ClaimExpression {
        if let value = Double(token) { return .number(value, text: token) }
        if token == "depth" { return .depth }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let metricName = String(parts.last!)
        guard let metric = RunMetric(rawValue: metricName) else {
            throw location.error("unknown metric '\(metricName)' in '\(token)'\(Suggestion.hint(for: metricName, in: RunMetric.allCases.map(\.rawValue))) (expected one of: \(RunMetric.names))")
        }
        return .reference(pattern: parts.dropLast().joined(separator: "."), metric: metric)
    }
}
