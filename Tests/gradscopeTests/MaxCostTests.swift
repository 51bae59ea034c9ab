import Foundation
import Testing

extension CommandLineTests {
    @Test("--max-cost: over the budget is one error line and status 2 before training; 0 lifts it; a negative budget is a usage error")
    func maxCost() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let refused = try run(["check", "nb.md", "--no-cache", "--max-cost", "1000"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty)
        let lines = refused.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(refused.stderr)")
        #expect(lines.first?.hasPrefix("gradscope: nb.md:7: error: cell 'sweep' asks for ") == true, "\(refused.stderr)")
        #expect(lines.first?.contains("more than the work budget of 1e3 FLOPs: allow it with --max-cost ") == true, "\(refused.stderr)")

        let unlimited = try run(["check", "nb.md", "--no-cache", "--quiet", "--max-cost", "0"], in: folder)
        #expect(unlimited.status == 0, "\(unlimited.stderr)")

        let negative = try run(["check", "nb.md", "--max-cost=-1"], in: folder)
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--max-cost must be a number of FLOPs, or 0 for no limit"), "\(negative.stderr)")
    }
}
