/// A short Markdown account of a render or check for CI job summaries (GitHub's
/// `$GITHUB_STEP_SUMMARY`): the title, how many claims passed, and each claim with its numbers.
public enum JobSummary {
    public static func markdown(title: String, claims: [ClaimSummary], report: String?) -> String {
        let failed = claims.filter { !$0.passed }.count
        var lines = ["### gradscope: \(title)", ""]
        if claims.isEmpty {
            lines.append("No claims to check.")
        } else {
            lines.append(failed == 0 ? "✅ All \(claims.count) claims passed." : "❌ \(failed) of \(claims.count) claims failed.")
            lines += ["", "| | claim | measured (medians) | seeds | where |", "| --- | --- | --- | --- | --- |"]
            for claim in claims {
                let evidence = claim.evidence.map(cell).joined(separator: "<br>")
                lines.append("| \(claim.passed ? "✅" : "❌") | `\(cell(claim.text))` | \(evidence) | \(cell(claim.seeds)) | \(cell(claim.location)) |")
            }
        }
        if let report { lines += ["", "Report: `\(report)`"] }
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// Escapes what would break a table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
