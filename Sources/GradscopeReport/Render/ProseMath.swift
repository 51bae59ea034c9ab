/// Maths in prose: `$…$` and `$$…$$` found outside code, kept away from cmark-gfm (which would
/// read `x_i` as emphasis and `\{` as an escape) behind placeholders, and put back as MathML.
///
/// The delimiters follow the usual rule: an opening `$` is not followed by a space, a closing one
/// is not preceded by a space nor followed by a digit, and the first unescaped `$` after an opener
/// must close it, otherwise the opener is plain text ("costs $5 and $10" holds no maths). Maths
/// stays within a paragraph. Code spans and blocks, HTML blocks and tags, link targets and
/// backslash-escaped dollars (`\$`) are left alone. The scan reads every character once.
enum ProseMath {
    struct Span: Equatable {
        /// The TeX between the delimiters.
        var tex: String
        var display: Bool
        /// Where the TeX starts: 1-based line of the Markdown and 1-based column in Unicode scalars.
        var line: Int
        var column: Int
    }

    /// A formula `TeXMath` does not know, shown as its TeX source in the page.
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    /// The HTML of `markdown` with its maths as MathML, and the formulas that could not be translated.
    static func html(_ markdown: String, safe: Bool) -> (html: String, problems: [Problem]) {
        let text = markdown.contains("\r") ? NotebookParser.lineFeeds(markdown) : markdown
        guard let (protected, spans, marks) = protect(text) else { return (MarkdownHTML.render(text, safe: safe), []) }
        var problems: [Problem] = []
        let rendered = spans.map { span -> (inText: String, inAttribute: String) in
            let source = (span.display ? "$$" : "$") + span.tex + (span.display ? "$$" : "$")
            do throws(TeXMath.Failure) {
                return (try TeXMath.mathML(span.tex, display: span.display), TeXMath.escaped(source))
            } catch {
                problems.append(Problem(position(of: error.offset, in: span), message: error.message))
                return ("<code class=\"tex\">\(TeXMath.escaped(source))</code>", TeXMath.escaped(source))
            }
        }
        return (restore(MarkdownHTML.render(protected, safe: safe), rendered, marks: marks), problems)
    }

