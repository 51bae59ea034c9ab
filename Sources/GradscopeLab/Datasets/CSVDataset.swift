import Foundation
import GradscopeNN

/// A user's comma-separated file as a `Dataset`.
///
/// Format: a header row naming the columns, then one example per row; fields separated by
/// commas, optionally double-quoted (`""` is a quote inside quotes); blank lines are skipped;
/// surrounding spaces are trimmed. Every used cell must parse as a finite number.
/// The target column is the regression target (`mse`) or a class index 0, 1, 2, ... (`cross_entropy`,
/// classes = largest index + 1, at most `maxClasses`). Features are the named columns, or every other column.
public enum CSVDataset {
    /// Class indices run from 0 to `maxClasses - 1`: each class is a network output.
    public static let maxClasses = 1_000
    /// Data rows a file needs: the split then leaves at least three training examples, enough to
    /// standardise a column (one example has no spread) and to learn from.
    public static let minimumRows = 4

    public static func load(path: String, target: String, features: [String], classification: Bool) throws -> Dataset {
        let rows = try read(path: path)
        guard let header = rows.first, rows.count > 1 else { throw DatasetError.empty(file: path) }
        let names = header.fields
        if let repeated = names.indices.first(where: { names[..<$0].contains(names[$0]) }) {
            throw DatasetError.duplicateColumn(file: path, column: names[repeated])
        }
        func index(_ column: String) throws -> Int {
            guard let i = names.firstIndex(of: column) else {
                throw DatasetError.missingColumn(file: path, column: column, available: names)
            }
            return i
        }
        let targetIndex = try index(target)
        let featureColumns = features.isEmpty ? names.filter { $0 != target } : features
        let featureIndices = try featureColumns.map(index)
        guard !featureIndices.isEmpty else { throw DatasetError.missingColumn(file: path, column: "(any feature)", available: names) }
        let body = rows.dropFirst()
        guard body.count >= minimumRows else { throw DatasetError.tooFewRows(file: path, rows: body.count) }

        var x = Matrix(rows: body.count, cols: featureIndices.count)
        var y = Matrix(rows: body.count, cols: 1)
        for (i, row) in body.enumerated() {
            guard row.fields.count == names.count else {
                throw DatasetError.wrongFieldCount(file: path, row: row.line, expected: names.count, found: row.fields.count)
            }
            func number(_ c: Int) throws -> Double {
                let text = row.fields[c]
                guard let value = Double(text) else {
                    throw DatasetError.nonNumeric(file: path, row: row.line, column: names[c], value: text)
                }
                guard value.isFinite else { throw DatasetError.notFinite(file: path, row: row.line, column: names[c], value: text) }
                return value
            }
            for (j, c) in featureIndices.enumerated() { x[i, j] = try number(c) }
            let t = try number(targetIndex)
            if classification && !(t >= 0 && t == t.rounded() && t < Double(maxClasses)) {
                throw DatasetError.notAClassIndex(file: path, row: row.line, column: target, value: row.fields[targetIndex])
            }
            y[i, 0] = t
        }
        let task: Dataset.Task =
            classification
            ? .classification(classes: Int(y.storage.max() ?? 0) + 1) : .regression(outputs: 1)
        return Dataset(features: x, targets: y, task: task, featureNames: featureColumns)
    }

    /// Hex SHA-256 of the file's bytes, for `CSVFile.digest`.
    public static func digest(ofFileAt path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.unreadable(file: path, reason: "no such file or not readable")
        }
        return Digest.sha256Hex(data)
    }

    struct Row {
        var line: Int
        var fields: [String]
    }

    /// Splits the file into rows of trimmed fields, keeping each row's line number.
    static func read(path: String) throws -> [Row] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.unreadable(file: path, reason: "no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError.unreadable(file: path, reason: "not UTF-8 text")
        }
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var inQuotes = false
        var line = 1
        var rowLine = 1
        func endField() {
            fields.append(quoted ? field : field.trimmingCharacters(in: .whitespaces))
            field = ""
            quoted = false
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
        }
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    let next = chars.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.trimmingCharacters(in: .whitespaces).isEmpty:
                inQuotes = true
                quoted = true
                field = ""
            case ",": endField()
            case "\r": continue
            case "\n":
                endRow()
                line += 1
                rowLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}
