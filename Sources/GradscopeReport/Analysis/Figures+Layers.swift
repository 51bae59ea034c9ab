import GradscopeCharts
import GradscopeLab

/// Layer-by-layer pictures of single runs: gradient heatmaps over training and histograms.
extension CellResults {
    /// RMS of ∂L/∂W_l per layer (rows, input side at the bottom) and epoch (columns, 0 =
    /// initialisation), the median over seed repeats, one panel per chosen run.
    func gradientHeatmap(_ request: OutputRequest) throws -> FigureOutput {
        let chosen = try selectedRuns(request, fallback: deepestRuns)
        let panels = chosen.map { run in
            let repeats = repeats(of: run)
            let epochs = repeats.map { $0.epochs.count }.min() ?? 0
            let perRepeat = repeats.map { result in
                ([result.initial] + result.epochs.prefix(epochs)).map { result.weightGradientRMS($0) }
            }
            let layers = perRepeat.first?.first?.count ?? 0
            let values = (0..<layers).map { layer in
                (0...epochs).map { epoch in Statistics.median(perRepeat.map { $0[epoch][layer] }) }
            }
            return Panel(
                title: runTitle(run),
                xAxis: AxisSpec(label: "epoch"),
                yAxis: AxisSpec(label: "layer (1 = input side)"),
                content: .heatmap(
                    Heatmap(
                        columnLabels: (0...epochs).map { "\($0)" },
                        rowLabels: (1...max(layers, 1)).map { "\($0)" },
                        values: values, colorScale: .log10, colorBarLabel: "RMS ∂L/∂W"
                    ))
            )
        }
        let seeds = config.seeds > 1 ? "; medians over \(config.seeds) seeds" : ""
        let caption: RichText =
            "Gradient flow during training: root mean square of ∂L/∂W_{l} (‖∂L/∂W_{l}‖ / √(number of weights), so layers of different shapes compare) per layer (rows, input side at the bottom, the output layer at the top) and epoch (columns; epoch 0 is initialisation, later columns average the epoch's steps), log colour scale\(seeds), for \(chosen.map(runTitle).joined(separator: " and "))."
        let layers = panels.map { if case .heatmap(let map) = $0.content { map.rowLabels.count } else { 0 } }.max() ?? 0
        let columns = min(panels.count, 3)
        let spec = chart(panels, sharesAxes: false, plotHeight: FigureSize.plotHeight(columns: columns, rows: layers, perRow: 16))
        return FigureOutput(
            slug: "", chart: spec, caption: caption,
            alt: AltText.heatmap(self, runs: chosen))
    }

    /// Per-layer histograms at initialisation of activations (linear bins) and of back-propagated
    /// gradient magnitudes |∂L/∂h| (bins equal in log₁₀, one range for all layers), a pair of panels
    /// per chosen run, the input layer at the bottom as in the heatmap. Histograms come from the
    /// first seed repeat.
    func histograms(_ request: OutputRequest) throws -> FigureOutput {
        let chosen = try selectedRuns(request, fallback: deepestRuns)
        var panels: [Panel] = []
        for run in chosen {
            let result = repeats(of: run)[0]
            // Rows are drawn first at the top: the last hidden layer first puts layer 1 at the bottom.
            let layers = result.initialHistograms.enumerated().map { (layer: $0.offset + 1, histograms: $0.element) }.reversed()
            func row(_ layer: Int, _ histogram: Histogram) -> HistogramRow {
                // A log-magnitude histogram cannot bin zeros; a linear one counts them in its bins too.
                let total = histogram.counts.reduce(0, +) + (histogram.scale == .log10Magnitude ? histogram.zeroCount : 0)
                let zeros = histogram.zeroCount > 0 && total > 0 ? "\(NumberFormat.percent(Double(histogram.zeroCount) / Double(total))) exactly 0" : nil
                return HistogramRow(label: "layer \(layer)", edges: histogram.edges, counts: histogram.counts, note: zeros)
            }
            panels.append(
                Panel(
                    title: "\(runTitle(run)): activations h", xAxis: AxisSpec(label: "activation value"),
                    yAxis: AxisSpec(label: "hidden layer (1 = input side, at the bottom)"),
                    content: .histograms(layers.map { row($0.layer, $0.histograms.activations) })))
            panels.append(
                Panel(
                    title: "\(runTitle(run)): gradients |∂L/∂h|", xAxis: AxisSpec(label: "|∂L/∂h| (log scale)", scale: .log10),
                    yAxis: AxisSpec(label: "hidden layer (1 = input side, at the bottom)"),
                    content: .histograms(layers.map { row($0.layer, $0.histograms.gradients) })))
        }
        let layers = chosen.map { repeats(of: $0)[0].initialHistograms.count }.max() ?? 0
        let spec = chart(panels, sharesAxes: false, columns: 2, plotHeight: FigureSize.plotHeight(columns: 2, rows: layers, perRow: 20))
        let seed = config.seeds > 1 ? " (first of \(config.seeds) seeds)" : ""
        let caption = RichText(
            verbatim:
                "Distributions at initialisation, per hidden layer (input side at the bottom), of activations (the “activations h” panels, linear bins) and of back-propagated gradient magnitudes |∂L/∂h| (the “gradients |∂L/∂h|” panels, bins equal on a log scale, one range for all layers, so a layer whose gradients are a thousand times smaller sits three decades further left), after Glorot & Bengio (2010), for \(chosen.map(runTitle).joined(separator: " and "))\(seed)."
        )
        return FigureOutput(slug: "", chart: spec, caption: caption, alt: AltText.histograms(self, runs: chosen))
    }

    /// "sigmoid, depth 16": the run's swept settings, or the cell id for a single run.
    func runTitle(_ run: PlannedRun) -> String {
        plan.sweptAxes.isEmpty ? config.id : run.legend(over: plan.sweptAxes)
    }
}
