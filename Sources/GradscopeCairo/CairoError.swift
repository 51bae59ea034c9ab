import CCairo

/// A failure reported by Cairo while drawing or encoding a figure.
public enum CairoError: Error, Hashable, CustomStringConvertible {
    /// Cairo's status message, for example "out of memory" or "error while writing to output stream".
    case cairo(String)
    /// The figure has no pixels (zero, negative or non-finite size).
    case invalidSize(width: Double, height: Double)

    init(_ status: cairo_status_t) {
        self = .cairo(String(cString: cairo_status_to_string(status)))
    }

    public var description: String {
        switch self {
        case .cairo(let message): "cairo: \(message)"
        case .invalidSize(let width, let height): "cannot draw a figure of \(width) × \(height) points"
        }
    }
}
