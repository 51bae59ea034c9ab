import Foundation
import PropertyBased
import Testing

@testable import GradscopeReport

/// `$…$` and `$$…$$` in prose: found where a reader means maths, left alone in code and as
/// currency, protected from cmark, and put into the page as MathML.
@Suite("Maths in prose")
struct ProseMathTests {
    func html(_ markdown: String) -> String {
        ReportFiles.html(fromMarkdown: markdown)
    }

    @Test("inline and display maths become MathML, underscores and backslashes intact")
    func mathML() {
        let page = html(
            "The gradient $\\frac{\\partial L}{\\partial W_l}$ at $x_i$ and $y_i$ shrinks:\n\n$$\n\\|\\delta_1\\| \\le \\prod_{k=2}^{L} \\sigma'(z_k) \\, \\|W_k\\|\n$$\n"
        )
        #expect(page.contains("<p>The gradient <math><semantics><mfrac>"))
        #expect(page.contains("<msub><mi>x</mi><mi>i</mi></msub>"), "x_i is a subscript, not emphasis")
        #expect(!page.contains("<em>"))
        #expect(page.contains("<math display=\"block\"><semantics>"))
        #expect(page.contains("<mi>σ</mi>") && page.contains("<mo stretchy=\"false\">‖</mo>") && page.contains("∏"))
        #expect(page.contains("<annotation encoding=\"application/x-tex\">\\frac{\\partial L}{\\partial W_l}</annotation>"), "the TeX as written")
    }

    @Test(
        "code spans and code blocks keep their dollars",
        arguments: [
            ("Run `echo $x$` now.", "<code>echo $x$</code>"),
            ("Run ``a `$x$` b`` now.", "<code>a `$x$` b</code>"),
            ("```sh\necho $HOME $x$\n```\n", "<pre tabindex=\"0\"><code class=\"language-sh\">echo $HOME $x$\n</code></pre>"),
            ("    $x$ indented code\n", "<pre tabindex=\"0\"><code>$x$ indented code\n</code></pre>"),
            ("<div>$x$</div>\n", "<div>$x$</div>"),
            ("A [link](https://example.com/$x$) here.", "<a href=\"https://example.com/$x$\">link</a>"),
        ])
    func code(markdown: String, expected: String) {
        let page = html(markdown)
        #expect(page.contains(expected), "\(page)")
        #expect(!page.contains("<math"))
    }

    @Test(
        "dollars as currency stay text",
        arguments: [
            "It costs $5 and $10 in total.",
            "From $5 to $6.",
            "A price of $ 3 and 4 $ more.",
            "Escaped \\$x\\$ dollars.",
            "The range $1$2 is odd.",
        ])
    func currency(markdown: String) {
        #expect(!html(markdown).contains("<math"), "\(html(markdown))")
    }

    @Test("a currency dollar before maths leaves the maths whole")
    func currencyThenMaths() {
        let page = html("It costs $5 and takes $x^2$ steps.")
        #expect(page.contains("It costs $5 and takes <math>"))
        #expect(page.contains("<msup><mi>x</mi><mn>2</mn></msup>"))
    }

    @Test("maths does not cross a paragraph, a table cell or a list item")
    func boundaries() {
        #expect(!html("a $x\n\ny$ b").contains("<math"))
        let table = html("| a | b |\n| - | - |\n| $x | y$ |\n| $z$ | w |\n")
        #expect(table.contains("<td>$x</td>") && table.contains("<td>y$</td>"))
        #expect(table.contains("<td><math><semantics><mi>z</mi>"))
    }

    @Test("maths in a heading, an image's alt text and emphasis")
    func contexts() {
        var ids = PageIDs(reserved: [])
        let (page, toc) = Headings.anchor(html("# The $\\sigma$ problem\n\n![loss of $x_1$](a.png)\n\n*about $y_2$*\n"), ids: &ids)
        #expect(page.contains("<h2 id=\"the-problem\">The <math><semantics><mi>σ</mi>"))
        #expect(toc.first?.text == "The σ problem", "the contents show the formula's text, not its TeX")
        #expect(page.contains("alt=\"loss of $x_1$\""), "an attribute gets the TeX, not MathML")
        #expect(page.contains("<em>about <math>"))
    }

    @Test("a formula it cannot draw shows as TeX and is reported at its line and column")
    func problems() {
        let (page, problems) = ReportFiles.prose("First line.\n\nSee $a + \\foo{b}$ and\n$$\n\\frac{1}\n$$\n", safe: false)
        #expect(page.contains("<code class=\"tex\">$a + \\foo{b}$</code>"))
        #expect(
            problems == [
                ProseMath.Problem(line: 3, column: 10, message: "unknown TeX command \\foo"),
                ProseMath.Problem(line: 5, column: 9, message: "the denominator of \\frac is missing"),
            ])
    }

    @Test("a private-use character in the text cannot be taken for a placeholder")
    func placeholders() {
        let page = html("Odd \u{E000}0\u{E001} text and $x$.")
        #expect(page.contains("Odd \u{E000}0\u{E001} text and <math>"))
    }

    @Test("safe mode still draws maths")
    func safe() {
        let page = ReportFiles.html(fromMarkdown: "<b>x</b> $a_1$", safe: true)
        #expect(page.contains("raw HTML omitted") && page.contains("<msub><mi>a</mi><mn>1</mn></msub>"))
    }

    @Test("prose with thousands of dollars, backticks and brackets takes time linear in its length")
    func hostile() {
        let patterns: [(String, (Int) -> String)] = [
            ("dollars", { String(repeating: "$a ", count: $0) }), ("formulas", { String(repeating: "$`", count: $0) }),
            ("open tags", { String(repeating: "<a ", count: $0) + "$x$" }), ("open links", { String(repeating: "](", count: $0) + "$x$" }),
            ("backtick runs", { (1...($0 / 10)).map { String(repeating: "`", count: $0 % 60 + 1) + "$x$" }.joined(separator: " ") }),
        ]
        for (name, text) in patterns {
            let (small, large) = (text(2_500), text(20_000))
            let (smallTime, largeTime) = (fastest { _ = html(small) }, fastest { _ = html(large) })
            #expect(largeTime < smallTime * 24, "\(name): 8× the input took \(largeTime) against \(smallTime)")
            #expect(largeTime < .seconds(20), "\(name) took \(largeTime)")
        }
    }

    @Test("any prose renders to HTML in which every placeholder was put back")
    func property() async {
        await propertyCheck(count: 400, input: proseStrings) { text in
            let page = html(text)
            if let (_, _, marks) = ProseMath.protect(text) {
                #expect(
                    !page.unicodeScalars.contains(marks.open) && !page.unicodeScalars.contains(marks.close),
                    "a placeholder was left in \(page.debugDescription) for \(text.debugDescription)")
            }
        }
    }
}

private let prosePieces: [String] = [
    "$", "$$", "`", "``", "\\", "\\$", "x", "_", "^", "{", "}", "*", "<", ">", "<a href=\"", "](", ")", "[", "]", "|", "\n", "\n\n",
    " ", "    ", "# ", "- ", "> ", "```\n", "\\frac{1}{2}", "\\sigma", "5", "é", "\u{E000}", "\u{E001}", "0",
]

private let proseStrings = Gen.int(in: 0..<prosePieces.count).map { prosePieces[$0] }.array(of: 0...40).map { $0.joined() }
