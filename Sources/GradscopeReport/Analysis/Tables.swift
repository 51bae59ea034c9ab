import Foundation
import GradscopeLab

/// The tables a cell can show. Numbers read as in prose (`NumberFormat.readable`).
extension CellResults {
    /// Each run's initial and final losses and how it ended.
    func finalLossTable() -> TableOutput {
        let axes = plan.sweptAxes
        let classification = runs.contains { metric(.finalAccuracy, of: $0) != nil }
        var columns = axes.isEmpty ? ["run"] : axes.map(\.rawValue)
        columns += ["initial loss", "final training loss", "final validation loss"]
        if classification { columns.append("validation accuracy") }
        columns.append("outcome")
        let rows = runs.map { run -> [String] in
            var row = axes.isEmpty ? [config.id] : axes.map { run.values[$0]!.text }
            row += [RunMetric.initialLoss, .finalLoss, .finalValidationLoss].map { NumberFormat.readable(metric($0, of: run) ?? .nan) }
            if classification { row.append(NumberFormat.percent(metric(.finalAccuracy, of: run) ?? .nan)) }
            row.append(outcome(run))
            return row
        }
        let numeric = Set(axes.count..<(columns.count - 1)).union(axes.enumerated().filter { plan.values(of: $0.element).allSatisfy { $0.number != nil } }.map(\.offset))
        let epochCounts = Set(runs.map { $0.specs[0].epochs })
        let training = epochCounts.count == 1 ? "\(epochCounts.first!) epochs of training" : "training"
        return TableOutput(slug: "", caption: "Losses before and after \(training)\(config.seeds > 1 ? " (medians over \(config.seeds) seeds)" : "").",
                           columns: columns, numericColumns: numeric, rows: rows)
    }

    /// Every run with its full settings and the main metrics.
    func runTable() -> TableOutput {
        let columns = ["run", "activation", "depth", "width", "init", "optimizer", "lr", "clip", "batch", "epochs", "residual",
                       "final loss", "backprop ratio", "dead units", "saturated pairs", "outcome"]
        let rows = runs.map { run -> [String] in
            let spec = run.specs[0]
            return [
                run.key.isEmpty ? config.id : run.key, spec.activation, "\(spec.depth)", "\(spec.width)", spec.initializer,
                spec.optimizer.name, NumberFormat.readable(spec.optimizer.learningRate), spec.optimizer.clipNorm.map { NumberFormat.readable($0) } ?? "none",
                "\(spec.batchSize)", "\(spec.epochs)", spec.residual ? "yes" : "no",
                NumberFormat.readable(metric(.finalLoss, of: run) ?? .nan), NumberFormat.readable(metric(.backpropRatio, of: run) ?? .nan),
                NumberFormat.percent(metric(.deadFraction, of: run) ?? .nan), NumberFormat.percent(metric(.saturatedFraction, of: run) ?? .nan),
                outcome(run),
            ]
        }
        let seeds = config.seeds > 1 ? " Measurements are medians over \(config.seeds) seeds." : ""
        return TableOutput(slug: "", caption: "Every run of this cell with its settings and measurements: backprop ratio ‖∂L/∂h₁‖ / ‖∂L/∂h_{L}‖ at initialisation; dead units, the share of hidden units that output 0 on every example of the evaluation batch after training; saturated pairs, the share of (unit, example) pairs whose derivative is below 1% of its maximum after training.\(seeds)",
                           columns: columns, numericColumns: [2, 3, 6, 7, 8, 9, 11, 12, 13, 14], rows: rows)
    }

    /// For every depth of the cell, per activation: the activation factor's bound (max φ′)^(L−1)
    /// beside the measured backpropRatio ‖∂L/∂h₁‖ / ‖∂L/∂h_L‖ (median over seeds).
    func boundTable() -> TableOutput {
        let activations = plan.values(of: .activation).map(\.key)
        let depths = Set(runs.map(\.depth)).sorted()
        var columns = ["hidden layers L"]
        for name in activations { columns += ["\(name): \(RunMetric.activationBound.label.plain)", "\(name): measured ratio"] }
        let rows = depths.map { layers -> [String] in
            var row = ["\(layers)"]
            for name in activations {
                let bound = ActivationCurves.maxDerivative(name).map { Foundation.pow($0, Double(layers - 1)) }
                let measured = runs.first { $0.activation == name && $0.depth == layers }.flatMap { metric(.backpropRatio, of: $0) }
                row += [bound.map { NumberFormat.readable($0) } ?? "n/a", measured.map { NumberFormat.readable($0) } ?? "–"]
            }
            return row
        }
        let seeds = config.seeds > 1 ? " (medians over \(config.seeds) seeds)" : ""
        return TableOutput(slug: "", caption: "From the last hidden layer to the first, back-propagation crosses L−1 activation derivatives, so their factor is at most (max φ′)^{L−1}. Beside it, the measured ratio ‖∂L/∂h₁‖ / ‖∂L/∂h_{L}‖ at initialisation\(seeds); the weight matrices scale the gradient too, so the measured ratio can sit on either side of the bound.",
                           columns: columns, numericColumns: Set(0..<columns.count), rows: rows)
    }

    /// "completed" or "diverged at epoch 3, step 181" (the first repeat that diverged).
    func outcome(_ run: PlannedRun) -> String {
        for result in repeats(of: run) {
            if case let .diverged(epoch, step) = result.outcome { return "diverged at epoch \(epoch), step \(step)" }
        }
        return "completed"
    }
}
