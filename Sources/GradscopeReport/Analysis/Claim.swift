import Foundation

/// A checked claim: `left op right`, each side a product of numbers, powers and run metrics.
///
/// Grammar (documented in the README):
///
///     claim  := ["every seed:"] side op side    op := <  <=  >  >=
///     side   := factor ( "*" factor )*  ("*" or "×", with spaces around it)
///     factor := atom ( "^" atom )?
///     atom   := number | "depth" | [run-name "."] metric
///
/// A run key may hold one `*` (`sigmoid.*.gradientRatio < 0.25^depth`): the claim is then checked
/// for every matching run, and the same text replaces `*` in the claim's other run keys. `depth`
/// is the depth of the claim's first run.
///
/// Seeds: a claim is decided on the medians over the cell's seed repeats, and also checked on
/// each repeat alone (repeat i of every run it names: those share their initial weights and
/// batches), which the report states as "held in k of n seeds". With the `every seed:` prefix it
/// passes only when it also holds in every seed.
struct ClaimResult {
    var text: String
    var passed: Bool
    /// The measured numbers (medians), e.g. "sigmoid.16.finalLoss = 0.97 > relu.16.finalLoss = 0.012".
    var evidence: [String]
    var location: SourceLocation
    /// In how many of the cell's seed repeats the claim holds on that repeat's numbers alone.
    var seedsHeld: Int
    var seedCount: Int
    /// Written with the `every seed:` prefix.
    var requiresEverySeed: Bool

    /// "held in 4 of 5 seeds", or "one seed" when the cell trains each setting once.
    var seedNote: String {
        seedCount == 1
            ? "one seed (the cell does not repeat its runs)" : "held in \(seedsHeld) of \(seedCount) seeds\(requiresEverySeed ? ", every seed required" : "")"
    }
}

enum ClaimEvaluator {
    static func evaluate(_ claim: Located<String>, in cell: CellResults) throws -> ClaimResult {
        let parsed = try ClaimParser.parse(claim.value, at: claim.location)
        let bindings = try parsed.bindings(in: cell.plan, at: claim.location)
        let medians = try parsed.check(bindings, in: cell, seed: nil, at: claim.location)
        let seeds = cell.config.seeds
        let held = try (0..<seeds).filter { try parsed.check(bindings, in: cell, seed: $0, at: claim.location).holds }.count
        return ClaimResult(
            text: claim.value, passed: medians.holds && (!parsed.everySeed || held == seeds),
            evidence: medians.evidence, location: claim.location, seedsHeld: held, seedCount: seeds,
            requiresEverySeed: parsed.everySeed)
    }

    /// Checks, before any training, that the claim reads and that every run and metric it names
    /// exists in the plan (a classification metric needs a cross-entropy cell).
    static func validate(_ claim: Located<String>, in plan: CellPlan) throws {
        let parsed = try ClaimParser.parse(claim.value, at: claim.location)
        for capture in try parsed.bindings(in: plan, at: claim.location) {
            for reference in parsed.references {
                let key = reference.pattern.replacingOccurrences(of: "*", with: capture)
                guard plan.run(named: key) != nil else {
                    throw claim.location.error("cell '\(plan.config.id)' has no run '\(key)' in claim '\(claim.value)': \(plan.runListHint)")
                }
                try reference.metric.checkApplies(to: plan, at: claim.location)
            }
        }
    }
}

enum Comparison: String {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

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
    /// Written with the `every seed:` prefix.
    var everySeed = false

    var references: [(pattern: String, metric: RunMetric)] { left.references + right.references }

    /// The texts `*` stands for: every match of the first wildcard reference, or one empty binding.
    func bindings(in plan: CellPlan, at location: SourceLocation) throws -> [String] {
        guard let wildcard = references.first(where: { $0.pattern.contains("*") }) else { return [""] }
        let matches = plan.runs(matching: wildcard.pattern)
        guard !matches.isEmpty else {
            throw location.error("no run of cell '\(plan.config.id)' matches '\(wildcard.pattern)': \(plan.runListHint)")
        }
        return matches.map(\.capture)
    }

