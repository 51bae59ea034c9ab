import ArgumentParser
import Foundation
import GradscopeLab
import GradscopeReport

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List every run the notebooks train, with its content hash and estimated cost; train nothing.",
        discussion: """
            Checks the notebooks as render does (bad input: one located line, exit 2). With --shard i/n, also \
            shows which of n shards trains each run, as `render --shard` splits them.
            """
    )

    @Argument(help: "The notebooks (Markdown with gradscope cells).")
    var notebooks: [String]

    @Flag(help: "Print the plan as JSON (sorted keys).")
    var json = false

    @Option(
        name: .customLong("shard"),
        help: ArgumentHelp("Show the split into COUNT shards: INDEX/COUNT from 1 (e.g. 2/4) or auto, as for render.", valueName: "i/n|auto"))
    var shard: String?

    @Flag(name: .customLong("allow-outside"), help: "Let CSV datasets lie outside the notebook's folder.")
    var allowOutside = false

    @Option(
        name: .customLong("max-cost"),
        help: ArgumentHelp("The work budget in FLOPs, as for render (default: \(RunCost.flopsText(WorkBudget.defaultFLOPs)); 0: no limit).", valueName: "flops")
    )
    var maxCost: Double?

    func validate() throws {
        guard !notebooks.isEmpty else { throw ValidationError("give a notebook (Markdown with gradscope cells)") }
        if let maxCost, !(maxCost.isFinite && maxCost >= 0) {
            throw ValidationError("--max-cost must be a number of FLOPs, or 0 for no limit, got \(maxCost)")
        }
        _ = try selection()
    }

    func run() throws {
        let plan = try SweepPlan.plan(notebooksAt: notebooks, allowOutside: allowOutside, maxCost: maxCost ?? WorkBudget.defaultFLOPs)
        let shard = try selection()
        let listing = PlanListing(plan: plan, shard: shard)
        print(json ? listing.json : listing.text)
    }

    private func selection() throws -> ShardSelection? {
        guard let shard else { return nil }
        do {
            return try ShardSelection(parsing: shard, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

/// A plan as `gradscope plan` prints it: a table (terminal text, aligned and escaped) or JSON.
struct PlanListing {
    var plan: SweepPlan
    var shard: ShardSelection?

    private var assignment: ShardAssignment? { shard.map { plan.assignment(shards: $0.count) } }

    var text: String {
        let assignment = assignment
        var rows = [["NOTEBOOK", "CELL", "RUN", "SEED", "HASH", "FLOPS"] + (assignment == nil ? [] : ["SHARD"])]
        for run in plan.runs {
            var row = [
                "\(run.notebook):\(run.line)", run.cell, run.key.isEmpty ? "-" : run.key, "\(run.seedIndex)",
                String(run.contentHash.prefix(12)), RunCost.flopsText(run.flops),
            ]
            if let assignment { row.append("\(assignment.shardOfHash[run.contentHash]!)") }
            rows.append(row.map(TerminalText.safe))
        }
        let rightAligned: Set<Int> = [3, 5, 6]
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max()! }
        var lines = rows.map { row in
            row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return rightAligned.contains(column) ? padding + row[column] : row[column] + padding
            }.joined(separator: "  ")
        }
        let distinct = plan.distinctRuns
        let flops = distinct.reduce(0) { $0 + $1.flops }
        lines.append("\(count(plan.runs.count, "run")) (\(distinct.count) distinct), \(RunCost.flopsText(flops)) FLOPs estimated")
        if let assignment, let shard {
            for (index, load) in assignment.loads.enumerated() {
                let runs = distinct.filter { assignment.shardOfHash[$0.contentHash] == index + 1 }.count
                lines.append(
                    "\(index + 1 == shard.index ? "*" : " ") shard \(index + 1)/\(shard.count): \(count(runs, "run")), \(RunCost.flopsText(load)) FLOPs")
            }
        }
        return lines.joined(separator: "\n")
    }

    var json: String {
        let assignment = assignment
        let distinct = plan.distinctRuns
        let document = PlanDocument(
            runs: plan.runs.map {
                .init(
                    notebook: $0.notebook, line: $0.line, cell: $0.cell, run: $0.key, name: $0.name, seedIndex: $0.seedIndex,
                    contentHash: $0.contentHash, flops: $0.flops, shard: assignment?.shardOfHash[$0.contentHash])
            },
            totals: .init(runs: plan.runs.count, distinctRuns: distinct.count, flops: distinct.reduce(0) { $0 + $1.flops }),
            shards: assignment.map { assignment in
                assignment.loads.enumerated().map { index, load in
                    .init(shard: index + 1, runs: distinct.filter { assignment.shardOfHash[$0.contentHash] == index + 1 }.count, flops: load)
                }
            },
            shard: shard.map { .init(index: $0.index, count: $0.count) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(document), as: UTF8.self)
    }

    private func count(_ n: Int, _ noun: String) -> String {
        "\(RunCost.countText(n)) \(noun)\(n == 1 ? "" : "s")"
    }
}

/// The JSON `gradscope plan --json` prints.
private struct PlanDocument: Encodable {
    struct Run: Encodable {
        var notebook: String
        var line: Int
        var cell: String
        var run: String
        var name: String
        var seedIndex: Int
        var contentHash: String
        var flops: Double
        var shard: Int?
    }
    struct Totals: Encodable {
        var runs: Int
        var distinctRuns: Int
        var flops: Double
    }
    struct Shard: Encodable {
        var shard: Int
        var runs: Int
        var flops: Double
    }
    struct Selected: Encodable {
        var index: Int
        var count: Int
    }
    var runs: [Run]
    var totals: Totals
    var shards: [Shard]?
    var shard: Selected?
}
