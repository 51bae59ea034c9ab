import CCmarkGFM

/// Prose Markdown as HTML, by cmark-gfm (GitHub's CommonMark renderer, from the system): linear in
/// the input on brackets and autolinks, with GitHub's table, autolink, strikethrough and task-list
/// extensions. Raw output: `ReportFiles.html(fromMarkdown:)` adapts it to the page's conventions.
enum MarkdownHTML {
    static let extensions = ["table", "autolink", "strikethrough", "tasklist"]

    /// cmark-gfm registers its core extensions in a global list without a lock; a static's
    /// initialiser runs exactly once, whichever thread renders first.
    private static let registered: Void = cmark_gfm_core_extensions_ensure_registered()

    /// `safe: false` passes raw HTML through (a notebook is trusted like any Markdown file);
    /// `safe: true` replaces it with `<!-- raw HTML omitted -->` and empties `javascript:`,
    /// `vbscript:`, `file:` and non-image `data:` link targets.
    static func render(_ markdown: String, safe: Bool) -> String {
        let options = CMARK_OPT_DEFAULT | (safe ? 0 : CMARK_OPT_UNSAFE)
        return withDocument(markdown, options: options) { document, parser in
            guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
                fatalError("cmark-gfm: cannot render")
            }
            defer { free(html) }
            return String(cString: html)
        }
    }

    /// The text a reader sees, without markup, on one line: "The sweep `bench` times" reads
    /// "The sweep bench times".
    static func plainText(_ markdown: String) -> String {
        withDocument(markdown, options: CMARK_OPT_DEFAULT) { document, _ in plainText(of: document) }
    }

    /// The plain text of the first paragraph, if there is one.
    static func firstParagraph(_ markdown: String) -> String? {
        withDocument(markdown, options: CMARK_OPT_DEFAULT) { document, _ in
            guard let iterator = cmark_iter_new(document) else { return nil }
            defer { cmark_iter_free(iterator) }
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH {
                    return plainText(of: node)
                }
            }
            return nil
        }
    }

    /// A node's text without markup, line breaks and runs of spaces folded to one space.
    static func plainText(of node: OpaquePointer) -> String {
        guard let text = cmark_render_plaintext(node, CMARK_OPT_DEFAULT, 0) else { fatalError("cmark-gfm: cannot render") }
        defer { free(text) }
        return String(cString: text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Parses `markdown` with GitHub's extensions and hands `body` the document.
    static func withDocument<T>(_ markdown: String, options: Int32, _ body: (_ document: OpaquePointer, _ parser: OpaquePointer) -> T) -> T {
        _ = registered
        // cmark's default allocator aborts rather than return NULL, so these are never nil.
        guard let parser = cmark_parser_new(options) else { fatalError("cmark-gfm: cannot create a parser") }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            guard let extensionHandle = cmark_find_syntax_extension(name) else {
                fatalError("cmark-gfm: the \(name) extension is missing (libcmark-gfm-extensions)")
            }
            cmark_parser_attach_syntax_extension(parser, extensionHandle)
        }
        var text = markdown
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress, !chars.isEmpty { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { fatalError("cmark-gfm: cannot parse") }
        defer { cmark_node_free(document) }
        return body(document, parser)
    }
}
