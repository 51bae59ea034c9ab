import Dispatch
import Foundation
import GradscopeCharts
import Synchronization

/// A figure drawn in its four variants: the wide light one in every requested format (the first
/// is what the page shows, the others are offered for download), the other three in the first.
struct FigureDrawing: Sendable {
    var variants: [FigureVariant: RenderedFigure]

    /// Draws every variant of every figure, `jobs` at a time; each picture's bytes depend only on
    /// its chart, so the result is the same for any `jobs`. Keyed by figure slug.
    static func drawAll(_ figures: [FigureOutput], renderer: any FigureRenderer, formats: [FigureFormat], jobs: Int) throws -> [String: FigureDrawing] {
        let primary = formats.first ?? .png
        let work = figures.flatMap { figure in FigureVariant.all.map { (chart: $0.chart(figure.chart), variant: $0) } }
        // One slot per picture, filled from several threads.
        let results = Mutex<[Result<RenderedFigure, Error>?]>(Array(repeating: nil, count: work.count))
        let draw: @Sendable (Int) -> Void = { index in
            let item = work[index]
            let drawn = Result { try renderer.render(item.chart, formats: item.variant == .wideLight ? formats : [primary]) }
            results.withLock { $0[index] = drawn }
        }
        if jobs > 1 {
            DispatchQueue.concurrentPerform(iterations: work.count, execute: draw)
        } else {
            (0..<work.count).forEach(draw)
        }
        var drawn: [String: FigureDrawing] = [:]
        let values = results.withLock { $0 }
        for (f, figure) in figures.enumerated() {
            var variants: [FigureVariant: RenderedFigure] = [:]
            for (v, variant) in FigureVariant.all.enumerated() {
                variants[variant] = try values[f * FigureVariant.all.count + v]!.get()
            }
            drawn[figure.slug] = FigureDrawing(variants: variants)
        }
        return drawn
    }
}

extension CellOutput {
    var figures: [FigureOutput] {
        items.compactMap { if case .figure(let figure) = $0 { figure } else { nil } }
    }
}
