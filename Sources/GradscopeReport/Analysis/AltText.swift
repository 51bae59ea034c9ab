import GradscopeCharts
import GradscopeLab

/// Alt text that states what a figure's data shows, in a sentence or two per panel.
enum AltText {
    static func epochCurves(_ cell: CellResults, facets: Facets, measure: CellResults.EpochMeasure) -> String {
        let sentences = facets.panels.map { panel -> String in
            let finals = panel.runs.map { run -> (String, Double) in
                let metric: RunMetric =
                    switch measure {
                    case .trainLoss: .finalLoss
                    case .validationLoss: .finalValidationLoss
                    case .accuracy: .finalAccuracy
                    }
                return (facets.seriesName(run, cell: cell), cell.metric(metric, of: run) ?? .nan)
            }
            let listed = finals.map { "\($0.0) \(NumberFormat.readable($0.1))" }.joined(separator: ", ")
            let prefix = panel.title.isEmpty ? "" : "\(panel.title): "
            return "\(prefix)final \(measure.title) \(listed)."
        }
        return "\(measure.title.capitalizedFirst) per epoch. " + sentences.joined(separator: " ")
    }

    /// Per panel, each run's first-to-last ratio: the same median metric tables and prose quote.
    static func layerProfile(_ cell: CellResults, facets: Facets, measure: CellResults.LayerMeasure) -> String {
        let (metric, what): (RunMetric, String) =
            switch measure {
            case .weightGradientRMS: (.gradientRMSRatio, "RMS gradient of the first layer over that of the output layer")
            case .backpropGradient: (.backpropRatio, "gradient norm at the first hidden layer over that at the last")
            case .activationSpread: (.spreadRatio, "activation spread of the last hidden layer over that of the first")
            }
        let sentences = facets.panels.map { panel -> String in
            let prefix = panel.title.isEmpty ? "" : "\(panel.title): "
            let listed = panel.runs.map { "\(facets.seriesName($0, cell: cell)) \(NumberFormat.readable(cell.metric(metric, of: $0) ?? .nan))" }
            return "\(prefix)\(listed.joined(separator: ", "))."
        }
        return
            "\(measure.title.capitalizedFirst) per layer, log scale. Ratio of the \(what)\(cell.config.seeds > 1 ? " (medians over \(cell.config.seeds) seeds)" : ""): "
            + sentences.joined(separator: " ")
    }

    static func heatmap(_ cell: CellResults, runs: [PlannedRun]) -> String {
        let sentences = runs.compactMap { run -> String? in
            let repeats = cell.repeats(of: run)
            let initial = Band(repeats.map { $0.weightGradientRMS($0.initial) }).median
            let final = Band(repeats.map { $0.weightGradientRMS($0.epochs.last ?? $0.initial) }).median
            guard let first = initial.first, let last = initial.last, let firstEnd = final.first, let lastEnd = final.last else { return nil }
            return
                "\(cell.runTitle(run)): first-layer RMS gradient \(NumberFormat.readable(first)) against \(NumberFormat.readable(last)) at the output layer at initialisation, \(NumberFormat.readable(firstEnd)) against \(NumberFormat.readable(lastEnd)) after the last epoch."
        }
        let seeds = cell.config.seeds > 1 ? " (medians over \(cell.config.seeds) seeds)" : ""
        return "Heatmap of the RMS weight gradient per layer and epoch\(seeds). " + sentences.joined(separator: " ")
    }

    static func histograms(_ cell: CellResults, runs: [PlannedRun]) -> String {
        let sentences = runs.compactMap { run -> String? in
            guard let result = cell.repeats(of: run).first, let first = result.initialHistograms.first, let last = result.initialHistograms.last else {
                return nil
            }
            let depth = result.initialHistograms.count
            return
                "\(cell.runTitle(run)): back-propagated gradients |∂L/∂h| in layer 1 mostly \(bulk(first.gradients)), in layer \(depth) mostly \(bulk(last.gradients)); activations in layer 1 mostly \(bulk(first.activations)), in layer \(depth) mostly \(bulk(last.activations))."
        }
        let seed = cell.config.seeds > 1 ? " (first of \(cell.config.seeds) seeds)" : ""
        return "Per-layer histograms of activations and of back-propagated gradient magnitudes (log scale) at initialisation\(seed). "
            + sentences.joined(separator: " ")
    }

    /// "deadFraction against learning rate. relu, depth 8: 0.001: 5.5%, ..." from each line's (x, value) pairs.
    static func metricChart(metric: RunMetric, x: SweepAxis, lines: [(name: String, points: [(x: String, value: Double)])]) -> String {
        let sentences = lines.map { line in
            "\(line.name): " + line.points.map { "\($0.x) → \(NumberFormat.readable($0.value))" }.joined(separator: ", ") + "."
        }
        return "\(metric.label.capitalizedFirst.plain) against \(x.title). " + sentences.joined(separator: " ")
    }

    /// The range holding the middle 90% of a histogram's binned values, from bin edges: "1e-31 to 1e-29".
    static func bulk(_ histogram: Histogram) -> String {
        let total = histogram.counts.reduce(0, +)
        guard total > 0, histogram.edges.count == histogram.counts.count + 1 else {
            return histogram.zeroCount > 0 ? "exactly 0" : "no values"
        }
        var seen = 0
        var low: Int?
        var high = 0
        for (bin, count) in histogram.counts.enumerated() where count > 0 {
            if low == nil, Double(seen + count) > 0.05 * Double(total) { low = bin }
            seen += count
            high = bin
            if Double(seen) >= 0.95 * Double(total) { break }
        }
        let from = histogram.edges[low ?? 0]
        let to = histogram.edges[high + 1]
        return "\(NumberFormat.readable(from)) to \(NumberFormat.readable(to))"
    }
}
