import GradscopeLab

/// A cell's plan with every run's results (one per seed repeat), ready to be analysed.
struct CellResults {
    var plan: CellPlan
    /// Results by run key, in the order of `PlannedRun.specs`.
    var results: [String: [RunResult]]

    var config: CellConfig { plan.config }
    var runs: [PlannedRun] { plan.runs }

    func repeats(of run: PlannedRun) -> [RunResult] { results[run.key] ?? [] }

    /// A run's metric (median over repeats), nil when it does not apply.
    func metric(_ metric: RunMetric, of run: PlannedRun) -> Double? { metric.value(of: repeats(of: run)) }

    /// Runs whose key matches `pattern`, where one `*` stands for any text. Returns each run with the text `*` matched.
    func runs(matching pattern: String) -> [(run: PlannedRun, capture: String)] {
        guard let star = pattern.firstIndex(of: "*") else {
            return plan.run(named: pattern).map { [($0, "")] } ?? []
        }
        let prefix = pattern[..<star], suffix = pattern[pattern.index(after: star)...]
        return runs.compactMap { run in
            guard run.key.count >= prefix.count + suffix.count, run.key.hasPrefix(prefix), run.key.hasSuffix(suffix) else { return nil }
            let capture = run.key.dropFirst(prefix.count).dropLast(suffix.count)
            return (run, String(capture))
        }
    }

    /// "the runs are: sigmoid.1, sigmoid.2, ..." for error messages.
    var runListHint: String {
        let keys = runs.map(\.key)
        if keys == [""] { return "this cell has a single run: leave the run out (e.g. '\(config.id).finalLoss')" }
        let shown = keys.prefix(12).joined(separator: ", ")
        return "its runs are: \(shown)\(keys.count > 12 ? ", …" : "")"
    }
}
