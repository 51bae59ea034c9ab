/// A Markdown account of a render or check for CI job summaries (GitHub's `$GITHUB_STEP_SUMMARY`),
/// one section per notebook: its title and claim count, the failed claims in a table, the passed
/// ones folded into `<details>`, each claim with its numbers and a link to its notebook line, and
/// where the report is. Every user string is escaped for Markdown and inline HTML, no path is a
/// runner's absolute path unless it was given as one outside the working directory, and a section
/// keeps to a byte budget (GitHub refuses a step summary over 1 MiB): the claims that do not fit
/// are left out, with a note saying how many.
public enum JobSummary {
    /// UTF-8 bytes a step's whole summary may take: half of GitHub's 1 MiB limit.
    public static let budget = 512 * 1024

    /// The section for one notebook: `title`, its `claims` in notebook order and `report`, the path
    /// of its `index.html` (nil for `check`). Paths are shown relative to `workingDirectory` (the
    /// report by its folder name when it lies outside); claims link to their line on GitHub when
    /// `github` is given. At most `budget` UTF-8 bytes: failed claims come first, and the claims
    /// that do not fit are left out from the end (only the heading, counts, note and report line
    /// are written whatever the budget).
    public static func markdown(
        title: String, claims: [ClaimSummary], report: String?, workingDirectory: String, github: GitHubRun?,
        budget: Int = budget
    ) -> String {
        let failed = claims.filter { !$0.passed }
        let passed = claims.filter(\.passed)
        let status =
            claims.isEmpty
            ? "No claims to check."
            : failed.isEmpty
                ? (claims.count == 1 ? "✅ The 1 claim passed." : "✅ All \(claims.count) claims passed.")
                : "❌ \(failed.count) of \(ClaimCount.text(claims.count)) failed."
        let head = "### gradscope: \(MarkdownText.inline(clipped(title, to: 200)))\n\n\(status)\n"
        let tail = (report.map { "\n" + reportLine($0, workingDirectory: workingDirectory, github: github) + "\n" } ?? "") + "\n"
        var remaining = budget - head.utf8.count - tail.utf8.count - note(leftOut: claims.count, failed: failed.count, passed: passed.count).utf8.count
        let row = { (claim: ClaimSummary) in Self.row(claim, workingDirectory: workingDirectory, github: github) }

        let failedRows = fitting(failed.lazy.map(row), opening: tableHead, closing: "", within: &remaining)
        let passedRows =
            failedRows.count < failed.count
            ? []
            : fitting(
                passed.lazy.map(row), opening: "\n<details><summary>\(ClaimCount.text(passed.count)) passed</summary>\n" + tableHead, closing: "\n</details>\n",
                within: &remaining)
        var text = head
        if !failedRows.isEmpty { text += tableHead + failedRows.joined() }
        if !passedRows.isEmpty {
            text += "\n<details><summary>\(ClaimCount.text(passed.count)) passed</summary>\n" + tableHead + passedRows.joined() + "\n</details>\n"
        }
        let leftOut = claims.count - failedRows.count - passedRows.count
        if leftOut > 0 {
            text += note(leftOut: leftOut, failed: failed.count - failedRows.count, passed: passed.count - passedRows.count)
        }
        return text + tail
    }

    private static let tableHead = "\n| | claim | measured (medians) | seeds | where |\n| --- | --- | --- | --- | --- |\n"

    /// The leading `rows` that fit in `remaining` bytes together with the block around them (charged
    /// once, with the first row), stopping at the first that does not (so the rows after it are never
    /// made); `remaining` is reduced.
    private static func fitting(_ rows: some Sequence<String>, opening: String, closing: String, within remaining: inout Int) -> [String] {
        var taken: [String] = []
        for row in rows {
            let cost = row.utf8.count + (taken.isEmpty ? opening.utf8.count + closing.utf8.count : 0)
            guard cost <= remaining else { break }
            remaining -= cost
            taken.append(row)
        }
        return taken
    }

    /// One table row: outcome, the claim as code, the measured numbers (at most 10 lines of at most
    /// 300 characters: a wildcard claim may hold one per run), the seeds and the notebook line.
    private static func row(_ claim: ClaimSummary, workingDirectory: String, github: GitHubRun?) -> String {
        var evidence = claim.evidence.prefix(10).map { MarkdownText.inline(clipped($0, to: 300)) }
        if claim.evidence.count > 10 { evidence.append("… and \(claim.evidence.count - 10) more") }
        let place = location(claim, workingDirectory: workingDirectory, github: github)
        return
            "| \(claim.passed ? "✅" : "❌") | \(codeCell(clipped(claim.text, to: 300))) | \(evidence.joined(separator: "<br>")) | \(MarkdownText.inline(clipped(claim.seeds, to: 200))) | \(place) |\n"
    }

    /// `path:line`, relative to the working directory when the notebook lies inside it, and then a
    /// link to that line of the commit under GitHub Actions.
    private static func location(_ claim: ClaimSummary, workingDirectory: String, github: GitHubRun?) -> String {
        let path = WorkingDirectoryPath.relative(claim.file, to: workingDirectory)
        let text = MarkdownText.inline("\(path ?? claim.file):\(claim.line)")
        guard let github, let path else { return text }
        return "[\(text)](\(github.sourceURL(path: path, line: claim.line)))"
    }

    /// "Report: `public/x/index.html`", relative to the working directory, or by its folder and file
    /// name when it lies outside (as an artifact of that folder holds it); under GitHub Actions,
    /// pointing at the run's artifacts.
    private static func reportLine(_ report: String, workingDirectory: String, github: GitHubRun?) -> String {
        let path = WorkingDirectoryPath.relative(report, to: workingDirectory) ?? report.split(separator: "/").suffix(2).joined(separator: "/")
        guard let github else { return "Report: \(MarkdownText.code(path))." }
        let artifacts = github.artifactsURL.map { "[this run's artifacts](\($0))" } ?? "this run's artifacts"
        return "Report: \(MarkdownText.code(path)), among \(artifacts) when the workflow uploads it."
    }

    private static func note(leftOut: Int, failed: Int, passed: Int) -> String {
        "\n⚠️ \(ClaimCount.text(leftOut)) left out (\(failed) failed, \(passed) passed) to keep this summary within GitHub's size limit: the report and `gradscope check` list them all.\n"
    }

    /// `text` cut to `limit` characters, with "…" when it was longer.
    private static func clipped(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    /// A claim as a code span in a table cell: GFM splits cells at `|` even inside code spans.
    private static func codeCell(_ text: String) -> String {
        MarkdownText.code(text).replacingOccurrences(of: "|", with: "\\|")
    }
}
