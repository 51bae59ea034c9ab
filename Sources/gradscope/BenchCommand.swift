import ArgumentParser
import Foundation
import GradscopeCairo
import GradscopeLab
import GradscopeNN
import GradscopeReport

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training speed (steps/s, GFLOP/s) and the benchmark sweep end to end. Use a release build.",
        discussion: "Kernel shapes: width 64, batch 64, 8 inputs → 1 output, MSE, SGD, one thread, per-layer gradient norms every step; depths 1, 4, 16, 32 with sigmoid and relu. Then renders the sweep notebook with --jobs 1 and with all cores, without cache. Each figure is the median of --repetitions timed runs (all of them are in --json)."
    )

    @Option(help: "Timed steps per shape and repetition (half at depth 16 and 32).") var steps = 2000
    @Option(help: "Timed runs of each shape and of the sweep; the median is reported.") var repetitions = 3
    @Option(help: "The benchmark sweep notebook.") var notebook = "reports/benchmark-sweep.md"
    @Flag(help: "Skip the end-to-end sweep.") var kernelsOnly = false
    @Flag(help: "Print JSON.") var json = false

    struct Report: Encodable {
        var shapes: [Bench.Measurement]
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
    }

    func run() throws {
        if !json { print("gradscope \(GradscopeVersion.current), built for CPU level \(Engine.cpuLevel)") }
        var shapes: [Bench.Measurement] = []
        for activation in [Activation.sigmoid, .relu] {
            for depth in [1, 4, 16, 32] {
                let measurement = try Bench.measure(depth: depth, activation: activation, steps: depth >= 16 ? steps / 2 : steps,
                                                    repetitions: repetitions)
                shapes.append(measurement)
                if !json {
                    print("\(activation.name) depth \(depth): \(Int(measurement.stepsPerSecond.rounded())) steps/s, \(String(format: "%.1f", measurement.gflops)) GFLOP/s")
                }
            }
        }
        var sweep: [SweepTiming] = []
        if !kernelsOnly {
            let cores = ProcessInfo.processInfo.activeProcessorCount
            for jobs in Array(Set([1, cores])).sorted() {
                let timing = try timeSweep(jobs: jobs)
                sweep.append(timing)
                if !json { print("benchmark sweep, --jobs \(jobs): \(String(format: "%.2f", timing.seconds)) s for \(timing.runs) runs (train, charts, report; median of \(timing.repetitions.count))") }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(Report(shapes: shapes, sweep: sweep, cores: ProcessInfo.processInfo.activeProcessorCount,
                                                                                cpuLevel: Engine.cpuLevel)), as: UTF8.self))
        }
    }

    /// Renders the sweep notebook into a temporary folder, without cache, `repetitions` times.
    private func timeSweep(jobs: Int) throws -> SweepTiming {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-bench-\(ProcessInfo.processInfo.processIdentifier)-\(jobs)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = RenderOptions(outputRoot: folder.path, jobs: jobs, cacheDirectory: nil)
        var times: [Double] = [], runs = 0
        for _ in 0..<repetitions {
            let start = DispatchTime.now()
            runs = try ReportBuilder(renderer: CairoFigureRenderer()).render(notebookAt: notebook, options: options).runCount
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        return SweepTiming(jobs: jobs, seconds: Statistics.median(times), repetitions: times, runs: runs)
    }
}
