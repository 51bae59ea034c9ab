import Foundation
import GradscopeCharts
import GradscopeLab

/// Per-epoch and per-layer line charts, one line per run, median over seed repeats with a min–max band.
extension CellResults {
    enum EpochMeasure {
        case trainLoss, validationLoss, accuracy

        var title: String {
            switch self {
            case .trainLoss: "training loss"
            case .validationLoss: "validation loss"
            case .accuracy: "validation accuracy"
            }
        }

        func value(_ snapshot: Snapshot) -> Double {
            switch self {
            case .trainLoss: snapshot.trainLoss
            case .validationLoss: snapshot.validationLoss
            case .accuracy: snapshot.validationAccuracy ?? .nan
            }
        }
    }

    enum LayerMeasure {
        case weightGradientRMS, backpropGradient, activationSpread

        var title: String {
            switch self {
            case .weightGradientRMS: "RMS of ∂L/∂W at initialisation"
            case .backpropGradient: "‖∂L/∂h‖ at initialisation"
            case .activationSpread: "activation spread at initialisation"
            }
        }

        /// One value per layer, input side first.
        func values(_ result: RunResult) -> [Double] {
            switch self {
            case .weightGradientRMS: result.weightGradientRMS(result.initial)
            case .backpropGradient: result.initial.backpropGradientNorm
            case .activationSpread: result.initial.activationSpread
            }
        }
    }

    func epochCurves(_ request: OutputRequest, measure: EpochMeasure) throws -> FigureOutput {
        let facets = Facets(self, request: request, runs: try selectedRuns(request) { runs })
        let panels = facets.panels.map { panel in
            Panel(
                title: panel.title,
                xAxis: AxisSpec(label: "epoch"),
                yAxis: AxisSpec(label: measure.title, scale: measure == .accuracy ? .linear : .log10),
                content: .lines(
                    panel.runs.map { run in
                        let repeats = repeats(of: run)
                        let length = repeats.map { $0.epochs.count + 1 }.min() ?? 0
                        let perRepeat = repeats.map { result in [measure.value(result.initial)] + result.epochs.map(measure.value) }
                        let band = Band(perRepeat.map { Array($0.prefix(length)) })
                        return Series(
                            name: facets.seriesName(run, cell: self), xs: (0..<length).map(Double.init), ys: band.median,
                            lower: band.lower, upper: band.upper, divergedAt: divergenceEpoch(repeats).map(Double.init),
                            showsMarkers: length <= 61
                        )
                    } + (measure == .accuracy ? chanceLine(panel.runs) : []))
            )
        }
        let chance =
            measure == .accuracy
            ? chanceLevel(facets.panels.flatMap(\.runs)).map {
                "; the dashed line is chance, \(NumberFormat.percent($0)) (one class in \(Int((1 / $0).rounded())), guessed uniformly)"
            } ?? "" : ""
        let caption = RichText(
            verbatim:
                "\(measure.title.capitalizedFirst) per epoch (epoch 0 is before training)\(facets.description.isEmpty ? "" : "; \(facets.description)")\(bandNote)\(chance)."
        )
        return FigureOutput(slug: "", chart: chart(panels), caption: caption, alt: AltText.epochCurves(self, facets: facets, measure: measure))
    }

    func layerProfile(_ request: OutputRequest, measure: LayerMeasure) throws -> FigureOutput {
        let facets = Facets(self, request: request, runs: try selectedRuns(request) { runs })
        let showsBound = measure == .backpropGradient && request.bound != false
        let panels = facets.panels.map { panel in
            Panel(
                title: panel.title,
                xAxis: AxisSpec(label: measure == .weightGradientRMS ? "layer (1 = input side, last = output layer)" : "hidden layer (1 = input side)"),
                yAxis: AxisSpec(label: measure.title, scale: .log10),
                content: .lines(
                    panel.runs.flatMap { run -> [Series] in
                        let band = Band(repeats(of: run).map(measure.values))
                        let name = facets.seriesName(run, cell: self)
                        let line = Series(
                            name: name, xs: band.median.indices.map { Double($0 + 1) },
                            ys: band.median, lower: band.lower, upper: band.upper)
                        guard showsBound, let reference = boundLine(run, measured: band.median, seriesName: name) else { return [line] }
                        return [line, reference]
                    })
            )
        }
        let what: RichText =
            switch measure {
            case .weightGradientRMS: "Root mean square of the weight gradient, ‖∂L/∂W_{l}‖ / √(number of weights in W_{l}), per layer"
            case .backpropGradient: "Back-propagated gradient norm ‖∂L/∂h_{l}‖ per hidden layer"
            case .activationSpread:
                "Activation spread per hidden layer (each unit's standard deviation across the evaluation batch, averaged over the layer's units)"
            }
        let bound: RichText = showsBound ? "; dashed: the activation factor's bound, ‖∂L/∂h_{L}‖ × (max φ′)^{L−l}, from the last hidden layer down" : ""
        let caption: RichText = "\(what) at initialisation (log scale)\(facets.description.isEmpty ? "" : "; \(facets.description)")\(bandNote)\(bound)."
        return FigureOutput(slug: "", chart: chart(panels), caption: caption, alt: AltText.layerProfile(self, facets: facets, measure: measure))
    }

