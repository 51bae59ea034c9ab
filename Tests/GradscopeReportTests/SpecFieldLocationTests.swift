import GradscopeLab
import Testing

@testable import GradscopeReport

@Suite("Every run setting's bad value is reported at its own notebook line")
struct SpecFieldLocationTests {
    /// A cell in which the line marked `# bad` holds the one bad value of `field`; nil for a field
    /// a notebook cannot set. Exhaustive, so a new field needs a case here.
    static func cell(for field: SpecField) -> String? {
        switch field {
        case .dataset: "dataset:\n  samples: 64\n  name: mnist # bad"
        case .datasetSamples: "dataset:\n  name: electricity\n  samples: 2 # bad"
        case .datasetValidationFraction: "dataset:\n  name: electricity\n  validation: 1.5 # bad"
        case .datasetClasses: "dataset:\n  name: spirals\n  classes: 1 # bad\nloss: cross_entropy"
        case .datasetCSVPath: "dataset:\n  name: electricity\n  path: data.csv # bad"
        case .datasetCSVTarget: "dataset:\n  name: electricity\n  target: load # bad"
        case .activation: "activations:\n  - relu\n  - swish # bad"
        case .depth: "depths:\n  - 2\n  - 1001 # bad"
        case .width: "widths:\n  - 8\n  - 5000 # bad"
        case .initializer: "inits:\n  - auto\n  - normal(x) # bad"
        case .optimizer: "optimizer:\n  lr: 0.1\n  name: rmsprop # bad"
        case .learningRate: "optimizer:\n  name: sgd\n  lr: -1 # bad"
        case .momentum: "optimizer:\n  name: momentum\n  momentum: 1.5 # bad"
        case .beta1: "optimizer:\n  name: adam\n  beta1: 1 # bad"
        case .beta2: "optimizer:\n  name: adam\n  beta2: 1.5 # bad"
        case .epsilon: "optimizer:\n  name: adam\n  epsilon: 0 # bad"
        case .clipNorm: "optimizer:\n  name: sgd\n  clip: -1 # bad"
        case .loss: "dataset: spirals\nepochs: 0\nloss: mse # bad"
        case .batchSize: "batch:\n  - 8\n  - 0 # bad"
        case .epochs: "depth: 2\nepochs: -1 # bad"
        case .histogramBins: nil  // fixed by the report (40 bins); no key sets it
        }
    }

    /// The notebook line of the cell's `# bad` line: the cell starts on line 6.
    static func badLine(_ cell: String) -> Int {
        6 + cell.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasSuffix("# bad") }!
    }

    func planError(_ cell: String) -> NotebookError? {
        let text = "---\nseed: 1\n---\nprose\n```gradscope\nid: c\n\(cell)\n```\n"
        do {
            _ = try ReportPipeline.plan(try NotebookParser.parse(text, path: "nb.md"))
            return nil
        } catch {
            return error as? NotebookError
        }
    }

    @Test("one bad value per field, reported at its line", arguments: SpecField.allCases)
    func located(_ field: SpecField) throws {
        guard let cell = Self.cell(for: field) else { return }
        let error = try #require(planError(cell), "\(field) was accepted")
        #expect(error.line == Self.badLine(cell) + 1, "\(field): \(error.message)")  // + 1 for the `id: c` line
    }

    @Test("the issue's case: momentum 1.5 on line 11 is reported on line 11, not the dataset's line")
    func momentumOnItsLine() throws {
        let cell = "activation: relu\ndataset: electricity\noptimizer:\n  name: momentum\n  momentum: 1.5"
        let error = try #require(planError(cell))
        #expect(error.line == 11 && error.message == "momentum must be in [0, 1), got 1.5")
    }

    @Test("a problem across settings found while planning lands on the setting to change: memory on the width")
    func memoryOnWidth() throws {
        let error = try #require(planError("depth: 1000\nwidths:\n  - 8\n  - 4096"))
        #expect(error.line == 10 && error.message.contains("of memory"))
    }
}
