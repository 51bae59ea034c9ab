import Foundation
import GradscopeCharts
import Testing

@testable import GradscopeCairo

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Rendering through Cairo")
struct CairoRendererTests {
    static let renderer = CairoFigureRenderer()

    static func gradientFigure(theme: Theme = .light) -> ChartSpec {
        let panels = ["sigmoid", "tanh", "relu"].map { activation -> Panel in
            let factor = activation == "sigmoid" ? 0.22 : activation == "tanh" ? 0.6 : 0.95
            let series = [1, 4, 16].map { depth in
                Series(
                    name: "depth \(depth)", xs: (1...depth).map(Double.init),
                    ys: (1...depth).map { layer in (0..<(depth - layer)).reduce(0.5) { v, _ in v * factor } })
            }
            return Panel(
                title: activation, xAxis: AxisSpec(label: "layer"),
                yAxis: AxisSpec(label: "gradient norm", scale: .log10), content: .lines(series))
        }
        return ChartSpec(title: "Gradient norm per layer", panels: panels, width: 640, height: 280, theme: theme)
    }

    static func barFigure() -> ChartSpec {
        ChartSpec(
            panels: [
                Panel(
                    title: "", xAxis: AxisSpec(label: "depth"), yAxis: AxisSpec(label: "loss"),
                    content: .bars(BarChart(categories: ["16"], series: [BarSeries(name: "sigmoid", values: [1])])))
            ],
            width: 300, height: 200)
    }