    /// Whether the claim holds under every binding, on the medians (`seed` nil) or on one seed
    /// repeat, with the evidence line of each binding.
    func check(_ bindings: [String], in cell: CellResults, seed: Int?, at location: SourceLocation) throws -> (holds: Bool, evidence: [String]) {
        var holds = true
        var evidence: [String] = []
        for capture in bindings {
            let depth = self.depth(capture: capture, cell: cell)
            let l = try left.evaluate(capture: capture, cell: cell, seed: seed, depth: depth, at: location)
            let r = try right.evaluate(capture: capture, cell: cell, seed: seed, depth: depth, at: location)
            let bindingHolds = op.holds(l.value, r.value)
            holds = holds && bindingHolds
            evidence.append("\(l.text) \(bindingHolds ? op.rawValue : op.negation) \(r.text)")
        }
        return (holds, evidence)
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
        case .reference(let pattern, let metric): [(pattern, metric)]
        case .power(let base, let exponent): base.references + exponent.references
        case .product(let factors): factors.flatMap(\.references)
        }
    }

    /// The value and how the side reads in the evidence: "relu.16.finalLoss = 0.012",
    /// "4 × 0.25^16 = 9.31 × 10⁻¹⁰", "100 × sigmoid.16.gradientRatio (6.62 × 10⁻¹¹) = 6.62 × 10⁻⁹".
    func evaluate(capture: String, cell: CellResults, seed: Int?, depth: Double?, at location: SourceLocation) throws -> (value: Double, text: String) {
        let (value, term) = try self.term(capture: capture, cell: cell, seed: seed, depth: depth, at: location)
        switch self {
        case .number: return (value, term)
        case .reference(let pattern, let metric): return (value, "\(Self.name(pattern, metric, capture)) = \(NumberFormat.readable(value))")
        default: return (value, "\(term) = \(NumberFormat.readable(value))")
        }
    }

    /// The value and the expression as written, with run metrics followed by their values.
    private func term(capture: String, cell: CellResults, seed: Int?, depth: Double?, at location: SourceLocation) throws -> (value: Double, text: String) {
        switch self {
        case .number(let value, let text):
            return (value, text)
        case .depth:
            guard let depth else { throw location.error("'depth' in a claim needs a run to take the depth from") }
            return (depth, NumberFormat.readable(depth))
        case .reference(let pattern, let metric):
            let key = pattern.replacingOccurrences(of: "*", with: capture)
            guard let run = cell.plan.run(named: key) else {
                throw location.error("cell '\(cell.config.id)' has no run '\(key)': \(cell.runListHint)")
            }
            let value = cell.metric(metric, of: run, seed: seed) ?? .nan
            return (value, "\(Self.name(pattern, metric, capture)) (\(NumberFormat.readable(value)))")
        case .power(let base, let exponent):
            let b = try base.term(capture: capture, cell: cell, seed: seed, depth: depth, at: location)
            let e = try exponent.term(capture: capture, cell: cell, seed: seed, depth: depth, at: location)
            return (Foundation.pow(b.value, e.value), "\(b.text)^\(e.text)")
        case .product(let factors):
            let parts = try factors.map { try $0.term(capture: capture, cell: cell, seed: seed, depth: depth, at: location) }
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
    static let everySeedPrefix = "every seed:"

    static func parse(_ text: String, at location: SourceLocation) throws -> ParsedClaim {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let everySeed = trimmed.hasPrefix(everySeedPrefix)
        let tokens = tokenize(everySeed ? String(trimmed.dropFirst(everySeedPrefix.count)) : trimmed)
        let comparisons = tokens.enumerated().filter { Comparison(rawValue: $0.element) != nil }
        guard comparisons.count == 1, let split = comparisons.first else {
            throw location.error(
                "a claim compares two sides with one of <, <=, >, >= (for example 'sigmoid.16.finalLoss > relu.16.finalLoss'), found '\(text)'")
        }
        let left = try side(Array(tokens[..<split.offset]), claim: text, at: location)
        let right = try side(Array(tokens[(split.offset + 1)...]), claim: text, at: location)
        let claim = ParsedClaim(left: left, op: Comparison(rawValue: split.element)!, right: right, everySeed: everySeed)
        guard !(left.references + right.references).isEmpty else {
            throw location.error("claim '\(text)' measures nothing: name at least one run metric (\(RunMetric.names))")
        }
        return claim
    }

    /// Splits on spaces, then around `<`, `>`, `=`, `^` and `×`; `<=`/`>=` stay one token.
    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        for character in text {
            switch character {
            case " ", "\t": flush()
            case "<", ">", "^", "×":
                flush()
                tokens.append(String(character))
            case "=":
                if let last = tokens.last, current.isEmpty, last == "<" || last == ">" {
                    tokens[tokens.count - 1] = last + "="
                } else {
                    flush()
                    tokens.append("=")
                }
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
        default:
            throw location.error(
                "cannot read '\(tokens.joined(separator: " "))' in claim '\(claim)' (expected a number, 'depth', a power such as 0.25^depth, or run.metric)")
        }
    }

    private static func atom(_ token: String, at location: SourceLocation) throws -> ClaimExpression {
        if let value = Double(token) { return .number(value, text: token) }
        if token == "depth" { return .depth }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let metricName = String(parts.last!)
        guard let metric = RunMetric(rawValue: metricName) else {
            throw location.error(
                "unknown metric '\(metricName)' in '\(token)'\(Suggestion.hint(for: metricName, in: RunMetric.allCases.map(\.rawValue))) (expected one of: \(RunMetric.names))"
            )
        }
        return .reference(pattern: parts.dropLast().joined(separator: "."), metric: metric)
    }
}
