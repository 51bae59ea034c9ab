import Yams

/// One entry of a cell's `show:` list: an output kind and its options.
///
/// Written as a bare kind (`- loss-curves`) or a mapping (`- {kind: loss-curves, caption: "...", panels: init}`).
struct OutputRequest {
    var kind: OutputKind
    /// Replaces the generated caption.
    var caption: String?
    /// The sweep axis that splits the figure into panels, and the one that makes the series.
    var panels: SweepAxis?
    var series: SweepAxis?
    /// Run keys (as in inline values, e.g. `sigmoid.16`) the output is limited to.
    var runs: [Located<String>]
    /// For `metric-chart`: the metric on the y axis and the sweep axis on the x axis.
    var metric: Located<String>?
    var x: SweepAxis?
    /// For `backprop-by-layer`: draw the activation factor's bound as a dashed line (default true).
    var bound: Bool?
    var location: SourceLocation

    static let optionKeys = ["kind", "caption", "panels", "series", "runs", "metric", "x", "bound"]

    /// What a cell shows when it has no `show:` list.
    static var defaults: [OutputRequest] {
        [.lossCurves, .gradientByLayer, .finalLossTable].map { OutputRequest(kind: $0, runs: [], location: SourceLocation(file: "", line: 0)) }
    }

    static func parse(_ node: Node, in source: YAMLSource) throws -> OutputRequest {
        if node.scalar != nil {
            return OutputRequest(kind: try kind(node, source), runs: [], location: source.location(of: node))
        }
        guard let mapping = node.mapping else {
            throw source.error(at: node, "each 'show' entry is an output kind or a mapping with 'kind', found \(YAMLValue.describe(node))")
        }
        guard let kindNode = mapping["kind"] else {
            throw source.error(at: node, "this 'show' entry has no 'kind' (expected one of: \(OutputKind.names))")
        }
        var request = OutputRequest(kind: try kind(kindNode, source), runs: [], location: source.location(of: node))
        for (key, value) in mapping {
            let name = key.string ?? ""
            switch name {
            case "kind": break
            case "caption": request.caption = try YAMLValue.string(value, in: source, key: "caption")
            case "panels": request.panels = try axis(value, source, key: "panels")
            case "series": request.series = try axis(value, source, key: "series")
            case "x": request.x = try axis(value, source, key: "x")
            case "bound": request.bound = try YAMLValue.bool(value, in: source, key: "bound")
            case "metric": request.metric = Located(value: try YAMLValue.string(value, in: source, key: "metric"), location: source.location(of: value))
            case "runs":
                request.runs = try YAMLValue.list(value, in: source, key: "runs") {
                    Located(value: try YAMLValue.string($0, in: source, key: "runs"), location: source.location(of: $0))
                }
            default:
                throw source.error(
                    at: key,
                    "unknown 'show' option '\(name)'\(Suggestion.hint(for: name, in: optionKeys)) (expected one of: \(optionKeys.joined(separator: ", ")))")
            }
        }
        if request.kind == .metricChart, request.metric == nil {
            throw source.error(at: node, "'metric-chart' needs a 'metric' (one of: \(RunMetric.names))")
        }
        return request
    }

    private static func kind(_ node: Node, _ source: YAMLSource) throws -> OutputKind {
        let name = try YAMLValue.string(node, in: source, key: "kind")
        guard let kind = OutputKind(rawValue: name) else {
            let names = OutputKind.allCases.map(\.rawValue)
            throw source.error(at: node, "unknown output kind '\(name)'\(Suggestion.hint(for: name, in: names)) (expected one of: \(OutputKind.names))")
        }
        return kind
    }

    private static func axis(_ node: Node, _ source: YAMLSource, key: String) throws -> SweepAxis {
        let name = try YAMLValue.string(node, in: source, key: key)
        guard let axis = SweepAxis(rawValue: CellConfig.canonicalKey(name)) else {
            let names = SweepAxis.allCases.map(\.rawValue)
            throw source.error(
                at: node,
                "'\(key)' must name a sweep axis, found '\(name)'\(Suggestion.hint(for: name, in: names)) (expected one of: \(names.joined(separator: ", ")))")
        }
        return axis
    }
}

/// The outputs a cell can show.
enum OutputKind: String, CaseIterable {
    /// Training loss per epoch, a line per run (median and min–max band over seeds).
    case lossCurves = "loss-curves"
    /// Validation loss per epoch.
    case validationCurves = "validation-curves"
    /// Validation accuracy per epoch (classification).
    case accuracyCurves = "accuracy-curves"
    /// RMS of ∂L/∂W_l (‖∂L/∂W_l‖ / √weights) per layer at initialisation, a line per run.
    case gradientByLayer = "gradient-by-layer"
    /// ‖∂L/∂h_l‖ per hidden layer at initialisation (Glorot & Bengio's back-propagated gradients),
    /// with the activation factor's bound ‖∂L/∂h_L‖ (max φ′)^(L−l) dashed.
    case backpropByLayer = "backprop-by-layer"
    /// Activation spread per hidden layer at initialisation: the forward half of the story.
    case activationSpread = "activation-spread"
    /// RMS of ∂L/∂W_l per layer and epoch for chosen runs, on a log colour scale.
    case gradientHeatmap = "gradient-heatmap"
    /// Per-layer histograms of activations and back-propagated gradients, at initialisation and at the end.
    case histograms
    /// The cell's activation functions and their derivatives.
    case activationCurves = "activation-curves"
    /// A final metric against a sweep axis (`metric:` and `x:`).
    case metricChart = "metric-chart"
    /// Final training and validation loss of every run.
    case finalLossTable = "final-loss-table"
    /// Every run with its settings and final metrics.
    case runTable = "run-table"
    /// The activation factor's bound (max φ′)^(L−1) beside the measured backpropRatio, for every depth of the cell.
    case boundTable = "bound-table"

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
