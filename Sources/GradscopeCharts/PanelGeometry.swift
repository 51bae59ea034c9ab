/// A panel placed on the figure: its plot rectangle and the axis models that map data into it.
struct PanelGeometry {
    var plot: Rect
    var x: AxisModel
    var y: AxisModel

    /// Largest distance, in points, a point is drawn outside its plot before being pinned; keeps
    /// coordinates of far outliers (fixed ranges, values near 1e300) inside what backends accept.
    static let overshoot = 10_000.0

    /// Screen x of a fraction along the x axis.
    func screenX(_ fraction: Double) -> Double {
        plot.minX + min(max(fraction, -Self.overshoot), Self.overshoot) * plot.width
    }

    /// Screen y of a fraction up the y axis (0 at the bottom).
    func screenY(_ fraction: Double) -> Double {
        plot.maxY - min(max(fraction, -Self.overshoot), Self.overshoot) * plot.height
    }

    /// Screen point of data `(x, y)` on numeric axes, or nil when either scale cannot show it.
    func point(x: Double, y: Double) -> Point? {
        guard case .numeric(let dx) = self.x, case .numeric(let dy) = self.y,
            let fx = dx.fraction(of: x), let fy = dy.fraction(of: y)
        else { return nil }
        return Point(x: screenX(fx), y: screenY(fy))
    }
}
