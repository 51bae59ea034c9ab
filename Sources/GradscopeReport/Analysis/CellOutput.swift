import GradscopeCharts

/// What a cell shows after it: figures and tables in the order of its `show:` list, then its claims.
struct CellOutput {
    var items: [OutputItem]
    var claims: [ClaimResult]
}

enum OutputItem {
    case figure(FigureOutput)
    case table(TableOutput)
}

struct FigureOutput {
    /// File name stem under `figures/`: `<cell id>-<kind>`.
    var slug: String
    var chart: ChartSpec
    var caption: RichText
    /// States what the data shows, for screen readers and as the Markdown image text.
    var alt: String
}

struct TableOutput {
    var slug: String
    var caption: RichText
    var columns: [String]
    /// Columns holding numbers are right-aligned.
    var numericColumns: Set<Int>
    /// Each cell as the page shows it ("4.1 × 10⁻⁹", "12.5%", "n/a").
    var rows: [[String]]
    /// Each cell as the table's CSV file holds it (`TableCell.csv`).
    var csvRows: [[String]]

    init(slug: String, caption: RichText, columns: [String], numericColumns: Set<Int>, cells: [[TableCell]]) {
        self.slug = slug
        self.caption = caption
        self.columns = columns
        self.numericColumns = numericColumns
        rows = cells.map { $0.map(\.text) }
        csvRows = cells.map { $0.map(\.csv) }
    }
}

/// A table cell as read and as data: a number is shown rounded and kept exactly (shortest
/// round-trip form, a fraction where the page shows a percentage), a missing one is empty in the data.
struct TableCell {
    var text: String
    var csv: String

    static func text(_ text: String) -> TableCell {
        TableCell(text: text, csv: text)
    }

    /// `value` shown by `shown`; nil shows `missing`.
    static func number(_ value: Double?, shown: (Double) -> String = { NumberFormat.readable($0) }, missing: String = "n/a") -> TableCell {
        guard let value else { return TableCell(text: missing, csv: "") }
        return TableCell(text: shown(value), csv: NumberFormat.exact(value))
    }
}

extension CellResults {
    /// Builds every requested output and checks every claim.
    func outputs() throws -> CellOutput {
        var items: [OutputItem] = []
        var slugs: [String: Int] = [:]
        for request in config.outputs {
            var item = try output(for: request)
            let base = "\(config.id)-\(request.kind.rawValue)"
            slugs[base, default: 0] += 1
            let slug = slugs[base]! == 1 ? base : "\(base)-\(slugs[base]!)"
            switch item {
            case .figure(var figure):
                figure.slug = slug
                figure.caption = request.caption.map(RichText.init(verbatim:)) ?? figure.caption
                item = .figure(figure)
            case .table(var table):
                table.slug = slug
                table.caption = request.caption.map(RichText.init(verbatim:)) ?? table.caption
                item = .table(table)
            }
            items.append(item)
        }
        let claims = try config.claims.map { try ClaimEvaluator.evaluate($0, in: self) }
        return CellOutput(items: items, claims: claims)
    }

    private func output(for request: OutputRequest) throws -> OutputItem {
        switch request.kind {
        case .lossCurves: .figure(try epochCurves(request, measure: .trainLoss))
        case .validationCurves: .figure(try epochCurves(request, measure: .validationLoss))
        case .accuracyCurves: .figure(try epochCurves(request, measure: .accuracy))
        case .gradientByLayer: .figure(try layerProfile(request, measure: .weightGradientRMS))
        case .backpropByLayer: .figure(try layerProfile(request, measure: .backpropGradient))
        case .activationSpread: .figure(try layerProfile(request, measure: .activationSpread))
        case .gradientHeatmap: .figure(try gradientHeatmap(request))
        case .histograms: .figure(try histograms(request))
        case .activationCurves: .figure(activationCurves(request))
        case .metricChart: .figure(try metricChart(request))
        case .finalLossTable: .table(finalLossTable())
        case .runTable: .table(runTable())
        case .boundTable: .table(boundTable())
        }
    }

    /// The runs a request names in `runs:`, or `fallback` when it names none.
    func selectedRuns(_ request: OutputRequest, fallback: () -> [PlannedRun]) throws -> [PlannedRun] {
        guard !request.runs.isEmpty else { return fallback() }
        return try request.runs.map { name in
            guard let run = plan.run(named: name.value) else {
                throw name.location.error("cell '\(config.id)' has no run '\(name.value)': \(runListHint)")
            }
            return run
        }
    }

    /// The deepest run for each value of the first swept axis other than depth (the others at their first value).
    func deepestRuns() -> [PlannedRun] {
        let maxDepth = runs.map(\.depth).max() ?? 1
        let deepest = runs.filter { $0.depth == maxDepth }
        let axis = plan.sweptAxes.first { $0 != .depth }
        guard let axis else { return Array(deepest.prefix(1)) }
        var chosen: [PlannedRun] = []
        for run in deepest where !chosen.contains(where: { $0.values[axis]!.key == run.values[axis]!.key }) {
            chosen.append(run)
        }
        return chosen
    }
}

extension CellResults {
    /// How many panels `request` draws, known from the plan alone.
    func panelCount(_ request: OutputRequest) throws -> Int {
        switch request.kind {
        case .lossCurves, .validationCurves, .accuracyCurves, .gradientByLayer, .backpropByLayer, .activationSpread:
            guard request.runs.allSatisfy({ plan.run(named: $0.value) != nil }) else { return 0 }
            return Facets(self, request: request, runs: try selectedRuns(request) { runs }).panels.count
        case .gradientHeatmap:
            return request.runs.isEmpty ? deepestRuns().count : request.runs.count
        case .histograms:
            return 2 * (request.runs.isEmpty ? deepestRuns().count : request.runs.count)
        case .activationCurves: return 2
        case .metricChart: return 1
        case .finalLossTable, .runTable, .boundTable: return 0
        }
    }
}
