import Foundation
import Testing

/// `plan`, `--shard`, `cache merge` and `--offline` through the real binary, shards as separate processes.
extension CommandLineTests {
    /// Nine runs (a 2 × 2 sweep with two seeds, and a single run) of a few epochs each.
    static let sweepNotebook = """
        ---
        title: Sharded sweep
        seed: 5
        ---
        # Sweep

        ```gradscope
        id: sweep
        activations: [sigmoid, relu]
        depths: [1, 3]
        seeds: 2
        width: 8
        epochs: 2
        dataset: {name: electricity, samples: 128}
        show: [loss-curves, final-loss-table]
        claims:
          - "sigmoid.3.gradientRatio < relu.3.gradientRatio"
        ```

        ```gradscope
        id: single
        depth: 2
        width: 8
        epochs: 1
        dataset: {name: electricity, samples: 128}
        ```

        The sigmoid network keeps {{sweep.sigmoid.3.gradientRatio}} of its gradient.
        """

    /// A running `gradscope`; `finish` waits for it.
    struct Started {
        var process: Process
        var out: Pipe
        var err: Pipe

        func finish() -> Outcome {
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// Starts the binary (or `executable`) in `folder` with `extra` added to the environment (and
    /// every shard and cache-key variable of the test's own environment removed).
    func start(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:], executable: URL = binary) throws -> Started {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let scheduler = ["GRADSCOPE_SHARD_INDEX", "GRADSCOPE_SHARD_COUNT", "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "GRADSCOPE_CACHE_KEY"]
        process.environment = ProcessInfo.processInfo.environment.filter { !scheduler.contains($0.key) }.merging(extra) { $1 }
        let started = Started(process: process, out: Pipe(), err: Pipe())
        process.standardOutput = started.out
        process.standardError = started.err
        try process.run()
        return started
    }

    /// `gradscope plan ... --json`, decoded.
    func planJSON(_ arguments: [String], in folder: URL) throws -> [String: Any] {
        let outcome = try run(["plan"] + arguments + ["--json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    /// `notebook:line CELL.RUN seed I` of each run of `shard` in a plan, as the CLI names runs.
    func names(inShard shard: Int, of plan: [String: Any]) -> [String] {
        (plan["runs"] as! [[String: Any]]).filter { $0["shard"] as? Int == shard }.map {
            "\($0["notebook"]!):\($0["line"]!) \($0["name"]!) seed \($0["seedIndex"]!)"
        }
    }

    @Test("4 shards in 4 processes, merged and rendered --offline, give the folder a single render gives; a missing shard is exit 2 naming its runs")
    func shardedRender() throws {
        let folder = try workspace(Self.sweepNotebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try planJSON(["nb.md", "--shard", "1/4"], in: folder)
        #expect((plan["totals"] as? [String: Any])?["distinctRuns"] as? Int == 9)

        let shards = try (1...4).map { try start(["render", "nb.md", "--shard", "\($0)/4", "--cache-dir", "shard-\($0)", "--jobs", "1"], in: folder) }.map {
            $0.finish()
        }
        for (index, shard) in shards.enumerated() {
            #expect(shard.status == 0, "\(shard.stderr)")
            let trained = shard.stdout.split(separator: "\n").filter { $0.hasPrefix("trained") }.map {
                $0.dropFirst("trained".count).trimmingCharacters(in: .whitespaces)
            }
            #expect(trained.count == names(inShard: index + 1, of: plan).count, "\(shard.stdout)")
            for name in names(inShard: index + 1, of: plan) { #expect(trained.contains { $0.hasPrefix(name + "  ") }, "shard \(index + 1) trained \(name)") }
            let entries = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("shard-\(index + 1)").path)
            #expect(entries.count == names(inShard: index + 1, of: plan).count, "a shard's cache holds its runs and nothing else")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("public").path), "a shard writes no report")

        let merge = try run(["cache", "merge", "shard-1", "shard-2", "shard-3", "shard-4", "--cache-dir", "merged"], in: folder)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout == "merged 4 folders into merged: 9 copied, 0 already there\n")
        let offline = try run(["render", "nb.md", "--offline", "--cache-dir", "merged", "--out", "sharded", "--quiet"], in: folder)
        #expect(offline.status == 0, "\(offline.stderr)")
        let single = try run(["render", "nb.md", "--cache-dir", "fresh", "--out", "single", "--quiet"], in: folder)
        #expect(single.status == 0, "\(single.stderr)")
        let sharded = try Self.contents(of: folder.appendingPathComponent("sharded/nb"))
        #expect(sharded.keys.contains("/data/metrics.json.gz"))
        #expect(sharded == (try Self.contents(of: folder.appendingPathComponent("single/nb"))))

        // Leave out the shard with the most runs (the split depends on the content hashes, hence on the engine version).
        let omitted = (1...4).max { names(inShard: $0, of: plan).count < names(inShard: $1, of: plan).count }!
        let expected = names(inShard: omitted, of: plan)
        #expect(try run(["cache", "merge"] + (1...4).filter { $0 != omitted }.map { "shard-\($0)" } + ["--cache-dir", "partial"], in: folder).status == 0)
        for command in ["render", "check"] {
            let missing = try run(
                [command, "nb.md", "--offline", "--cache-dir", "partial"] + (command == "render" ? ["--out", "partial-out"] : []), in: folder)
            #expect(missing.status == 2)
            #expect(missing.stdout.isEmpty)
            let lines = missing.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(missing.stderr)")
            #expect(
                lines.first?.contains(
                    "--offline: \(expected.count == 1 ? "1 run is" : "\(expected.count) runs are") not in the run cache partial: \(expected.joined(separator: ", ")); train"
                ) == true, "\(missing.stderr)")
            #expect(lines.first?.hasPrefix("gradscope: nb.md:") == true)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("partial-out").path), "nothing is written")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("partial").path).count == 9 - expected.count,
            "and nothing trained")
    }

    @Test("--shard auto reads a Kubernetes Indexed Job's index; a shard that already has its runs trains nothing")
    func shardAuto() throws {
        let folder = try workspace(Self.sweepNotebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try planJSON(["nb.md", "--shard", "2/3"], in: folder)
        let environment = ["JOB_COMPLETION_INDEX": "1", "GRADSCOPE_SHARD_COUNT": "3"]
        let first = try start(["render", "nb.md", "--shard", "auto", "--jobs", "1"], in: folder, environment: environment).finish()
        #expect(first.status == 0, "\(first.stderr)")
        let expected = names(inShard: 2, of: plan)
        #expect(first.stdout.hasPrefix("shard 2/3: \(expected.count) runs of 9, "), "\(first.stdout)")
        #expect(first.stdout.hasSuffix("shard 2/3: \(expected.count) trained, 0 already in the cache .gradscope-cache\n"), "\(first.stdout)")
        let again = try start(["render", "nb.md", "--shard", "auto"], in: folder, environment: environment).finish()
        #expect(again.stdout.hasSuffix("shard 2/3: 0 trained, \(expected.count) already in the cache .gradscope-cache\n"), "\(again.stdout)")
        let quiet = try start(["check", "nb.md", "--shard", "auto", "--quiet"], in: folder, environment: environment).finish()
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)

        let broken = try start(["render", "nb.md", "--shard", "auto"], in: folder, environment: ["JOB_COMPLETION_INDEX": "3", "GRADSCOPE_SHARD_COUNT": "3"])
            .finish()
        #expect(broken.status == 2)
        #expect(
            broken.stderr.hasPrefix("gradscope: error: --shard auto: JOB_COMPLETION_INDEX=3 with GRADSCOPE_SHARD_COUNT=3 is not a shard"), "\(broken.stderr)")
    }

    @Test("--shard over several notebooks trains each distinct run once, in exactly one shard")
    func shardSeveralNotebooks() throws {
        let folder = try workspace(Self.sweepNotebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A second notebook sharing the single run (same settings and seed) and adding one.
        let second = Self.sweepNotebook.replacingOccurrences(of: "relu", with: "tanh")
        try second.write(to: folder.appendingPathComponent("other.md"), atomically: true, encoding: .utf8)
        let plan = try planJSON(["nb.md", "other.md", "--shard", "1/2"], in: folder)
        let totals = try #require(plan["totals"] as? [String: Any])
        #expect(totals["runs"] as? Int == 18)
        #expect(totals["distinctRuns"] as? Int == 13, "the sigmoid runs and the single run are shared")
        for shard in 1...2 {
            let outcome = try run(["render", "nb.md", "other.md", "--shard", "\(shard)/2", "--cache-dir", "both"], in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("0 already in the cache"), "no shard trains another's runs: \(outcome.stdout)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("both").path).count == 13)
        let both = try run(["render", "other.md", "--offline", "--cache-dir", "both", "--out", "site", "--quiet"], in: folder)
        #expect(both.status == 0, "\(both.stderr)")
    }

    @Test("plan lists every run aligned, with totals and each shard's share; --json is stable, sorted and complete")
    func planListing() throws {
        let folder = try workspace(Self.sweepNotebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try run(["plan", "nb.md"], in: folder)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 11)
        #expect(lines[0].hasPrefix("NOTEBOOK  CELL    RUN        SEED  HASH          FLOPS"))
        #expect(lines[1].hasPrefix("nb.md:7   sweep   sigmoid.1     0  "))
        #expect(lines[9].hasPrefix("nb.md:20  single  -             0  "))
        #expect(Set(lines[0...9].map(\.count)).count == 1, "every row as wide as the header")
        #expect(lines[10].hasPrefix("9 runs (9 distinct), ") && lines[10].hasSuffix(" FLOPs estimated"))

        let json = try run(["plan", "nb.md", "--json", "--shard", "3/4"], in: folder)
        #expect(json.stdout == (try run(["plan", "nb.md", "--shard", "3/4", "--json"], in: folder)).stdout)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let runs = try #require(plan["runs"] as? [[String: Any]])
        #expect(runs.count == 9)
        #expect(Set(runs.map { $0["contentHash"] as! String }).count == 9)
        #expect(runs.allSatisfy { ($0["contentHash"] as! String).count == 64 && ($0["flops"] as! Double) > 0 && (1...4).contains($0["shard"] as! Int) })
        let shards = try #require(plan["shards"] as? [[String: Any]])
        #expect(shards.map { $0["runs"] as! Int }.reduce(0, +) == 9)
        #expect(plan["shard"] as? [String: Int] == ["index": 3, "count": 4])
        let keys = json.stdout.split(separator: "\n").filter { $0.hasPrefix("      \"") }.prefix(9).map { $0.split(separator: "\"")[1] }
        #expect(keys == ["cell", "contentHash", "flops", "line", "name", "notebook", "run", "seedIndex", "shard"])
        let sharded = try run(["plan", "nb.md", "--shard", "3/4"], in: folder).stdout
        #expect(sharded.contains("* shard 3/4: ") && sharded.contains("  shard 1/4: "))
    }

    @Test("plan escapes a notebook's path for the terminal, and refuses bad input as render does")
    func planErrors() throws {
        let folder = try workspace(Self.sweepNotebook, name: "n\u{1B}[2J.md")
        defer { try? FileManager.default.removeItem(at: folder) }
        let escaped = try run(["plan", "n\u{1B}[2J.md"], in: folder)
        #expect(escaped.status == 0, "\(escaped.stderr)")
        #expect(!escaped.stdout.contains("\u{1B}") && escaped.stdout.contains("n\\u{1B}[2J.md:7"))

        try Self.sweepNotebook.replacingOccurrences(of: "depths: [1, 3]", with: "depths: [1, 0]").write(
            to: folder.appendingPathComponent("bad.md"), atomically: true, encoding: .utf8)
        let render = try run(["render", "bad.md", "--shard", "1/2"], in: folder)
        let plan = try run(["plan", "bad.md"], in: folder)
        #expect(plan.status == 2 && render.status == 2)
        #expect(plan.stderr.split(separator: "\n").count == 1)
        #expect(plan.stderr.hasPrefix("gradscope: bad.md:10:"), "\(plan.stderr)")
        #expect(plan.stderr == render.stderr)
        #expect(plan.stderr == (try run(["check", "bad.md", "--no-cache"], in: folder)).stderr, "the same line as a check")
    }

    @Test(
        "--shard and --offline refuse what contradicts them, each in one line",
        arguments: [
            (["render", "nb.md", "--shard", "1/2", "--no-cache"], "--shard trains into the run cache: it cannot go with --no-cache"),
            (["check", "nb.md", "--offline", "--no-cache"], "--offline reads every run from the run cache: it cannot go with --no-cache"),
            (["render", "nb.md", "--offline", "--shard", "1/2"], "--shard trains runs and --offline trains none: give one of them"),
            (["render", "nb.md", "--shard", "3/2"], "shard 3 of 2 does not exist: the index runs from 1 to 2"),
            (["render", "nb.md", "--shard", "1/2", "--summary", "s.md"], "--shard checks no claims, so it writes no --summary"),
            (["cache", "merge", "absent"], "gradscope: absent: error: cannot read the cache folder"),
        ])
    func contradictions(arguments: [String], message: String) throws {
        let folder = try workspace(Self.sweepNotebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(arguments, in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count <= 2, "one line (ArgumentParser may add a usage hint): \(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["nb.md"], "nothing written")
    }

    @Test("cache merge copies what verifies, names each entry it refuses and exits 2")
    func mergeRefusesDamage() throws {
        let folder = try workspace(Self.sweepNotebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try run(["render", "nb.md", "--shard", "1/2", "--cache-dir", "a", "--quiet"], in: folder).status == 0)
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("a").path).sorted()
        let damaged = folder.appendingPathComponent("a/\(entries[0])")
        var data = try Data(contentsOf: damaged)
        data[data.count - 10] ^= 0x01
        try data.write(to: damaged)
        let merge = try run(["cache", "merge", "a", "--cache-dir", "b"], in: folder)
        #expect(merge.status == 2)
        #expect(merge.stdout == "merged 1 folder into b: \(entries.count - 1) copied, 0 already there, 1 refused\n")
        #expect(merge.stderr == "gradscope: a/\(entries[0]): error: its checksum does not match its contents (damaged); not copied\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("b").path).sorted() == Array(entries.dropFirst()))
    }
}
