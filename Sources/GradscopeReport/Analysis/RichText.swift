/// Generated text with real subscripts and superscripts, written in string literals as `W_{l}` and
/// `(max φ′)^{L−1}`, and spelt out for where it lands:
///
/// - `html`: escaped text with `<sub>` and `<sup>`;
/// - `markdown`: escaped as `MarkdownText.inline` escapes, with the same tags (GitHub renders them);
/// - `plain` (alt text, chart labels, table headers): Unicode subscript and superscript characters
///   (Wₗ, Wₒᵤₜ, ᴸ⁻¹) where every character of the script has one, else `_L` / `^(L−1)` as a
///   reader would type it (Unicode has no subscript capital L).
///
/// Only string literals are read for `_{…}` and `^{…}`: an interpolated `String` (a cell id, a run
/// name, a notebook's own caption) is always text as it is.
struct RichText: Hashable, ExpressibleByStringInterpolation {
    enum Run: Hashable {
        case text(String)
        case subscripted(String)
        case superscripted(String)
    }

    private(set) var runs: [Run]

    init(verbatim text: String) { runs = text.isEmpty ? [] : [.text(text)] }

    init(stringLiteral literal: String) { runs = Self.parse(literal) }

    init(stringInterpolation: StringInterpolation) { runs = stringInterpolation.runs }

    struct StringInterpolation: StringInterpolationProtocol {
        var runs: [Run] = []
        init(literalCapacity: Int, interpolationCount: Int) {}
        mutating func appendLiteral(_ literal: String) { runs += RichText.parse(literal) }
        mutating func appendInterpolation(_ text: String) { if !text.isEmpty { runs.append(.text(text)) } }
        mutating func appendInterpolation(_ text: RichText) { runs += text.runs }
        mutating func appendInterpolation(_ number: Int) { runs.append(.text(String(number))) }
    }

    static func + (a: RichText, b: RichText) -> RichText {
        var joined = a
        joined.runs += b.runs
        return joined
    }

    var isEmpty: Bool { runs.isEmpty }

    /// The same text with its first letter upper-cased.
    var capitalizedFirst: RichText {
        guard case .text(let first)? = runs.first else { return self }
        var copy = self
        copy.runs[0] = .text(first.capitalizedFirst)
        return copy
    }

    var html: String {
        runs.map { run in
            switch run {
            case .text(let text): Self.escapedHTML(text)
            case .subscripted(let text): "<sub>\(Self.escapedHTML(text))</sub>"
            case .superscripted(let text): "<sup>\(Self.escapedHTML(text))</sup>"
            }
        }.joined()
    }

    var markdown: String {
        runs.map { run in
            switch run {
            case .text(let text): MarkdownText.inline(text)
            case .subscripted(let text): "<sub>\(MarkdownText.inline(text))</sub>"
            case .superscripted(let text): "<sup>\(MarkdownText.inline(text))</sup>"
            }
        }.joined()
    }

    var plain: String {
        runs.map { run in
            switch run {
            case .text(let text): text
            case .subscripted(let text):
                Self.mapped(text, Self.subscripts) ?? (text.count == 1 ? "_\(text)" : "_(\(text))")
            case .superscripted(let text):
                Self.mapped(text, Self.superscripts) ?? (text.count == 1 ? "^\(text)" : "^(\(text))")
            }
        }.joined()
    }

    /// Splits a literal at `_{…}` and `^{…}`; an unclosed brace leaves the rest as text.
    static func parse(_ literal: String) -> [Run] {
        var runs: [Run] = []
        var text = ""
        var rest = Substring(literal)
        while let marker = rest.firstIndex(where: { $0 == "_" || $0 == "^" }) {
            let open = rest.index(after: marker)
            guard open < rest.endIndex, rest[open] == "{", let close = rest[open...].firstIndex(of: "}") else {
                text += rest[...marker]
                rest = rest[open...]
                continue
            }
            text += rest[..<marker]
            if !text.isEmpty { runs.append(.text(text)) }
            text = ""
            let script = String(rest[rest.index(after: open)..<close])
            runs.append(rest[marker] == "_" ? .subscripted(script) : .superscripted(script))
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        if !text.isEmpty { runs.append(.text(text)) }
        return runs
    }

    private static func mapped(_ text: String, _ table: [Character: Character]) -> String? {
        var out = ""
        for character in text {
            guard let mapped = table[character] else { return nil }
            out.append(mapped)
        }
        return out
    }

    private static func escapedHTML(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "+": "₊", "−": "₋", "-": "₋", "=": "₌", "(": "₍", ")": "₎",
        "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ", "o": "ₒ",
        "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ",
    ]

    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "−": "⁻", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾",
        "i": "ⁱ", "l": "ˡ", "n": "ⁿ", "L": "ᴸ", "T": "ᵀ",
    ]
}
