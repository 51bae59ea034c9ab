/// A run setting a cell can sweep over. The order of the cases is the order of the parts of a run key.
enum SweepAxis: String, CaseIterable, Comparable {
    case activation, depth, width
    case initializer = "init"
    case optimizer, lr, clip, batch, epochs, residual

    static func < (a: SweepAxis, b: SweepAxis) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The axis title on a chart.
    var title: String {
        switch self {
        case .activation: "activation"
        case .depth: "depth (hidden layers)"
        case .width: "width (units per layer)"
        case .initializer: "initialisation"
        case .optimizer: "optimiser"
        case .lr: "learning rate"
        case .clip: "gradient clipping (largest norm)"
        case .batch: "batch size"
        case .epochs: "epochs"
        case .residual: "residual connections"
        }
    }
}

/// One value of one axis: how it reads in a run key, in a legend, in a table, and (for numbers) on an x axis.
struct AxisValue: Hashable {
    /// The value as written: `sigmoid`, `16`, `0.05`, `residual`, `none`.
    var text: String
    /// Part of the run key: `sigmoid`, `16`, `w64`, `lr0.05`, `clip1`/`noclip`, `b32`, `e100`, `residual`/`plain`.
    var key: String
    /// In legends and tables: `sigmoid`, `depth 16`, `width 64`, `lr 0.05`, `clip 1`, `batch 32`, `100 epochs`.
    var legend: String
    /// Position on a numeric axis (depth, width, lr, clip, batch, epochs).
    var number: Double?
    var location: SourceLocation

    static func of(_ axis: SweepAxis, text: String, number: Double? = nil, location: SourceLocation) -> AxisValue {
        let (key, legend): (String, String) =
            switch axis {
            case .activation, .initializer, .optimizer, .residual: (text, text)
            case .depth: (text, "depth \(text)")
            case .width: ("w\(text)", "width \(text)")
            case .lr: ("lr\(text)", "lr \(text)")
            case .clip: number == nil ? ("noclip", "no clipping") : ("clip\(text)", "clip \(text)")
            case .batch: ("b\(text)", "batch \(text)")
            case .epochs: ("e\(text)", "\(text) epochs")
            }
        return AxisValue(text: text, key: key, legend: legend, number: number, location: location)
    }
}
