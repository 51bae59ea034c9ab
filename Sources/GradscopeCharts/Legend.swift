/// The shared legend of a figure: one entry per style key of data lines and per bar series name,
/// in order of first appearance, so a key looks the same in every panel; then one entry per distinct
/// reference line name, in order of first appearance, with a dashed sample in the reference colour
/// (the theme's neutral grey when references of that name have different colours).
struct Legend {
    enum Sample: Hashable {
        case line(showsMarker: Bool)
        case bar, reference
    }

    struct Entry: Hashable {
        var key: String
        var label: String
        var style: SeriesStyle
        var sample: Sample
    }

    private(set) var entries: [Entry] = []
    /// Entries of data lines and bars by key (reference entries are not looked up by key).
    private var indexByKey: [String: Int] = [:]
    private let neutral: Color

    init(_ spec: ChartSpec, style theme: ThemeStyle) {
        neutral = theme.neutral
        var divergedIn: [String: [String]] = [:]
        var panelsWith: [String: [String]] = [:]
        var references: [(name: String, of: String?)] = []
        for panel in spec.panels {
            switch panel.content {
            case .lines(let series):
                for s in series {
                    if case .reference(let of) = s.role {
                        references.append((s.name, of))
                        continue
                    }
                    add(key: s.styleKey, label: s.name, sample: .line(showsMarker: s.showsMarkers), theme: theme)
                    if !(panelsWith[s.styleKey]?.contains(panel.title) ?? false) { panelsWith[s.styleKey, default: []].append(panel.title) }
                    if s.divergedAt != nil, !(divergedIn[s.styleKey]?.contains(panel.title) ?? false) {
                        divergedIn[s.styleKey, default: []].append(panel.title)
                    }
                }
            case .bars(let chart):
                for s in chart.series { add(key: s.name, label: s.name, sample: .bar, theme: theme) }
            case .heatmap, .histograms:
                break
            }
        }
        for i in entries.indices {
            guard let panels = divergedIn[entries[i].key] else { continue }
            let everywhere = panels.count == panelsWith[entries[i].key]?.count || panels.allSatisfy(\.isEmpty)
            entries[i].label += everywhere ? " (diverged)" : " (diverged: \(panels.filter { !$0.isEmpty }.joined(separator: ", ")))"
        }
        var names: [String] = []
        var colorsByName: [String: Set<Color>] = [:]
        for reference in references {
            if colorsByName[reference.name] == nil { names.append(reference.name) }
            colorsByName[reference.name, default: []].insert(referenceColor(of: reference.of))
        }
        for name in names {
            let colors = colorsByName[name]!
            let color = colors.count == 1 ? colors.first! : neutral
            entries.append(
                Entry(
                    key: name, label: name, style: SeriesStyle(color: color, dash: ChartLayout.referenceDash, marker: .circle),
                    sample: .reference))
        }
    }

    private mutating func add(key: String, label: String, sample: Sample, theme: ThemeStyle) {
        guard indexByKey[key] == nil else { return }
        indexByKey[key] = entries.count
        entries.append(Entry(key: key, label: label, style: Palette.style(entries.count, theme: theme), sample: sample))
    }

    /// Position of `key` among the entries (0 for an unknown key).
    func index(of key: String) -> Int { indexByKey[key] ?? 0 }

    func style(for key: String) -> SeriesStyle { entries[index(of: key)].style }

    /// Colour of a reference line drawn for the data series keyed `key`: that series' colour, or the
    /// theme's neutral grey when `key` is nil or names no data series or bar series.
    func referenceColor(of key: String?) -> Color {
        key.flatMap { indexByKey[$0] }.map { entries[$0].style.color } ?? neutral
    }
}

extension ChartLayout {
    static let legendSampleWidth = 30.0
    static let legendSampleGap = 7.0
    static let legendColumnGap = 18.0

    /// Width of one legend entry: sample, gap, label.
    static func legendEntryWidth(_ entry: Legend.Entry, ctx: LayoutContext) -> Double {
        legendSampleWidth + legendSampleGap + ctx.measure(entry.label, ctx.style.legendFont).width
    }

    static func legendRowHeight(ctx: LayoutContext) -> Double {
        ctx.measure("Ag", ctx.style.legendFont).height + 4
    }

    /// Draws one entry with its sample starting at `x` and its row centred on `y`.
    static func drawLegendEntry(_ entry: Legend.Entry, x: Double, y: Double, ctx: inout LayoutContext) {
        let style = entry.style
        switch entry.sample {
        case .line(let showsMarker):
            ctx.stroke(
                .segment(Point(x: x, y: y), Point(x: x + legendSampleWidth, y: y)), style.color, width: lineWidth,
                dash: style.dash)
            if showsMarker {
                let path = style.marker.path(at: Point(x: x + legendSampleWidth / 2, y: y), size: markerSize)
                ctx.fill(path, style.color)
                ctx.stroke(path, ctx.style.background, width: markerOutline)
            }
        case .bar:
            ctx.fill(.rect(Rect(x: x + 7, y: y - 6, width: legendSampleWidth - 14, height: 12)), style.color)
        case .reference:
            ctx.stroke(
                .segment(Point(x: x, y: y), Point(x: x + legendSampleWidth, y: y)), style.color, width: referenceWidth,
                dash: style.dash)
        }
        ctx.text(
            entry.label, ctx.style.legendFont, ctx.style.secondaryText,
            at: Point(x: x + legendSampleWidth + legendSampleGap, y: y), .leading, .capMiddle)
    }

    /// Draws legend lines (from `legendLines`), each centred on `centre`, the first row's top at `top`.
    static func drawLegendLines(_ lines: [[Legend.Entry]], top: Double, centre: Double, ctx: inout LayoutContext) {
        var y = top + legendRowHeight(ctx: ctx) / 2
        for line in lines {
            let total = line.map { legendEntryWidth($0, ctx: ctx) }.reduce(0, +) + Double(line.count - 1) * legendColumnGap
            var x = centre - total / 2
            for entry in line {
                drawLegendEntry(entry, x: x, y: y, ctx: &ctx)
                x += legendEntryWidth(entry, ctx: ctx) + legendColumnGap
            }
            y += legendRowHeight(ctx: ctx)
        }
    }

    /// Splits entries into lines no wider than `width` (a legend below or above the panels).
    static func legendLines(_ entries: [Legend.Entry], width: Double, ctx: LayoutContext) -> [[Legend.Entry]] {
        var lines: [[Legend.Entry]] = []
        var current: [Legend.Entry] = []
        var used = 0.0
        for entry in entries {
            let w = legendEntryWidth(entry, ctx: ctx)
            if !current.isEmpty && used + legendColumnGap + w > width {
                lines.append(current)
                current = []
                used = 0
            }
            used += (current.isEmpty ? 0 : legendColumnGap) + w
            current.append(entry)
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
