import Foundation
import GradscopeLab

/// The machine-readable files beside the report: every run's settings and results, and the manifest
/// (the full records: `MetricsFile`; the tables: `TableCSV`).
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
                        cell.config.id, run.key, "\(index)", spec.dataset.kind.name, spec.activation.name, "\(spec.depth)", "\(spec.width)",
                        spec.initializer.name, spec.optimizer.kind.name, NumberFormat.exact(spec.optimizer.learningRate),
                        spec.optimizer.clipNorm.map(NumberFormat.exact) ?? "", "\(spec.batchSize)",
                        "\(spec.epochs)", spec.loss.rawValue, spec.residual ? "true" : "false", "\(spec.seed)",
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

    /// The notebook's identity, what built the report (versions, the binary's CPU level), the
    /// SHA-256 of every other output file, and what the site index shows of the report
    /// (`SiteManifest`): title, description, claim counts, the first figure.
    static func manifest(
        _ report: PreparedReport, files: [String: Data], backendVersions: [String: String],
        firstFigure: FigureFiles? = nil
    ) throws -> Data {
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
            var title: String
            var description: String?
            var claims: ClaimCounts
            var firstFigure: FigureFiles?
        }
        let manifest = Manifest(
            notebook: URL(fileURLWithPath: report.notebook.path).lastPathComponent,
            notebookSHA256: Digest.sha256Hex(report.notebookBytes), seed: report.notebook.frontMatter.seed,
            gradscope: GradscopeVersion.current, engine: Engine.version, swift: Toolchain.swift, backends: backendVersions,
            libraries: Libraries.versions, cpuLevel: Engine.cpuLevel,
            runs: report.allResults.count, files: files.mapValues { Digest.sha256Hex($0) },
            title: report.notebook.frontMatter.title, description: report.notebook.frontMatter.description,
            claims: ClaimCounts(passed: report.claims.filter(\.passed).count, failed: report.claims.filter { !$0.passed }.count),
            firstFigure: firstFigure
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
