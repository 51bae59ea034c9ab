import GradscopeCharts
import GradscopeLab

/// Alt text that states what a figure's data shows, in a sentence or two per panel.
enum AltText {
    static func epochCurves(_ cell: CellResults, facets: Facets, measure: CellResults.EpochMeasure) -> String {
        let sentences = facets.panels.map { panel -> String in
            let finals = panel.runs.map { run -> (String, Double) in
                let metric: RunMetric = switch measure {
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

    static func layerProfile(_ cell: CellResults, facets: Facets, measure: CellResults.LayerMeasure) -> String {
        let sentences = facets.panels.compactMap { panel -> String? in
            guard let deepest = panel.runs.max(by: { $0.depth < $1.depth }), let result = cell.repeats(of: deepest).first else { return nil }
            let norms = measure.values(result.initial)
            guard let first = norms.first, let last = norms.last, last != 0 else { return nil }
            let name = panel.title.isEmpty ? cell.runTitle(deepest) : "\(panel.title) at depth \(deepest.depth)"
            return "\(name): the first layer gets \(NumberFormat.readable(first / last)) of the gradient of the \(measure == .weightGradient ? "output" : "last hidden") layer."
        }
        return "Gradient norm per layer at initialisation, log scale. " + sentences.joined(separator: " ")
    }

    static func heatmap(_ cell: CellResults, runs: [PlannedRun]) -> String {
        let sentences = runs.compactMap { run -> String? in
            guard let result = cell.repeats(of: run).first else { return nil }
            let initial = result.initial.weightGradientNorm, final = (result.epochs.last ?? result.initial).weightGradientNorm
            guard let first = initial.first, let last = initial.last, let firstEnd = final.first, let lastEnd = final.last else { return nil }
            return "\(cell.runTitle(run)): first-layer gradient \(NumberFormat.readable(first)) against \(NumberFormat.readable(last)) at the output at initialisation, \(NumberFormat.readable(firstEnd)) against \(NumberFormat.readable(lastEnd)) after the last epoch."
        }
        return "Heatmap of gradient norm per layer and epoch. " + sentences.joined(separator: " ")
    }

    static func histograms(_ cell: CellResults, runs: [PlannedRun]) -> String {
        let sentences = runs.compactMap { run -> String? in
            guard let result = cell.repeats(of: run).first, let first = result.initialHistograms.first, let last = result.initialHistograms.last else { return nil }
            return "\(cell.runTitle(run)): gradients in layer 1 spread over \(spread(first.gradients)), in the last hidden layer over \(spread(last.gradients))."
        }
        return "Per-layer histograms of activations and back-propagated gradients at initialisation. " + sentences.joined(separator: " ")
    }

    /// "deadFraction against learning rate. relu, depth 8: 0.001: 5.5%, ..." from each line's (x, value) pairs.
    static func metricChart(metric: RunMetric, x: SweepAxis, lines: [(name: String, points: [(x: String, value: Double)])]) -> String {
        let sentences = lines.map { line in
            "\(line.name): " + line.points.map { "\($0.x) → \(NumberFormat.readable($0.value))" }.joined(separator: ", ") + "."
        }
        return "\(metric.label.capitalizedFirst) against \(x.title). " + sentences.joined(separator: " ")
    }

    /// The range of a histogram's occupied bins: "−0.002 to 0.003".
    private static func spread(_ histogram: Histogram) -> String {
        let occupied = histogram.counts.indices.filter { histogram.counts[$0] > 0 }
        guard let low = occupied.first, let high = occupied.last, histogram.edges.count > high + 1 else { return "no values" }
        return "\(NumberFormat.readable(histogram.edges[low])) to \(NumberFormat.readable(histogram.edges[high + 1]))"
    }
}
