import Foundation
import GradscopeCharts
import Testing

@testable import GradscopeReport

/// Wraps `DescribingRenderer` and keeps every chart it was asked to draw.
final class CapturingRenderer: FigureRenderer, @unchecked Sendable {
    private let lock = NSLock()
    private var captured: [ChartSpec] = []

    var charts: [ChartSpec] {
        lock.lock()
        defer { lock.unlock() }
        return captured
    }

    func render(_ chart: ChartSpec, formats: [FigureFormat]) throws -> RenderedFigure {
        lock.lock()
        captured.append(chart)
        lock.unlock()
        return try DescribingRenderer().render(chart, formats: formats)
    }
}

@Suite("Figures in four variants, sized for where they are shown")
struct FigureVariantTests {
    /// A cell asking for every kind of figure, and a classification cell for accuracy curves.
    static let notebook = """
        ---
        title: Every figure
        seed: 3
        defaults:
          dataset: {name: electricity, samples: 128}
          width: 8
          batch: 32
          epochs: 2
        ---
        # Figures

        ```gradscope
        id: grid
        activations: [sigmoid, relu]
        depths: [1, 3]
        show:
          - loss-curves
          - validation-curves
          - gradient-by-layer
          - backprop-by-layer
          - activation-spread
          - gradient-heatmap
          - histograms
          - activation-curves
          - {kind: metric-chart, metric: gradientRatio, x: depth}
          - {kind: metric-chart, metric: backpropRatio, x: activation}
          - run-table
        ```

        ```gradscope
        id: spiral
        dataset: {name: spirals, samples: 128}
        loss: cross_entropy
        activations: [sigmoid, relu]
        depth: 2
        show: [accuracy-curves]
        ```
        """

    static let slugs = [
        "grid-loss-curves", "grid-validation-curves", "grid-gradient-by-layer", "grid-backprop-by-layer",
        "grid-activation-spread", "grid-gradient-heatmap", "grid-histograms", "grid-activation-curves",
        "grid-metric-chart", "grid-metric-chart-2", "spiral-accuracy-curves",
    ]

