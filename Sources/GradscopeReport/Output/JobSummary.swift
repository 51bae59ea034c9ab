/// A short Markdown account of a render or check for CI job summaries (GitHub's
/// `$GITHUB_STEP_SUMMARY`): the title, how many claims passed, and each claim with its numbers.
public enum JobSummary {
    public static func markdown(title: String, claims: [ClaimSummary], report: String?) -> String {
        let failed = claims.filter { !$0.passed }.count
        var lines = ["### gradscope: \(MarkdownText.inline(title))", ""]
        if claims.isEmpty {
            lines.append("No claims to check.")
        } else {
            lines.append(failed == 0 ? "✅ All \(claims.count) claims passed." : "❌ \(failed) of \(claims.count) claims failed.")
            lines += ["", "| | claim | measured (medians) | seeds | where |", "| --- | --- | --- | --- | --- |"]
            for claim in claims {
                let evidence = claim.evidence.map(MarkdownText.inline).joined(separator: "<br>")
                lines.append("| \(claim.passed ? "✅" : "❌") | \(codeCell(claim.text)) | \(evidence) | \(MarkdownText.inline(claim.seeds)) | \(MarkdownText.inline(claim.location)) |")
            }
        }
        if let report { lines += ["", "Report: \(MarkdownText.code(report))"] }
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// A claim as a code span in a table cell: GFM splits cells at `|` even inside code spans.
    private static func codeCell(_ text: String) -> String {
        MarkdownText.code(text).replacingOccurrences(of: "|", with: "\\|")
    }
}
