import Foundation
import GradscopeLab
import Testing

/// Runs the real `gradscope` binary (built beside the test bundle) on tiny notebooks in temporary folders.
@Suite("The gradscope command line, end to end")
struct CommandLineTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gradscope")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/gradscope").standardized
    }

    static let notebook = """
        ---
        title: CLI test
        seed: 5
        ---
        # Depth and activation

        ```gradscope
        id: sweep
        activations: [sigmoid, relu]
        depths: [1, 3]
        width: 8
        epochs: 2
        dataset: {name: electricity, samples: 128}
        show: [loss-curves, gradient-by-layer, final-loss-table]
        claims:
          - "sigmoid.3.gradientRatio < relu.3.gradientRatio"
        ```

        The sigmoid network keeps {{sweep.sigmoid.3.gradientRatio}} of its gradient.
        """

    /// Runs the binary in `folder` with this process's environment less GitHub Actions' variables
    /// (these tests may run in a workflow, where annotations would be on), plus `environment`.
    func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GITHUB_") }.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func workspace(_ text: String = notebook, name: String = "nb.md") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return folder
    }

    /// Width and height from a PNG's IHDR chunk, after checking the signature.
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data)
        guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR"
        else { return nil }
        let number = { (offset: Int) in bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }

    @Test("render writes a report whose pictures reference PNGs, light and dark, wide and narrow, at twice their CSS size")
    func renderWritesReport() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(["render", "nb.md", "--out", "site", "--no-cache", "--quiet"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = folder.appendingPathComponent("site/nb")
        let html = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<img src=\"").count - 1 == 2)
        // Every variant, `<source srcset="…" width="…" height="…">` or `<img src="…" alt="…" width="…" height="…">`.
        let variants = html.components(separatedBy: "<picture>").dropFirst().flatMap { picture in
            picture.components(separatedBy: "</picture>")[0].components(separatedBy: "\n").filter { $0.hasPrefix("<source") || $0.hasPrefix("<img") }
        }
        #expect(variants.count == 8)
        var names: Set<String> = []
        for variant in variants {
            func attribute(_ name: String) -> String { variant.components(separatedBy: " \(name)=\"")[1].prefix { $0 != "\"" }.description }
            let image = attribute(variant.hasPrefix("<img") ? "src" : "srcset")
            names.insert(image)
            let size = Self.pngSize(try Data(contentsOf: report.appendingPathComponent(image)))
            let width = Int(attribute("width"))!
            let height = Int(attribute("height"))!
            #expect(size?.0 == 2 * width, "\(image) is drawn at 2× density")
            #expect(size?.1 == 2 * height)
            #expect(image.hasSuffix(".narrow.png") || image.hasSuffix(".narrow.dark.png") ? width == 340 : width >= 620)
        }
        #expect(names.count == 8)
        #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent("figures/sweep-loss-curves.html").path))
        #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent("report.md").path))
    }

    @Test("rendering twice, with different --jobs and cache states, gives identical files")
    func renderIsReproducible() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try run(["render", "nb.md", "--out", "a", "--jobs", "1", "--quiet", "--cache-dir", "cache"], in: folder)
        let second = try run(["render", "nb.md", "--out", "b", "--jobs", "2", "--quiet", "--cache-dir", "cache"], in: folder)
        let third = try run(["render", "nb.md", "--out", "c", "--jobs", "2", "--quiet", "--no-cache"], in: folder)
        #expect([first.status, second.status, third.status] == [0, 0, 0])
        let a = try Self.contents(of: folder.appendingPathComponent("a/nb"))
        #expect(a.keys.contains("/figures/sweep-loss-curves.png"))
        #expect(a == (try Self.contents(of: folder.appendingPathComponent("b/nb"))))
        #expect(a == (try Self.contents(of: folder.appendingPathComponent("c/nb"))))
    }

    @Test("--figure-format both and --self-contained do what they say")
    func formatsAndSelfContained() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try run(["render", "nb.md", "--out", "both", "--figure-format", "both", "--quiet"], in: folder).status == 0)
        let figures = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("both/nb/figures").path)
        #expect(figures.contains("sweep-loss-curves.png"))
        #expect(figures.contains("sweep-loss-curves.svg"))
        #expect(try run(["render", "nb.md", "--out", "single", "--self-contained", "--quiet"], in: folder).status == 0)
        let html = try String(contentsOf: folder.appendingPathComponent("single/nb/index.html"), encoding: .utf8)
        #expect(html.contains("src=\"data:image/png;base64,"))
        #expect(!html.contains("href=\"style.css\""))
        #expect(!html.contains("src=\"figures/") && !html.contains("href=\"figures/"), "the page needs no other file")
        let markdown = try String(contentsOf: folder.appendingPathComponent("single/nb/report.md"), encoding: .utf8)
        #expect(markdown.contains("<img src=\"figures/sweep-loss-curves.png\""), "report.md links its figures")
        #expect(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("single/nb/figures/sweep-loss-curves.png").path),
            "and they are written beside it")
    }

    @Test("check prints each claim and exits 1 when one fails")
    func checkFailsOnFalseClaim() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let passing = try run(["check", "nb.md", "--no-cache", "--summary", "summary.md"], in: folder)
        #expect(passing.status == 0)
        #expect(passing.stdout.contains("PASS"))
        let falseClaim = Self.notebook.replacingOccurrences(
            of: "sigmoid.3.gradientRatio < relu.3.gradientRatio", with: "sigmoid.3.gradientRatio > relu.3.gradientRatio")
        try falseClaim.write(to: folder.appendingPathComponent("nb.md"), atomically: true, encoding: .utf8)
        let failing = try run(["check", "nb.md", "--no-cache", "--summary", "summary.md"], in: folder)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAIL"))
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("✅ The 1 claim passed."), "the first check's summary is kept")
        #expect(summary.contains("❌ 1 of 1 claim failed."), "the second check's summary is appended")
        #expect(summary.contains("sigmoid.3.gradientRatio = "))
    }

    @Test(
        "bad input gets one line naming the file and line, exit status 2, and nothing written",
        arguments: [
            ("depths: [1, 3]", "depths: [0, 3]", "nb.md:10:10: error: 'depth' must be at least 1, found 0"),
            ("activations: [sigmoid, relu]", "activations: [sigmoid, relux]", "nb.md:9:24: error: unknown activation 'relux'"),
            ("depths: [1, 3]", "depths: [1, 3", "nb.md:11:6: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 10)"),
        ])
    func badInput(original: String, replacement: String, expected: String) throws {
        let folder = try workspace(Self.notebook.replacingOccurrences(of: original, with: replacement))
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(["render", "nb.md", "--out", "site", "--no-cache"], in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site").path))
    }

    @Test("progress is plain lines on stderr when it is not a terminal, and --quiet silences everything")
    func progressLines() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loud = try run(["render", "nb.md", "--no-cache"], in: folder)
        #expect(loud.status == 0)
        #expect(loud.stderr.contains("4/4 runs (trained)"))
        #expect(!loud.stderr.contains("\r"), "no bar redrawing in a pipe")
        #expect(loud.stdout.contains("wrote "))
        let quiet = try run(["render", "nb.md", "--no-cache", "--quiet"], in: folder)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty)
        _ = try run(["render", "nb.md", "--quiet"], in: folder)
        let warm = try run(["render", "nb.md"], in: folder)
        #expect(warm.stderr.contains("4/4 runs (0 trained, 4 from the cache)"), "\(warm.stderr)")
    }

    @Test(
        "a negative job count, an unwritable summary or tensor folder are one line each, exit status 2",
        arguments: [
            (["check", "nb.md", "--jobs", "-5"], "--jobs must be at least 1, got -5"),
            (["check", "nb.md", "--quiet", "--summary", "nb.md/summary.md"], "nb.md/summary.md: error: cannot create the summary file"),
            (["train", "--depth", "1", "--epochs", "0", "--samples", "64", "--export-tensors", "nb.md/t"], "nb.md/t: error: cannot write the tensors"),
        ])
    func oneLineErrors(arguments: [String], message: String) throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(arguments, in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count <= 2, "one line (ArgumentParser may add a usage hint): \(outcome.stderr)")
    }

    @Test("--quiet keeps failed claims and drops everything else, in render and check alike")
    func quietKeepsFailures() throws {
        let folder = try workspace(Self.notebook.replacingOccurrences(of: "claims:\n", with: "claims:\n  - \"relu.3.finalLoss < 0\"\n"))
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in ["render", "check"] {
            let outcome = try run([command, "nb.md", "--quiet"], in: folder)
            #expect(outcome.status == 1)
            #expect(outcome.stdout.hasPrefix("FAIL nb.md:"), "\(command): \(outcome.stdout)")
            #expect(!outcome.stdout.contains("PASS") && !outcome.stdout.contains(" passed") && outcome.stderr.isEmpty)
        }
    }

    @Test("control characters from a notebook reach the terminal as visible escapes")
    func controlCharacters() throws {
        let folder = try workspace(Self.notebook.replacingOccurrences(of: "claims:\n", with: "claims:\n  - \"relu.3.finalLoss < 0 \\e[31m\"\n"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(["check", "nb.md", "--quiet"], in: folder)
        #expect(!outcome.stdout.contains("\u{1B}") && !outcome.stderr.contains("\u{1B}"))
        #expect((outcome.stdout + outcome.stderr).contains("\\u{1B}[31m"), "\(outcome.stdout)\(outcome.stderr)")
    }

    @Test("a missing notebook is an error with exit status 2")
    func missingNotebook() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(["render", "absent.md"], in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "gradscope: absent.md: error: no such notebook\n")
    }

    @Test("train prints a summary and exports tensors NumPy can read")
    func trainExportsTensors() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(
            ["train", "--activation", "tanh", "--depth", "2", "--width", "4", "--epochs", "1", "--samples", "64", "--export-tensors", "tensors"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("first-to-output gradient ratio"))
        let weight = try Data(contentsOf: folder.appendingPathComponent("tensors/layer1.weight.npy"))
        #expect(weight.starts(with: [0x93] + Array("NUMPY".utf8)))
        #expect(String(decoding: weight.prefix(128), as: UTF8.self).contains("(4, 8)"))
    }

    @Test("usage errors exit with status 2")
    func usageError() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try run(["render", "nb.md", "--jobs", "0"], in: folder).status == 2)
        #expect(try run(["frobnicate"], in: folder).status == 2)
        let bench = try run(["bench", "--kernels-only", "--repetitions", "0"], in: folder)
        #expect(bench.status == 2 && bench.stderr.contains("--repetitions must be at least 1"))
    }

    @Test("bench --json reports every shape asked for with each repetition and their median, and the build's CPU level")
    func benchJSON() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(
            [
                "bench", "--kernels-only", "--steps", "2", "--repetitions", "3", "--json",
                "--width", "16,24", "--depth", "1,3", "--batch", "32", "--activation", "relu",
            ], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        struct Report: Decodable {
            struct Shape: Decodable {
                var activation: String
                var depth: Int
                var width: Int
                var batch: Int
                var steps: Int
                var repetitions: [Double]
                var stepsPerSecond: Double
                var gflops: Double
                var finalLoss: Double
            }
            var shapes: [Shape]
            var products: [Int]
            var sweep: [Int]
            var cpuLevel: String
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(outcome.stdout.utf8))
        #expect(report.cpuLevel == Engine.cpuLevel, "the binary names the CPU level it was built for, as the tests were")
        #expect(
            report.shapes.map { "\($0.activation) \($0.depth) \($0.width) \($0.batch)" }
                == ["relu 1 16 32", "relu 1 24 32", "relu 3 16 32", "relu 3 24 32"])
        #expect(report.sweep.isEmpty && report.products.isEmpty)
        for shape in report.shapes {
            #expect(shape.repetitions.count == 3 && shape.repetitions.allSatisfy { $0 > 0 })
            #expect(shape.stepsPerSecond == shape.repetitions.sorted()[1], "the median")
            #expect(shape.steps == 2)
            #expect(shape.gflops > 0 && shape.finalLoss.isFinite)
        }
    }

    @Test("bench --gemm times the three products of a step and a square one at each width")
    func benchProducts() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(["bench", "--gemm", "8,12", "--batch", "5", "--repetitions", "1", "--json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        struct Report: Decodable {
            struct Product: Decodable {
                var product: String
                var width: Int
                var batch: Int
                var flops: Double
                var repetitions: [Double]
                var gflops: Double
            }
            var shapes: [Int]
            var products: [Product]
            var sweep: [Int]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(outcome.stdout.utf8))
        #expect(report.shapes.isEmpty && report.sweep.isEmpty)
        #expect(
            report.products.map { "\($0.product) \($0.width) \($0.batch)" }
                == [
                    "forward 8 5", "weightGradient 8 5", "inputGradient 8 5", "square 8 8",
                    "forward 12 5", "weightGradient 12 5", "inputGradient 12 5", "square 12 12",
                ])
        for product in report.products {
            #expect(product.flops == 2 * Double(product.width * product.width * product.batch))
            #expect(product.repetitions.count == 1 && product.gflops == product.repetitions[0] && product.gflops > 0)
        }
        for bad in [
            ["--gemm", "64", "--width", "64"], ["--gemm", "64,0"], ["--width", "64,x"], ["--activation", "sigmoidd"],
            ["--gemm", "64", "--batch", "8,16"],
        ] {
            let refused = try run(["bench", "--kernels-only"] + bad, in: folder)
            #expect(refused.status == 2 && refused.stderr.split(separator: "\n").count <= 2, "\(bad): \(refused.stderr)")
        }
    }

    /// Every vectorised activation at width 40 (one 32-column block and an 8-column tail).
    static let vectorLevelNotebook = """
        ---
        title: Vector level
        seed: 3
        ---
        # Every activation kernel, blocks and tails

        ```gradscope
        id: kernels
        activations: [sigmoid, tanh, relu, leaky_relu, elu, selu, silu, gelu]
        depths: [2]
        width: 40
        epochs: 2
        batch: 32
        dataset: {name: electricity, samples: 256}
        show: [final-loss-table]
        ```
        """

    /// runs.csv of `vectorLevelNotebook` from a release build for AVX-512 (`make build` on this
    /// project's machine). Re-make it after an engine change: render the notebook with
    /// .build/release/gradscope and paste data/runs.csv here.
    static let vectorLevelRuns = """
        cell,run,repeat,dataset,activation,depth,width,init,optimizer,lr,clip,batch,epochs,loss,residual,seed,outcome,diverged_epoch,initial_loss,final_loss,final_validation_loss,final_accuracy,backprop_ratio,gradient_ratio,gradient_rms_ratio,first_layer_backprop,first_layer_spread,last_layer_spread,dead_fraction,saturated_fraction
        kernels,sigmoid,0,electricity,sigmoid,2,40,auto,sgd,0.05,,32,2,mse,false,6409541535155666082,completed,,3.085487186663244,0.957629743436855,0.6225492309780134,,0.22538014611779772,0.021105042889940848,0.007461759472355052,0.23031229773059372,0.13631332545233688,0.03194822117887236,0.0,0.0
        kernels,tanh,0,electricity,tanh,2,40,auto,sgd,0.05,,32,2,mse,false,6409541535155666082,completed,,1.0318360805716589,0.29402357511202987,0.29583780206087495,,0.8399494983403948,1.35933917602043,0.48059897464829004,0.43389542433016604,0.46657437755138353,0.39365285423473084,0.0,0.0
        kernels,relu,0,electricity,relu,2,40,auto,sgd,0.05,,32,2,mse,false,6409541535155666082,completed,,4.601779377137032,0.6023349841381489,0.3463059465843851,,0.870628240630482,0.16605594872967916,0.058709643701560905,0.9793666338592001,0.824969608532719,0.6792417415957923,0.025,0.6616421568627451
        kernels,leaky_relu,0,electricity,leaky_relu,2,40,auto,sgd,0.05,,32,2,mse,false,6409541535155666082,completed,,4.567685804685099,0.5949790940619957,0.3344242228770043,,0.8691600008091288,0.16713505282910132,0.0590911646147147,0.9729261178497085,0.829242172281439,0.6857619148618648,0.0,0.0
        kernels,elu,0,electricity,elu,2,40,auto,sgd,0.05,,32,2,mse,false,6409541535155666082,completed,,3.775601008986023,1.075678146215191,0.2787448131263525,,1.000832433100581,0.27214037118642,0.09621615095027083,0.9474061717748388,1.0701670155919345,1.1136160397141517,0.0,0.002267156862745098
        kernels,selu,0,electricity,selu,2,40,auto,sgd,0.05,,32,2,mse,false,6409541535155666082,diverged,2,4.6138851759635555,Infinity,Infinity,,1.278768313579332,0.4205950925502397,0.148702821038029,1.2455978970374526,1.3261601802701348,1.6209009530517502,0.0,0.6346813725490197
        kernels,silu,0,electricity,silu,2,40,auto,sgd,0.05,,32,2,mse,false,6409541535155666082,completed,,2.5577666412980875,0.29860909225618826,0.5066570578352239,,0.7705139770710795,0.23921346308305147,0.08457473094857176,0.6152428635431817,0.8148074844560055,0.6736459870161514,0.0,0.18033088235294117
        kernels,gelu,0,electricity,gelu,2,40,auto,sgd,0.05,,32,2,mse,false,6409541535155666082,completed,,3.6505031035660016,0.3368894135142867,0.2623877778947562,,0.8502268864979081,0.20363425030670687,0.07199557963685561,0.8318696522820584,0.8389798847738479,0.714684901625081,0.0,0.3268995098039216

        """

    @Test("The numbers do not depend on the vector level: this portable build reproduces an AVX-512 build's runs")
    func numbersIndependentOfVectorLevel() throws {
        let folder = try workspace(Self.vectorLevelNotebook, name: "vl.md")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try run(["render", "vl.md", "--out", "out", "--no-cache", "--quiet"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let runs = try String(contentsOf: folder.appendingPathComponent("out/vl/data/runs.csv"), encoding: .utf8)
        let expected = Self.vectorLevelRuns.split(separator: "\n")
        let actual = runs.split(separator: "\n")
        #expect(actual.count == expected.count)
        for (line, (got, want)) in zip(actual, expected).enumerated() {
            #expect(got == want, "runs.csv line \(line + 1)")
        }
    }

    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }
}
