import Testing

@testable import GradscopeReport

@Suite("Cell settings and planning")
struct CellConfigTests {
    /// Parses a one-cell notebook and returns the cell's plan, or the error.
    func plan(_ cellYAML: String, frontMatter: String = "seed: 1") throws -> CellPlan {
        let text = "---\n\(frontMatter)\n---\nprose\n```gradscope\n\(cellYAML)\n```\n"
        let notebook = try NotebookParser.parse(text, path: "nb.md")
        return try ReportPipeline.plan(notebook)[0]
    }

    func error(_ cellYAML: String, frontMatter: String = "seed: 1") -> NotebookError? {
        do {
            _ = try plan(cellYAML, frontMatter: frontMatter)
            return nil
        } catch let error as NotebookError {
            return error
        } catch {
            return nil
        }
    }

    @Test("sweep axes multiply into runs keyed by their swept values")
    func runKeys() throws {
        let plan = try plan("id: s\nactivations: [sigmoid, relu]\ndepths: [1, 16]\nepochs: 1")
        #expect(plan.runs.map(\.key) == ["sigmoid.1", "sigmoid.16", "relu.1", "relu.16"])
        #expect(plan.sweptAxes == [.activation, .depth])
        #expect(plan.runs[1].specs[0].depth == 16)
        #expect(plan.runs[1].specs[0].activation == .sigmoid)
    }

    @Test("spirals take their number of classes from the dataset mapping, checked where it is written")
    func spiralClasses() throws {
        let three = try plan("id: s\ndataset: {name: spirals, classes: 3}\nloss: cross_entropy\nepochs: 1")
        #expect(three.runs[0].specs[0].dataset.kind == .spirals(samples: 4096, classes: 3))
        #expect(try plan("id: s\ndataset: spirals\nloss: cross_entropy").runs[0].specs[0].dataset.kind == .spirals(samples: 4096, classes: 2))
        let tooMany = error("id: s\ndataset:\n  name: spirals\n  classes: 101\nloss: cross_entropy")
        #expect(tooMany?.line == 9)
        #expect(tooMany?.message.contains("between 2 and 100") == true)
        let notSpirals = error("id: s\ndataset:\n  classes: 3\n  name: electricity")
        #expect(notSpirals?.line == 8)
        #expect(notSpirals?.message.contains("spirals only") == true)
    }

    @Test("seed repeats give each repeat its own seed, derived from the spec, not the order")
    func seedRepeats() throws {
        let one = try plan("id: s\nactivations: [relu, tanh]\nseeds: 3")
        let other = try plan("id: s\nactivations: [tanh, relu]\nseeds: 3")
        let reluSeeds = one.runs[0].specs.map(\.seed)
        #expect(Set(reluSeeds).count == 3)
        #expect(other.runs[1].specs.map(\.seed) == reluSeeds)
    }

    @Test("front matter defaults apply and a cell's own value wins")
    func defaults() throws {
        let plan = try plan("id: s\nwidth: 8", frontMatter: "seed: 1\ndefaults:\n  width: 32\n  epochs: 3")
        #expect(plan.runs[0].specs[0].width == 8)
        #expect(plan.runs[0].specs[0].epochs == 3)
    }

    @Test("an unknown cell key is an error at its line with a suggestion")
    func unknownKey() {
        let error = error("id: s\ndepht: 4")
        #expect(error?.line == 7)
        #expect(error?.message.contains("did you mean 'depth'?") == true)
    }

    @Test("a depth below 1 is an error at the value's line and column")
    func depthBelowOne() {
        let error = error("id: s\ndepths: [2, 0]")
        #expect(error?.line == 7)
        #expect(error?.column == 13)
        #expect(error?.message.contains("'depth' must be at least 1, found 0") == true)
    }

    @Test("an unknown activation is an error at its line")
    func unknownActivation() {
        let error = error("id: s\nactivations:\n  - relu\n  - sigmoidd")
        #expect(error?.line == 9)
        #expect(error?.message.contains("sigmoidd") == true)
    }

    @Test("a YAML syntax error in a cell names the notebook line")
    func yamlError() {
        let error = error("id: s\ndepths: [1, 2\nwidth: 3")
        #expect(error != nil)
        #expect((error?.line ?? 0) >= 7)
        #expect(error?.message.contains("YAML") == true)
    }

    @Test("an unknown output kind is an error with a suggestion")
    func unknownOutput() {
        let error = error("id: s\nshow: [loss-curve]")
        #expect(error?.line == 7)
        #expect(error?.message.contains("did you mean 'loss-curves'?") == true)
    }

    @Test("two cells with the same id are rejected")
    func duplicateIDs() throws {
        let text = "```gradscope\nid: a\n```\n```gradscope\nid: a\n```\n"
        let notebook = try NotebookParser.parse(text, path: "nb.md")
        #expect(throws: NotebookError.self) { try ReportPipeline.plan(notebook) }
    }
}

@Suite("Sweeping epochs")
struct EpochSweepTests {
    @Test("epochs can be swept like any other setting and name their runs e<N>")
    func epochsAxis() throws {
        let notebook = try NotebookParser.parse("```gradscope\nid: e\nactivations: [sigmoid, relu]\nepochs: [0, 5]\n```\n", path: "nb.md")
        let plan = try ReportPipeline.plan(notebook)[0]
        #expect(plan.runs.map(\.key) == ["sigmoid.e0", "sigmoid.e5", "relu.e0", "relu.e5"])
        #expect(plan.runs.map { $0.specs[0].epochs } == [0, 5, 0, 5])
        #expect(plan.sweptAxes == [.activation, .epochs])
    }

    @Test("a negative epoch count is an error at its value")
    func negativeEpochs() throws {
        let notebook = try NotebookParser.parse("```gradscope\nid: e\nepochs: [3, -1]\n```\n", path: "nb.md")
        #expect(throws: NotebookError(file: "nb.md", line: 3, column: 13, "'epochs' must be 0 or more, found -1")) {
            try ReportPipeline.plan(notebook)
        }
    }
}
