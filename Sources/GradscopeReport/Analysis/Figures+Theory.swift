import GradscopeCharts
import GradscopeLab
import GradscopeNN

/// Figures of the activation functions themselves, and of a final metric against a sweep axis.
extension CellResults {
    /// f(x) and f′(x) for the cell's activations on [−5, 5].
    func activationCurves(_ request: OutputRequest) -> FigureOutput {
        let activations = plan.activations
        let xs = stride(from: -5.0, through: 5.0, by: 0.05).map { $0 }
        func panel(_ title: String, _ label: String, _ curve: @escaping (Activation) -> (Double) -> Double) -> Panel {
            Panel(
                title: title, xAxis: AxisSpec(label: "x"), yAxis: AxisSpec(label: label),
                content: .lines(activations.map { Series(name: $0.name, xs: xs, ys: xs.map(curve($0)), showsMarkers: false) }))
        }
        let panels = [
            panel("activation f(x)", "f(x)", Activation.value),
            panel("derivative f′(x)", "f′(x)", Activation.derivative),
        ]
        let maxima = activations.map { "\($0.name) \(NumberFormat.readable($0.maxDerivative))" }
        let caption = RichText(
            verbatim:
                "The activation functions (first panel) and their derivatives (second); the largest derivative bounds how much of the gradient each layer can pass back: \(maxima.joined(separator: ", "))."
        )
        let alt = "Activation functions and derivatives. Maximum derivative: \(maxima.joined(separator: "; "))."
        return FigureOutput(slug: "", chart: chart(panels, sharesAxes: false), caption: caption, alt: alt)
    }

    /// A final metric (y) against a numeric sweep axis (x), one line per value of the other swept axes.
    func metricChart(_ request: OutputRequest) throws -> FigureOutput {
        guard let metricName = request.metric, let metric = RunMetric(rawValue: metricName.value) else {
            let name = request.metric?.value ?? ""
            throw (request.metric?.location ?? request.location).error(
                "unknown metric '\(name)'\(Suggestion.hint(for: name, in: RunMetric.allCases.map(\.rawValue))) (expected one of: \(RunMetric.names))")
        }
        let swept = plan.sweptAxes
        guard let x = request.x ?? swept.first(where: { plan.values(of: $0).allSatisfy { $0.number != nil } }) ?? swept.first else {
            throw request.location.error("'metric-chart' needs the cell to sweep a setting to put on the x axis")
        }
        let others = swept.filter { $0 != x }
        var groups: [(name: String, runs: [PlannedRun])] = []
        for run in runs {
            let name = others.isEmpty ? "\(run.activation), depth \(run.depth)" : run.legend(over: others)
            if let index = groups.firstIndex(where: { $0.name == name }) { groups[index].runs.append(run) } else { groups.append((name, [run])) }
        }
        let logY = !metric.isShare && ![.diverged, .depth].contains(metric)
        let yAxis = AxisSpec(label: metric.label.plain, scale: logY ? .log10 : .linear)
        let numeric = plan.values(of: x).allSatisfy { $0.number != nil }
        let series = groups.map { group in
            Series(
                name: group.name, xs: group.runs.map { $0.values[x]!.number ?? .nan },
                ys: group.runs.map { self.metric(metric, of: $0) ?? .nan })
        }
        let content: PanelContent
        if numeric {
            content = .lines(series)
        } else {
            let categories = plan.values(of: x)
            content = .bars(
                BarChart(
                    categories: categories.map(\.text),
                    series: groups.map { group in
                        let values = categories.map { category in
                            group.runs.first { $0.values[x]!.key == category.key }.flatMap { self.metric(metric, of: $0) } ?? .nan
                        }
                        return BarSeries(
                            name: group.name, values: values,
                            labels: values.map { metric.isShare ? NumberFormat.percent($0) : NumberFormat.readable($0) })
                    }))
        }
        let panel = Panel(title: "", xAxis: AxisSpec(label: x.title, scale: x == .lr ? .log10 : .linear), yAxis: yAxis, content: content)
        let kind = numeric ? "line" : "bar group"
        let caption: RichText =
            "\(metric.label.capitalizedFirst) (\(metric.rawValue)) against \(x.title)\(others.isEmpty ? "" : ", one \(kind) per \(others.map(\.rawValue).joined(separator: " and "))")."
        let seeds = config.seeds > 1 ? " Values are medians over \(config.seeds) seeds." : ""
        return FigureOutput(
            slug: "", chart: chart([panel]), caption: caption + RichText(verbatim: seeds),
            alt: AltText.metricChart(
                metric: metric, x: x,
                lines: groups.map { group in
                    (group.name, group.runs.map { ($0.values[x]!.text, self.metric(metric, of: $0) ?? .nan) })
                }))
    }
}
