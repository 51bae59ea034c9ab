/// A run setting a cell can sweep over. The order of the cases is the order of the parts of a run key.
enum SweepAxis: String, CaseIterable, Comparable {
    case activation, depth, width
    case initializer = "init"
    case optimizer, lr, batch, residual

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
        case .batch: "batch size"
        case .residual: "residual connections"
        }
    }
}

/// One value of one axis: how it reads in a run key, in a legend, and (for numbers) on an x axis.
struct AxisValue: Hashable {
    /// Part of the run key: `sigmoid`, `16`, `w64`, `lr0.05`, `b32`, `residual`/`plain`.
    var key: String
    /// In legends and tables: `sigmoid`, `depth 16`, `width 64`, `lr 0.05`, `batch 32`.
    var legend: String
    /// Position on a numeric axis (depth, width, lr, batch).
    var number: Double?
    var location: SourceLocation

    static func of(_ axis: SweepAxis, text: String, number: Double? = nil, location: SourceLocation) -> AxisValue {
        switch axis {
        case .activation, .initializer, .optimizer: AxisValue(key: text, legend: text, number: nil, location: location)
        case .depth: AxisValue(key: text, legend: "depth \(text)", number: number, location: location)
        case .width: AxisValue(key: "w\(text)", legend: "width \(text)", number: number, location: location)
        case .lr: AxisValue(key: "lr\(text)", legend: "lr \(text)", number: number, location: location)
        case .batch: AxisValue(key: "b\(text)", legend: "batch \(text)", number: number, location: location)
        case .residual: AxisValue(key: text, legend: text, number: nil, location: location)
        }
    }
}
