import Testing

@testable import GradscopeReport

@Suite("Number formatting and suggestions")
struct FormattingTests {
    @Test(
        "numbers read with three significant digits and superscript exponents",
        arguments: [
            (0.25, "0.25"), (0.000977, "9.77 × 10⁻⁴"), (4.1e-9, "4.1 × 10⁻⁹"), (1e-9, "10⁻⁹"), (12.345, "12.3"),
            (-0.5, "−0.5"), (0, "0"), (1_234_567, "1.23 × 10⁶"), (Double.infinity, "∞"),
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

    @Test("headings get unique anchors and a link to themselves, move below the page title, and make table-of-contents entries")
    func headings() {
        var ids = PageIDs(reserved: ["figure-1"])
        let (html, toc) = Headings.anchor("<h1>The problem</h1><p>x</p><h2>The problem</h2><h3>Figure 1</h3><h2>The problem 2</h2>", ids: &ids)
        #expect(
            html
                == "<div class=\"heading heading-2\"><h2 id=\"the-problem\">The problem</h2><a class=\"anchor\" href=\"#the-problem\" aria-label=\"Link to “The problem”\">#</a></div><p>x</p>"
                + "<div class=\"heading heading-3\"><h3 id=\"the-problem-2\">The problem</h3><a class=\"anchor\" href=\"#the-problem-2\" aria-label=\"Link to “The problem”\">#</a></div>"
                + "<div class=\"heading heading-4\"><h4 id=\"figure-1-2\">Figure 1</h4><a class=\"anchor\" href=\"#figure-1-2\" aria-label=\"Link to “Figure 1”\">#</a></div>"
                + "<div class=\"heading heading-3\"><h3 id=\"the-problem-2-2\">The problem 2</h3><a class=\"anchor\" href=\"#the-problem-2-2\" aria-label=\"Link to “The problem 2”\">#</a></div>",
            "demoted below the page title, ids unique among themselves and the page's own")
        #expect(toc.map { $0.anchor } == ["the-problem", "the-problem-2", "figure-1-2", "the-problem-2-2"])
    }

    @Test("claims tokenise comparisons, powers and products")
    func tokenizer() {
        #expect(ClaimParser.tokenize("a.16.finalLoss>=2 * 0.25^depth") == ["a.16.finalLoss", ">=", "2", "*", "0.25", "^", "depth"])
    }
}
