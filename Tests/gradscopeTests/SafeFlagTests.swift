import Foundation
import Testing

/// `--safe` on the real binary: untrusted prose loses its raw HTML, the rest of the page stays.
@Suite("The --safe flag")
struct SafeFlagTests {
    static let notebook = """
        ---
        title: From a pull request
        ---
        # Untrusted

        <script>alert("pwned")</script>

        A [link](javascript:alert(1)) and <https://example.com>.

        ## Still a heading
        """

    @Test("render --safe writes the page without the notebook's script or javascript links")
    func renderSafe() throws {
        let cli = CommandLineTests()
        let folder = try cli.workspace(Self.notebook, name: "pr.md")
        defer { try? FileManager.default.removeItem(at: folder) }
        let trusted = try cli.run(["render", "pr.md", "--out", "trusted", "--quiet", "--no-cache"], in: folder)
        let safe = try cli.run(["render", "pr.md", "--out", "safe", "--quiet", "--no-cache", "--safe"], in: folder)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(safe.status == 0, "\(safe.stderr)")
        let trustedHTML = try String(contentsOf: folder.appendingPathComponent("trusted/pr/index.html"), encoding: .utf8)
        let safeHTML = try String(contentsOf: folder.appendingPathComponent("safe/pr/index.html"), encoding: .utf8)
        #expect(trustedHTML.contains("<script>alert(\"pwned\")</script>"))
        #expect(!safeHTML.contains("pwned"))
        #expect(!safeHTML.contains("javascript:"))
        #expect(safeHTML.contains("<a href=\"https://example.com\">https://example.com</a>"))
        #expect(safeHTML.contains("<h3 id=\"still-a-heading\">Still a heading</h3>"))
    }

    @Test("check accepts --safe")
    func checkSafe() throws {
        let cli = CommandLineTests()
        let folder = try cli.workspace(Self.notebook, name: "pr.md")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try cli.run(["check", "pr.md", "--safe", "--no-cache", "--quiet"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }
}
