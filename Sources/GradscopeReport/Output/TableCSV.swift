/// Every table of the report also as `data/tables/<cell>-<kind>.csv`: the header row, then each row
/// with numbers exact (`TableCell`). RFC 4180: comma-separated, CRLF-free (LF line ends, as
/// `data/runs.csv`), a field holding a comma, quote or line break quoted with its quotes doubled.
/// Spreadsheet formulas are defused: a text field starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`; a number (`-0.5`, `-1e-09`, `-Infinity`) is left as it is,
/// so it still reads as a number.
enum TableCSV {
    static func path(_ table: TableOutput) -> String {
        "data/tables/\(table.slug).csv"
    }

    static func text(_ table: TableOutput) -> String {
        ([table.columns] + table.csvRows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// One field, defused and quoted as needed.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isNumber(value) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A decimal number as `NumberFormat.exact` writes one: sign, digits with an optional point,
    /// optional exponent; or `Infinity`, `-Infinity`, `NaN`.
    static func isNumber(_ text: String) -> Bool {
        if ["Infinity", "-Infinity", "NaN"].contains(text) { return true }
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        let digits = { (part: inout Substring.UnicodeScalarView.SubSequence) -> Int in
            let count = part.prefix { ("0"..."9").contains($0) }.count
            part = part.dropFirst(count)
            return count
        }
        var mantissa = digits(&scalars)
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            mantissa += digits(&scalars)
        }
        guard mantissa > 0 else { return false }
        if scalars.first == "e" || scalars.first == "E" {
            scalars = scalars.dropFirst()
            if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
            guard digits(&scalars) > 0 else { return false }
        }
        return scalars.isEmpty
    }
}
