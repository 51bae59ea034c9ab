import GradscopeCharts
import GradscopeLab

/// Layer-by-layer pictures of single runs: gradient heatmaps over training and histograms.
extension CellResults {
    /// ‖∂L/∂W_l‖ per layer (rows) and epoch (columns, 0 = initialisation), one panel per chosen run.
    func gradientHeatmap(_ request: OutputRequest) throws -> FigureOutput {
        let chosen = try selectedRuns(request, fallback: deepestRuns)
        let panels = chosen.map { run in
            let result = repeats(of: run)[0]
            let snapshots = [result.initial] + result.epochs
            let layers = result.initial.weightGradientNorm.count
            let values = (0..<layers).map { layer in snapshots.map { $0.weightGradientNorm[layer] } }
            return Panel(
                title: runTitle(run),
                xAxis: AxisSpec(label: "epoch"),
                yAxis: AxisSpec(label: "layer (1 = input side)"),
                content: .heatmap(Heatmap(
                    columnLabels: snapshots.indices.map { "\($0)" },
                    rowLabels: (1...layers).map { "\($0)" },
                    values: values, colorScale: .log10, colorBarLabel: "‖∂L/∂W‖"
                ))
            )
        }
        let caption = "Gradient flow during training: ‖∂L/∂W_l‖ per layer (rows, input side at the bottom) and epoch (columns), log colour scale, for \(chosen.map(runTitle).joined(separator: " and "))."
        return FigureOutput(slug: "", chart: chart(panels, sharesAxes: false, height: 360), caption: caption,
                            alt: AltText.heatmap(self, runs: chosen))
    }

    /// Per-layer histograms of activations and back-propagated gradients at initialisation, a pair of panels per chosen run.
    func histograms(_ request: OutputRequest) throws -> FigureOutput {
        let chosen = try selectedRuns(request, fallback: deepestRuns)
        var panels: [Panel] = []
        for run in chosen {
            let result = repeats(of: run)[0]
            let rows = result.initialHistograms.enumerated().map { ($0.offset + 1, $0.element) }
            panels.append(Panel(title: "\(runTitle(run)): activations", xAxis: AxisSpec(label: "activation value"),
                                yAxis: AxisSpec(label: "layer"),
                                content: .histograms(rows.map { HistogramRow(label: "layer \($0.0)", edges: $0.1.activations.edges, counts: $0.1.activations.counts) })))
            panels.append(Panel(title: "\(runTitle(run)): gradients ∂L/∂h", xAxis: AxisSpec(label: "back-propagated gradient"),
                                yAxis: AxisSpec(label: "layer"),
                                content: .histograms(rows.map { HistogramRow(label: "layer \($0.0)", edges: $0.1.gradients.edges, counts: $0.1.gradients.counts) })))
        }
        var spec = chart(panels, sharesAxes: false, height: 380)
        spec.columns = 2
        spec.width = 860
        spec.height = 380 * Double(max(chosen.count, 1))
        let caption = "Distributions at initialisation, per hidden layer (input side at the top), of activations (left) and back-propagated gradients (right), after Glorot & Bengio (2010), for \(chosen.map(runTitle).joined(separator: " and "))."
        return FigureOutput(slug: "", chart: spec, caption: caption, alt: AltText.histograms(self, runs: chosen))
    }

    /// "sigmoid, depth 16": the run's swept settings, or the cell id for a single run.
    func runTitle(_ run: PlannedRun) -> String {
        plan.sweptAxes.isEmpty ? config.id : run.legend(over: plan.sweptAxes)
    }
}
