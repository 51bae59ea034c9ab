import Foundation
import Testing

/// Pull-request feedback end to end: workflow commands under GitHub Actions, and a job summary
/// with links, relative paths and a budget.
@Suite("Pull-request feedback from the command line")
struct AnnotationCommandLineTests {
    let cli = CommandLineTests()
    static let actions = ["GITHUB_ACTIONS": "true"]
    /// The CLI test notebook with a claim that fails at line 16 (before the passing one, now at 17).
    static let failing = CommandLineTests.notebook.replacingOccurrences(of: "claims:\n", with: "claims:\n  - \"relu.3.finalLoss < 0\"\n")

    /// The annotation the failed claim at line 16 must get, rebuilt from the plain lines printed for
    /// it: `FAIL <path as given>:16 [sweep] relu.3.finalLoss < 0 (seeds)` and its indented evidence.
    static func expectedAnnotation(_ stdout: String, path: String) -> String? {
        let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let head = "FAIL \(path):16 [sweep] relu.3.finalLoss < 0 "
        guard let fail = lines.firstIndex(where: { $0.hasPrefix(head + "(") }) else { return nil }
        let seeds = lines[fail].dropFirst(head.count)
        let evidence = lines[(fail + 1)...].prefix { $0.hasPrefix("     ") }.map { "%0A" + $0.dropFirst(5) }
        return "::error file=nb.md,line=16,title=claim failed::relu.3.finalLoss < 0 [sweep] \(seeds)" + evidence.joined()
    }

    @Test("under GITHUB_ACTIONS=true a failed claim is also an ::error on its notebook line, in check and render, whatever the path's form")
    func failedClaim() throws {
        let folder = try cli.workspace(Self.failing)
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [["check", "nb.md"], ["check", "./nb.md", "--quiet"], ["render", folder.appendingPathComponent("nb.md").path, "--out", "site"]] {
            let outcome = try cli.run(arguments + ["--no-cache"], in: folder, environment: Self.actions)
            #expect(outcome.status == 1, "\(outcome.stderr)")
            let expected = try #require(Self.expectedAnnotation(outcome.stdout, path: arguments[1]), "\(outcome.stdout)")
            let commands = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
            #expect(commands == [Substring(expected)], "one annotation, for the failed claim only: \(outcome.stdout)")
            let lines = outcome.stdout.split(separator: "\n")
            #expect(lines.firstIndex(of: Substring(expected)).map { lines[$0 - 1].hasPrefix("     ") } == true, "right after the claim's lines")
            #expect(!outcome.stderr.contains("::"))
        }
    }

    @Test("--annotations none turns them off under Actions; --annotations github turns them on anywhere")
    func option() throws {
        let folder = try cli.workspace(Self.failing)
        defer { try? FileManager.default.removeItem(at: folder) }
        let off = try cli.run(["check", "nb.md", "--annotations", "none"], in: folder, environment: Self.actions)
        #expect(off.status == 1 && !off.stdout.contains("::error") && !off.stderr.contains("::error"))
        let plain = try cli.run(["check", "nb.md"], in: folder)
        #expect(plain.status == 1 && !plain.stdout.contains("::error"))
        let on = try cli.run(["check", "nb.md", "--annotations", "github"], in: folder)
        #expect(on.stdout.contains("\n::error file=nb.md,line=16,title=claim failed::relu.3.finalLoss < 0 [sweep] ("))
        let bad = try cli.run(["check", "nb.md", "--annotations", "gitlab"], in: folder)
        #expect(bad.status == 2 && bad.stderr.contains("gitlab"))
    }

    @Test("an input error is its line and then an ::error at its file, line and column; several errors, one pair each")
    func inputErrors() throws {
        let bad = CommandLineTests.notebook.replacingOccurrences(of: "activations: [sigmoid, relu]", with: "activations: [sigmoid, relux]")
        let folder = try cli.workspace(bad)
        defer { try? FileManager.default.removeItem(at: folder) }
        let message =
            "unknown activation 'relux' (expected one of: sigmoid, tanh, relu, leaky_relu, elu, gelu, selu, softplus, silu, identity; leaky_relu(slope) and elu(alpha > 0) take a parameter)"
        for arguments in [["render", "nb.md", "--out", "site"], ["check", folder.appendingPathComponent("nb.md").path]] {
            let outcome = try cli.run(arguments, in: folder, environment: Self.actions)
            #expect(outcome.status == 2)
            #expect(outcome.stderr == "gradscope: \(arguments[1]):9:24: error: \(message)\n::error file=nb.md,line=9,col=24,title=input error::\(message)\n")
            #expect(outcome.stdout.isEmpty)
        }
        let twoNames = CommandLineTests.notebook.replacingOccurrences(
            of: "claims:\n", with: "claims:\n  - \"tanh.3.finalLoss < 1\"\n  - \"relu.9.finalLoss < 1\"\n")
        try twoNames.write(to: folder.appendingPathComponent("nb.md"), atomically: true, encoding: .utf8)
        let outcome = try cli.run(["check", "nb.md"], in: folder, environment: Self.actions)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(outcome.status == 2 && lines.count == 4, "\(outcome.stderr)")
        #expect(lines.count == 4 && lines[1].hasPrefix("::error file=nb.md,line=16,") && lines[3].hasPrefix("::error file=nb.md,line=17,"), "\(outcome.stderr)")
        #expect(lines.count == 4 && lines[0].hasPrefix("gradscope: nb.md:16:") && lines[2].hasPrefix("gradscope: nb.md:17:"))
    }

