import Foundation
import Testing

/// The README's "In CI" section shows the project's own workflow, complete, so a copy of it works.
@Suite("The CI workflow and its documentation")
struct WorkflowDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    @Test("README's In CI section holds .github/workflows/report.yml byte for byte")
    func readmeShowsTheWorkflow() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let workflow = try String(contentsOf: Self.root.appendingPathComponent(".github/workflows/report.yml"), encoding: .utf8)
        let section = try #require(readme.firstRange(of: "\n### In CI\n").map { readme[$0.upperBound...] })
        let fence = try #require(section.firstRange(of: "```yaml\n"))
        let body = section[fence.upperBound...]
        let end = try #require(body.firstRange(of: "\n```\n"))
        #expect(String(body[..<end.lowerBound]) + "\n" == workflow)
    }
}
