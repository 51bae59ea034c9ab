/// Checks, before any training, everything in a notebook that names a run or a metric (claims,
/// inline values, `show:` entries' `runs:` and `metric:`) against the plans, and reports every
/// error at once, in notebook order.
enum PlanCheck {
    /// Panels one figure may hold: 20 rows of three, a page's worth, and well inside the image
    /// size a PNG surface allows.
    static let maximumPanels = 60

    static func check(_ notebook: Notebook, plans: [CellPlan]) throws {
        var errors: [NotebookError] = []
        func collect(_ body: () throws -> Void) {
            do { try body() } catch let error as NotebookError { errors.append(error) } catch {}
        }
        for plan in plans {
            for claim in plan.config.claims { collect { try ClaimEvaluator.validate(claim, in: plan) } }
            let unmeasured = CellResults(plan: plan, results: [:])
            for request in plan.config.outputs {
                collect {
                    let panels = try unmeasured.panelCount(request)
                    guard panels <= maximumPanels else {
                        throw request.location.error(
                            "this \(request.kind.rawValue) figure would have \(panels) panels (at most \(maximumPanels)); choose fewer with 'runs:' or another 'panels:' axis"
                        )
                    }
                }
                for name in request.runs where plan.run(named: name.value) == nil {
                    errors.append(
                        name.location.error(
                            "cell '\(plan.config.id)' has no run '\(name.value)'\(Suggestion.hint(for: name.value, in: plan.runs.map(\.key))): \(plan.runListHint)"
                        ))
                }
                if let metric = request.metric {
                    collect {
                        guard let known = RunMetric(rawValue: metric.value) else {
                            throw metric.location.error(
                                "unknown metric '\(metric.value)'\(Suggestion.hint(for: metric.value, in: RunMetric.allCases.map(\.rawValue))) (expected one of: \(RunMetric.names))"
                            )
                        }
                        try known.checkApplies(to: plan, at: metric.location)
                    }
                }
            }
        }
        let byID = Dictionary(uniqueKeysWithValues: plans.map { ($0.config.id, $0) })
        for case .prose(let text, let firstLine) in notebook.blocks {
            errors += InlineValues.validate(text, firstLine: firstLine, file: notebook.path, plans: byID)
        }
        errors = errors.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        if errors.count == 1 { throw errors[0] }
        if errors.count > 1 { throw NotebookErrors(errors: errors) }
    }
}