    @Test("a notebook cannot forge a workflow command in any line gradscope prints")
    func noInjection() throws {
        let hostile = Self.failing
            .replacingOccurrences(of: "title: CLI test", with: "title: \"::warning::t ##[error]t\"")
            .replacingOccurrences(of: "claims:\n", with: "claims:\n  - \"relu.3.finalLoss < 0 ##[stop-commands]s\"\n")
        let folder = try cli.workspace(hostile)
        defer { try? FileManager.default.removeItem(at: folder) }
        for environment in [Self.actions, [:]] {
            let outcome = try cli.run(["check", "nb.md", "--no-cache"], in: folder, environment: environment)
            let lines = (outcome.stdout + outcome.stderr).split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.contains("##[stop-commands]") || $0.contains("#\\u{23}[stop-commands]") }, "the claim reaches the log: \(lines)")
            for line in lines where Runner.isCommand(line) {
                #expect(environment == Self.actions && Runner.parse(line)?.name == "error" && line.hasPrefix("::error file=nb.md,line="), "\(line)")
            }
        }
        let export = try cli.run(["templates", "export", "::t ##[x]"], in: folder)
        #expect(export.status == 0 && !export.stdout.isEmpty)
        #expect(!export.stdout.split(separator: "\n").contains { Runner.isCommand(String($0)) }, "\(export.stdout)")
    }

    @Test("the summary under Actions links claims to their lines on the commit and names the report relative to the working directory")
    func summaryUnderActions() throws {
        let folder = try cli.workspace(Self.failing)
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = [
            "GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/study", "GITHUB_SHA": "abc123",
            "GITHUB_RUN_ID": "7",
        ]
        let outcome = try cli.run(
            ["render", folder.appendingPathComponent("nb.md").path, "--out", "site", "--summary", "summary.md"], in: folder, environment: environment)
        #expect(outcome.status == 1)
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("❌ 1 of 2 claims failed."))
        #expect(summary.contains("| [nb.md:16](https://github.com/acme/study/blob/abc123/nb.md#L16) |\n\n<details><summary>1 claim passed</summary>"))
        #expect(summary.contains("| [nb.md:17](https://github.com/acme/study/blob/abc123/nb.md#L17) |\n\n</details>"))
        #expect(
            summary.hasSuffix(
                "Report: `site/nb/index.html`, among [this run's artifacts](https://github.com/acme/study/actions/runs/7#artifacts) when the workflow uploads it.\n\n"
            ))
        #expect(!summary.contains(folder.path))
        let local = try cli.run(["check", "nb.md", "--summary", "local.md"], in: folder)
        let plain = try String(contentsOf: folder.appendingPathComponent("local.md"), encoding: .utf8)
        #expect(local.status == 1 && plain.contains("| nb.md:16 |") && !plain.contains("https://"))
    }

    @Test("a summary file already near the budget gets a short section that says how many claims it left out")
    func budgetSharedAcrossSections() throws {
        let folder = try cli.workspace(Self.failing)
        defer { try? FileManager.default.removeItem(at: folder) }
        let earlier = String(repeating: "x", count: 600 * 1024)
        try earlier.write(to: folder.appendingPathComponent("summary.md"), atomically: true, encoding: .utf8)
        let outcome = try cli.run(["check", "nb.md", "--summary", "summary.md"], in: folder)
        #expect(outcome.status == 1)
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.hasPrefix(earlier), "appended, never overwritten")
        let section = summary.dropFirst(earlier.count)
        #expect(section.utf8.count < 1024)
        #expect(section.contains("❌ 1 of 2 claims failed.") && section.contains("⚠️ 2 claims left out (1 failed, 1 passed)"), "\(section)")
    }
}
