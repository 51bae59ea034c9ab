/// Text from a notebook made safe to print on a terminal or in a CI log: control characters
/// (C0, DEL, C1: escape sequences, carriage returns, bells, line breaks inside one message) are
/// written as visible `\u{1B}` escapes, so a notebook cannot move the cursor, recolour the log or
/// forge extra lines.
enum TerminalText {
    static func safe(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
