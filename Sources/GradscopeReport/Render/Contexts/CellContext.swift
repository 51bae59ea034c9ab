/// `html/cell.mustache`, `markdown/cell.mustache`: one experiment, its configuration, its
/// figures and tables in the order `show:` asks for, and its claims.
struct CellContext: TemplateContext {
    var id: String
    /// The cell's YAML as written, and a code fence longer than any backtick run inside it.
    var yaml: String
    var yamlFence: String
    var hidesConfig: Bool
    /// Training runs: settings × seeds.
    var runCount: Int
    /// "3 settings × 2 seeds", when there is more than one seed.
    var seedNote: String?
    /// What the seeds are for (`CellResults.seedStatement`), when the cell says.
    var seedStatement: String?
    var items: [ItemContext]
    var claims: [ClaimContext]
    var hasClaims: Bool
}

/// A figure or a table of a cell.
struct ItemContext: TemplateContext {
    var isFigure = false
    var figure: FigureContext?
    var isTable = false
    var table: TableContext?

    static func figure(_ figure: FigureContext) -> ItemContext { ItemContext(isFigure: true, figure: figure) }
    static func table(_ table: TableContext) -> ItemContext { ItemContext(isTable: true, table: table) }
}

/// `html/claim.mustache`, `markdown/claim.mustache`: one checked claim.
struct ClaimContext: TemplateContext {
    var text: String
    /// The claim as a Markdown code span (`MarkdownText.code`), for `report.md`.
    var code: String
    var passed: Bool
    /// "passed" or "failed", the class of its list item.
    var status: String
    /// One line per binding: "relu.4.finalLoss = 0.304 ≥ 0.1".
    var evidence: [String]
    /// In how many seeds it held.
    var seeds: String

    init(text: String, passed: Bool, evidence: [String], seeds: String) {
        self.text = text
        self.code = MarkdownText.code(text)
        self.passed = passed
        self.status = passed ? "passed" : "failed"
        self.evidence = evidence
        self.seeds = seeds
    }
}
