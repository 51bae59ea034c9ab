import ArgumentParser
import Foundation
import GradscopeLab
import GradscopeNN
import GradscopeReport

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train one network from flags, or one run of a notebook, and print what it measured.",
        discussion: """
            With --from NOTEBOOK --run CELL.RUN [--seed-index I], trains exactly the run a report shows         (same seed and settings, so the same bits); the flags that describe a run are then ignored.         With --export-tensors DIR, also writes the initial parameters, the first mini-batch and the         first step's gradients as NumPy .npy files (see README).
            """
    )

    @Option(help: "electricity, spirals or csv.") var dataset = "electricity"
    @Option(help: "Examples to generate (electricity, spirals; default 4096).") var samples: Int?
    @Option(help: "Spirals: classes (arms), 2 to 100 (default 2).") var classes: Int?
    @Option(help: "CSV dataset: the file.") var csv: String?
    @Option(help: "CSV dataset: the target column.") var target: String?
    @Option(parsing: .upToNextOption, help: "CSV dataset: feature columns (default: every other column).") var features: [String] = []
    @Option(help: "Hidden activation (sigmoid, tanh, relu, leaky_relu(0.2), elu, gelu, selu, softplus, silu, identity).") var activation = "relu"
    @Option(help: "Hidden layers (≥ 1).") var depth = 4
    @Option(help: "Units per hidden layer.") var width = 64
    @Option(help: "Initialiser (auto, xavier_uniform, he_normal, orthogonal, normal(0.01), ...).") var `init` = "auto"
    @Option(help: "sgd, momentum, nesterov or adam.") var optimizer = "sgd"
    @Option(help: "Learning rate.") var lr = 0.05
    @Option(help: "Momentum coefficient (momentum, nesterov; default 0.9).") var momentum: Double?
    @Option(help: "Clip the gradient to this L2 norm.") var clip: Double?
    @Option(help: "Mini-batch size.") var batch = 64
    @Option(help: "Passes over the training set.") var epochs = 20
    @Option(help: "The run's seed (used as is, not derived), also the dataset's: their random streams are labelled apart.") var seed: UInt64 = 0
    @Flag(help: "Add each hidden layer's input to its output (after the first).") var residual = false
    @Option(help: "mse or cross_entropy.") var loss = "mse"
    @Flag(help: "Print the full result as JSON.") var json = false
    @Option(name: .customLong("export-tensors"), help: "Write the first step's tensors as .npy files into this folder.") var exportDirectory: String?
    @Option(help: ArgumentHelp("Train a run of this notebook instead of one given by flags.", valueName: "notebook")) var from: String?
    @Option(
        name: .customLong("run"),
        help: ArgumentHelp("With --from: the run, as CELL.RUN (e.g. depth-sweep.sigmoid.16) or CELL for a single run.", valueName: "cell.run")) var runName:
        String?
    @Flag(name: .customLong("allow-outside"), help: "With --from: let CSV datasets lie outside the notebook's folder.") var allowOutside = false
    @Option(name: .customLong("seed-index"), help: ArgumentHelp("With --from: which seed repeat of the run, from 0.", valueName: "i")) var seedIndex = 0

    /// The run the flags describe. Names are parsed here, and every problem names its flag.
    func flagSpec() throws -> RunSpec {
        do throws(SpecProblem) {
            let spec = RunSpec(
                dataset: DatasetSpec(
                    try Catalog.dataset(named: dataset, samples: samples, classes: classes, csvPath: csv, csvTarget: target, features: features), seed: seed),
                activation: try Catalog.activation(named: activation), depth: depth, width: width,
                initializer: try Catalog.initializer(named: `init`),
                optimizer: OptimizerSpec(try Catalog.optimizer(named: optimizer, momentum: momentum), learningRate: lr, clipNorm: clip),
                loss: try Catalog.loss(named: loss), batchSize: batch, epochs: epochs, residual: residual, seed: seed
            )
            if let problem = Catalog.validate(spec).first { throw problem }
            return spec
        } catch {
            throw ValidationError("\(Self.flag(of: error.field)): \(error.message)")
        }
    }

    /// The flag that sets a field of the spec. Exhaustive, so a new `SpecField` needs a flag here.
    static func flag(of field: SpecField) -> String {
        switch field {
        case .dataset: "--dataset"
        case .datasetSamples: "--samples"
        case .datasetValidationFraction: "--dataset (its validation fraction)"
        case .datasetClasses: "--classes"
        case .datasetCSVPath: "--csv"
        case .datasetCSVTarget: "--target"
        case .activation: "--activation"
        case .depth: "--depth"
        case .width: "--width"
        case .initializer: "--init"
        case .optimizer: "--optimizer"
        case .learningRate: "--lr"
        case .momentum: "--momentum"
        case .beta1, .beta2, .epsilon: "--optimizer (its Adam settings)"
        case .clipNorm: "--clip"
        case .loss: "--loss"
        case .batchSize: "--batch"
        case .epochs: "--epochs"
        case .histogramBins: "histogram bins (no flag)"
        }
    }

    func validate() throws {
        guard from == nil else {
            guard runName != nil else { throw ValidationError("--from needs --run CELL.RUN (the run to train)") }
            guard seedIndex >= 0 else { throw ValidationError("--seed-index must be 0 or more, got \(seedIndex)") }
            return
        }
        guard runName == nil, seedIndex == 0 else { throw ValidationError("--run and --seed-index go with --from NOTEBOOK") }
        _ = try flagSpec()
    }

    func run() throws {
        let spec = try from.map { try NotebookRun.spec(notebookAt: $0, run: runName ?? "", seedIndex: seedIndex, allowOutside: allowOutside) } ?? flagSpec()
        if let exportDirectory {
            let summary: ExportSummary
            do {
                summary = try exportTensors(spec, to: exportDirectory)
            } catch let error as InvalidSpec {
                throw error
            } catch let error as DatasetError {
                throw error
            } catch {
                throw NotebookError(
                    file: exportDirectory, "cannot write the tensors: \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
            }
            if !json { print(LogLine.safe("wrote \(summary.files.count) files to \(exportDirectory) (first-step loss \(summary.lossValue))")) }
        }
        let result = try train(spec)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            print(LogJSON.safe(String(decoding: try encoder.encode(result), as: UTF8.self)))
        } else {
            print(TrainingSummary.text(result))
        }
    }
}

