import Testing

@testable import GradscopeReport

/// The job summary: failed claims first, passed ones folded, links to notebook lines, relative
/// paths, Markdown escaping and the byte budget.
@Suite("The CI job summary")
struct JobSummaryTests {
    static let github = GitHubRun(serverURL: "https://github.com", repository: "acme/study", commit: "0123abc", runID: "42")

    static func claim(_ text: String, passed: Bool, line: Int, file: String = "reports/x.md", evidence: [String]? = nil) -> ClaimSummary {
        ClaimSummary(cell: "sweep", text: text, passed: passed, evidence: evidence ?? ["\(text) measured"], file: file, line: line, seeds: "one seed")
    }

    static let mixed = [
        claim("a < 1", passed: true, line: 10), claim("b < 1", passed: false, line: 11),
        claim("c < 1", passed: true, line: 12), claim("d < 1", passed: false, line: 13),
    ]

    /// The table rows of a summary, in order.
    static func rows(_ markdown: String) -> [Substring] {
        markdown.split(separator: "\n").filter { $0.hasPrefix("| ✅") || $0.hasPrefix("| ❌") }
    }

    @Test("failed claims come first, in notebook order, and the passed ones are folded into <details>")
    func ordering() {
        let text = JobSummary.markdown(title: "Study", claims: Self.mixed, report: nil, workingDirectory: "/repo", github: nil)
        #expect(Self.rows(text).map { $0.prefix(13) } == ["| ❌ | `b < 1`", "| ❌ | `d < 1`", "| ✅ | `a < 1`", "| ✅ | `c < 1`"])
        #expect(text.hasPrefix("### gradscope: Study\n\n❌ 2 of 4 claims failed.\n\n| | claim |"))
        let details = text.components(separatedBy: "<details><summary>2 claims passed</summary>\n\n| | claim")
        #expect(details.count == 2, "a blank line after <summary>, or GitHub shows the table as text")
        #expect(!details[0].contains("| ✅") && !details[1].contains("| ❌"))
        #expect(details[1].contains("| ✅ | `c < 1` | c \\< 1 measured | one seed | reports/x.md:12 |\n\n</details>\n"))
        #expect(text.hasSuffix("</details>\n\n"), "a blank line ends the section, so the next one appends cleanly")
    }

    @Test("cmark-gfm reads the failed table outside and the passed table inside the folded block")
    func rendersAsIntended() {
        let html = MarkdownHTML.render(
            JobSummary.markdown(title: "Study", claims: Self.mixed, report: nil, workingDirectory: "/repo", github: Self.github), safe: false)
        let parts = html.components(separatedBy: "<details>")
        #expect(parts.count == 2)
        #expect(parts[0].contains("<table>") && parts[0].contains("<code>b &lt; 1</code>") && !parts[0].contains("a &lt; 1"))
        #expect(parts[1].contains("<summary>2 claims passed</summary>\n<table>") && parts[1].contains("<code>c &lt; 1</code>"))
        #expect(parts[1].contains("</table>\n</details>"))
        #expect(html.contains("<a href=\"https://github.com/acme/study/blob/0123abc/reports/x.md#L11\">reports/x.md:11</a>"))
    }

