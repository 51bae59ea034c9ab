import Foundation

/// Prose headings one level down, so the page title is the only level-1 heading (`#` becomes
/// `<h2>` in the page and `##` in `report.md`; level 6 stays 6), each with a unique `id` and a
/// visible link to itself; levels 1–3 as written are listed in the table of contents.
enum Headings {
    /// The HTML with demoted headings, each wrapped with its link:
    /// `<div class="heading heading-2"><h2 id="why">Why</h2><a class="anchor" href="#why" aria-label="Link to “Why”">#</a></div>`,
    /// and one TOC entry (`anchor`, `text`, `level` as written in the Markdown) per heading of levels 1–3.
    static func anchor(_ html: String, ids: inout PageIDs) -> (String, [TocEntry]) {
        var output = ""
        var toc: [TocEntry] = []
        var rest = Substring(html)
        while let open = rest.range(of: "<h") {
            output += rest[..<open.lowerBound]
            let afterTag = rest[open.upperBound...]
            guard let level = afterTag.first?.wholeNumberValue, (1...6).contains(level),
                afterTag.dropFirst().first == ">",
                let close = afterTag.range(of: "</h\(level)>")
            else {
                output += "<h"
                rest = afterTag
                continue
            }
            let inner = afterTag[afterTag.index(afterTag.startIndex, offsetBy: 2)..<close.lowerBound]
            let text = plainText(String(inner))
            let id = ids.claim(slugify(text))
            output += wrapped(inner, level: min(level + 1, 6), id: id, text: text)
            if level <= 3 { toc.append(TocEntry(anchor: id, text: text, level: level)) }
            rest = afterTag[close.upperBound...]
        }
        return (output + rest, toc)
    }

    /// A heading element with its link after it; the link's name says where it goes.
    static func wrapped(_ inner: Substring, level: Int, id: String, text: String) -> String {
        "<div class=\"heading heading-\(level)\"><h\(level) id=\"\(id)\">\(inner)</h\(level)>"
            + "<a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to “\(escapedAttribute(text))”\">#</a></div>"
    }

    /// Text with tags removed and the common entities decoded (for the TOC, where Mustache escapes
    /// again). MathML keeps only its rendered text, not its TeX annotation.
    static func plainText(_ html: String) -> String {
        var text = ""
        var tag: String?
        var inAnnotation = false
        for character in html {
            if character == "<" {
                tag = ""
            } else if character == ">", let name = tag {
                if name.hasPrefix("annotation") { inAnnotation = true } else if name.hasPrefix("/annotation") { inAnnotation = false }
                tag = nil
            } else if tag != nil {
                tag?.append(character)
            } else if !inAnnotation {
                text.append(character)
            }
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

    private static func escapedAttribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// The `id`s of one page: the ones its templates give (`main`, `figure-1`, `cell-sweep`, …) and
/// the headings', each used once. A heading whose slug is taken gets the first free `-2`, `-3`, ….
struct PageIDs {
    private(set) var used: Set<String>

    init(reserved: Set<String>) {
        used = reserved
    }

    /// `slug`, or `slug-N` for the smallest N ≥ 2 not yet used; marked as used.
    mutating func claim(_ slug: String) -> String {
        var id = slug
        var number = 1
        while used.contains(id) {
            number += 1
            id = "\(slug)-\(number)"
        }
        used.insert(id)
        return id
    }
}

/// Headings in `report.md`: demoted as in the page, and the notebook's own title heading dropped
/// when it repeats the title the report already shows.
enum MarkdownHeadings {
    /// `markdown` with every heading one level down: `#` → `##` (`######` stays), `===` → `---`,
    /// a `---` heading → `###`.
    static func demoted(_ markdown: String) -> String {
        let outline = MarkdownOutline(markdown)
        guard !outline.headings.isEmpty else { return markdown }
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        var removed = Set<Int>()
        for heading in outline.headings where heading.firstLine <= lines.count && heading.lastLine <= lines.count {
            let first = heading.firstLine - 1
            let column = min(max(heading.column - 1, 0), lines[first].count)
            if !heading.isSetext {
                if heading.level < 6 { lines[first].insert(UInt8(ascii: "#"), at: column) }
            } else if heading.level == 1 {
                lines[heading.lastLine - 1] = lines[heading.lastLine - 1].map { $0 == UInt8(ascii: "=") ? UInt8(ascii: "-") : $0 }
            } else {
                var text = Array(lines[first][column...])
                for continuation in heading.firstLine..<(heading.lastLine - 1) {
                    let line = lines[continuation]
                    text += [UInt8(ascii: " ")] + Array(line[min(column, line.count)...])
                    removed.insert(continuation)
                }
                lines[first] = Array(lines[first][..<column]) + Array("### ".utf8) + text
                removed.insert(heading.lastLine - 1)
            }
        }
        return lines.enumerated().filter { !removed.contains($0.offset) }.map { String(decoding: $0.element, as: UTF8.self) }
            .joined(separator: "\n")
    }

    /// `markdown` without its opening heading when that is a level-1 heading reading `title`
    /// (case and spacing aside); its lines become blank, so later lines keep their numbers.
    static func droppingTitle(_ markdown: String, title: String) -> String {
        let outline = MarkdownOutline(markdown)
        guard outline.startsWithHeading, let heading = outline.headings.first, heading.level == 1,
            normalised(heading.text) == normalised(title)
        else { return markdown }
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        for index in (heading.firstLine - 1)..<min(heading.lastLine, lines.count) { lines[index] = "" }
        return lines.joined(separator: "\n")
    }

    private static func normalised(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
