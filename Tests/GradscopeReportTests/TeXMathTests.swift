import Foundation
import PropertyBased
import Testing

@testable import GradscopeReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The TeX-subset translator: what it draws, where it refuses, and that nothing it is given can
/// crash it, make it slow, or make it write something that is not XML.
@Suite("TeX to MathML")
struct TeXMathTests {
    /// The MathML inside `<semantics>`, without the annotation.
    func body(_ tex: String, display: Bool = false) throws -> String {
        let math = try TeXMath.mathML(tex, display: display)
        let start = try #require(math.range(of: "<semantics>"))
        let end = try #require(math.range(of: "<annotation"))
        return String(math[start.upperBound..<end.lowerBound])
    }

    func failure(_ tex: String) -> TeXMath.Failure? {
        do throws(TeXMath.Failure) {
            _ = try TeXMath.mathML(tex, display: false)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "scripts, Greek letters and operators",
        arguments: [
            ("x_i", "<msub><mi>x</mi><mi>i</mi></msub>"),
            ("x^2", "<msup><mi>x</mi><mn>2</mn></msup>"),
            ("x_i^{2}", "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"),
            ("W_{out}", "<msub><mi>W</mi><mrow><mi>o</mi><mi>u</mi><mi>t</mi></mrow></msub>"),
            ("\\sigma'(z)", "<mrow><msup><mi>σ</mi><mo>&#x2032;</mo></msup><mo stretchy=\"false\">(</mo><mi>z</mi><mo stretchy=\"false\">)</mo></mrow>"),
            ("\\alpha \\le 0.25", "<mrow><mi>α</mi><mo>≤</mo><mn>0.25</mn></mrow>"),
            ("a \\cdot b - c", "<mrow><mi>a</mi><mo>⋅</mo><mi>b</mi><mo>&#x2212;</mo><mi>c</mi></mrow>"),
            ("h \\in \\mathbb{R}^n", "<mrow><mi>h</mi><mo>∈</mo><msup><mi>ℝ</mi><mi>n</mi></msup></mrow>"),
            ("\\Sigma", "<mi mathvariant=\"normal\">Σ</mi>"),
            ("a \\ge b", "<mrow><mi>a</mi><mo>≥</mo><mi>b</mi></mrow>"),
            ("x<y", "<mrow><mi>x</mi><mo>&lt;</mo><mi>y</mi></mrow>"),
        ])
    func basics(tex: String, expected: String) throws {
        #expect(try body(tex) == expected)
    }

    @Test("fractions, norms, products, sums and partial derivatives")
    func structures() throws {
        #expect(
            try body("\\frac{\\partial L}{\\partial W_l}")
                == "<mfrac><mrow><mi>∂</mi><mi>L</mi></mrow><mrow><mi>∂</mi><msub><mi>W</mi><mi>l</mi></msub></mrow></mfrac>")
        #expect(try body("\\|x\\|_2") == "<mrow><mo stretchy=\"false\">‖</mo><mi>x</mi><msub><mo stretchy=\"false\">‖</mo><mn>2</mn></msub></mrow>")
        #expect(
            try body("\\prod_{k=l}^{L-1} a_k", display: true)
                == "<mrow><munderover><mo largeop=\"true\" movablelimits=\"true\">∏</mo><mrow><mi>k</mi><mo>=</mo><mi>l</mi></mrow><mrow><mi>L</mi><mo>&#x2212;</mo><mn>1</mn></mrow></munderover><msub><mi>a</mi><mi>k</mi></msub></mrow>"
        )
        #expect(try body("\\sum_i x_i").hasPrefix("<mrow><munder><mo largeop=\"true\" movablelimits=\"true\">∑</mo><mi>i</mi></munder>"))
        #expect(
            try body("\\int_0^1 f").hasPrefix("<mrow><msubsup><mo largeop=\"true\">∫</mo><mn>0</mn><mn>1</mn></msubsup>"), "integrals keep their limits beside")
        #expect(try body("\\sqrt[3]{x}") == "<mroot><mi>x</mi><mn>3</mn></mroot>")
        #expect(
            try body("\\left( \\frac{1}{2} \\right)")
                == "<mrow><mo fence=\"true\" stretchy=\"true\" form=\"prefix\">(</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mo fence=\"true\" stretchy=\"true\" form=\"postfix\">)</mo></mrow>"
        )
        #expect(try body("\\log_{10} x") == "<mrow><msub><mi>log</mi><mn>10</mn></msub><mo>&#x2061;</mo><mi>x</mi></mrow>")
        #expect(try body("\\text{if } x") == "<mrow><mtext>if&#xA0;</mtext><mi>x</mi></mrow>".replacingOccurrences(of: "&#xA0;", with: "\u{A0}"))
        #expect(try body("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}").contains("<mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr>"))
        #expect(try body("\\hat{y}") == "<mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">^</mo></mover>")
        #expect(try body("\\mathbf{W}") == "<mi>𝐖</mi>")
        #expect(try body("\\mathrm{d}x") == "<mrow><mi mathvariant=\"normal\">d</mi><mi>x</mi></mrow>")
    }

    @Test("the math element: inline or block, the TeX kept as its annotation, escaped")
    func wrapper() throws {
        #expect(
            try TeXMath.mathML("a<b", display: false)
                == "<math><semantics><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow><annotation encoding=\"application/x-tex\">a&lt;b</annotation></semantics></math>"
        )
        #expect(try TeXMath.mathML("x", display: true).hasPrefix("<math display=\"block\"><semantics><mi>x</mi>"))
    }

    @Test(
        "what it does not know is a failure at its place",
        arguments: [
            ("a + \\foo b", 4, "unknown TeX command \\foo"),
            ("{a + b", 0, "'{' is never closed"),
            ("a + b}", 5, "'}' without a matching '{'"),
            ("x^", 2, "a superscript is missing"),
            ("x_1_2", 3, "a second subscript"),
            ("a & b", 2, "'&' outside an environment"),
            ("\\left( a", 0, "\\left without a matching \\right"),
            ("\\begin{foo} a \\end{foo}", 0, "unknown environment 'foo'"),
            ("\\frac{1}", 8, "the denominator of \\frac is missing"),
            ("a\u{1B}[31m", 1, "a control or formatting character (U+001B)"),
            ("a\u{202E}b", 1, "a control or formatting character (U+202E)"),
            ("\\\u{202E}", 0, "unknown TeX command \\U+202E"),
        ])
    func failures(tex: String, offset: Int, message: String) throws {
        let error = try #require(failure(tex))
        #expect(error.offset == offset)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test("nesting is refused beyond the depth limit, and long input takes linear time")
    func bounded() throws {
        let deep = String(repeating: "{", count: 10_000) + "x" + String(repeating: "}", count: 10_000)
        #expect(failure(deep)?.message.contains("nested more than \(TeXMath.maxDepth) levels") == true)
        #expect(failure(String(repeating: "x^{", count: 500))?.message.contains("nested more than") == true)
        _ = try TeXMath.mathML(String(repeating: "{", count: 20) + "x" + String(repeating: "}", count: 20), display: false)

        let small: String
        let large: String
        let piece = "\\frac{\\partial L}{\\partial h_l} \\cdot \\|W\\|_2^{\\alpha} + \\sum_{i=1}^n x_i "
        let time = { (text: String) in fastest { _ = try? TeXMath.mathML(text, display: true) } }
        small = String(repeating: piece, count: 200)
        large = String(repeating: piece, count: 1_600)
        let (smallTime, largeTime) = (time(small), time(large))
        #expect(largeTime < smallTime * 24, "8× the input took \(largeTime) against \(smallTime)")
        #expect(largeTime < .seconds(10))
    }

    @Test("any input translates to well-formed XML or fails at an offset inside it")
    func property() async {
        await propertyCheck(count: 600, input: texStrings) { tex in
            do throws(TeXMath.Failure) {
                let math = try TeXMath.mathML(tex, display: tex.count % 2 == 0)
                #expect(XMLCheck.isWellFormed(math), "not well-formed XML: \(math) for \(tex.debugDescription)")
            } catch {
                #expect(error.offset >= 0 && error.offset <= tex.count, "\(error) for \(tex.debugDescription)")
                #expect(TerminalSafe.check(error.message), "the message carries a control character: \(error.message.debugDescription)")
            }
        }
    }
}

