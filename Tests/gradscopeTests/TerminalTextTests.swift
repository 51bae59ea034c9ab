import Testing

@testable import gradscope

/// `TerminalText.safe` for every Unicode scalar there is (exhaustive rather than sampled: 1.1 million
/// scalars take well under a second).
@Suite("Terminal escaping of notebook text")
struct TerminalTextTests {
    static let everyScalar: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }

    /// What must never reach the terminal as itself: controls, line/paragraph separators and the
    /// bidirectional formatting characters (Unicode's Bidi_Control property, listed by hand).
    static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        let bidiControls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
        return scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .lineSeparator
            || scalar.properties.generalCategory == .paragraphSeparator || bidiControls.contains(scalar.value)
    }

    @Test("no control, separator or bidi character reaches the terminal; everything else passes unchanged")
    func everyScalar() {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: Self.everyScalar)
        let safe = TerminalText.safe(String(text)).unicodeScalars
        #expect(!safe.contains(where: Self.mustEscape))
        var expected = String.UnicodeScalarView()
        for scalar in Self.everyScalar {
            if Self.mustEscape(scalar) {
                expected.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                expected.append(scalar)
            }
        }
        #expect(String(safe) == String(expected))
    }

    @Test(
        "escape sequences, carriage returns and C1 controls come out visible",
        arguments: [
            ("\u{1B}[31mred\u{1B}[0m", "\\u{1B}[31mred\\u{1B}[0m"),
            ("ok\rFAIL", "ok\\u{D}FAIL"),
            ("a\nb", "a\\u{A}b"),
            ("\u{9B}2J", "\\u{9B}2J"),
            ("\u{85}next", "\\u{85}next"),
            ("é\u{301} 😀", "é\u{301} 😀"),
            ("claim \u{202E}deliaf\u{202C} passed", "claim \\u{202E}deliaf\\u{202C} passed"),
            ("one\u{2028}two\u{2029}", "one\\u{2028}two\\u{2029}"),
            ("\u{2067}isolate\u{2069}", "\\u{2067}isolate\\u{2069}"),
        ])
    func examples(_ example: (String, String)) {
        #expect(TerminalText.safe(example.0) == example.1)
    }
}
