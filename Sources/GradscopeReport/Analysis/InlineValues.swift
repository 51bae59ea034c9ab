import Foundation
import GradscopeLab

/// Replaces `{{cell.run.metric}}` in prose with the measured value, formatted for reading.
///
/// Forms: `{{depth-sweep.sigmoid.16.gradientRatio}}`, with a format after a bar:
/// `{{depth-sweep.relu.16.deadFraction | percent}}` (also `exact`); and two notebook-wide families:
/// `{{maxDerivative.sigmoid}}` (0.25) and `{{bound.sigmoid.5}}` (0.25⁵). A value that does not exist
/// is an error at its line, never an empty string. `\{{` writes a literal `{{`.
enum InlineValues {
    static let reservedNames = ["maxDerivative", "bound"]

    static func fill(_ prose: String, firstLine: Int, file: String, cells: [String: CellResults]) throws -> String {
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
                throw NotebookError(file: file, line: line, "'{{' without a closing '}}'")
            }
            let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            output += try value(of: expression, cells: cells, at: SourceLocation(file: file, line: line))
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    private static func value(of expression: String, cells: [String: CellResults], at location: SourceLocation) throws -> String {
        let pieces = expression.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let path = pieces[0]
        let format = pieces.count > 1 ? pieces[1] : "readable"
        let number = try resolve(path, cells: cells, at: location)
        switch format {
        case "readable": return NumberFormat.readable(number)
        case "percent": return NumberFormat.percent(number)
        case "exact": return NumberFormat.exact(number)
        default: throw location.error("unknown format '\(format)' in '{{\(expression)}}' (expected readable, percent or exact)")
        }
    }

    private static func resolve(_ path: String, cells: [String: CellResults], at location: SourceLocation) throws -> Double {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let head = parts.first, !head.isEmpty else { throw location.error("empty value '{{\(path)}}'") }
        switch head {
        case "maxDerivative":
            guard parts.count == 2, let value = ActivationCurves.maxDerivative(parts[1]) else {
                throw location.error("'{{\(path)}}' expects maxDerivative.ACTIVATION (e.g. maxDerivative.sigmoid)")
            }
            return value
        case "bound":
            guard parts.count == 3, let maximum = ActivationCurves.maxDerivative(parts[1]), let layers = Double(parts[2]) else {
                throw location.error("'{{\(path)}}' expects bound.ACTIVATION.LAYERS (e.g. bound.sigmoid.5)")
            }
            return Foundation.pow(maximum, layers)
        default:
            guard let cell = cells[head] else {
                throw location.error("no cell '\(head)' for '{{\(path)}}'\(Suggestion.hint(for: head, in: Array(cells.keys))) (cells: \(cells.keys.sorted().joined(separator: ", ")))")
            }
            let metricName = parts.last!
            guard parts.count >= 2, let metric = RunMetric(rawValue: metricName) else {
                throw location.error("unknown metric '\(metricName)' in '{{\(path)}}'\(Suggestion.hint(for: metricName, in: RunMetric.allCases.map(\.rawValue))) (expected one of: \(RunMetric.names))")
            }
            let key = parts.dropFirst().dropLast().joined(separator: ".")
            guard let run = cell.plan.run(named: key) else {
                throw location.error("cell '\(head)' has no run '\(key)' for '{{\(path)}}': \(cell.runListHint)")
            }
            guard let value = cell.metric(metric, of: run) else {
                throw location.error("'{{\(path)}}': \(metric.rawValue) is not measured for this run (classification only?)")
            }
            return value
        }
    }
}
