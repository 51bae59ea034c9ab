import Testing
@testable import GradscopeReport

@Suite("Number formatting and suggestions")
struct FormattingTests {
    @Test("numbers read with three significant digits and superscript exponents", arguments: [
        (0.25, "0.25"), (0.000977, "9.77 × 10⁻⁴"), (4.1e-9, "4.1 × 10⁻⁹"), (1e-9, "10⁻⁹"), (12.345, "12.3"),
        (-0.5, "−0.5"), (0, "0"), (1234567, "1.23 × 10⁶"), (Double.infinity, "∞"),
    ])
    func readable(value: Double, expected: String) {
        #expect(NumberFormat.readable(value) == expected)
    }

    @Test("exact form round-trips")
    func exact() {
        let value = 0.1 + 0.2
        #expect(Double(NumberFormat.exact(value)) == value)
        #expect(NumberFormat.exact(.nan) == "NaN")
    }

    @Test("the closest candidate within a small edit distance is suggested")
    func suggestion() {
        #expect(Suggestion.closest(to: "sigmoidd", in: ["sigmoid", "tanh"]) == "sigmoid")
        #expect(Suggestion.closest(to: "xyz", in: ["sigmoid", "tanh"]) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }

    @Test("headings get unique anchors, move below the page title, and make table-of-contents entries")
    func headings() {
        var anchors: [String: Int] = [:]
        let (html, toc) = Headings.anchor("<h1>The problem</h1><p>x</p><h2>The problem</h2>", anchors: &anchors)
        #expect(html == "<h2 id=\"the-problem\">The problem</h2><p>x</p><h3 id=\"the-problem-2\">The problem</h3>", "demoted below the page title")
        #expect(toc.count == 2)
    }

    @Test("claims tokenise comparisons, powers and products")
    func tokenizer() {
        #expect(ClaimParser.tokenize("a.16.finalLoss>=2 * 0.25^depth") == ["a.16.finalLoss", ">=", "2", "*", "0.25", "^", "depth"])
    }
}
