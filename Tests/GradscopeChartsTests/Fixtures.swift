@testable import GradscopeCharts

/// Sample specs shaped like the report's figures, built without Foundation.
enum Fixtures {
    static let measurer = MonospaceEstimateMeasurer()
    static let activations = ["sigmoid", "tanh", "relu"]
    static let depths = [1, 2, 4, 8, 16]

    static func power(_ base: Double, _ n: Int) -> Double {
        (0..<n).reduce(1.0) { acc, _ in acc * base }
    }

    /// Gradient norm per layer at initialisation: 0.5 × factor^(depth − layer), per activation.
    static func gradientFigure(theme: Theme = .light) -> ChartSpec {
        let panels = activations.map { activation -> Panel in
            let factor = activation == "sigmoid" ? 0.22 : activation == "tanh" ? 0.6 : 0.95
            let series = depths.map { depth in
                Series(
                    name: "depth \(depth)", xs: (1...depth).map(Double.init),
                    ys: (1...depth).map { 0.5 * power(factor, depth - $0) })
            }
            return Panel(
                title: activation, xAxis: AxisSpec(label: "layer"),
                yAxis: AxisSpec(label: "gradient norm", scale: .log10), content: .lines(series))
        }
        return ChartSpec(title: "Gradient norm per layer", panels: panels, theme: theme)
    }

    /// Fifteen loss curves over 30 epochs spanning 1e-3…1.
    static func lossFigure() -> ChartSpec {
        let panels = activations.enumerated().map { a, activation -> Panel in
            let series = depths.map { depth in
                Series(
                    name: "depth \(depth)", xs: (1...30).map(Double.init),
                    ys: (1...30).map { epoch in 0.001 * Double(depth) + power(0.8 + 0.01 * Double(a), epoch) })
            }
            return Panel(
                title: activation, xAxis: AxisSpec(label: "epoch"),
                yAxis: AxisSpec(label: "training loss", scale: .log10), content: .lines(series))
        }
        return ChartSpec(title: "Training loss", panels: panels)
    }

    static func single(_ series: [Series], yScale: AxisScale = .log10, xRange: ClosedRange<Double>? = nil) -> ChartSpec {
        ChartSpec(
            panels: [
                Panel(
                    title: "panel", xAxis: AxisSpec(label: "epoch", range: xRange),
                    yAxis: AxisSpec(label: "loss", scale: yScale), content: .lines(series))
            ],
            width: 750, height: 450)
    }

    static func layout(_ spec: ChartSpec) -> DisplayList {
        ChartLayout.layout(spec, measurer: measurer)
    }

    /// True for the exponent of a tick label (10⁻³'s "−3"): tick-font text at the superscript scale.
    static func isExponent(_ item: TextItem) -> Bool {
        abs(item.font.size - ThemeStyle(.light).tickFont.size * LayoutContext.superscriptScale) < 1e-9
    }
}

extension DisplayList {
    /// Pairs of text items whose boxes overlap.
    var overlappingTexts: [(TextItem, TextItem)] {
        let items = texts
        var pairs: [(TextItem, TextItem)] = []
        for i in items.indices {
            for j in items.indices where j > i && items[i].bounds.intersects(items[j].bounds) {
                pairs.append((items[i], items[j]))
            }
        }
        return pairs
    }

    /// Every point of every path (circles by their centres).
    var allPoints: [Point] {
        commands.flatMap { command -> [Point] in
            let path: Path
            switch command {
            case .stroke(let p, _): path = p
            case .fill(let p, _): path = p
            default: return []
            }
            return path.elements.compactMap {
                switch $0 {
                case .move(let p), .line(let p): p
                case .circle(let c, _): c
                case .close: nil
                }
            }
        }
    }

    /// Strokes drawn with `color`.
    func strokes(color: Color) -> [Path] {
        commands.compactMap { if case .stroke(let path, let style) = $0, style.color == color { path } else { nil } }
    }

    /// The text item showing exactly `string`.
    func text(_ string: String) -> TextItem? {
        texts.first { $0.string == string }
    }
}
