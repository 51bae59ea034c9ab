import Dispatch
import Foundation
import GradscopeCharts

/// A figure drawn in its four variants: the wide light one in every requested format (the first
/// is what the page shows, the others are offered for download), the other three in the first.
struct FigureDrawing: Sendable {
    var variants: [FigureVariant: RenderedFigure]

    /// Draws every variant of every figure, `jobs` at a time; each picture's bytes depend only on
    /// its chart, so the result is the same for any `jobs`. Keyed by figure slug.
    static func drawAll(_ figures: [FigureOutput], renderer: any FigureRenderer, formats: [FigureFormat], jobs: Int) throws -> [String: FigureDrawing] {
        let primary = formats.first ?? .png
        let work = figures.flatMap { figure in FigureVariant.all.map { (chart: $0.chart(figure.chart), variant: $0) } }
        let results = Results(count: work.count)
        let draw: @Sendable (Int) -> Void = { index in
            let item = work[index]
            results.store(index, Result { try renderer.render(item.chart, formats: item.variant == .wideLight ? formats : [primary]) })
        }
        if jobs > 1 {
            DispatchQueue.concurrentPerform(iterations: work.count, execute: draw)
        } else {
            (0..<work.count).forEach(draw)
        }
        var drawn: [String: FigureDrawing] = [:]
        let values = results.values
        for (f, figure) in figures.enumerated() {
            var variants: [FigureVariant: RenderedFigure] = [:]
            for (v, variant) in FigureVariant.all.enumerated() {
                variants[variant] = try values[f * FigureVariant.all.count + v]!.get()
            }
            drawn[figure.slug] = FigureDrawing(variants: variants)
        }
        return drawn
    }

    /// One slot per picture, filled from several threads.
    private final class Results: @unchecked Sendable {
        private var slots: [Result<RenderedFigure, Error>?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ index: Int, _ result: Result<RenderedFigure, Error>) {
            lock.lock()
            slots[index] = result
            lock.unlock()
        }

        var values: [Result<RenderedFigure, Error>?] { lock.lock(); defer { lock.unlock() }; return slots }
    }
}

extension CellOutput {
    var figures: [FigureOutput] {
        items.compactMap { if case .figure(let figure) = $0 { figure } else { nil } }
    }
}