    @Test("all passed: the count, and every claim folded; no claims: one line")
    func allPassedAndNone() {
        let passed = JobSummary.markdown(title: "S", claims: [Self.claim("a", passed: true, line: 3)], report: nil, workingDirectory: "/repo", github: nil)
        #expect(
            passed == """
                ### gradscope: S

                ✅ The 1 claim passed.

                <details><summary>1 claim passed</summary>

                | | claim | measured (medians) | seeds | where |
                | --- | --- | --- | --- | --- |
                | ✅ | `a` | a measured | one seed | reports/x.md:3 |

                </details>


                """)
        let none = JobSummary.markdown(title: "S", claims: [], report: nil, workingDirectory: "/repo", github: nil)
        #expect(none == "### gradscope: S\n\nNo claims to check.\n\n")
    }

    @Test(
        "under GitHub Actions each claim links to its line on the commit; elsewhere it is plain path:line",
        arguments: [
            ("reports/x.md", "[reports/x.md:7](https://github.com/acme/study/blob/0123abc/reports/x.md#L7)", "reports/x.md:7"),
            ("./reports/../reports/x.md", "[reports/x.md:7](https://github.com/acme/study/blob/0123abc/reports/x.md#L7)", "reports/x.md:7"),
            (
                "/repo/reports/my (1) [draft].md",
                "[reports/my (1) \\[draft\\].md:7](https://github.com/acme/study/blob/0123abc/reports/my%20%281%29%20%5Bdraft%5D.md#L7)",
                "reports/my (1) \\[draft\\].md:7"
            ),
            ("/elsewhere/x.md", "/elsewhere/x.md:7", "/elsewhere/x.md:7"),
            ("../x.md", "../x.md:7", "../x.md:7"),
        ])
    func links(file: String, withGitHub: String, without: String) {
        let claims = [Self.claim("a", passed: false, line: 7, file: file)]
        let linked = JobSummary.markdown(title: "S", claims: claims, report: nil, workingDirectory: "/repo", github: Self.github)
        let plain = JobSummary.markdown(title: "S", claims: claims, report: nil, workingDirectory: "/repo", github: nil)
        #expect(Self.rows(linked).first?.hasSuffix("| \(withGitHub) |") == true, "\(linked)")
        #expect(Self.rows(plain).first?.hasSuffix("| \(without) |") == true, "\(plain)")
    }

    @Test("the report is named relative to the working directory, by its folder outside it, and under Actions among the run's artifacts")
    func reportPath() {
        let claims = [Self.claim("a", passed: true, line: 3)]
        let inside = JobSummary.markdown(
            title: "S", claims: claims, report: "/home/runner/work/study/public/x/index.html", workingDirectory: "/home/runner/work/study", github: nil)
        #expect(inside.hasSuffix("\nReport: `public/x/index.html`.\n\n"))
        let outside = JobSummary.markdown(
            title: "S", claims: claims, report: "/tmp/site/x/index.html", workingDirectory: "/home/runner/work/study", github: nil)
        #expect(outside.hasSuffix("\nReport: `x/index.html`.\n\n"))
        let actions = JobSummary.markdown(
            title: "S", claims: claims, report: "/home/runner/work/study/public/x/index.html", workingDirectory: "/home/runner/work/study", github: Self.github)
        #expect(
            actions.hasSuffix(
                "\nReport: `public/x/index.html`, among [this run's artifacts](https://github.com/acme/study/actions/runs/42#artifacts) when the workflow uploads it.\n\n"
            ))
        #expect(!actions.contains("/home/runner"))
    }

    @Test("20,000 long claims stay within the budget, failed ones first, with a note counting the claims left out")
    func truncation() {
        let long = String(repeating: "sigmoid.16.backpropRatio * 0.25^depth ", count: 8)
        let claims = (0..<20_000).map {
            Self.claim("\(long)\($0) < 1", passed: $0 % 1000 != 999, line: $0 + 1, evidence: ["\(long) = 0.5 ≥ 1", "seed 2: \(long)"])
        }
        let text = JobSummary.markdown(title: "Big", claims: claims, report: "/repo/public/big/index.html", workingDirectory: "/repo", github: Self.github)
        #expect(text.utf8.count <= JobSummary.budget)
        #expect(text.utf8.count > JobSummary.budget - 2_000, "the budget is used, not wasted: \(text.utf8.count)")
        let rows = Self.rows(text)
        #expect(rows.prefix(20).allSatisfy { $0.hasPrefix("| ❌") }, "the 20 failed claims come first")
        #expect(rows.dropFirst(20).allSatisfy { $0.hasPrefix("| ✅") })
        let leftOut = 20_000 - rows.count
        #expect(leftOut > 19_000)
        #expect(
            text.contains("\n⚠️ \(leftOut) claims left out (0 failed, \(leftOut) passed) to keep this summary within GitHub's size limit"), "\(text.suffix(600))"
        )
        #expect(text.hasSuffix("when the workflow uploads it.\n\n"), "the report line survives truncation")
        #expect(text.contains("<details><summary>19980 claims passed</summary>"), "the fold counts every passed claim")
    }

    @Test("every budget is kept once the heading fits, down to leaving every claim out", arguments: [0, 300, 700, 1_000, 2_500, 10_000])
    func smallBudgets(budget: Int) {
        let text = JobSummary.markdown(title: "S", claims: Self.mixed, report: nil, workingDirectory: "/repo", github: nil, budget: budget)
        let rows = Self.rows(text).count
        if rows < 4 {
            #expect(text.contains("⚠️ \(4 - rows) claim"))
        }
        if budget >= 300 { #expect(text.utf8.count <= budget, "\(text)") }
        if budget == 10_000 { #expect(rows == 4 && !text.contains("⚠️")) }
        if budget == 0 { #expect(rows == 0 && text.contains("⚠️ 4 claims left out (2 failed, 2 passed)")) }
    }

    @Test("one huge claim is clipped rather than crowding out the rest")
    func hugeClaim() {
        let huge = String(repeating: "x", count: 100_000)
        let claims = [Self.claim(huge, passed: false, line: 1, evidence: Array(repeating: huge, count: 50)), Self.claim("b", passed: false, line: 2)]
        let text = JobSummary.markdown(title: huge, claims: claims, report: nil, workingDirectory: "/repo", github: nil)
        #expect(Self.rows(text).count == 2)
        #expect(text.utf8.count < 10_000)
        #expect(text.contains("… and 40 more"))
    }

    @Test("user text is escaped for Markdown and inline HTML in every column")
    func escaping() {
        let claim = ClaimSummary(
            cell: "c", text: "a|b < `c`", passed: false, evidence: ["<img src=x onerror=alert(1)> | *b*"], file: "<b>.md", line: 1, seeds: "[x](javascript:y)")
        let text = JobSummary.markdown(
            title: "<script>alert(1)</script>", claims: [claim], report: "/repo/<i>/index.html", workingDirectory: "/repo", github: Self.github)
        let html = MarkdownHTML.render(text, safe: false)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>") && !html.contains("<i>") && !html.contains("javascript:y\""))
        #expect(html.contains("<code>a|b &lt; `c`</code>"), "\(html)")
        #expect(html.components(separatedBy: "<td").count == 6, "one row of five cells: no | split a cell")
        #expect(text.contains("blob/0123abc/%3Cb%3E.md#L1"))
    }

    @Test("GitHubRun comes from the runner's variables only under GitHub Actions")
    func environment() {
        let base = [
            "GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.example.com/", "GITHUB_REPOSITORY": "a/b", "GITHUB_SHA": "f00", "GITHUB_RUN_ID": "9",
        ]
        let run = GitHubRun(environment: base)
        #expect(run?.sourceURL(path: "r/x.md", line: 3) == "https://github.example.com/a/b/blob/f00/r/x.md#L3")
        #expect(run?.artifactsURL == "https://github.example.com/a/b/actions/runs/9#artifacts")
        #expect(GitHubRun(environment: base.merging(["GITHUB_ACTIONS": "false"]) { $1 }) == nil)
        #expect(GitHubRun(environment: base.merging(["GITHUB_SERVER_URL": "javascript:alert(1)"]) { $1 }) == nil)
        #expect(GitHubRun(environment: base.filter { $0.key != "GITHUB_SHA" }) == nil)
        #expect(GitHubRun(environment: base.filter { $0.key != "GITHUB_RUN_ID" })?.artifactsURL == nil)
    }

    @Test(
        "paths relative to the working directory, when inside it",
        arguments: [
            ("reports/x.md", "reports/x.md"), ("./reports/./x.md", "reports/x.md"), ("/repo/reports/x.md", "reports/x.md"),
            ("/repo//reports/x.md", "reports/x.md"), ("reports/../x.md", "x.md"), ("/repo2/x.md", nil), ("../x.md", nil),
            ("/repo", nil), (".", nil), ("/elsewhere/x.md", nil), ("../repo/x.md", "x.md"),
        ] as [(String, String?)])
    func relativePaths(path: String, expected: String?) {
        #expect(WorkingDirectoryPath.relative(path, to: "/repo") == expected)
    }
}
