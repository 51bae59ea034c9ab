import ArgumentParser
import Foundation
import GradscopeCairo
import GradscopeLab
import GradscopeReport

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training speed (steps/s, GFLOP/s) and the benchmark sweep end to end. Use a release build.",
        discussion: "Kernel shapes: width 64, batch 64, 8 inputs → 1 output, MSE, SGD, one thread, per-layer gradient norms every step; depths 1, 4, 16, 32 with sigmoid and relu. Then renders the sweep notebook with --jobs 1 and with all cores, without cache."
    )

    @Option(help: "Timed steps per shape.") var steps = 2000
    @Option(help: "The benchmark sweep notebook.") var notebook = "reports/benchmark-sweep.md"
    @Flag(help: "Skip the end-to-end sweep.") var kernelsOnly = false
    @Flag(help: "Print JSON.") var json = false

    struct Report: Encodable {
        var shapes: [Bench.Measurement]
        var sweep: [SweepTiming]
        var cores: Int
    }

    struct SweepTiming: Encodable {
        var jobs: Int
        var seconds: Double
        var runs: Int
    }

    func run() throws {
        var shapes: [Bench.Measurement] = []
        for activation in ["sigmoid", "relu"] {
            for depth in [1, 4, 16, 32] {
                let measurement = try Bench.measure(depth: depth, activation: activation, steps: depth >= 16 ? steps / 2 : steps)
                shapes.append(measurement)
                if !json {
                    print("\(activation) depth \(depth): \(Int(measurement.stepsPerSecond.rounded())) steps/s, \(String(format: "%.1f", measurement.gflops)) GFLOP/s")
                }
            }
        }
        var sweep: [SweepTiming] = []
        if !kernelsOnly {
            let cores = ProcessInfo.processInfo.activeProcessorCount
            for jobs in Array(Set([1, cores])).sorted() {
                let timing = try timeSweep(jobs: jobs)
                sweep.append(timing)
                if !json { print("benchmark sweep, --jobs \(jobs): \(String(format: "%.2f", timing.seconds)) s for \(timing.runs) runs (train, charts, report)") }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(Report(shapes: shapes, sweep: sweep, cores: ProcessInfo.processInfo.activeProcessorCount)), as: UTF8.self))
        }
    }

    /// Renders the sweep notebook into a temporary folder, without cache, and times it.
    private func timeSweep(jobs: Int) throws -> SweepTiming {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-bench-\(ProcessInfo.processInfo.processIdentifier)-\(jobs)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = RenderOptions(outputRoot: folder.path, jobs: jobs, cacheDirectory: nil)
        let start = DispatchTime.now()
        let summary = try ReportBuilder(renderer: CairoFigureRenderer()).render(notebookAt: notebook, options: options)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return SweepTiming(jobs: jobs, seconds: seconds, runs: summary.runCount)
    }
}
