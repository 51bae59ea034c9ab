/// A problem with a user's CSV file. Rows are line numbers in the file (the header is row 1);
/// columns are named by their header.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case empty(file: String)
    case missingColumn(file: String, column: String, available: [String])
    case wrongFieldCount(file: String, row: Int, expected: Int, found: Int)
    case nonNumeric(file: String, row: Int, column: String, value: String)
    case notFinite(file: String, row: Int, column: String, value: String)
    case notAClassIndex(file: String, row: Int, column: String, value: String)
    case tooFewRows(file: String, rows: Int)
    case duplicateColumn(file: String, column: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the file (\(reason))"
        case .empty(let file):
            "\(file): the file is empty (expected a header row and at least two data rows)"
        case .missingColumn(let file, let column, let available):
            "\(file), row 1: no column '\(Self.excerpt(column))' in the header (\(Self.columns(available)))"
        case .wrongFieldCount(let file, let row, let expected, let found):
            "\(file), row \(row): expected \(expected) fields as in the header, found \(found)"
        case .nonNumeric(let file, let row, let column, let value):
            "\(file), row \(row), column '\(Self.excerpt(column))': '\(Self.excerpt(value))' is not a number"
        case .notFinite(let file, let row, let column, let value):
            "\(file), row \(row), column '\(Self.excerpt(column))': '\(Self.excerpt(value))' is not a finite number (NaN and infinity are not allowed)"
        case .notAClassIndex(let file, let row, let column, let value):
            "\(file), row \(row), column '\(Self.excerpt(column))': '\(Self.excerpt(value))' is not a class index (expected an integer from 0 to \(CSVDataset.maxClasses - 1) for cross_entropy)"
        case .tooFewRows(let file, let rows):
            "\(file): \(rows) data row(s); at least \(CSVDataset.minimumRows) are needed to split into training and validation"
        case .duplicateColumn(let file, let column):
            "\(file), row 1: the column '\(Self.excerpt(column))' appears twice in the header (expected each column named once)"
        }
    }

    /// At most 24 characters of a field, so an error never prints much of a file.
    static func excerpt(_ text: String) -> String {
        text.count <= 24 ? text : String(text.prefix(23)) + "…"
    }

    /// The header's columns as a hint: named when it looks like a data set's header (2 to 40
    /// columns), else only counted, so pointing `path` at some other file prints none of it.
    static func columns(_ names: [String]) -> String {
        guard (2...40).contains(names.count) else {
            return "the header has \(names.count) column\(names.count == 1 ? "" : "s"); a data set needs a target and at least one feature"
        }
        return "columns: " + names.map(excerpt).joined(separator: ", ")
    }
}
