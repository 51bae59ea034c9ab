import Testing

@testable import GradscopeReport

/// Found by the property tests (ParserPropertyTests): `MarkdownText` escaped Swift `Character`s, but a
/// Markdown renderer reads code points, and one `Character` can hold a markup character together
/// with a combining mark after it or a prepended mark before it.
@Suite("Markdown escaping counts code points")
struct MarkdownEscapingRegressionTests {
    @Test(
        "a backtick with a combining mark still counts towards the code span's fence",
        arguments: [
            "`\u{301}", "a``\u{301}b", "a`\u{301}<img src=x onerror=alert(1)>",
        ])
    func codeSpan(_ text: String) {
        let span = MarkdownText.code(text)
        let html = ReportFiles.html(fromMarkdown: span)
        #expect(!html.contains("<img"), "\(span.debugDescription) → \(html)")
        #expect(html.hasPrefix("<p><code>") && html.hasSuffix("</code></p>\n"), "\(span.debugDescription) → \(html)")
    }

    @Test(
        "markup characters joined to a combining or prepended mark are escaped",
        arguments: [
            ("`\u{301}x`\u{301}", "\\`\u{301}x\\`\u{301}"),
            ("*\u{301}em*\u{301}", "\\*\u{301}em\\*\u{301}"),
            ("\u{600}<img src=x onerror=alert(1)>", "\u{600}\\<img src=x onerror=alert(1)\\>"),
        ])
    func inline(_ example: (String, String)) {
        let escaped = MarkdownText.inline(example.0)
        #expect(escaped == example.1)
        let html = ReportFiles.html(fromMarkdown: escaped)
        #expect(!html.contains("<img") && !html.contains("<em>") && !html.contains("<code>"), "\(escaped.debugDescription) → \(html)")
    }
}
