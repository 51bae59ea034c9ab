import Dispatch
import Foundation
import GradscopeCharts

/// A figure drawn in the requested formats, plus its dark variant in the first format.
struct FigureDrawing: Sendable {
    var light: [FigureFormat: [UInt8]]
    var dark: [UInt8]

    /// Draws every figure, `jobs` at a time; each figure's bytes depend only on its chart, so the
    /// result is the same for any `jobs`. Keyed by figure slug.
    static func drawAll(_ figures: [FigureOutput], renderer: any FigureRenderer, formats: [FigureFormat], jobs: Int) throws -> [String: FigureDrawing] {
        let primary = formats.first ?? .png
        let charts = figures.map(\.chart)
        let results = Results(count: figures.count)
        let work: @Sendable (Int) -> Void = { index in
            results.store(index, Result {
                var dark = charts[index]
                dark.theme = .dark
                return FigureDrawing(light: try renderer.render(charts[index], formats: formats),
                                     dark: try renderer.render(dark, formats: [primary])[primary] ?? [])
            })
        }
        if jobs > 1 {
            DispatchQueue.concurrentPerform(iterations: figures.count, execute: work)
        } else {
            (0..<figures.count).forEach(work)
        }
        var drawn: [String: FigureDrawing] = [:]
        for (figure, result) in zip(figures, results.values) { drawn[figure.slug] = try result!.get() }
        return drawn
    }

    /// One slot per figure, filled from several threads.
    private final class Results: @unchecked Sendable {
        private var slots: [Result<FigureDrawing, Error>?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ index: Int, _ result: Result<FigureDrawing, Error>) {
            lock.lock()
            slots[index] = result
            lock.unlock()
        }

        var values: [Result<FigureDrawing, Error>?] { lock.lock(); defer { lock.unlock() }; return slots }
    }
}

extension CellOutput {
    var figures: [FigureOutput] {
        items.compactMap { if case .figure(let figure) = $0 { figure } else { nil } }
    }
}
