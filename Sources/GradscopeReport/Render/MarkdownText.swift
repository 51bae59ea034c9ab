/// User text made safe where it lands in generated Markdown (`report.md`, the job summary):
/// a notebook's title, author, captions or claims must not become live HTML, links, emphasis,
/// new blocks or a closed code fence once a Markdown renderer reads the file.
enum MarkdownText {
    /// Characters that can start inline markup, raw HTML, an entity, a table cell or a heading.
    /// CommonMark lets a backslash escape any ASCII punctuation, so each renders as itself.
    static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "!", "#", "$"]

    /// Inline text: line breaks and tabs folded to spaces (a caption cannot start a new block),
    /// markup characters backslash-escaped. Escaped code point by code point: one Swift `Character`
    /// may join a markup character to a combining mark ("`\u{301}") or a prepended one
    /// ("\u{600}<"), and a Markdown renderer still reads that character as markup.
    static func inline(_ text: String) -> String {
        var out = ""
        for character in text {
            if character.isNewline || character == "\t" {
                out.append(" ")
            } else {
                for scalar in character.unicodeScalars {
                    if special.contains(Character(scalar)) { out.unicodeScalars.append("\\") }
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Text for HTML content or attribute values, markup characters as entities. Inside raw HTML in
    /// the Markdown (the `alt` of a `<picture>`'s image) Markdown does not read it, HTML does; there
    /// line breaks are folded. (`TeXMath.escaped` is the XML counterpart, which also replaces
    /// characters XML forbids.)
    static func htmlEscaped(_ text: String, foldingLineBreaks: Bool = true) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(foldingLineBreaks && character.isNewline ? " " : character)
            }
        }
        return out
    }

    /// A code span showing `text` literally: fenced by one more backtick than the longest run of
    /// backticks inside, padded with spaces when it starts or ends with one; line breaks folded.
    static func code(_ text: String) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        let fence = String(repeating: "`", count: longestBacktickRun(in: flat) + 1)
        let pad = flat.unicodeScalars.first == "`" || flat.unicodeScalars.last == "`" ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// A code fence for a block holding `text`: at least three backticks, and more than the
    /// longest run inside, so the block cannot close it.
    static func fence(for text: String) -> String {
        String(repeating: "`", count: max(3, longestBacktickRun(in: text) + 1))
    }

    /// Counted in code points, as a Markdown renderer counts: "`\u{301}" is one `Character` but
    /// still a backtick.
    private static func longestBacktickRun(in text: String) -> Int {
        var longest = 0
        var run = 0
        for scalar in text.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }

    /// A Mustache context for the Markdown templates: every string under a key that holds user
    /// or generated prose (`proseKeys`) escaped with `inline`, recursively.
    static func context(_ value: Any, key: String? = nil) -> Any {
        switch value {
        case let dictionary as [String: Any]:
            var copy: [String: Any] = [:]
            for (name, inner) in dictionary { copy[name] = context(inner, key: name) }
            return copy
        case let array as [Any]:
            return array.map { context($0, key: key) }
        case let text as String:
            return key.map(proseKeys.contains) == true ? inline(text) : text
        default:
            return value
        }
    }

    static let proseKeys: Set<String> = ["title", "author", "description", "caption", "alt", "text", "evidence", "seeds", "seedNote", "seedStatement"]
}
