/// How a cell's runs split into panels and series for a chart.
///
/// Series default to depth when depth is swept (else the last swept axis); panels take every other
/// swept axis. A request's `panels:` and `series:` override either.
struct Facets {
    struct PanelRuns {
        var title: String
        var runs: [PlannedRun]
    }

    var panels: [PanelRuns]
    var seriesAxes: [SweepAxis]
    var panelAxes: [SweepAxis]

    init(_ cell: CellResults, request: OutputRequest, runs: [PlannedRun]? = nil) {
        let swept = cell.plan.sweptAxes
        let defaultSeries = swept.contains(.depth) ? SweepAxis.depth : swept.last
        let panelAxes: [SweepAxis]
        switch (request.panels, request.series) {
        case (let panels?, let series?): (panelAxes, seriesAxes) = ([panels], [series] + swept.filter { $0 != panels && $0 != series })
        case (let panels?, nil): (panelAxes, seriesAxes) = ([panels], swept.filter { $0 != panels })
        case (nil, let series?): (panelAxes, seriesAxes) = (swept.filter { $0 != series }, [series])
        case (nil, nil): (panelAxes, seriesAxes) = (swept.filter { $0 != defaultSeries }, defaultSeries.map { [$0] } ?? [])
        }
        self.panelAxes = panelAxes
        var panels: [PanelRuns] = []
        for run in runs ?? cell.runs {
            let title = panelAxes.map { run.values[$0]!.legend }.joined(separator: ", ")
            if let index = panels.firstIndex(where: { $0.title == title }) {
                panels[index].runs.append(run)
            } else {
                panels.append(PanelRuns(title: title, runs: [run]))
            }
        }
        self.panels = panels
    }

    /// Legend text of a run: its series axes' values (the cell id when nothing is swept).
    func seriesName(_ run: PlannedRun, cell: CellResults) -> String {
        seriesAxes.isEmpty ? cell.config.id : run.legend(over: seriesAxes)
    }

    /// "one panel per activation, one line per depth"
    var description: String {
        var parts: [String] = []
        if !panelAxes.isEmpty, panels.count > 1 { parts.append("one panel per \(panelAxes.map(\.rawValue).joined(separator: " and "))") }
        if !seriesAxes.isEmpty { parts.append("one line per \(seriesAxes.map(\.rawValue).joined(separator: " and "))") }
        return parts.joined(separator: ", ")
    }
}
