import Foundation
import GradscopeCharts
import GradscopeLab
import Testing

@testable import GradscopeReport

/// The plan of the first cell of a notebook made of `yaml`.
func planOf(_ yaml: String, seed: UInt64 = 7) throws -> CellPlan {
    let notebook = try NotebookParser.parse("---\nseed: \(seed)\n---\n```gradscope\n\(yaml)\n```\n", path: "nb.md")
    return try ReportPipeline.plan(notebook)[0]
}

/// A result whose every number is chosen by the test: `finalLoss` for the last epoch and the
/// back-propagated gradient norms at initialisation.
func fabricated(_ spec: RunSpec, finalLoss: Double, backprop: [Double] = [1, 1]) -> RunResult {
    let layers = backprop.count
    func snapshot(_ loss: Double) -> Snapshot {
        Snapshot(
            trainLoss: loss, validationLoss: loss, validationAccuracy: nil,
            weightGradientNorm: Array(repeating: 1, count: layers + 1), backpropGradientNorm: backprop,
            activationMean: Array(repeating: 0, count: layers), activationStd: Array(repeating: 1, count: layers),
            activationSpread: Array(repeating: 1, count: layers), saturatedFraction: Array(repeating: 0, count: layers),
            deadFraction: Array(repeating: 0, count: layers), updateRatio: Array(repeating: 0, count: layers + 1))
    }
    return RunResult(
        spec: spec, layerSizes: [8] + Array(repeating: spec.width, count: layers) + [1], outcome: .completed,
        initial: snapshot(1), epochs: [snapshot(finalLoss)], initialHistograms: [], finalHistograms: [])
}

@Suite("Run names")
struct RunNameTests {
    @Test("a run answers to its key and to its key with unswept settings added in axis order")
    func fullNames() throws {
        let plan = try planOf("activations: [sigmoid, relu]\ndepth: 16\nwidth: 32\nepochs: 0")
        #expect(plan.runs.map(\.key) == ["sigmoid", "relu"])
        for name in ["relu", "relu.16", "relu.16.w32", "relu.w32", "relu.16.w32.auto.sgd.lr0.05.noclip.b64.e0.plain"] {
            #expect(plan.run(named: name)?.key == "relu", "\(name)")
        }
        for name in ["16.relu", "relu.8", "relu.16.", "16", "relu.w64", "tanh.16"] {
            #expect(plan.run(named: name) == nil, "\(name)")
        }
    }

    @Test("a one-value list names runs like a sweep of one, and keys with dots still match")
    func oneValueList() throws {
        let plan = try planOf("activations: [leaky_relu(0.2)]\ndepths: [16]\nlr: [0.01, 0.1]\nepochs: 0")
        #expect(plan.runs.map(\.key) == ["lr0.01", "lr0.1"])
        #expect(plan.run(named: "leaky_relu(0.2).16.lr0.1")?.key == "lr0.1")
        #expect(plan.run(named: "16.lr0.01")?.key == "lr0.01")
    }

    @Test("a clipping axis compares clipped and unclipped runs of one optimiser")
    func clipAxis() throws {
        let plan = try planOf("optimizer: {name: sgd, lr: 0.01, clip: 5}\nclip: [none, 1]\nepochs: 0")
        #expect(plan.runs.map(\.key) == ["noclip", "clip1"])
        #expect(plan.runs.map { $0.specs[0].optimizer.clipNorm } == [nil, 1])
        let unswept = try planOf("optimizer: {name: sgd, lr: 0.01, clip: 5}\nepochs: 0")
        #expect(unswept.runs[0].specs[0].optimizer.clipNorm == 5, "without a clip axis the optimiser's own clipping stays")
    }
}

