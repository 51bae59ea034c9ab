import Foundation
import GradscopeLab
import GradscopeNN

/// Replaces `{{cell.run.metric}}` in prose with the measured value, formatted for reading.
///
/// Forms: `{{depth-sweep.sigmoid.16.gradientRatio}}`, with a format after a bar:
/// `{{depth-sweep.relu.16.deadFraction | percent}}` (also `exact`); and two notebook-wide families:
/// `{{maxDerivative.sigmoid}}` (0.25) and `{{bound.sigmoid.5}}` (0.25⁵). A run may be named by its
/// key or by its key with unswept settings added (`CellPlan.run(named:)`). Values are medians over
/// the cell's seed repeats. A value that does not exist is an error at its line, never an empty
/// string; `check` finds every such error before any training. `\{{` writes a literal `{{`.
enum InlineValues {
    static let reservedNames = ["maxDerivative", "bound"]
    static let formats = ["readable", "percent", "exact"]

    /// What one `{{…}}` names.
    enum Reference {
        case constant(Double)
        case metric(cell: String, run: String, RunMetric)
    }

    /// One `{{…}}` of a prose block: the expression, its line and what it names.
    struct Placeholder {
        var expression: String
        var location: SourceLocation
        var reference: Reference
        var format: String
    }

    /// Every error of every placeholder in the prose, checked against the plans, without results.
    static func validate(_ prose: String, firstLine: Int, file: String, plans: [String: CellPlan]) -> [NotebookError] {
        var errors: [NotebookError] = []
        _ = scan(prose, firstLine: firstLine, file: file) { expression, location in
            do {
                _ = try placeholder(expression, plans: plans, at: location)
            } catch let error as NotebookError {
                errors.append(error)
            } catch {
                errors.append(location.error("\(error)"))
            }
            return ""
        } onError: {
            errors.append($0)
        }
        return errors
    }

    static func fill(_ prose: String, firstLine: Int, file: String, cells: [String: CellResults]) throws -> String {
        var failure: NotebookError?
        let plans = cells.mapValues(\.plan)
        let output = scan(prose, firstLine: firstLine, file: file) { expression, location in
            guard failure == nil else { return "" }
            do {
                return try text(of: placeholder(expression, plans: plans, at: location), cells: cells)
            } catch let error as NotebookError {
                failure = error
            } catch {
                failure = location.error("\(error)")
            }
            return ""
        } onError: {
            if failure == nil { failure = $0 }
        }
        if let failure { throw failure }
        return output
    }

    /// Walks the prose, handing each `{{…}}` expression (trimmed) and its line to `replace`.
    private static func scan(
        _ prose: String, firstLine: Int, file: String,
        replace: (String, SourceLocation) -> String, onError: (NotebookError) -> Void
    ) -> String {
        var output = ""
        var rest = Substring(prose)
        var line = firstLine
        while let open = rest.range(of: "{{") {
            let before = rest[..<open.lowerBound]
            line += before.filter { $0 == "\n" }.count
            if before.hasSuffix("\\") {
                output += before.dropLast() + "{{"
                rest = rest[open.upperBound...]
                continue
            }
            output += before
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                onError(NotebookError(file: file, line: line, "'{{' without a closing '}}'"))
                return output
            }
            let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            output += replace(expression, SourceLocation(file: file, line: line))
            line += rest[open.upperBound..<close.lowerBound].filter { $0 == "\n" }.count
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    /// Parses and resolves one expression against the plans.
    static func placeholder(_ expression: String, plans: [String: CellPlan], at location: SourceLocation) throws -> Placeholder {
        let pieces = expression.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let path = pieces.first ?? ""
        let format = pieces.count > 1 ? pieces[1] : "readable"
        guard formats.contains(format) else {
            throw location.error("unknown format '\(format)' in '{{\(expression)}}' (expected readable, percent or exact)")
        }
        return Placeholder(expression: expression, location: location, reference: try reference(path, plans: plans, at: location), format: format)
    }

    private static func reference(_ path: String, plans: [String: CellPlan], at location: SourceLocation) throws -> Reference {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first, !head.isEmpty else { throw location.error("empty value '{{\(path)}}' (expected cell.run.metric)") }
        switch head {
        case "maxDerivative":
            guard parts.count == 2, let value = Activation(name: parts[1])?.maxDerivative else {
                throw location.error("'{{\(path)}}' expects maxDerivative.ACTIVATION (e.g. maxDerivative.sigmoid)")
            }
            return .constant(value)
        case "bound":
            guard parts.count == 3, let maximum = Activation(name: parts[1])?.maxDerivative, let layers = Int(parts[2]), layers >= 0 else {
                throw location.error("'{{\(path)}}' expects bound.ACTIVATION.LAYERS with a whole number of layers (e.g. bound.sigmoid.5)")
            }
            return .constant(Foundation.pow(maximum, Double(layers)))
        default:
            guard let plan = plans[head] else {
                throw location.error(
                    "no cell '\(head)' for '{{\(path)}}'\(Suggestion.hint(for: head, in: Array(plans.keys))) (cells: \(plans.keys.sorted().joined(separator: ", ")))"
                )
            }
            let metricName = parts.last!
            guard parts.count >= 2, let metric = RunMetric(rawValue: metricName) else {
                throw location.error(
                    "unknown metric '\(metricName)' in '{{\(path)}}'\(Suggestion.hint(for: metricName, in: RunMetric.allCases.map(\.rawValue))) (expected one of: \(RunMetric.names))"
                )
            }
            let name = parts.dropFirst().dropLast().joined(separator: ".")
            guard let run = plan.run(named: name) else {
                let keys = plan.runs.map(\.key)
                throw location.error("cell '\(head)' has no run '\(name)' for '{{\(path)}}'\(Suggestion.hint(for: name, in: keys)): \(plan.runListHint)")
            }
            try metric.checkApplies(to: plan, at: location)
            return .metric(cell: head, run: run.key, metric)
        }
    }

    private static func text(of placeholder: Placeholder, cells: [String: CellResults]) throws -> String {
        let number: Double
        switch placeholder.reference {
        case .constant(let value): number = value
        case .metric(let cellID, let key, let metric):
            guard let cell = cells[cellID], let run = cell.plan.run(named: key), let value = cell.metric(metric, of: run) else {
                throw placeholder.location.error("'{{\(placeholder.expression)}}': \(metric.rawValue) was not measured for this run")
            }
            number = value
        }
        switch placeholder.format {
        case "percent": return NumberFormat.percent(number)
        case "exact": return NumberFormat.exact(number)
        default: return NumberFormat.readable(number)
        }
    }
}
