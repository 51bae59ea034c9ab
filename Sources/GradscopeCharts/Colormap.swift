/// Viridis (van der Walt & Smith, matplotlib's default): perceptually uniform, readable in greyscale
/// and by colour-blind readers. Eleven stops at t = 0, 0.1, …, 1, interpolated linearly between.
public enum Colormap {
    static let viridisStops: [UInt32] = [
        0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C,
        0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725,
    ]

    /// The viridis colour at `t`, clamped to 0…1 (NaN maps to 0).
    public static func viridis(_ t: Double) -> Color {
        let clamped = t.isNaN ? 0 : min(1, max(0, t))
        let scaled = clamped * Double(viridisStops.count - 1)
        let index = min(Int(scaled), viridisStops.count - 2)
        return Color(hex: viridisStops[index]).mixed(with: Color(hex: viridisStops[index + 1]), scaled - Double(index))
    }
}
