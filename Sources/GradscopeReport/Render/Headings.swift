import Foundation

/// Gives every `<h1>`–`<h3>` of rendered prose an `id` and lists them for the table of contents.
/// Prose headings move one level down (`#` becomes `<h2>`), so the page title is the page's only `<h1>`.
enum Headings {
    /// The HTML with anchored, demoted headings, and one TOC entry (`anchor`, `text`, `level` as
    /// written in the Markdown) per heading.
    /// `anchors` counts slugs across the whole page so repeated titles get `-2`, `-3`.
    static func anchor(_ html: String, anchors: inout [String: Int]) -> (String, [[String: Any]]) {
        var output = ""
        var toc: [[String: Any]] = []
        var rest = Substring(html)
        while let open = rest.range(of: "<h") {
            output += rest[..<open.lowerBound]
            let afterTag = rest[open.upperBound...]
            guard let level = afterTag.first?.wholeNumberValue, (1...3).contains(level),
                  afterTag.dropFirst().first == ">",
                  let close = afterTag.range(of: "</h\(level)>") else {
                output += "<h"
                rest = afterTag
                continue
            }
            let inner = afterTag[afterTag.index(afterTag.startIndex, offsetBy: 2)..<close.lowerBound]
            let text = plainText(String(inner))
            var slug = slugify(text)
            anchors[slug, default: 0] += 1
            if anchors[slug]! > 1 { slug += "-\(anchors[slug]!)" }
            output += "<h\(level + 1) id=\"\(slug)\">\(inner)</h\(level + 1)>"
            toc.append(["anchor": slug, "text": text, "level": level])
            rest = afterTag[close.upperBound...]
        }
        return (output + rest, toc)
    }

    /// Text with tags removed and the common entities decoded (for the TOC, where Mustache escapes again).
    static func plainText(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// Lower-case ASCII letters and digits joined by single dashes: "1. Why it stalls" → "1-why-it-stalls".
    static func slugify(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "section" : slug
    }
}
