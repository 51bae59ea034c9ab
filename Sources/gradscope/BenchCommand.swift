import ArgumentParser
import Foundation
import GradscopeCairo
import GradscopeLab
import GradscopeNN
import GradscopeReport

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training speed (steps/s, GFLOP/s), the matrix products alone, and the benchmark sweep end to end. Use a release build.",
        discussion: """
            Steps: 8 inputs → 1 output (the electricity features), MSE, SGD (learning rate \(Bench.learningRate)), one thread, \
            per-layer gradient norms every step. Without shape options: width 64, batch 64 at depths 1, 4, 16, 32, then \
            width 256 and 1024 at depth 8, batch 256, each with sigmoid and relu. With any of --width, --depth, --batch, \
            --activation: every combination of the values given (comma-separated), the others defaulting to width 64, \
            depth 8, batch 256, sigmoid and relu. A step whose loss is not finite is an error. Then renders the sweep \
            notebook with --jobs 1 and with all cores, without cache. --gemm WIDTHS times instead the three products of \
            a step (forward, ∂L/∂W, ∂L/∂h) at each width and --batch (default 256), and a square product of each width, \
            in GFLOP/s. Each figure is the median of --repetitions timed runs (all of them are in --json).
            """
    )

    @Option(help: "Timed steps per repetition for a shape under 10 MFLOP a step; half that up to 100 MFLOP, and fewer beyond (README, \"Speed\").") var steps =
        2000
    @Option(help: "Timed runs of each shape, product and of the sweep; the median is reported.") var repetitions = 3
    @Option(help: "The benchmark sweep notebook.") var notebook = "reports/benchmark-sweep.md"
    @Option(help: ArgumentHelp("Hidden-layer widths, comma-separated.", valueName: "n,...")) var width: String?
    @Option(help: ArgumentHelp("Hidden-layer counts, comma-separated.", valueName: "n,...")) var depth: String?
    @Option(help: ArgumentHelp("Mini-batch sizes, comma-separated (one with --gemm).", valueName: "n,...")) var batch: String?
    @Option(help: ArgumentHelp("Hidden activations, comma-separated.", valueName: "name,...")) var activation: String?
    @Option(help: ArgumentHelp("Time the products of a step alone at these widths, comma-separated (no steps, no sweep).", valueName: "n,...")) var gemm:
        String?
    @Flag(help: "Skip the end-to-end sweep.") var kernelsOnly = false
    @Flag(help: "Print JSON.") var json = false

    struct Report: Encodable {
        var shapes: [Bench.Measurement]
        var products: [Bench.ProductMeasurement]
        var sweep: [SweepTiming]
        var cores: Int
        /// The CPU level the binary was built for (`make build CPU=…`), which the speed depends on.
        var cpuLevel: String
    }

    struct SweepTiming: Encodable {
        var jobs: Int
        /// The median of `repetitions`.
        var seconds: Double
        var repetitions: [Double]
        var runs: Int
    }

    func validate() throws {
        guard steps >= 2 else { throw ValidationError("--steps must be at least 2, got \(steps)") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1, got \(repetitions)") }
        _ = try shapes()
        _ = try productWidths()
    }

    /// The comma-separated positive integers of option `name`, or nil when it was not given.
    static func counts(_ value: String?, option name: String) throws -> [Int]? {
        guard let value else { return nil }
        let parts = value.split(separator: ",", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == parts.count, numbers.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--\(name) takes positive whole numbers separated by commas, got '\(value)'")
        }
        return numbers
    }

    /// The shapes to time: `Bench.standardShapes`, or every combination of the values given.
    func shapes() throws -> [Bench.Shape] {
        let widths = try Self.counts(width, option: "width")
        let depths = try Self.counts(depth, option: "depth")
        let batches = try Self.counts(batch, option: "batch")
        let activations: [Activation]? = try activation.map {
            try $0.split(separator: ",", omittingEmptySubsequences: false).map { name in
                let name = name.trimmingCharacters(in: .whitespaces)
                guard let activation = Activation(name: name) else {
                    throw ValidationError(
                        "--activation: unknown activation '\(name)' (expected one of: sigmoid, tanh, relu, leaky_relu(0.2), elu, gelu, selu, softplus, silu, identity)"
                    )
                }
                return activation
            }
        }
        if gemm != nil {
            guard widths == nil, depths == nil, activations == nil else {
                throw ValidationError("--gemm times products alone: it takes --batch, not --width, --depth or --activation")
            }
            return []
        }
        guard widths != nil || depths != nil || batches != nil || activations != nil else { return Bench.standardShapes }
        return (activations ?? [.sigmoid, .relu]).flatMap { activation in
            (depths ?? [8]).flatMap { depth in
                (widths ?? [64]).flatMap { width in
                    (batches ?? [256]).map { Bench.Shape(activation: activation, depth: depth, width: width, batch: $0) }
                }
            }
        }
    }

    /// The widths of --gemm and the one batch they run at.
    func productWidths() throws -> (widths: [Int], batch: Int) {
        guard let widths = try Self.counts(gemm, option: "gemm") else { return ([], 0) }
        let batches = try Self.counts(batch, option: "batch") ?? [256]
        guard batches.count == 1 else { throw ValidationError("--gemm runs the products at one --batch, got \(batches.count)") }
        return (widths, batches[0])
    }

    func run() throws {
        if !json { print("gradscope \(GradscopeVersion.current), built for CPU level \(Engine.cpuLevel)") }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var products: [Bench.ProductMeasurement] = []
        let (widths, productBatch) = try productWidths()
        for width in widths {
            let measured = Bench.measureProducts(width: width, batch: productBatch, repetitions: repetitions)
            products += measured
            if !json {
                let figures = measured.map { "\(Self.productName($0.product)) \(String(format: "%.1f", $0.gflops))" }.joined(separator: ", ")
                print("width \(width), batch \(productBatch) (GFLOP/s): \(figures)")
            }
        }
        var shapes: [Bench.Measurement] = []
        for shape in try self.shapes() {
            let measurement = try Bench.measure(shape, steps: shape.timedSteps(base: steps), repetitions: repetitions)
            shapes.append(measurement)
            if !json {
                print(
                    "\(shape.activation.name) depth \(shape.depth) width \(shape.width) batch \(shape.batch): \(Self.rate(measurement.stepsPerSecond)) steps/s, \(String(format: "%.1f", measurement.gflops)) GFLOP/s"
                )
            }
        }
        var sweep: [SweepTiming] = []
        if !kernelsOnly && gemm == nil {
            for jobs in Array(Set([1, cores])).sorted() {
                let timing = try timeSweep(jobs: jobs)
                sweep.append(timing)
                if !json {
                    print(
                        "benchmark sweep, --jobs \(jobs): \(String(format: "%.2f", timing.seconds)) s for \(timing.runs) runs (train, charts, report; median of \(timing.repetitions.count))"
                    )
                }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(
                String(
                    decoding: try encoder.encode(Report(shapes: shapes, products: products, sweep: sweep, cores: cores, cpuLevel: Engine.cpuLevel)),
                    as: UTF8.self))
        }
    }

    static func productName(_ product: StepProducts.Product) -> String {
        switch product {
        case .forward: "forward"
        case .weightGradient: "∂L/∂W"
        case .inputGradient: "∂L/∂h"
        case .square: "square"
        }
    }

    /// Whole steps per second above 100, three significant digits below (width 1024 runs a few a second).
    static func rate(_ stepsPerSecond: Double) -> String {
        stepsPerSecond >= 100 ? "\(Int(stepsPerSecond.rounded()))" : String(format: "%.3g", stepsPerSecond)
    }

    /// Renders the sweep notebook into a temporary folder, without cache, `repetitions` times.
    private func timeSweep(jobs: Int) throws -> SweepTiming {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-bench-\(ProcessInfo.processInfo.processIdentifier)-\(jobs)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = RenderOptions(outputRoot: folder.path, jobs: jobs, cacheDirectory: nil)
        var times: [Double] = []
        var runs = 0
        for _ in 0..<repetitions {
            let start = DispatchTime.now()
            runs = try ReportBuilder(renderer: CairoFigureRenderer()).render(notebookAt: notebook, options: options).runCount
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        return SweepTiming(jobs: jobs, seconds: Statistics.median(times), repetitions: times, runs: runs)
    }
}
