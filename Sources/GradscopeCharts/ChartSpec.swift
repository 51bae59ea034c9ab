/// What a figure shows, with no notion of pixels: the report layer builds these, the layout turns
/// them into a `DisplayList`, a backend (Cairo) replays that. Equal specs give equal output bytes.
public struct ChartSpec: Hashable, Sendable {
    /// Optional title above all panels.
    public var title: String?
    /// Panels laid out side by side (wrapping after `columns`), sharing one legend.
    public var panels: [Panel]
    /// Panels per row; nil: all in one row.
    public var columns: Int?
    /// Panels share the y range (and x range) so they can be compared by eye.
    public var sharesAxes: Bool
    /// Size of the whole figure in CSS pixels: the width the page displays it at, so that font
    /// sizes are what a reader sees (PNG renders 2 device pixels per CSS pixel, SVG 1 pt each).
    public var width: Double
    /// Ignored when `plotHeight` is set.
    public var height: Double
    /// When set, the figure is as tall as its rows of plots at this height need, with the title,
    /// panel titles, axes and a legend below or above the panels: legends and fonts take room of
    /// their own instead of squeezing the plots. The laid-out height, rounded up to a whole pixel,
    /// is the display list's.
    public var plotHeight: Double?
    /// Where the shared legend goes.
    public var legendPlacement: LegendPlacement
    public var theme: Theme

    public init(
        title: String? = nil, panels: [Panel], columns: Int? = nil, sharesAxes: Bool = true,
        width: Double = 900, height: Double = 360, plotHeight: Double? = nil,
        legendPlacement: LegendPlacement = .automatic, theme: Theme = .light
    ) {
        self.title = title
        self.panels = panels
        self.columns = columns
        self.sharesAxes = sharesAxes
        self.width = width
        self.height = height
        self.plotHeight = plotHeight
        self.legendPlacement = legendPlacement
        self.theme = theme
    }

    /// The same figure for a narrow screen: every panel in one column, `width` wide, the legend
    /// above the panels (where a reader scrolling down meets it first). Plots keep `plotHeight`;
    /// without one, the height grows with the number of rows.
    public func stacked(width: Double) -> ChartSpec {
        var narrow = self
        let rowsBefore = (panels.count + max(1, columns ?? panels.count) - 1) / max(1, columns ?? panels.count)
        narrow.columns = 1
        narrow.width = width
        narrow.legendPlacement = .above
        if plotHeight == nil && rowsBefore > 0 { narrow.height = height / Double(rowsBefore) * Double(panels.count) }
        return narrow
    }
}

/// Where a figure's shared legend goes.
public enum LegendPlacement: Hashable, Sendable {
    /// On the right of the panels, or below them when it would take more than 30 % of the width.
    case automatic
    /// Above the panels, in centred lines.
    case above
}

public enum Theme: String, Hashable, Sendable, CaseIterable {
    case light, dark
}

public struct Panel: Hashable, Sendable {
    public var title: String
    public var xAxis: AxisSpec
    public var yAxis: AxisSpec
    public var content: PanelContent

    public init(title: String, xAxis: AxisSpec, yAxis: AxisSpec, content: PanelContent) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.content = content
    }
}

public struct AxisSpec: Hashable, Sendable {
    public var label: String
    public var scale: AxisScale
    /// Fixed range; nil: fitted to the data (over all panels when axes are shared).
    public var range: ClosedRange<Double>?

    public init(label: String, scale: AxisScale = .linear, range: ClosedRange<Double>? = nil) {
        self.label = label
        self.scale = scale
        self.range = range
    }
}

public enum AxisScale: Hashable, Sendable {
    case linear
    /// Base-10 logarithmic; ticks at powers of ten labelled 10ⁿ.
    case log10
}

public enum PanelContent: Hashable, Sendable {
    /// Lines (optionally with markers and a min–max band) over a shared x axis.
    case lines([Series])
    /// A grid of values (rows bottom to top, columns left to right) with a colour bar.
    case heatmap(Heatmap)
    /// Grouped bars: one group per category, one bar per series.
    case bars(BarChart)
    /// Histograms stacked vertically, one row per layer (as in Glorot & Bengio 2010), in the order
    /// given with the first row at the top.
    case histograms([HistogramRow])
}

/// One line. `styleKey` picks colour, dash and marker, so the same key looks the same in every panel
/// and appears once in the shared legend.
public struct Series: Hashable, Sendable {
    public var name: String
    public var styleKey: String
    public var xs: [Double]
    public var ys: [Double]
    /// Optional band drawn behind the line (for example min and max over seeds), same length as `xs`.
    public var lower: [Double]?
    public var upper: [Double]?
    /// Where the run diverged (x value); the line stops there and is marked.
    public var divergedAt: Double?
    public var showsMarkers: Bool
    /// Measured data, or a reference drawn for comparison (see `SeriesRole`).
    public var role: SeriesRole

