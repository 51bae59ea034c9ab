/// Text from a notebook made safe to print on a terminal or in a CI log. Written as visible
/// `\u{…}` escapes:
/// - control characters (C0, DEL, C1): escape sequences, carriage returns, bells, line breaks
///   inside one message, so a notebook cannot move the cursor, recolour the log or forge lines;
/// - U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, which some log viewers break lines at;
/// - the bidirectional controls (U+061C, U+200E–200F, U+202A–202E, U+2066–2069), which reorder
///   what is shown so that a message reads differently from its bytes ("Trojan Source").
enum TerminalText {
    static func safe(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isEscaped(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `scalar` is written as an escape (see the type's documentation).
    static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: scalar.properties.generalCategory == .control
        }
    }
}
