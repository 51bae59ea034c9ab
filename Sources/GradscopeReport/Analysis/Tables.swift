import Foundation
import GradscopeLab

/// The tables a cell can show. Numbers read as in prose (`NumberFormat.readable`); the table's CSV
/// holds them exactly (`TableCell`).
extension CellResults {
    /// Each run's initial and final losses and how it ended.
    func finalLossTable() -> TableOutput {
        let axes = plan.sweptAxes
        let classification = runs.contains { metric(.finalAccuracy, of: $0) != nil }
        var columns = axes.isEmpty ? ["run"] : axes.map(\.rawValue)
        columns += ["initial loss", "final training loss", "final validation loss"]
        if classification { columns.append("validation accuracy") }
        columns.append("outcome")
        let rows = runs.map { run -> [TableCell] in
            var row: [TableCell] = axes.isEmpty ? [.text(config.id)] : axes.map { .text(run.values[$0]!.text) }
            row += [RunMetric.initialLoss, .finalLoss, .finalValidationLoss].map { .number(metric($0, of: run)) }
            if classification { row.append(.number(metric(.finalAccuracy, of: run), shown: NumberFormat.percent)) }
            row.append(.text(outcome(run)))
            return row
        }
        let numeric = Set(axes.count..<(columns.count - 1)).union(
            axes.enumerated().filter { plan.values(of: $0.element).allSatisfy { $0.number != nil } }.map(\.offset))
        let epochCounts = Set(runs.map { $0.specs[0].epochs })
        let training = epochCounts.count == 1 ? "\(epochCounts.first!) epochs of training" : "training"
        return TableOutput(
            slug: "", caption: "Losses before and after \(training)\(config.seeds > 1 ? " (medians over \(config.seeds) seeds)" : "").",
            columns: columns, numericColumns: numeric, cells: rows)
    }

    /// Every run with its full settings and the main metrics.
    func runTable() -> TableOutput {
        let columns = [
            "run", "activation", "depth", "width", "init", "optimizer", "lr", "clip", "batch", "epochs", "residual",
            "final loss", "backprop ratio", "dead units", "saturated pairs", "outcome",
        ]
        let rows = runs.map { run -> [TableCell] in
            let spec = run.specs[0]
            return [
                .text(run.key.isEmpty ? config.id : run.key), .text(spec.activation.name), .text("\(spec.depth)"), .text("\(spec.width)"),
                .text(spec.initializer.name),
                .text(spec.optimizer.kind.name), .number(spec.optimizer.learningRate), spec.optimizer.clipNorm.map { .number($0) } ?? .text("none"),
                .text("\(spec.batchSize)"), .text("\(spec.epochs)"), .text(spec.residual ? "yes" : "no"),
                .number(metric(.finalLoss, of: run)), .number(metric(.backpropRatio, of: run)),
                .number(metric(.deadFraction, of: run), shown: NumberFormat.percent), .number(metric(.saturatedFraction, of: run), shown: NumberFormat.percent),
                .text(outcome(run)),
            ]
        }
        let seeds = config.seeds > 1 ? " Measurements are medians over \(config.seeds) seeds." : ""
        return TableOutput(
            slug: "",
            caption:
                "Every run of this cell with its settings and measurements: backprop ratio ‖∂L/∂h₁‖ / ‖∂L/∂h_{L}‖ at initialisation; dead units, the share of hidden units that output 0 on every example of the evaluation batch after training; saturated pairs, the share of (unit, example) pairs whose derivative is below 1% of its maximum after training.\(seeds)",
            columns: columns, numericColumns: [2, 3, 6, 7, 8, 9, 11, 12, 13, 14], cells: rows)
    }

    /// For every depth of the cell, per activation: the activation factor's bound (max φ′)^(L−1)
    /// beside the measured backpropRatio ‖∂L/∂h₁‖ / ‖∂L/∂h_L‖ (median over seeds).
    func boundTable() -> TableOutput {
        let activations = plan.activations
        let depths = Set(runs.map(\.depth)).sorted()
        var columns = ["hidden layers L"]
        for activation in activations { columns += ["\(activation.name): \(RunMetric.activationBound.label.plain)", "\(activation.name): measured ratio"] }
        let rows = depths.map { layers -> [TableCell] in
            var row: [TableCell] = [.text("\(layers)")]
            for activation in activations {
                let bound = Foundation.pow(activation.maxDerivative, Double(layers - 1))
                let measured = runs.first { $0.activation == activation && $0.depth == layers }.flatMap { metric(.backpropRatio, of: $0) }
                row += [.number(bound), .number(measured, missing: "–")]
            }
            return row
        }
        let seeds = config.seeds > 1 ? " (medians over \(config.seeds) seeds)" : ""
        return TableOutput(
            slug: "",
            caption:
                "From the last hidden layer to the first, back-propagation crosses L−1 activation derivatives, so their factor is at most (max φ′)^{L−1}. Beside it, the measured ratio ‖∂L/∂h₁‖ / ‖∂L/∂h_{L}‖ at initialisation\(seeds); the weight matrices scale the gradient too, so the measured ratio can sit on either side of the bound.",
            columns: columns, numericColumns: Set(0..<columns.count), cells: rows)
    }

    /// "completed" or "diverged at epoch 3, step 181" (the first repeat that diverged).
    func outcome(_ run: PlannedRun) -> String {
        for result in repeats(of: run) {
            if case .diverged(let epoch, let step) = result.outcome { return "diverged at epoch \(epoch), step \(step)" }
        }
        return "completed"
    }
}
