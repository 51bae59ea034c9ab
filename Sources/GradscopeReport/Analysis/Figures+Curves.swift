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
        case weightGradient, backpropGradient

        var title: String {
            switch self {
            case .weightGradient: "‖∂L/∂W‖ at initialisation"
            case .backpropGradient: "‖∂L/∂h‖ at initialisation"
            }
        }

        func values(_ snapshot: Snapshot) -> [Double] {
            switch self {
            case .weightGradient: snapshot.weightGradientNorm
            case .backpropGradient: snapshot.backpropGradientNorm
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
                content: .lines(panel.runs.map { run in
                    let repeats = repeats(of: run)
                    let length = repeats.map { $0.epochs.count + 1 }.min() ?? 0
                    let perRepeat = repeats.map { result in [measure.value(result.initial)] + result.epochs.map(measure.value) }
                    let band = Band(perRepeat.map { Array($0.prefix(length)) })
                    return Series(
                        name: facets.seriesName(run, cell: self), xs: (0..<length).map(Double.init), ys: band.median,
                        lower: band.lower, upper: band.upper, divergedAt: divergenceEpoch(repeats).map(Double.init),
                        showsMarkers: length <= 61
                    )
                })
            )
        }
        let caption = "\(measure.title.capitalizedFirst) per epoch (epoch 0 is before training)\(facets.description.isEmpty ? "" : "; \(facets.description)")\(bandNote)."
        return FigureOutput(slug: "", chart: chart(panels), caption: caption, alt: AltText.epochCurves(self, facets: facets, measure: measure))
    }

    func layerProfile(_ request: OutputRequest, measure: LayerMeasure) throws -> FigureOutput {
        let facets = Facets(self, request: request, runs: try selectedRuns(request) { runs })
        let panels = facets.panels.map { panel in
            Panel(
                title: panel.title,
                xAxis: AxisSpec(label: measure == .weightGradient ? "layer (1 = input side, last = output layer)" : "hidden layer (1 = input side)"),
                yAxis: AxisSpec(label: measure.title, scale: .log10),
                content: .lines(panel.runs.map { run in
                    let band = Band(repeats(of: run).map { measure.values($0.initial) })
                    return Series(name: facets.seriesName(run, cell: self), xs: band.median.indices.map { Double($0 + 1) },
                                  ys: band.median, lower: band.lower, upper: band.upper)
                })
            )
        }
        let what = measure == .weightGradient ? "Weight-gradient norm ‖∂L/∂W_l‖ per layer" : "Back-propagated gradient norm ‖∂L/∂h_l‖ per hidden layer"
        let caption = "\(what) at initialisation (log scale)\(facets.description.isEmpty ? "" : "; \(facets.description)")\(bandNote)."
        return FigureOutput(slug: "", chart: chart(panels), caption: caption, alt: AltText.layerProfile(self, facets: facets, measure: measure))
    }

    /// A figure of panels side by side (three per row at most), sized for a readable page.
    func chart(_ panels: [Panel], sharesAxes: Bool = true, height: Double = 330) -> ChartSpec {
        let columns = min(panels.count, 3)
        let rows = (panels.count + columns - 1) / max(columns, 1)
        let width = columns == 1 ? 620.0 : Double(columns) * 300 + 120
        return ChartSpec(panels: panels, columns: columns, sharesAxes: sharesAxes, width: width, height: height * Double(max(rows, 1)))
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