    public init(
        name: String, styleKey: String? = nil, xs: [Double], ys: [Double], lower: [Double]? = nil,
        upper: [Double]? = nil, divergedAt: Double? = nil, showsMarkers: Bool = true, role: SeriesRole = .data
    ) {
        self.name = name
        self.styleKey = styleKey ?? name
        self.xs = xs
        self.ys = ys
        self.lower = lower
        self.upper = upper
        self.divergedAt = divergedAt
        self.showsMarkers = showsMarkers
        self.role = role
    }
}

/// What a line stands for.
public enum SeriesRole: Hashable, Sendable {
    /// Measured data: styled by its `styleKey`, with markers, band and a legend entry of its own.
    case data
    /// A reference to compare data against (a theoretical bound, a chance level): a thinner dashed
    /// line with no markers and no band, drawn behind the data. Its colour is that of the data series
    /// whose `styleKey` is `of`, or the theme's neutral grey when `of` is nil or names no data series.
    /// Its own `styleKey`, `showsMarkers`, `lower` and `upper` are ignored; `divergedAt` still ends
    /// the line but draws no cross. The legend lists each distinct reference `name` once, after the
    /// data entries, with a dashed sample. Reference values take part in axis fitting like data.
    case reference(of: String?)
}

public struct Heatmap: Hashable, Sendable {
    public var columnLabels: [String]
    public var rowLabels: [String]
    /// values[row][column]; NaN cells are drawn as missing.
    public var values: [[Double]]
    public var colorScale: AxisScale
    public var colorBarLabel: String

    public init(
        columnLabels: [String], rowLabels: [String], values: [[Double]], colorScale: AxisScale = .log10,
        colorBarLabel: String
    ) {
        self.columnLabels = columnLabels
        self.rowLabels = rowLabels
        self.values = values
        self.colorScale = colorScale
        self.colorBarLabel = colorBarLabel
    }
}

public struct BarChart: Hashable, Sendable {
    public var categories: [String]
    /// One entry per series: its name (legend) and one value per category.
    public var series: [BarSeries]

    public init(categories: [String], series: [BarSeries]) {
        self.categories = categories
        self.series = series
    }
}

public struct BarSeries: Hashable, Sendable {
    public var name: String
    public var values: [Double]
    /// Optional text per category (for example "12%"), drawn centred just above its bar (zero bars
    /// included), or just below it for a negative value; skipped for bars the axis cannot show and
    /// where it is wider than the distance between neighbouring bar centres.
    public var labels: [String]?

    public init(name: String, values: [Double], labels: [String]? = nil) {
        self.name = name
        self.values = values
        self.labels = labels
    }
}

/// One histogram of a `.histograms` panel. Rows are drawn in the order given, the first row at the
/// TOP and the last at the bottom: to show the input layer at the bottom, pass the last layer first.
public struct HistogramRow: Hashable, Sendable {
    public var label: String
    /// Bin edges, ascending, one more than `counts`; on a log x axis, positive magnitudes (bins with
    /// an edge ≤ 0 are not drawn: say what they hold in `note`).
    public var edges: [Double]
    public var counts: [Int]
    /// Optional short text (for example "12% exactly 0") drawn small, right-aligned at the right end
    /// of the row inside the plot, level with the row's label, in the secondary text colour.
    public var note: String?

    public init(label: String, edges: [Double], counts: [Int], note: String? = nil) {
        self.label = label
        self.edges = edges
        self.counts = counts
        self.note = note
    }
}

/// Renders a chart to files. The report layer is handed one (Cairo in the CLI, a recording one in tests).
public protocol FigureRenderer: Sendable {
    /// The chart laid out and encoded once per requested format, with its laid-out size.
    func render(_ chart: ChartSpec, formats: [FigureFormat]) throws -> RenderedFigure
}

/// A drawn figure: its files by format, and its size in CSS pixels (the spec's width, and the
/// height the layout gave it), for the page's `width` and `height` attributes.
public struct RenderedFigure: Hashable, Sendable {
    public var files: [FigureFormat: [UInt8]]
    public var width: Double
    public var height: Double

    public init(files: [FigureFormat: [UInt8]], width: Double, height: Double) {
        self.files = files
        self.width = width
        self.height = height
    }
}

public enum FigureFormat: String, Hashable, Sendable, CaseIterable, Comparable {
    case png, svg
    public static func < (a: FigureFormat, b: FigureFormat) -> Bool { a.rawValue < b.rawValue }
}
