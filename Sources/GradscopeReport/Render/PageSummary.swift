import Foundation

/// What a link preview and a search result show under the title (`<meta name="description">`,
/// `og:description`): the notebook's `description` as plain text ("the `bench` sweep" reads "the
/// bench sweep"), or else the text of its first paragraph; at most `maxLength` characters, cut
/// after a word with "…".
enum PageSummary {
    static let maxLength = 200

    static func text(description: String?, prose: [String]) -> String? {
        let text = description.map(MarkdownHTML.plainText) ?? prose.lazy.compactMap(MarkdownHTML.firstParagraph).first
        guard let text, !text.isEmpty else { return nil }
        guard text.count > maxLength else { return text }
        let cut = text.prefix(maxLength - 1)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
    }
}
