import GradscopeLab

/// A cell's plan with every run's results (one per seed repeat), ready to be analysed.
struct CellResults {
    var plan: CellPlan
    /// Results by run key, in the order of `PlannedRun.specs`.
    var results: [String: [RunResult]]

    var config: CellConfig { plan.config }
    var runs: [PlannedRun] { plan.runs }

    func repeats(of run: PlannedRun) -> [RunResult] { results[run.key] ?? [] }

    /// A run's metric: the median over its seed repeats, or repeat `seed` alone; nil when it does not apply.
    func metric(_ metric: RunMetric, of run: PlannedRun, seed: Int? = nil) -> Double? {
        let repeats = repeats(of: run)
        guard let seed else { return metric.value(of: repeats) }
        return repeats.indices.contains(seed) ? metric.value(of: [repeats[seed]]) : nil
    }

    func runs(matching pattern: String) -> [(run: PlannedRun, capture: String)] { plan.runs(matching: pattern) }

    var runListHint: String { plan.runListHint }
}

extension CellResults {
    /// How the cell treats seeds, for a cell that compares runs: nil for a single run.
    var seedStatement: String? {
        guard runs.count > 1 else { return nil }
        let seeds = config.seeds
        guard seeds > 1 else {
            return
                "Each setting was trained from one seed; all settings start from the same initial draws and see the same batches, but a difference smaller than the variation between seeds cannot be ruled out."
        }
        return
            "Each setting was trained from \(seeds) seeds; seed i of every setting starts from the same initial draws and sees the same batches. Lines are medians with min–max bands, numbers are medians, and each claim is also checked on every seed."
    }
}
