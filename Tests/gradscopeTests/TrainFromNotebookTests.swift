import Foundation
import Testing

@Suite("gradscope train --from: one run of a notebook, bit for bit")
struct TrainFromNotebookTests {
    /// The part of `train --json` these tests read (JSONDecoder parses doubles exactly).
    struct Printed: Decodable {
        struct Spec: Decodable { var seed: UInt64 }
        struct Epoch: Decodable { var trainLoss: Double }
        var spec: Spec
        var epochs: [Epoch]
    }

    static let notebook = """
        ---
        seed: 5
        ---
        ```gradscope
        id: cell
        activations: [sigmoid, relu]
        depth: 3
        width: 8
        epochs: 2
        seeds: 2
        dataset: {name: electricity, samples: 128}
        ```
        """

    @Test("the run a report shows, for each seed index, trains to the numbers in its runs.csv")
    func reproducesReportRuns() throws {
        let cli = CommandLineTests()
        let folder = try cli.workspace(Self.notebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try cli.run(["render", "nb.md", "--out", "out", "--no-cache", "--quiet"], in: folder).status == 0)
        let csv = try String(contentsOf: folder.appendingPathComponent("out/nb/data/runs.csv"), encoding: .utf8)
        let header = csv.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for (run, seedIndex) in [("relu", 0), ("relu.3", 1), ("sigmoid.3.w8", 1)] {
            let outcome = try cli.run(["train", "--from", "nb.md", "--run", "cell.\(run)", "--seed-index", "\(seedIndex)", "--json"], in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let result = try JSONDecoder().decode(Printed.self, from: Data(outcome.stdout.utf8))
            let row = rows.first {
                $0[header.firstIndex(of: "activation")!] == run.prefix { $0 != "." } && $0[header.firstIndex(of: "repeat")!] == "\(seedIndex)"
            }!
            #expect("\(result.spec.seed)" == row[header.firstIndex(of: "seed")!])
            #expect(
                Double(row[header.firstIndex(of: "final_loss")!]) == result.epochs.last!.trainLoss, "\(run) seed \(seedIndex): the same bits as in the report")
        }
    }

    @Test("an unknown run or seed index is one located line with exit status 2")
    func badRun() throws {
        let cli = CommandLineTests()
        let folder = try cli.workspace(Self.notebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        let unknown = try cli.run(["train", "--from", "nb.md", "--run", "cell.tanh"], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("nb.md:4: error: cell 'cell' has no run 'tanh'"))
        let seed = try cli.run(["train", "--from", "nb.md", "--run", "cell.relu", "--seed-index", "2"], in: folder)
        #expect(seed.status == 2)
        #expect(seed.stderr.contains("--seed-index must be 0…1, got 2"))
        let missing = try cli.run(["train", "--from", "nb.md"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--from needs --run"))
    }
}