    /// The text with each formula replaced by `open`, its index and `close` (two private-use
    /// characters the text does not hold, which cmark passes through as they are), the formulas,
    /// and the two characters. Nil when the text holds no maths.
    static func protect(_ text: String) -> (String, [Span], (open: Unicode.Scalar, close: Unicode.Scalar))? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("$") else { return nil }
        let outline = MarkdownOutline(text)
        let used = Set(scalars.filter { (0xE000...0xF8FF).contains($0.value) })
        guard
            let open = (0xE000...0xF8FE).lazy.compactMap(Unicode.Scalar.init).first(where: {
                !used.contains($0) && !used.contains(Unicode.Scalar($0.value + 1)!)
            })
        else {
            return nil
        }
        let marks = (open: open, close: Unicode.Scalar(open.value + 1)!)
        var scanner = Scanner(scalars: scalars)
        let found = scanner.spans(in: outline.textBlocks)
        guard !found.isEmpty else { return nil }
        var out = String.UnicodeScalarView()
        var spans: [Span] = []
        var cursor = 0
        for (index, item) in found.enumerated() {
            out.append(contentsOf: scalars[cursor..<item.start])
            out.append(marks.open)
            out.append(contentsOf: String(index).unicodeScalars)
            out.append(marks.close)
            cursor = item.end
            spans.append(item.span)
        }
        out.append(contentsOf: scalars[cursor...])
        return (String(out), spans, marks)
    }

    /// cmark's HTML with each placeholder replaced: MathML in text, the TeX source inside a tag
    /// (an image's `alt`, a link's `title`). A placeholder cmark changed (in a link target) stays out.
    static func restore(_ html: String, _ rendered: [(inText: String, inAttribute: String)], marks: (open: Unicode.Scalar, close: Unicode.Scalar)) -> String {
        var out = ""
        var inTag = false
        var scalars = html.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if scalar == "<" { inTag = true } else if scalar == ">" { inTag = false }
            guard scalar == marks.open else {
                out.unicodeScalars.append(scalar)
                continue
            }
            let digits = scalars.prefix { ("0"..."9").contains($0) }
            if scalars.dropFirst(digits.count).first == marks.close, let index = Int(String(String.UnicodeScalarView(digits))), index < rendered.count {
                out += inTag ? rendered[index].inAttribute : rendered[index].inText
                scalars = scalars.dropFirst(digits.count + 1)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The line and column (in scalars) of the character `offset` characters into the span's TeX.
    private static func position(of offset: Int, in span: Span) -> (Int, Int) {
        var line = span.line
        var column = span.column
        for character in span.tex.prefix(offset) {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }
}

extension ProseMath.Problem {
    init(_ position: (Int, Int), message: String) {
        self.init(line: position.0, column: position.1, message: message)
    }
}

extension ProseMath {
    /// One pass over the scalars of the text blocks `MarkdownOutline` finds, finding formulas and
    /// skipping what is not prose. A table row is read cell by cell (an unescaped `|` ends a formula).
    struct Scanner {
        let scalars: [Unicode.Scalar]
        var position = 0
        var line = 1
        /// Index where the current line starts.
        var lineStart = 0
        /// End of the current block (exclusive).
        var blockEnd = 0
        var inTableRow = false
        /// The block holds no `>` from here on / no `)`.
        var noTagEnd = false, noParenthesis = false
        /// The block's backtick runs by length, and how far code spans have used each list.
        var backtickRuns: [Int: [Int]] = [:]
        var backtickCursor: [Int: Int] = [:]

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        mutating func spans(in blocks: [(lines: ClosedRange<Int>, isTableRow: Bool)]) -> [(start: Int, end: Int, span: Span)] {
            var lineStarts = [0]
            for (index, scalar) in scalars.enumerated() where scalar == "\n" { lineStarts.append(index + 1) }
            var found: [(start: Int, end: Int, span: Span)] = []
            for block in blocks where block.lines.lowerBound <= lineStarts.count {
                let start = lineStarts[block.lines.lowerBound - 1]
                guard start >= position else { continue }
                advance(by: start - position)
                blockEnd = block.lines.upperBound < lineStarts.count ? lineStarts[block.lines.upperBound] : scalars.count
                startBlock(tableRow: block.isTableRow)
                while position < blockEnd {
                    if let span = step() { found.append(span) }
                }
            }
            return found
        }

        /// Reads one construct at `position` and moves past it; a formula when there is one.
        mutating func step() -> (start: Int, end: Int, span: Span)? {
            switch scalars[position] {
            case "\\":
                advance(by: position + 1 < blockEnd && scalars[position + 1].isASCII && scalars[position + 1].properties.isPatternSyntax ? 2 : 1)
            case "`":
                skipCodeSpan()
            case "<":
                skipTag()
            case "]" where position + 1 < blockEnd && scalars[position + 1] == "(":
                skipLinkTarget()
            case "$":
                return formula()
            default:
                advance(by: 1)
            }
            return nil
        }

        /// `$…$` or `$$…$$` at `position`, or the `$` as text.
        mutating func formula() -> (start: Int, end: Int, span: Span)? {
            let start = position
            let display = start + 1 < blockEnd && scalars[start + 1] == "$"
            let contentStart = start + (display ? 2 : 1)
            guard contentStart < blockEnd, display || !scalars[contentStart].properties.isWhitespace else {
                advance(by: contentStart - start)
                return nil
            }
            var index = contentStart
            while index < blockEnd, scalars[index] != "$", !(inTableRow && scalars[index] == "|") {
                index += scalars[index] == "\\" && index + 1 < blockEnd ? 2 : 1
            }
            index = min(index, blockEnd)
            let closes: Bool
            if index >= blockEnd || scalars[index] != "$" {
                closes = false
            } else if display {
                closes = index + 1 < blockEnd && scalars[index + 1] == "$"
            } else {
                closes = !scalars[index - 1].properties.isWhitespace && !(index + 1 < blockEnd && ("0"..."9").contains(scalars[index + 1]))
            }
            let tex = String(String.UnicodeScalarView(scalars[contentStart..<index]))
            guard closes, !tex.allSatisfy(\.isWhitespace) else {
                advance(by: max(1, index - start))
                return nil
            }
            let span = Span(tex: tex, display: display, line: line, column: contentStart - lineStart + 1)
            let end = index + (display ? 2 : 1)
            advance(by: end - start)
            return (start, end, span)
        }

        /// A code span: a run of n backticks and the next run of exactly n; a run without one is text.
        mutating func skipCodeSpan() {
            var length = 0
            while position + length < blockEnd, scalars[position + length] == "`" { length += 1 }
            let runs = backtickRuns[length] ?? []
            var cursor = backtickCursor[length] ?? 0
            while cursor < runs.count, runs[cursor] <= position { cursor += 1 }
            backtickCursor[length] = cursor
            advance(by: cursor < runs.count ? runs[cursor] + length - position : length)
        }

        /// An HTML tag, comment or autolink: `<` then a letter, `/`, `!` or `?`, up to the next `>`.
        mutating func skipTag() {
            guard !noTagEnd, position + 1 < blockEnd, scalars[position + 1].isASCII,
                scalars[position + 1].properties.isAlphabetic || "/!?".unicodeScalars.contains(scalars[position + 1])
            else {
                advance(by: 1)
                return
            }
            guard let end = scalars[position..<blockEnd].firstIndex(of: ">") else {
                noTagEnd = true
                advance(by: 1)
                return
            }
            advance(by: end + 1 - position)
        }

        /// A link's `(target)` after `]`.
        mutating func skipLinkTarget() {
            guard !noParenthesis, let end = scalars[position..<blockEnd].firstIndex(of: ")") else {
                noParenthesis = true
                advance(by: 2)
                return
            }
            advance(by: end + 1 - position)
        }

        /// Resets the per-block state and lists the block's backtick runs.
        mutating func startBlock(tableRow: Bool) {
            inTableRow = tableRow
            noTagEnd = false
            noParenthesis = false
            backtickRuns = [:]
            backtickCursor = [:]
            var run = position
            while run < blockEnd {
                guard scalars[run] == "`" else {
                    run += 1
                    continue
                }
                var length = 0
                while run + length < blockEnd, scalars[run + length] == "`" { length += 1 }
                backtickRuns[length, default: []].append(run)
                run += length
            }
        }

        /// Moves forward, counting the line breaks passed.
        mutating func advance(by count: Int) {
            let end = min(position + count, scalars.count)
            while position < end {
                if scalars[position] == "\n" {
                    line += 1
                    lineStart = position + 1
                }
                position += 1
            }
        }
    }
}
