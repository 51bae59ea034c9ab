import Foundation
import Testing
import Yams

/// The Kubernetes and Slurm examples in deploy/: complete, schema-valid where a validator is
/// installed, and run here as written (the scheduler emulated by its variables) on a small
/// notebook, giving the report a single render gives.
extension CommandLineTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../deploy").standardized

    /// The YAML document in `deploy/kubernetes/<name>`.
    func manifest(_ name: String) throws -> [String: Any] {
        let text = try String(contentsOf: Self.deploy.appendingPathComponent("kubernetes/\(name)"), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    /// The first container of a Job's or a Pod's spec.
    func container(_ manifest: [String: Any]) throws -> [String: Any] {
        let spec = try #require(manifest["spec"] as? [String: Any])
        let podSpec = (spec["template"] as? [String: Any])?["spec"] as? [String: Any] ?? spec
        return try #require((podSpec["containers"] as? [[String: Any]])?.first)
    }

    func claim(_ manifest: [String: Any]) -> String? {
        let spec = manifest["spec"] as? [String: Any]
        let podSpec = (spec?["template"] as? [String: Any])?["spec"] as? [String: Any] ?? spec
        let volumes = podSpec?["volumes"] as? [[String: Any]]
        return (volumes?.first?["persistentVolumeClaim"] as? [String: Any])?["claimName"] as? String
    }

    /// Runs `script` with bash in `folder`, `extra` added to the environment.
    func bash(_ script: URL, in folder: URL, environment extra: [String: String]) throws -> Outcome {
        try start([script.path], in: folder, environment: extra, executable: URL(fileURLWithPath: "/bin/bash")).finish()
    }

    /// `bash -n` on `script`, then shellcheck when it is installed.
    func lint(_ script: URL) throws -> Outcome {
        let parsed = try start(["-n", script.path], in: Self.deploy, executable: URL(fileURLWithPath: "/bin/bash")).finish()
        guard parsed.status == 0, Self.installed("shellcheck") else { return parsed }
        return try start(["shellcheck", script.path], in: Self.deploy, executable: URL(fileURLWithPath: "/usr/bin/env")).finish()
    }

    /// Whether `tool` is on PATH.
    static func installed(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }
    }

    @Test("the Kubernetes example: an Indexed Job of N shards and an offline render Job on one shared volume, schema-valid")
    func kubernetesManifests() throws {
        let volume = try manifest("cache-pvc.yaml")
        let shards = try manifest("shard-job.yaml")
        let render = try manifest("render-job.yaml")
        let fetch = try manifest("fetch-pod.yaml")
        #expect(volume["kind"] as? String == "PersistentVolumeClaim")
        #expect(((volume["spec"] as? [String: Any])?["accessModes"] as? [String]) == ["ReadWriteMany"], "the shards may run on several nodes at once")
        let claimName = try #require((volume["metadata"] as? [String: Any])?["name"] as? String)
        #expect([claim(shards), claim(render), claim(fetch)] == [claimName, claimName, claimName])

        let jobSpec = try #require(shards["spec"] as? [String: Any])
        #expect(shards["kind"] as? String == "Job" && jobSpec["completionMode"] as? String == "Indexed")
        let environment = try #require(try container(shards)["env"] as? [[String: Any]])
        let count = try #require(environment.first { $0["name"] as? String == "GRADSCOPE_SHARD_COUNT" }?["value"] as? String)
        #expect(jobSpec["completions"] as? Int == Int(count) && jobSpec["parallelism"] as? Int == Int(count))
        let shardArguments = try #require(try container(shards)["args"] as? [String])
        let renderArguments = try #require(try container(render)["args"] as? [String])
        #expect(shardArguments.starts(with: ["render"]) && shardArguments.contains("--shard") && shardArguments.contains("auto"))
        #expect(renderArguments.contains("--offline"))
        let cache = { (arguments: [String]) in arguments.firstIndex(of: "--cache-dir").map { arguments[$0 + 1] } }
        #expect(cache(shardArguments) != nil && cache(shardArguments) == cache(renderArguments), "the render reads the cache the shards wrote")

        if Self.installed("kubernetes-validate") {
            let files = ["cache-pvc.yaml", "shard-job.yaml", "render-job.yaml", "fetch-pod.yaml"].map {
                Self.deploy.appendingPathComponent("kubernetes/\($0)").path
            }
            let validated = try start(["kubernetes-validate", "--strict"] + files, in: Self.deploy, executable: URL(fileURLWithPath: "/usr/bin/env")).finish()
            #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        }
        let script = try lint(Self.deploy.appendingPathComponent("kubernetes/run.sh"))
        #expect(script.status == 0, "\(script.stdout)\(script.stderr)")
    }

    @Test("the Kubernetes Jobs' own arguments, run as each indexed pod would run them, render what one process renders")
    func kubernetesArgumentsRun() throws {
        let folder = try workspace(Self.sweepNotebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shards = try manifest("shard-job.yaml")
        let count = try #require(
            Int(((try container(shards)["env"] as? [[String: Any]])?.first { $0["name"] as? String == "GRADSCOPE_SHARD_COUNT" }?["value"] as? String) ?? ""))
        /// The manifest's arguments on this folder: the test notebook, the volume mounted at ./cache.
        func local(_ arguments: [String]) -> [String] {
            arguments.map { $0 == "reports/vanishing-gradient.md" ? "nb.md" : $0.replacingOccurrences(of: "/cache/", with: "cache/") }
        }
        let shardArguments = local(try #require(try container(shards)["args"] as? [String]))
        let pods = try (0..<count).map {
            try start(shardArguments, in: folder, environment: ["JOB_COMPLETION_INDEX": "\($0)", "GRADSCOPE_SHARD_COUNT": "\(count)"])
        }.map { $0.finish() }
        #expect(pods.allSatisfy { $0.status == 0 }, "\(pods.map(\.stderr))")
        let rendered = try run(local(try #require(try container(try manifest("render-job.yaml"))["args"] as? [String])) + ["--quiet"], in: folder)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(try run(["render", "nb.md", "--no-cache", "--out", "single", "--quiet"], in: folder).status == 0)
        let report = try Self.contents(of: folder.appendingPathComponent("cache/public/nb"))
        let single = try Self.contents(of: folder.appendingPathComponent("single/nb"))
        #expect(!report.isEmpty && report == single)
    }

    @Test("the Slurm example: an array of shards and a render submitted afterok, run here as Slurm would run them")
    func slurmScripts() throws {
        let slurm = Self.deploy.appendingPathComponent("slurm")
        for script in ["shard.sbatch", "render.sbatch", "submit.sh"] {
            let checked = try lint(slurm.appendingPathComponent(script))
            #expect(checked.status == 0, "\(script): \(checked.stdout)\(checked.stderr)")
        }
        let shardScript = try String(contentsOf: slurm.appendingPathComponent("shard.sbatch"), encoding: .utf8)
        let array = try #require(shardScript.split(separator: "\n").first { $0.hasPrefix("#SBATCH --array=") })
        let range = array.dropFirst("#SBATCH --array=".count).split(separator: "-").compactMap { Int($0) }
        #expect(range == [1, 4])

        let folder = try workspace(Self.sweepNotebook)
        defer { try? FileManager.default.removeItem(at: folder) }
        let common = ["GRADSCOPE": Self.binary.path, "NOTEBOOK": "nb.md", "SHARDS_DIR": "shards", "OUT": "site"]
        let tasks = try (range[0]...range[1]).map { id in
            try start(
                [slurm.appendingPathComponent("shard.sbatch").path], in: folder,
                environment: common.merging([
                    "SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "\(range[0])", "SLURM_ARRAY_TASK_MAX": "\(range[1])",
                    "SLURM_ARRAY_TASK_COUNT": "\(range[1] - range[0] + 1)", "SLURM_CPUS_PER_TASK": "1",
                ]) { $1 }, executable: URL(fileURLWithPath: "/bin/bash"))
        }.map { $0.finish() }
        #expect(tasks.allSatisfy { $0.status == 0 }, "\(tasks.map(\.stderr))")
        let render = try bash(slurm.appendingPathComponent("render.sbatch"), in: folder, environment: common)
        #expect(render.status == 0, "\(render.stderr)")
        #expect(render.stdout.hasPrefix("merged 4 folders into shards/merged: 9 copied"), "\(render.stdout)")
        #expect(try run(["render", "nb.md", "--no-cache", "--out", "single", "--quiet"], in: folder).status == 0)
        let report = try Self.contents(of: folder.appendingPathComponent("site/nb"))
        let single = try Self.contents(of: folder.appendingPathComponent("single/nb"))
        #expect(!report.isEmpty && report == single)

        // submit.sh with a stand-in sbatch that logs its arguments and answers as Slurm does.
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try "#!/bin/bash\necho \"$*\" >> sbatch.log\nif [ -s ids ]; then echo 4343; else echo '4242;cluster'; echo x > ids; fi\n".write(
            to: bin.appendingPathComponent("sbatch"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("sbatch").path)
        let submitted = try bash(
            slurm.appendingPathComponent("submit.sh"), in: folder, environment: ["PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let log = try String(contentsOf: folder.appendingPathComponent("sbatch.log"), encoding: .utf8).split(separator: "\n")
        #expect(log == ["--parsable \(slurm.path)/shard.sbatch", "--parsable --dependency=afterok:4242 \(slurm.path)/render.sbatch"])
        #expect(submitted.stdout == "shards: job 4242 (array), render: job 4343 (after every shard succeeds)\n")
    }
}