@Suite("Common random numbers in the plan")
struct CommonRandomNumberTests {
    @Test("runs that differ in learning rate, optimiser, clipping, epochs or activation share their seed; depth and seed index change it")
    func sharedSeeds() throws {
        let plan = try planOf(
            "activations: [sigmoid, relu]\ndepths: [2, 4]\noptimizers: [sgd, adam]\nlr: [0.01, 0.1]\nclip: [none, 1]\nepochs: [1, 3]\nseeds: 2")
        for depth in [2, 4] {
            let runs = plan.runs.filter { $0.depth == depth }
            #expect(Set(runs.map { $0.specs[0].seed }).count == 1)
            #expect(Set(runs.map { $0.specs[1].seed }).count == 1)
            #expect(runs[0].specs[0].seed != runs[0].specs[1].seed, "each seed index draws its own numbers")
        }
        #expect(plan.runs.first { $0.depth == 2 }!.specs[0].seed != plan.runs.first { $0.depth == 4 }!.specs[0].seed)
    }
}

@Suite("Claims over seeds")
struct SeedClaimTests {
    /// A cell of two runs `a` and `b` (activations sigmoid and relu) with three seeds and chosen final losses.
    func cell(a: [Double], b: [Double], claims: [String]) throws -> CellResults {
        let yaml = "activations: [sigmoid, relu]\ndepth: 2\nepochs: 1\nseeds: 3\nclaims:\n" + claims.map { "  - \"\($0)\"" }.joined(separator: "\n")
        let plan = try planOf(yaml)
        return CellResults(
            plan: plan,
            results: [
                "sigmoid": zip(plan.runs[0].specs, a).map { fabricated($0, finalLoss: $1) },
                "relu": zip(plan.runs[1].specs, b).map { fabricated($0, finalLoss: $1) },
            ])
    }

    @Test("a claim is decided on medians and counted seed by seed; 'every seed:' also needs each seed")
    func perSeed() throws {
        let results = try cell(
            a: [1, 5, 3], b: [2, 2, 2],
            claims: [
                "sigmoid.finalLoss > relu.finalLoss", "every seed: sigmoid.finalLoss > relu.finalLoss", "sigmoid.finalLoss < relu.finalLoss",
            ]
        ).outputs().claims
        #expect(results.map(\.passed) == [true, false, false])
        #expect(results.map(\.seedsHeld) == [2, 2, 1])
        #expect(results[0].seedNote == "held in 2 of 3 seeds")
        #expect(results[1].seedNote == "held in 2 of 3 seeds, every seed required")
        #expect(results[0].evidence == ["sigmoid.finalLoss = 3 > relu.finalLoss = 2"], "the evidence quotes medians")
    }

    @Test("a cell trained from one seed says so beside its claims and under its outputs")
    func oneSeed() throws {
        let plan = try planOf("activations: [sigmoid, relu]\ndepth: 2\nepochs: 1\nclaims:\n  - \"sigmoid.finalLoss > relu.finalLoss\"")
        let cell = CellResults(
            plan: plan,
            results: [
                "sigmoid": [fabricated(plan.runs[0].specs[0], finalLoss: 2)], "relu": [fabricated(plan.runs[1].specs[0], finalLoss: 1)],
            ])
        #expect(try cell.outputs().claims[0].seedNote.hasPrefix("one seed"))
        #expect(cell.seedStatement?.contains("one seed") == true)
    }
}