    /// The dashed reference ‖∂L/∂h_L‖ × (max φ′)^(L−l) for l = 1 … L, anchored at the run's median
    /// last-layer value: what the activation derivatives alone would leave of the gradient.
    func boundLine(_ run: PlannedRun, measured: [Double], seriesName: String) -> Series? {
        guard let top = measured.last, !run.specs[0].residual else { return nil }
        let maximum = run.activation.maxDerivative
        let layers = measured.count
        return Series(
            name: "bound \(RichText("(max φ′)^{L−l}").plain)", styleKey: "bound \(seriesName)", xs: (1...layers).map(Double.init),
            ys: (1...layers).map { top * Foundation.pow(maximum, Double(layers - $0)) }, showsMarkers: false,
            role: .reference(of: seriesName))
    }

    /// 1 / number of classes for a classification cell's runs (nil for regression or mixed counts).
    func chanceLevel(_ runs: [PlannedRun]) -> Double? {
        let classes = Set(runs.compactMap { repeats(of: $0).first?.layerSizes.last })
        guard config.loss.value == .crossEntropy, classes.count == 1, let k = classes.first, k > 1 else { return nil }
        return 1 / Double(k)
    }

    /// The chance level as a dashed neutral line over the epochs the runs span.
    func chanceLine(_ runs: [PlannedRun]) -> [Series] {
        guard let chance = chanceLevel(runs) else { return [] }
        let epochs = Double(runs.map { $0.specs[0].epochs }.max() ?? 0)
        return [Series(name: "chance", xs: [0, max(epochs, 1)], ys: [chance, chance], showsMarkers: false, role: .reference(of: nil))]
    }

    /// A figure of panels side by side (`columns` per row, at most three by default), laid out for
    /// the page's column (`FigureSize`); plots are `plotHeight` tall, by default by the column count.
    func chart(_ panels: [Panel], sharesAxes: Bool = true, columns: Int? = nil, plotHeight: Double? = nil) -> ChartSpec {
        let columns = max(1, columns ?? min(panels.count, 3))
        return ChartSpec(
            panels: panels, columns: columns, sharesAxes: sharesAxes,
            width: columns == 1 ? FigureSize.singlePanel : FigureSize.column,
            plotHeight: plotHeight ?? FigureSize.plotHeight(columns: columns))
    }

    /// " Shaded: min–max over N seeds." when the cell repeats its runs.
    var bandNote: String { config.seeds > 1 ? "; lines are medians over \(config.seeds) seeds, shaded bands their min–max" : "" }

    /// The earliest epoch at which any repeat diverged.
    func divergenceEpoch(_ repeats: [RunResult]) -> Int? {
        repeats.compactMap { result -> Int? in
            if case .diverged(let epoch, _) = result.outcome { return epoch }
            return nil
        }.min()
    }
}

/// Median and min–max, element by element, over several equally long sequences.
struct Band {
    var median: [Double]
    var lower: [Double]?
    var upper: [Double]?

    init(_ sequences: [[Double]]) {
        let length = sequences.map(\.count).min() ?? 0
        let columns = (0..<length).map { index in sequences.map { $0[index] } }
        median = columns.map(Statistics.median)
        if sequences.count > 1 {
            lower = columns.map { $0.min() ?? .nan }
            upper = columns.map { $0.max() ?? .nan }
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