    /// Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian).
    static func pngSize(_ png: [UInt8]) -> (Int, Int) {
        func be32(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    static func close(_ a: UInt8, _ b: UInt8, tolerance: Int = 6) -> Bool { abs(Int(a) - Int(b)) <= tolerance }

    @Test("PNG output is a PNG at twice the spec's size in pixels")
    func pngSize() throws {
        let png = try Self.renderer.render(Self.gradientFigure(), formats: [.png]).files[.png]!
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        let (width, height) = Self.pngSize(png)
        #expect(width == 1280 && height == 560)
    }

    @Test("odd sizes are rounded to whole pixels")
    func roundedSize() throws {
        var spec = Self.barFigure()
        spec.width = 300.3
        spec.height = 200.2
        let png = try Self.renderer.render(spec, formats: [.png]).files[.png]!
        let (width, height) = Self.pngSize(png)
        #expect(width == 601 && height == 400)
    }

    @Test("a decoded PNG shows the background and a bar in the first palette colour")
    func pixels() throws {
        let spec = Self.barFigure()
        let png = try Self.renderer.render(spec, formats: [.png]).files[.png]!
        let image = try RasterImage(png: png)
        #expect(image.width == 600 && image.height == 400)
        let corner = image.pixel(x: 2, y: 2)
        #expect(corner.red == 255 && corner.green == 255 && corner.blue == 255 && corner.alpha == 255)
        let list = Self.renderer.displayList(spec)
        let bar = list.commands.compactMap { command -> Rect? in
            guard case .fill(let path, let color) = command, color == Palette.onLight[0], path.elements.count == 5,
                case .move(let a) = path.elements[0], case .line(let c) = path.elements[2]
            else { return nil }
            return Rect(x: min(a.x, c.x), y: min(a.y, c.y), width: abs(c.x - a.x), height: abs(c.y - a.y))
        }.max { $0.height < $1.height }!
        let centre = image.pixel(x: Int(bar.midX * 2), y: Int(bar.midY * 2))
        #expect(Self.close(centre.red, 0x2C) && Self.close(centre.green, 0x5A) && Self.close(centre.blue, 0xA0))
    }

    @Test("the dark theme paints a dark background and light text pixels")
    func darkPixels() throws {
        let image = try Self.renderer.rasterize(Self.gradientFigure(theme: .dark))
        let corner = image.pixel(x: 1, y: 1)
        #expect(Self.close(corner.red, 0x16) && Self.close(corner.green, 0x18) && Self.close(corner.blue, 0x1D))
        let brightest = stride(from: 0, to: image.rgba.count, by: 4).map { Int(image.rgba[$0]) + Int(image.rgba[$0 + 1]) }.max()!
        #expect(brightest > 420)
    }

    @Test("the PNG is indexed: every colour covering 0.1 % of the figure exact, anti-aliasing shades close")
    func rasterMatchesPNG() throws {
        let spec = Self.gradientFigure()
        let png = try Self.renderer.render(spec, formats: [.png]).files[.png]!
        #expect(png[24] == 8 && png[25] == 3, "8-bit palette colour")
        let decoded = try RasterImage(png: png)
        let direct = try Self.renderer.rasterize(spec)
        #expect(decoded.width == direct.width && decoded.height == direct.height)
        let pixels = direct.width * direct.height
        func color(_ image: RasterImage, _ i: Int) -> UInt32 {
            UInt32(image.rgba[4 * i]) << 16 | UInt32(image.rgba[4 * i + 1]) << 8 | UInt32(image.rgba[4 * i + 2])
        }
        var counts: [UInt32: Int] = [:]
        for i in 0..<pixels { counts[color(direct, i), default: 0] += 1 }
        #expect(counts.count > 256, "the figure needs more colours than a palette holds")
        var frequentMismatches = 0
        var error = 0
        for i in 0..<pixels {
            let original = color(direct, i)
            let stored = color(decoded, i)
            if original != stored && counts[original]! * 1000 >= pixels { frequentMismatches += 1 }
            for shift: UInt32 in [16, 8, 0] { error += abs(Int(original >> shift & 0xFF) - Int(stored >> shift & 0xFF)) }
        }
        #expect(frequentMismatches == 0)
        #expect(Double(error) / Double(3 * pixels) < 0.5, "mean error per channel")
        #expect(decoded.rgba.enumerated().allSatisfy { $0.offset % 4 != 3 || $0.element == 255 }, "opaque")
    }

    @Test("an image of at most 256 colours is stored exactly, most frequent colour first")
    func losslessPalette() throws {
        let width = 40
        let height = 30
        let pixels = (0..<(width * height)).map { i in i % 7 == 0 ? UInt32(0xFFFFFF) : UInt32((i % 200) * 0x010203) }
        let image = IndexedImage(pixels: pixels, width: width, height: height)
        #expect(image.palette.count == 201 && image.palette[0] == 0xFFFFFF)
        let decoded = try RasterImage(png: PNGWriter.encode(image))
        for (i, pixel) in pixels.enumerated() {
            let (r, g, b, a) = decoded.pixel(x: i % width, y: i / width)
            #expect(UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b) == pixel && a == 255)
        }
    }

    @Test("rendering twice gives byte-identical PNG and SVG", arguments: Theme.allCases)
    func deterministic(theme: Theme) throws {
        let spec = Self.gradientFigure(theme: theme)
        let first = try Self.renderer.render(spec, formats: [.png, .svg]).files
        let second = try CairoFigureRenderer().render(spec, formats: [.svg, .png]).files
        #expect(first[.png] == second[.png])
        #expect(first[.svg] == second[.svg])
        #expect(Set(first.keys) == [.png, .svg])
    }

    @Test("SVG output parses as XML with the figure's size in points")
    func svgParses() throws {
        let svg = try Self.renderer.render(Self.gradientFigure(), formats: [.svg]).files[.svg]!
        final class RootReader: NSObject, XMLParserDelegate {
            var root: (String, [String: String])?
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if root == nil { root = (name, attributes) }
            }
        }
        let parser = XMLParser(data: Data(svg))
        let reader = RootReader()
        parser.delegate = reader
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(reader.root?.0 == "svg")
        #expect(reader.root?.1["width"] == "640pt" && reader.root?.1["height"] == "280pt")
    }

    @Test("an empty-sized figure is an error, not a crash")
    func invalidSize() {
        var spec = Self.barFigure()
        spec.width = 0
        #expect(throws: CairoError.self) { try Self.renderer.render(spec, formats: [.png]) }
        #expect(throws: CairoError.self) { try Self.renderer.render(spec, formats: [.svg]) }
    }

    @Test("hazardous data renders without errors in every chart kind")
    func hazards() throws {
        let spec = ChartSpec(
            panels: [
                Panel(
                    title: "lines", xAxis: AxisSpec(label: "x"), yAxis: AxisSpec(label: "y", scale: .log10),
                    content: .lines([Series(name: "s", xs: [1, 2, 3, 4], ys: [0, .nan, 1e-300, .infinity], divergedAt: 3)])),
                Panel(
                    title: "heatmap", xAxis: AxisSpec(label: "x"), yAxis: AxisSpec(label: "y"),
                    content: .heatmap(Heatmap(columnLabels: ["a"], rowLabels: ["b", "c"], values: [[.nan], [0]], colorBarLabel: "v"))),
                Panel(
                    title: "bars", xAxis: AxisSpec(label: "x"), yAxis: AxisSpec(label: "y"),
                    content: .bars(BarChart(categories: ["a"], series: [BarSeries(name: "b", values: [.nan])]))),
                Panel(
                    title: "histograms", xAxis: AxisSpec(label: "x"), yAxis: AxisSpec(label: "y"),
                    content: .histograms([HistogramRow(label: "r", edges: [.nan], counts: [1])])),
            ], columns: 2)
        let files = try Self.renderer.render(spec, formats: FigureFormat.allCases).files
        #expect(files[.png]!.count > 1000 && files[.svg]!.count > 1000)
    }
}

@Suite("Measuring text with Cairo")
struct CairoTextMeasurerTests {
    @Test("DejaVu Sans metrics: wider strings, bold wider than regular, sensible ascent and cap height")
    func metrics() {
        let measurer = CairoTextMeasurer()
        let regular = measurer.measure("gradient norm", font: Font(size: 10))
        let bold = measurer.measure("gradient norm", font: Font(size: 10, weight: .bold))
        let short = measurer.measure("norm", font: Font(size: 10))
        #expect(regular.width > short.width && bold.width > regular.width)
        #expect(regular.ascent > 8 && regular.ascent < 10.5)
        #expect(regular.capHeight > 6.5 && regular.capHeight < 7.8)
        #expect(regular.descent > 1.5 && regular.descent < 3.5)
        #expect(measurer.measure("", font: Font(size: 10)).width == 0)
    }

    @Test("measuring is deterministic")
    func deterministic() {
        let a = CairoTextMeasurer().measure("10\u{2212}3 ×", font: Font(size: 8.5))
        let b = CairoTextMeasurer().measure("10\u{2212}3 ×", font: Font(size: 8.5))
        #expect(a == b)
    }
}
