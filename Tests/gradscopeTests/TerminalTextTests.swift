import Testing
@testable import gradscope

/// `TerminalText.safe` for every Unicode scalar there is (exhaustive rather than sampled: 1.1 million
/// scalars take well under a second).
@Suite("Terminal escaping of notebook text")
struct TerminalTextTests {
    static let everyScalar: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }

    @Test("no control character of any kind reaches the terminal; everything else passes unchanged")
    func everyScalar() {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: Self.everyScalar)
        let safe = TerminalText.safe(String(text)).unicodeScalars
        #expect(!safe.contains { $0.properties.generalCategory == .control })
        var expected = String.UnicodeScalarView()
        for scalar in Self.everyScalar {
            if scalar.properties.generalCategory == .control {
                expected.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                expected.append(scalar)
            }
        }
        #expect(String(safe) == String(expected))
    }

    @Test("escape sequences, carriage returns and C1 controls come out visible", arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "\\u{1B}[31mred\\u{1B}[0m"),
        ("ok\rFAIL", "ok\\u{D}FAIL"),
        ("a\nb", "a\\u{A}b"),
        ("\u{9B}2J", "\\u{9B}2J"),
        ("\u{85}next", "\\u{85}next"),
        ("é\u{301} 😀", "é\u{301} 😀"),
    ])
    func examples(_ example: (String, String)) {
        #expect(TerminalText.safe(example.0) == example.1)
    }
}
