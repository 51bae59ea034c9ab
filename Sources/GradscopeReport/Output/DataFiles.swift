import Foundation
import GradscopeLab

/// The machine-readable files beside the report: every run's settings and results, and the manifest.
/// Numbers are written in shortest round-trip form; nothing depends on time, host or absolute paths.
enum DataFiles {
    static let runsColumns = [
        "cell", "run", "repeat", "dataset", "activation", "depth", "width", "init", "optimizer", "lr", "clip", "batch", "epochs",
        "loss", "residual", "seed", "outcome", "diverged_epoch", "initial_loss", "final_loss", "final_validation_loss",
        "final_accuracy", "backprop_ratio", "gradient_ratio", "gradient_rms_ratio", "first_layer_backprop",
        "first_layer_spread", "last_layer_spread", "dead_fraction", "saturated_fraction",
    ]

    /// One row per run (per seed repeat), every setting and the final metrics.
    static func runsCSV(_ report: PreparedReport) -> String {
        var lines = [runsColumns.joined(separator: ",")]
        for cell in report.cells {
            for run in cell.runs {
                for (index, result) in cell.repeats(of: run).enumerated() {
                    let spec = run.specs[index]
                    let value = { (metric: RunMetric) in metric.value(of: [result]).map(NumberFormat.exact) ?? "" }
                    var divergedEpoch = ""
                    if case .diverged(let epoch, _) = result.outcome { divergedEpoch = "\(epoch)" }
                    let fields = [
                        cell.config.id, run.key, "\(index)", spec.dataset.name, spec.activation, "\(spec.depth)", "\(spec.width)",
                        spec.initializer, spec.optimizer.name, NumberFormat.exact(spec.optimizer.learningRate),
                        spec.optimizer.clipNorm.map(NumberFormat.exact) ?? "", "\(spec.batchSize)",
                        "\(spec.epochs)", spec.loss, spec.residual ? "true" : "false", "\(spec.seed)",
                        divergedEpoch.isEmpty ? "completed" : "diverged", divergedEpoch,
                        value(.initialLoss), value(.finalLoss), value(.finalValidationLoss), value(.finalAccuracy),
                        value(.backpropRatio), value(.gradientRatio), value(.gradientRMSRatio), value(.firstLayerBackprop),
                        value(.firstLayerSpread), value(.lastLayerSpread), value(.deadFraction), value(.saturatedFraction),
                    ]
                    lines.append(fields.map(csvField).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every run's full record (spec, outcome, step-0 and per-epoch snapshots, histograms), grouped by cell and run key.
    static func metricsJSON(_ report: PreparedReport) throws -> Data {
        struct RunRecord: Encodable {
            var cell: String
            var run: String
            var repeatIndex: Int
            var result: RunResult
        }
        let records = report.cells.flatMap { cell in
            cell.runs.flatMap { run in
                cell.repeats(of: run).enumerated().map { RunRecord(cell: cell.config.id, run: run.key, repeatIndex: $0.offset, result: $0.element) }
            }
        }
        return try encoder().encode(records)
    }

    /// The notebook's identity, what built the report (versions, the binary's CPU level) and the
    /// SHA-256 of every other output file.
    static func manifest(_ report: PreparedReport, files: [String: Data], backendVersions: [String: String]) throws -> Data {
        struct Manifest: Encodable {
            var notebook: String
            var notebookSHA256: String
            var seed: UInt64
            var gradscope: String
            var engine: String
            var swift: String
            var backends: [String: String]
            var libraries: [String: String]
            var cpuLevel: String
            var runs: Int
            var files: [String: String]
        }
        let manifest = Manifest(
            notebook: URL(fileURLWithPath: report.notebook.path).lastPathComponent,
            notebookSHA256: Digest.sha256Hex(report.notebookBytes), seed: report.notebook.frontMatter.seed,
            gradscope: GradscopeVersion.current, engine: Engine.version, swift: Toolchain.swift, backends: backendVersions,
            libraries: Libraries.versions, cpuLevel: Engine.cpuLevel,
            runs: report.allResults.count, files: files.mapValues { Digest.sha256Hex($0) }
        )
        var data = try encoder(pretty: true).encode(manifest)
        data.append(0x0A)
        return data
    }

    private static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    /// Quotes a field that holds a comma, quote or line break (RFC 4180).
    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
