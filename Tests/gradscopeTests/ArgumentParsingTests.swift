import ArgumentParser
import Testing

@testable import gradscope

/// Every command parsed in process with `Gradscope.parseAsRoot`, as `main` does: what a command
/// line becomes, and each usage error with its message (exit status 2 through `main`).
@Suite("Parsing the command line")
struct ArgumentParsingTests {
    static func parse<Command: ParsableCommand>(_ arguments: [String], as type: Command.Type) throws -> Command {
        try #require(try Gradscope.parseAsRoot(arguments) as? Command, "\(arguments) is not a \(Command.self)")
    }

    /// The one-line message `main` prints for `arguments`, which must not parse.
    static func error(_ arguments: [String]) -> String {
        do {
            _ = try Gradscope.parseAsRoot(arguments)
            return "parsed"
        } catch {
            #expect(Gradscope.exitCode(for: error) != .success, "\(arguments): a usage error, not a request for help")
            return Gradscope.message(for: error)
        }
    }

    @Test("render: notebooks, output folder, formats and the shared run options")
    func render() throws {
        let command = try Self.parse(
            [
                "render", "a.md", "b.md", "--out", "site", "--figure-format", "both", "--self-contained",
                "--jobs", "3", "--no-cache", "--quiet", "--safe", "--max-cost", "1e9", "--annotations", "none",
            ], as: RenderCommand.self)
        #expect(command.notebooks == ["a.md", "b.md"])
        #expect(command.out == "site" && command.selfContained)
        #expect(command.figureFormat.formats == [.png, .svg])
        #expect(command.runOptions.jobs == 3 && command.runOptions.noCache && command.runOptions.quiet && command.runOptions.safe)
        #expect(command.runOptions.maxCost == 1e9 && command.runOptions.annotationStyle == .off)
        let defaults = try Self.parse(["render", "a.md"], as: RenderCommand.self)
        #expect(defaults.figureFormat.formats == [.png] && !defaults.selfContained && defaults.templatesDirectory == nil)
    }

    @Test(
        "render's usage errors",
        arguments: [
            (["render"], "Missing expected argument '<notebooks> ...'"),
            (["render", "a.md", "--figure-format", "gif"], "gif"),
            (["render", "a.md", "--jobs", "0"], "--jobs must be at least 1, got 0"),
            (["render", "a.md", "--max-cost=-1"], "--max-cost must be a number of FLOPs, or 0 for no limit, got -1"),
            (["render", "a.md", "--no-cache", "--shard", "1/2"], "cannot go with --no-cache"),
            (["render", "a.md", "--no-cache", "--offline"], "--offline reads every run from the run cache"),
            (["render", "a.md", "--offline", "--shard", "1/2"], "give one of them"),
            (["render", "a.md", "--shard", "1/2", "--summary", "s.md"], "writes no --summary"),
            (["render", "a.md", "--shard", "5/4"], "shard 5 of 4 does not exist"),
            (["render", "a.md", "--annotations", "gitlab"], "gitlab"),
            (["render", "a.md", "--colour"], "--colour"),
        ])
    func renderErrors(arguments: [String], message: String) {
        let text = Self.error(arguments)
        #expect(text.contains(message), "\(arguments): \(text)")
        #expect(!text.contains("\n"), "one line")
    }

    @Test("check: notebooks and run options; no notebook is an error")
    func check() throws {
        let command = try Self.parse(["check", "a.md", "--cache-dir", "c", "--offline", "--summary", "s.md"], as: CheckCommand.self)
        #expect(command.notebooks == ["a.md"] && command.runOptions.cacheDirectory == "c" && command.runOptions.offline)
        #expect(command.runOptions.summaryFile == "s.md")
        #expect(Self.error(["check"]).contains("Missing expected argument '<notebooks> ...'"))
        #expect(Self.error(["check", "a.md", "--jobs", "x"]).contains("x"))
    }

    @Test("plan: JSON, shards and the work budget")
    func plan() throws {
        let command = try Self.parse(["plan", "a.md", "--json", "--shard", "2/4", "--allow-outside", "--max-cost", "0"], as: PlanCommand.self)
        #expect(command.notebooks == ["a.md"] && command.json && command.shard == "2/4" && command.allowOutside && command.maxCost == 0)
        #expect(Self.error(["plan"]).contains("Missing expected argument '<notebooks> ...'"))
        #expect(Self.error(["plan", "a.md", "--max-cost", "inf"]).contains("--max-cost must be a number of FLOPs"))
        #expect(Self.error(["plan", "a.md", "--shard", "0/4"]).contains("shard 0 of 4 does not exist"))
    }

    @Test("cache merge: sources and the destination")
    func cacheMerge() throws {
        let command = try Self.parse(["cache", "merge", "shard-1", "shard-2", "--cache-dir", "merged", "-q"], as: CacheMergeCommand.self)
        #expect(command.sources == ["shard-1", "shard-2"] && command.cacheDirectory == "merged" && command.quiet)
        #expect(Self.error(["cache", "merge"]).contains("Missing expected argument '<src-dir> ...'"))
        #expect(Self.error(["cache", "split"]).contains("split"))
    }

    @Test("train: a run given by flags, or one run of a notebook")
    func train() throws {
        let command = try Self.parse(
            [
                "train", "--dataset", "spirals", "--classes", "3", "--loss", "cross_entropy", "--depth", "2", "--width", "8", "--epochs", "1", "--seed", "7",
                "--json",
            ],
            as: TrainCommand.self)
        #expect(command.dataset == "spirals" && command.classes == 3 && command.depth == 2 && command.width == 8 && command.seed == 7 && command.json)
        let fromNotebook = try Self.parse(["train", "--from", "nb.md", "--run", "sweep.relu.4", "--seed-index", "1"], as: TrainCommand.self)
        #expect(fromNotebook.from == "nb.md" && fromNotebook.runName == "sweep.relu.4" && fromNotebook.seedIndex == 1)
        #expect(Self.error(["train", "--from", "nb.md"]).contains("--from needs --run"))
        #expect(Self.error(["train", "--run", "sweep.relu.4"]).contains("go with --from"))
        #expect(Self.error(["train", "--classes", "3"]).contains("--classes: classes apply to spirals only"))
        #expect(Self.error(["train", "--depth", "two"]).contains("two"))
    }

    @Test("bench: steps and repetitions are bounded")
    func bench() throws {
        let command = try Self.parse(["bench", "--steps", "10", "--repetitions", "2", "--kernels-only", "--json"], as: BenchCommand.self)
        #expect(command.steps == 10 && command.repetitions == 2 && command.kernelsOnly && command.json)
        #expect(Self.error(["bench", "--steps", "1"]).contains("--steps must be at least 2, got 1"))
        #expect(Self.error(["bench", "--repetitions", "0"]).contains("--repetitions must be at least 1, got 0"))
    }

    @Test("templates export: the folder, and --force")
    func templatesExport() throws {
        let command = try Self.parse(["templates", "export", "mine", "--force"], as: TemplatesCommand.Export.self)
        #expect(command.directory == "mine" && command.force)
        #expect(Self.error(["templates", "export"]).contains("directory"))
    }

    @Test("an unknown command is an error naming it")
    func unknownCommand() {
        #expect(Self.error(["publish", "a.md"]).contains("publish"))
    }
}