/// A human-readable account of one run.
enum TrainingSummary {
    static func text(_ result: RunResult) -> String {
        let spec = result.spec
        var lines = [
            "\(spec.activation.name), depth \(spec.depth), width \(spec.width), init \(spec.initializer.name), \(spec.optimizer.kind.name) lr \(spec.optimizer.learningRate), batch \(spec.batchSize), \(spec.epochs) epochs, seed \(spec.seed)\(spec.residual ? ", residual" : "")"
        ]
        lines.append("epoch    train loss    validation loss\(result.initial.validationAccuracy == nil ? "" : "    accuracy")")
        for (epoch, snapshot) in ([result.initial] + result.epochs).enumerated() {
            var line = "\(pad("\(epoch)", 5))  \(pad(short(snapshot.trainLoss), 12))  \(pad(short(snapshot.validationLoss), 17))"
            if let accuracy = snapshot.validationAccuracy { line += "    \(pad(short(accuracy), 8))" }
            lines.append(line)
        }
        if case .diverged(let epoch, let step) = result.outcome { lines.append("diverged at epoch \(epoch), step \(step)") }
        lines.append("‖∂L/∂W‖ per layer at initialisation (input side first): " + result.initial.weightGradientNorm.map(short).joined(separator: "  "))
        if let first = result.initial.weightGradientNorm.first, let last = result.initial.weightGradientNorm.last {
            lines.append("first-to-output gradient ratio: \(short(first / last))")
        }
        return lines.joined(separator: "\n")
    }

    private static func short(_ value: Double) -> String {
        value.isFinite ? String(format: "%.4g", value) : "\(value)"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