@Suite("Names checked before training")
struct PlanCheckTests {
    @Test("every unknown run, metric or format is reported at once, each at its line, before anything trains")
    func allErrorsAtOnce() throws {
        let text = """
            ---
            seed: 1
            ---
            Quoted: {{c.tanh.finalLoss}} and {{c.relu.finalLos}}.

            ```gradscope
            id: c
            activations: [sigmoid, relu]
            depth: 2
            epochs: 100000
            dataset: {name: electricity, samples: 100000}
            show:
              - {kind: loss-curves, runs: [sigmoid, relu.3]}
              - {kind: metric-chart, metric: finalAccuracy}
            claims:
              - "sigmoid.2.finalLoss > gelu.finalLoss"
            ```

            Percent: {{c.relu.deadFraction | percents}}
            """
        let notebook = try NotebookParser.parse(text, path: "nb.md")
        let plans = try ReportPipeline.plan(notebook)
        do {
            try PlanCheck.check(notebook, plans: plans)
            Issue.record("expected errors")
        } catch let errors as NotebookErrors {
            #expect(errors.errors.map(\.line) == [4, 4, 13, 14, 16, 19])
            #expect(errors.errors[0].message.contains("no run 'tanh'"))
            #expect(errors.errors[1].message.contains("did you mean 'finalLoss'"))
            #expect(errors.errors[2].message.contains("no run 'relu.3'"))
            #expect(errors.errors[3].message.contains("classification only"))
            #expect(errors.errors[4].message.contains("no run 'gelu'"))
            #expect(errors.errors[5].message.contains("unknown format 'percents'"))
            #expect(errors.description.split(separator: "\n").count == 6, "one line per error")
        }
    }

    @Test("a figure with more panels than a page can hold is an error at its show entry, before training")
    func tooManyPanels() throws {
        let widths = (1...61).map(String.init).joined(separator: ", ")
        let text =
            "```gradscope\nid: c\nactivations: [relu]\nwidths: [\(widths)]\nepochs: 0\nshow:\n  - {kind: loss-curves, panels: width}\n  - {kind: loss-curves, series: width}\n```\n"
        let notebook = try NotebookParser.parse(text, path: "nb.md")
        do {
            try PlanCheck.check(notebook, plans: try ReportPipeline.plan(notebook))
            Issue.record("expected an error")
        } catch let error as NotebookError {
            #expect(error.line == 7)
            #expect(error.message.contains("61 panels (at most 60)"))
        }
    }

    @Test("empty or bar-only placeholders are located errors, not crashes")
    func emptyPlaceholders() throws {
        for prose in ["{{}}", "{{ }}", "{{|}}", "{{c..finalLoss}}"] {
            let errors = InlineValues.validate("x\n\(prose)", firstLine: 3, file: "nb.md", plans: [:])
            #expect(errors.count == 1, "\(prose)")
            #expect(errors.first?.line == 4)
        }
    }
}

@Suite("One number everywhere")
struct ConsistencyTests {
    @Test("with several seeds, alt text, tables and prose quote the same median backprop ratio")
    func sameMedians() throws {
        let text = """
            ---
            seed: 9
            ---
            ```gradscope
            id: c
            activations: [sigmoid, relu]
            depth: 3
            width: 8
            epochs: 1
            seeds: 3
            dataset: {name: electricity, samples: 128}
            show: [backprop-by-layer, run-table, bound-table]
            ```

            Sigmoid keeps {{c.sigmoid.backpropRatio}} and relu {{c.relu.3.backpropRatio}}.
            """
        let prepared = try prepareNotebook(text)
        let cell = prepared.cells[0]
        let prose = prepared.prose.values.first { $0.contains("Sigmoid keeps") }!
        guard case .figure(let figure) = prepared.outputs[0].items[0], case .table(let runs) = prepared.outputs[0].items[1],
            case .table(let bounds) = prepared.outputs[0].items[2]
        else {
            Issue.record("unexpected outputs")
            return
        }
        for (index, name) in ["sigmoid", "relu"].enumerated() {
            let run = cell.plan.run(named: name)!
            let median = NumberFormat.readable(cell.metric(.backpropRatio, of: run)!)
            let single = cell.repeats(of: run).map { NumberFormat.readable(RunMetric.backpropRatio.value(of: [$0])!) }
            #expect(Set(single).count > 1, "the seeds differ, so a seed's number would not pass for the median")
            #expect(figure.alt.contains("\(name) \(median)") || figure.alt.contains("\(median)"), "alt text: \(figure.alt)")
            #expect(runs.rows[index][runs.columns.firstIndex(of: "backprop ratio")!] == median)
            #expect(bounds.rows[0][bounds.columns.firstIndex(of: "\(name): measured ratio")!] == median)
            #expect(prose.contains(median))
        }
        #expect(figure.caption.plain.contains("medians over 3 seeds"))
    }

