import Testing

@testable import GradscopeCairo

@Suite("SVG surface ids")
struct SVGWriterTests {
    @Test("process-wide surface names are renumbered by first appearance")
    func renumbering() {
        let input = Array(##"<g id="surface418"><use xlink:href="#surface418"/><g id="surface7"/>surfaces"##.utf8)
        let output = String(decoding: SVGWriter.renumberingSurfaces(input), as: UTF8.self)
        #expect(output == ##"<g id="surface1"><use xlink:href="#surface1"/><g id="surface2"/>surfaces"##)
    }
}
