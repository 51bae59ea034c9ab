/// A generic, data-driven text alternative for a chart: what each panel plots and, per series, row
/// or category, the numbers a reader would take from the picture. The report may prepend a
/// domain-specific sentence; this is the fallback that always states the data. Deterministic, and
/// numbers use two significant digits in ASCII (`4e-9`, `0.011`).
public enum AltText {
    public static func describe(_ spec: ChartSpec) -> String {
        var sentences: [String] = []
        if let title = spec.title, !title.isEmpty { sentences.append(sentence(title)) }
        let many = spec.panels.count > 1
        for panel in spec.panels {
            let prefix = many && !panel.title.isEmpty ? "\(panel.title): " : ""
            sentences.append(sentence(prefix + describe(panel)))
        }
        return sentences.joined(separator: " ")
    }

    /// One panel as a sentence without the final full stop.
    static func describe(_ panel: Panel) -> String {
        switch panel.content {
        case .lines(let series): lines(series, panel)
        case .heatmap(let map): heatmap(map, panel)
        case .bars(let chart): bars(chart, panel)
        case .histograms(let rows): histograms(rows, panel)
        }
    }

    private static func axisName(_ axis: AxisSpec, fallback: String) -> String {
        let name = axis.label.isEmpty ? fallback : axis.label
        return axis.scale == .log10 ? "\(name) (log scale)" : name
    }

    private static func n(_ value: Double) -> String { NumberFormat.short(value) }

    /// Data series first, then reference lines, each introduced as "dashed reference" (with the name
    /// of the data series it belongs to, when that series is in the panel) so a reader does not take
    /// it for measured data. A flat reference is given as one value over its x span.
    private static func lines(_ series: [Series], _ panel: Panel) -> String {
        let x = panel.xAxis.label.isEmpty ? "x" : panel.xAxis.label
        var parts = ["\(axisName(panel.yAxis, fallback: "y")) against \(x)"]
        let probe = AxisDomain(scale: panel.yAxis.scale, low: 0, high: 1)
        for s in series.filter({ $0.role == .data }) + series.filter({ $0.role != .data }) {
            let points = zip(s.xs, s.ys).filter { px, py in
                px.isFinite && probe.transform(py) != nil && (s.divergedAt.map { px <= $0 } ?? true)
            }
            var text = s.name
            if case .reference(let of) = s.role {
                text = "dashed reference \(s.name)"
                if let owner = series.first(where: { $0.role == .data && $0.styleKey == of }) { text += " (for \(owner.name))" }
            }
            if let first = points.first, let last = points.last {
                let ys = points.map(\.1)
                let low = ys.min()!, high = ys.max()!
                if s.role != .data && points.count > 1 && low == high {
                    text += " is \(n(low)) from \(x) \(n(first.0)) to \(n(last.0))"
                } else {
                    text += points.count == 1
                        ? " is \(n(first.1)) at \(x) \(n(first.0))"
                        : " goes from \(n(first.1)) at \(x) \(n(first.0)) to \(n(last.1)) at \(x) \(n(last.0))"
                    if points.count > 2 && (low < min(first.1, last.1) || high > max(first.1, last.1)) {
                        text += " (range \(n(low)) to \(n(high)))"
                    }
                }
            } else {
                text += " has no value this scale can show"
            }
            if s.role == .data, let d = s.divergedAt { text += ", diverged at \(x) \(n(d))" }
            let dropped = s.ys.count - points.count - (s.divergedAt.map { d in s.xs.filter { !($0 <= d) }.count } ?? 0)
            if dropped > 0 { text += ", \(dropped) point\(dropped == 1 ? "" : "s") not drawn (NaN, infinite or not positive on a log scale)" }
            parts.append(text)
        }
        return parts.joined(separator: "; ")
    }

    private static func heatmap(_ map: Heatmap, _ panel: Panel) -> String {
        let rows = map.paddedRowLabels, columns = map.paddedColumnLabels
        let rowName = panel.yAxis.label.isEmpty ? "row" : panel.yAxis.label
        let columnName = panel.xAxis.label.isEmpty ? "column" : panel.xAxis.label
        var text = "\(map.colorBarLabel) by \(rowName) (\(rows.count)) and \(columnName) (\(columns.count))"
        var low: (Double, Int, Int)?, high: (Double, Int, Int)?
        var missing = 0
        for r in rows.indices {
            for c in columns.indices {
                let v = map.value(row: r, column: c)
                guard v.isFinite else { missing += 1; continue }
                if low == nil || v < low!.0 { low = (v, r, c) }
                if high == nil || v > high!.0 { high = (v, r, c) }
            }
        }
        if let low, let high {
            text += "; lowest \(n(low.0)) at \(rowName) \(rows[low.1]), \(columnName) \(columns[low.2])"
            text += "; highest \(n(high.0)) at \(rowName) \(rows[high.1]), \(columnName) \(columns[high.2])"
        }
        if missing > 0 { text += "; \(missing) cell\(missing == 1 ? "" : "s") without a value" }
        return text
    }

    private static func bars(_ chart: BarChart, _ panel: Panel) -> String {
        var parts = [axisName(panel.yAxis, fallback: "value") + (panel.xAxis.label.isEmpty ? "" : " by \(panel.xAxis.label)")]
        for (c, category) in chart.categories.enumerated() {
            let values = chart.series.map { s in "\(s.name) \(c < s.values.count ? n(s.values[c]) : "NaN")" }
            parts.append("\(category): " + values.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }

    /// Per row, the span of the drawn non-empty bins (bins the x scale cannot show are left out, as
    /// in the picture), the centre of the fullest bin on the axis scale, and the row's note.
    private static func histograms(_ rows: [HistogramRow], _ panel: Panel) -> String {
        var parts = ["distribution of \(panel.xAxis.label.isEmpty ? "values" : panel.xAxis.label) per \(panel.yAxis.label.isEmpty ? "row" : panel.yAxis.label)"]
        let probe = AxisDomain(scale: panel.xAxis.scale, low: 0, high: 1)
        for row in rows {
            let bins = min(row.counts.count, max(0, row.edges.count - 1))
            let filled = (0..<bins).filter {
                row.counts[$0] > 0 && probe.transform(row.edges[$0]) != nil && probe.transform(row.edges[$0 + 1]) != nil
            }
            let note = row.note.map { " (\($0))" } ?? ""
            guard let first = filled.first, let last = filled.last else {
                parts.append("\(row.label): empty\(note)")
                continue
            }
            let peak = filled.max { row.counts[$0] < row.counts[$1] }!
            let middle = (probe.transform(row.edges[peak])! + probe.transform(row.edges[peak + 1])!) / 2
            let peakAt = panel.xAxis.scale == .log10 ? Log10.exp10(middle) : middle
            parts.append("\(row.label): from \(n(row.edges[first])) to \(n(row.edges[last + 1])), peak near \(n(peakAt))\(note)")
        }
        return parts.joined(separator: "; ")
    }

    private static func sentence(_ text: String) -> String {
        text.hasSuffix(".") ? text : text + "."
    }
}