    @Test("the bound table has a row for every depth of the cell, beyond ten layers too")
    func boundTableDepths() throws {
        let plan = try planOf("activations: [sigmoid]\ndepths: [2, 16]\nepochs: 0")
        let table = CellResults(
            plan: plan,
            results: [
                "2": [fabricated(plan.runs[0].specs[0], finalLoss: 1, backprop: [0.25, 1])],
                "16": [fabricated(plan.runs[1].specs[0], finalLoss: 1, backprop: [1e-10] + Array(repeating: 1, count: 15))],
            ]
        ).boundTable()
        #expect(table.rows.map { $0[0] } == ["2", "16"])
        #expect(table.rows[1][1] == NumberFormat.readable(pow(0.25, 15)))
        #expect(table.rows[1][2] == NumberFormat.readable(1e-10))
    }
}

@Suite("User text in generated Markdown")
struct MarkdownEscapingTests {
    @Test("markup, raw HTML and line breaks in user text render as the text itself")
    func inline() {
        #expect(MarkdownText.inline("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>")
        #expect(MarkdownText.inline("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))")
        #expect(MarkdownText.inline("a\n# heading\r\n| cell") == "a \\# heading \\| cell")
        #expect(MarkdownText.inline("&lt; *em* `code`") == "\\&lt; \\*em\\* \\`code\\`")
    }

    @Test("a code span or fence is longer than any run of backticks inside it")
    func fences() {
        #expect(MarkdownText.code("a < b") == "`a < b`")
        #expect(
            MarkdownText.code("x ``` y")
                == "```` x ``` y ````".replacingOccurrences(of: "```` x", with: "````x").replacingOccurrences(of: "y ````", with: "y````"))
        #expect(MarkdownText.code("`tick") == "`` `tick ``")
        #expect(MarkdownText.fence(for: "id: c\ntitle: \"```\"\n") == "````")
        #expect(MarkdownText.fence(for: "id: c") == "```")
    }

    @Test("report.md and the job summary escape a hostile title, caption and claim")
    func hostileNotebook() throws {
        let text = """
            ---
            title: "<img src=x onerror=alert(1)> [go](javascript:alert(1))"
            author: "line one\\n# injected heading"
            seed: 1
            ---
            ```gradscope
            id: c
            title: "```"
            activations: [relu]
            depth: 1
            width: 4
            epochs: 0
            dataset: {name: electricity, samples: 64}
            show:
              - {kind: final-loss-table, caption: "x\\n\\n<script>alert(1)</script>"}
            claims:
              - "finalLoss > 0"
            ```
            """
        let tests = ReportBuilderTests()
        let folder = try tests.workspace(text)
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ReportBuilder(renderer: DescribingRenderer()).render(
            notebookAt: folder.appendingPathComponent("tiny.md").path, options: tests.options(folder))
        let markdown = try String(contentsOf: URL(fileURLWithPath: summary.outputDirectory).appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("# \\<img src=x onerror=alert(1)\\> \\[go\\](javascript:alert(1))\n"))
        #expect(markdown.contains("*line one \\# injected heading*"))
        #expect(markdown.contains("x  \\<script\\>alert(1)\\</script\\>"))
        #expect(markdown.contains("````yaml\n"), "the cell's own ``` cannot close the fence")
        let outsideCode = markdown.components(separatedBy: "````")[0] + (markdown.components(separatedBy: "````").last ?? "")
        let unescaped = outsideCode.replacingOccurrences(of: "\\<", with: "")
        #expect(!unescaped.contains("<script") && !unescaped.contains("<img"), "raw HTML only escaped, or inside the fenced cell source")
        let job = JobSummary.markdown(title: "<b>x</b>\n# y", claims: summary.claims, report: nil, workingDirectory: folder.path, github: nil)
        #expect(job.hasPrefix("### gradscope: \\<b\\>x\\</b\\> \\# y\n"))
    }
}