/// TeX's syntax and neighbours that stick to it.
private let texPieces: [String] = [
    "\\", "{", "}", "^", "_", "'", "&", "\\\\", "$", "%", "#", "~", " ", "\n", "\t", "x", "W", "1", "2.5", ".", "(", ")", "[", "]", "|",
    "<", ">", "\"", "+", "-", "=", "\\frac", "\\sqrt", "\\left", "\\right", "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{cases}",
    "\\end{cases}", "\\begin{", "\\end{", "\\text{", "\\operatorname*{", "\\mathbf", "\\mathbb", "\\sum", "\\prod", "\\int", "\\limits",
    "\\nolimits", "\\alpha", "\\sigma", "\\partial", "\\|", "\\{", "\\}", "\\,", "\\!", "\\big", "\\hat", "\\overline", "\\displaystyle",
    "\\log", "\\max", "\\foo", "\\langle", ".", "é", "\u{301}", "\u{0}", "\u{1B}", "\u{202E}", "\u{FFFE}", "😀", "\u{E000}",
]

private let texStrings = zip(Gen.int(in: 0...(texPieces.count + texPieces.count / 7)), Gen<UInt32>.value(in: 0...0x10FFFF))
    .map { index, scalar in index < texPieces.count ? texPieces[index] : String(UnicodeScalar(scalar) ?? "\u{FFFD}") }
    .array(of: 0...40)
    .map { $0.joined() }

/// Well-formedness by Foundation's XML parser (libxml2).
enum XMLCheck {
    static func isWellFormed(_ xml: String) -> Bool {
        let parser = XMLParser(data: Data(xml.utf8))
        return parser.parse()
    }
}

/// No C0/C1 control or bidirectional formatting character.
enum TerminalSafe {
    static func check(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
    }
}

/// The shortest of three runs of `body`: the time it takes on a machine doing nothing else, near enough.
func fastest(_ body: () -> Void) -> Duration {
    (0..<3).map { _ in ContinuousClock().measure(body) }.min()!
}
