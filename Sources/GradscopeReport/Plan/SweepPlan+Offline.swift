import GradscopeLab

extension SweepPlan {
    /// Runs listed by name in the error of `requireCached`; the rest are counted.
    static let missingRunsShown = 10

    /// Throws unless the runner's cache can give every run (read and verified as a render reads
    /// it), before anything is trained or written: one `NotebookError` at the cell of the first
    /// missing run, listing the missing runs as `notebook:line CELL.RUN seed I` (the first
    /// `missingRunsShown`, then "and N more"), each run a notebook trains once however often the
    /// notebooks list it.
    public func requireCached(by runner: Runner) throws {
        let missing = runner.uncached(runs.map(\.spec)).map { runs[$0] }
        guard let first = missing.first else { return }
        let shown = missing.prefix(Self.missingRunsShown).map { "\($0.notebook):\($0.line) \($0.name) seed \($0.seedIndex)" }
        let more = missing.count > shown.count ? " and \(missing.count - shown.count) more" : ""
        let cache = runner.cache.map { " \($0.directory)" } ?? ""
        throw NotebookError(
            file: first.notebook, line: first.line,
            "--offline: \(missing.count == 1 ? "1 run is" : "\(missing.count) runs are") not in the run cache\(cache): \(shown.joined(separator: ", "))\(more); train \(missing.count == 1 ? "it" : "them") first (render --shard, or render without --offline)"
        )
    }
}
