import CCmarkGFM

/// Where the blocks of prose Markdown stand, by cmark-gfm's source positions: the blocks of text
/// (paragraphs, headings, table rows: where maths may be; never code or HTML blocks) and the
/// headings. Lines are 1-based and counted as cmark counts them (LF, CRLF and CR each end one);
/// columns are 1-based UTF-8 byte offsets.
struct MarkdownOutline {
    struct Heading: Equatable {
        var level: Int
        var firstLine: Int
        var lastLine: Int
        var column: Int
        /// Underlined with `===` or `---` rather than opened with `#`.
        var isSetext: Bool { lastLine > firstLine }
        /// The heading's text without markup ("Why `x` stalls" reads "Why x stalls").
        var text: String
    }

    /// Lines of each paragraph and heading, and each line of a table alone, in reading order.
    var textBlocks: [(lines: ClosedRange<Int>, isTableRow: Bool)] = []
    var headings: [Heading] = []
    /// The first block of the document is `headings[0]`.
    var startsWithHeading = false

    init(_ markdown: String) {
        let lines = markdown.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        MarkdownHTML.withDocument(markdown, options: CMARK_OPT_SOURCEPOS) { document, _ in
            startsWithHeading = cmark_node_first_child(document).map { cmark_node_get_type($0) == CMARK_NODE_HEADING } ?? false
            guard let iterator = cmark_iter_new(document) else { return }
            defer { cmark_iter_free(iterator) }
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let first = Int(cmark_node_get_start_line(node))
                let last = Int(cmark_node_get_end_line(node))
                guard first >= 1, first <= last else { continue }
                switch cmark_node_get_type(node) {
                case CMARK_NODE_PARAGRAPH:
                    textBlocks.append((first...last, false))
                case CMARK_NODE_HEADING:
                    // cmark counts a blank line after a setext heading as its own; the underline is the last line with text.
                    var last = min(last, lines.count)
                    while last > first, lines[last - 1].allSatisfy({ $0.isWhitespace || $0 == ">" }) { last -= 1 }
                    textBlocks.append((first...last, false))
                    headings.append(
                        Heading(
                            level: Int(cmark_node_get_heading_level(node)), firstLine: first, lastLine: last,
                            column: Int(cmark_node_get_start_column(node)), text: MarkdownHTML.plainText(of: node)))
                default:
                    if cmark_node_get_type_string(node).map({ String(cString: $0) }) == "table" {
                        textBlocks += (first...last).map { ($0...$0, true) }
                    }
                }
            }
        }
    }
}