    func render(selfContained: Bool = false) throws -> (folder: URL, out: URL, renderer: CapturingRenderer) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-variants-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.notebook.write(to: folder.appendingPathComponent("every.md"), atomically: true, encoding: .utf8)
        let renderer = CapturingRenderer()
        let options = RenderOptions(outputRoot: folder.appendingPathComponent("out").path, selfContained: selfContained, jobs: 2, cacheDirectory: nil)
        let summary = try ReportBuilder(renderer: renderer).render(notebookAt: folder.appendingPathComponent("every.md").path, options: options)
        return (folder, URL(fileURLWithPath: summary.outputDirectory), renderer)
    }

    /// The text between `<picture>` and `</picture>` of the figure anchored `figure-<number>`.
    static func picture(_ html: String, number: Int) throws -> String {
        let figure = try #require(html.components(separatedBy: "<figure class=\"chart\" id=\"figure-\(number)\">").dropFirst().first)
        return try #require(figure.components(separatedBy: "<picture>").dropFirst().first?.components(separatedBy: "</picture>").first)
    }

    /// `name="value"` attribute values in `text`, in order.
    static func attributes(_ name: String, in text: String) -> [String] {
        text.components(separatedBy: " \(name)=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("every figure is written light and dark, wide and narrow, with a page of its own, and the page's <picture> chooses among them")
    func filesAndPicture() throws {
        let (folder, out, _) = try render()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        for (index, slug) in Self.slugs.enumerated() {
            let picture = try Self.picture(html, number: index + 1)
            let stem = "figures/\(slug)"
            let files = Self.attributes("srcset", in: picture) + Self.attributes("src", in: picture)
            #expect(files == ["\(stem).narrow.dark.png", "\(stem).narrow.png", "\(stem).dark.png", "\(stem).png"])
            for file in files + ["\(stem).html"] {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
            }
            #expect(
                Self.attributes("media", in: picture) == [
                    "screen and (max-width: 959px) and (prefers-color-scheme: dark)", "screen and (max-width: 959px)",
                    "screen and (prefers-color-scheme: dark)",
                ])
            let widths = Self.attributes("width", in: picture).compactMap(Int.init)
            let heights = Self.attributes("height", in: picture).compactMap(Int.init)
            #expect(widths.count == 4 && heights.count == 4)
            #expect(widths[0] == 340 && widths[1] == 340 && [620, 920].contains(widths[2]) && widths[3] == widths[2], "\(slug): \(widths)")
            #expect(heights[0] == heights[1] && heights[2] == heights[3] && heights[0] > heights[2], "\(slug): narrow is taller: \(heights)")
            let describedSize = try String(contentsOf: out.appendingPathComponent("\(stem).narrow.dark.png"), encoding: .utf8)
            #expect(describedSize.hasPrefix("png: dark ") && describedSize.hasSuffix("340.0x\(heights[0]).0"), "\(describedSize)")
            #expect(html.contains("<a class=\"enlarge\" href=\"\(stem).html\"><picture>"))
            let page = try String(contentsOf: out.appendingPathComponent("\(stem).html"), encoding: .utf8)
            #expect(page.contains("srcset=\"\(slug).dark.png\"") && page.contains("<img src=\"\(slug).png\""))
            #expect(page.contains("<a href=\"../index.html#figure-\(index + 1)\">"))
        }
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("figures/grid-histograms.narrow.dark.png") && manifest.contains("figures/grid-histograms.html"))
    }

    @Test("every chart the report draws keeps its text at 12 CSS px on a desktop and 11 on a phone, inside the figure")
    func textSizes() throws {
        let (folder, _, renderer) = try render()
        defer { try? FileManager.default.removeItem(at: folder) }
        let charts = renderer.charts
        #expect(charts.count == 4 * Self.slugs.count)
        #expect(charts.filter { $0.theme == .dark }.count == 2 * Self.slugs.count)
        for chart in charts {
            let list = ChartLayout.layout(chart, measurer: MonospaceEstimateMeasurer())
            let narrow = chart.width == FigureSize.narrow
            #expect(narrow ? chart.columns == 1 : chart.width <= FigureSize.column, "\(chart.width)")
            // Shown at its own width on a desktop; the narrow one in the 320 px column of a 360 px phone.
            let scale = narrow ? 320 / FigureSize.narrow : 1
            for item in list.texts {
                #expect(item.font.size * scale >= (narrow ? 11 : 12), "\(item.string) at \(item.font.size) px in a \(chart.width) px figure")
            }
            let page = Rect(x: 0, y: 0, width: list.width, height: list.height)
            #expect(
                list.texts.allSatisfy { page.contains($0.bounds, tolerance: 0.5) },
                "\(list.texts.filter { !page.contains($0.bounds, tolerance: 0.5) }.map(\.string))")
        }
    }

    @Test("captions and alt text write subscripts and superscripts, not underscores")
    func subscripts() throws {
        let (folder, out, _) = try render()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        for text in [html, markdown] {
            #expect(text.contains("‖∂L/∂W<sub>l</sub>‖ / √(number of weights in W<sub>l</sub>)"))
            #expect(text.contains("‖∂L/∂h<sub>L</sub>‖ × (max φ′)<sup>L−l</sup>"))
            #expect(text.contains("‖∂L/∂W₁‖ / ‖∂L/∂W<sub>out</sub>‖ at initialisation"), "the metric chart's caption")
            #expect(!text.contains("W_l") && !text.contains("W_out") && !text.contains("h_l") && !text.contains("^(L"))
        }
        let alts = Self.attributes("alt", in: html)
        #expect(alts.count == Self.slugs.count)
        #expect(alts.contains { $0.hasPrefix("‖∂L/∂W₁‖ / ‖∂L/∂Wₒᵤₜ‖ at initialisation against ") })
        // Unicode has no subscript capital L, so h_L keeps its underscore in plain text; every other script is Unicode.
        #expect(alts.contains { $0.hasPrefix("‖∂L/∂h₁‖ / ‖∂L/∂h_L‖ at initialisation against ") })
        #expect(alts.allSatisfy { !$0.replacingOccurrences(of: "h_L", with: "").contains("_") && !$0.contains("{") }, "\(alts)")
    }

    @Test("a self-contained page carries all four variants of every figure inline and links to no figure file")
    func selfContained() throws {
        let (folder, out, _) = try render(selfContained: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        for index in Self.slugs.indices {
            let picture = try Self.picture(html, number: index + 1)
            let sources = Self.attributes("srcset", in: picture) + Self.attributes("src", in: picture)
            #expect(sources.count == 4 && sources.allSatisfy { $0.hasPrefix("data:image/png;base64,") })
            #expect(Set(sources).count == 4, "four different pictures")
        }
        #expect(!html.contains("class=\"enlarge\"") && !html.contains("href=\"figures/"))
        #expect(
            FileManager.default.fileExists(atPath: out.appendingPathComponent("figures/\(Self.slugs[0]).png").path),
            "the figure files are still written, for report.md's relative links")
    }
}

@Suite("Text with subscripts and superscripts")
struct RichTextTests {
    @Test("literals mark scripts with _{…} and ^{…}; interpolated strings stay text")
    func parsing() {
        let user = "my_{id}"
        let text: RichText = "∂L/∂W_{l} of \(user) is (max φ′)^{L−1}, a_b and c^d stay"
        #expect(
            text.runs == [
                .text("∂L/∂W"), .subscripted("l"), .text(" of "), .text("my_{id}"), .text(" is (max φ′)"),
                .superscripted("L−1"), .text(", a_b and c^d stay"),
            ])
        #expect(RichText(verbatim: "x_{1}").runs == [.text("x_{1}")])
    }

    @Test("HTML and Markdown get <sub> and <sup> around escaped text; plain text gets Unicode where it has every character")
    func forms() {
        let text: RichText = "‖W_{out}‖ <& h_{L} (max φ′)^{L−l}*"
        #expect(text.html == "‖W<sub>out</sub>‖ &lt;&amp; h<sub>L</sub> (max φ′)<sup>L−l</sup>*")
        #expect(text.markdown == "‖W<sub>out</sub>‖ \\<\\& h<sub>L</sub> (max φ′)<sup>L−l</sup>\\*")
        #expect(text.plain == "‖Wₒᵤₜ‖ <& h_L (max φ′)ᴸ⁻ˡ*")
        #expect(("x_{ij}" as RichText).plain == "xᵢⱼ" && ("x_{Q2}" as RichText).plain == "x_(Q2)")
        #expect(("w_{l}" as RichText).capitalizedFirst.plain == "Wₗ")
    }
}
