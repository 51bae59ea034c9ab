import Foundation
import Testing

@testable import GradscopeReport

/// The built-in templates read only keys the context types have. Mustache renders a key it cannot
/// find as nothing, without a word, so a key renamed in a template or in a context struct fails
/// here instead: each template is walked tag by tag with the contexts Mustache would have on its
/// stack, every optional of them filled in.
@Suite("Template keys")
struct TemplateKeysTests {
    /// `BuiltinTemplateTests.context()` with every optional set.
    static func fullPage() -> PageContext {
        var page = BuiltinTemplateTests.context()
        page.previewImage = PreviewImage(source: "figures/sweep-loss.png", alt: "Loss falls.")
        guard var cell = page.blocks[1].cell, var figure = cell.items[0].figure else { return page }
        figure.svgSource = "figures/sweep-loss.svg"
        cell.items[0] = .figure(figure)
        cell.seedStatement = "Every run repeats with 2 seeds."
        page.blocks[1] = .cell(cell)
        return page
    }

    static func fullSite() -> SiteContext {
        let entry = SiteEntryContext(
            title: "Depth", href: "depth/index.html", description: "Why depth stalls.", claimsPassed: 2, claimsFailed: 1,
            claimsTotal: 3, claimsCounted: "3 claims", status: "failed", noClaims: false, allPassed: false, someFailed: true,
            thumbnail: Thumbnail(light: "depth/figures/a.png", dark: "depth/figures/a.dark.png", width: 240, height: 90))
        return SiteContext(title: "Reports", generator: "gradscope test", stylesheet: "body {}", count: 1, countText: "One report", reports: [entry])
    }

    static func figurePage() -> FigurePageContext {
        FigurePageContext(
            title: "Depth", number: 1, width: 920, height: 330, source: "a.png", darkSource: "a.dark.png", alt: "Loss falls.",
            captionHTML: "Loss.", report: "../index.html#figure-1")
    }

    /// The contexts on Mustache's stack when each template starts, outermost first: a partial
    /// sees its includer's contexts too.
    static func stacks() -> [String: [[String: Any]]] {
        let page = fullPage().mustacheContext
        let block = merged(page["blocks"])
        let cell = merged(block["cell"])
        let item = merged(cell["items"])
        let claim = merged(cell["claims"])
        let figure = merged(item["figure"])
        let table = merged(item["table"])
        var stacks: [String: [[String: Any]]] = [
            "html-site": [fullSite().mustacheContext], "markdown-site": [fullSite().mustacheContext],
            "html-figure-page": [figurePage().mustacheContext],
        ]
        for format in ["html", "markdown"] {
            stacks["\(format)-report"] = [page]
            stacks["\(format)-appendix"] = [page]
            stacks["\(format)-cell"] = [page, block, cell]
            stacks["\(format)-claim"] = [page, block, cell, claim]
            stacks["\(format)-figure"] = [page, block, cell, item, figure]
            stacks["\(format)-table"] = [page, block, cell, item, table]
        }
        stacks["html-base"] = [page]
        return stacks
    }

    /// A section over an array sees one element at a time; every element's keys together stand
    /// for them (a cell's items are figures and tables).
    static func merged(_ value: Any?) -> [String: Any] {
        switch value {
        case let dictionary as [String: Any]: dictionary
        case let array as [Any]: array.reduce(into: [:]) { $0.merge(merged($1)) { first, _ in first } }
        default: [:]
        }
    }

    /// The value a dotted name finds, looked up from the innermost context outwards as Mustache does.
    static func resolve(_ name: String, in stack: [[String: Any]]) -> Any? {
        let parts = name.split(separator: ".").map(String.init)
        for context in stack.reversed() {
            guard var value = context[parts[0]] else { continue }
            for part in parts.dropFirst() {
                guard let next = (value as? [String: Any])?[part] else { return nil }
                value = next
            }
            return value
        }
        return nil
    }

    /// The names in `text` that resolve to nothing, walking its sections: `{{#name}}` over a
    /// dictionary or an array of them pushes it, over anything else pushes nothing new.
    static func unresolved(_ text: String, stack start: [[String: Any]]) -> [String] {
        var missing: [String] = []
        var stack = start
        var pushed: [Bool] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            let triple = rest.first == "{"
            guard let close = rest.range(of: triple ? "}}}" : "}}") else { break }
            var body = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if triple { body.removeFirst() }
            let sigil = body.first.map(String.init) ?? ""
            let name = "#^&/$<".contains(sigil) ? String(body.dropFirst()).trimmingCharacters(in: .whitespaces) : body
            switch sigil {
            case "!", ">", "%", "=": continue
            case "/":
                if pushed.removeLast() { stack.removeLast() }
                continue
            case "$", "<":
                pushed.append(false)
                continue
            default: break
            }
            guard name != "." else { continue }
            guard let value = resolve(name, in: stack) else {
                missing.append(name)
                if sigil == "#" || sigil == "^" { pushed.append(false) }
                continue
            }
            if sigil == "#" || sigil == "^" {
                let inner = merged(value)
                let push = sigil == "#" && !inner.isEmpty
                if push { stack.append(inner) }
                pushed.append(push)
            }
        }
        return missing
    }

    @Test(
        "every name a built-in template reads is a property of its context",
        arguments: BuiltinTemplates.files.keys.filter { $0.hasSuffix(".mustache") }.sorted())
    func keysExist(file: String) throws {
        let name = TemplateSet.templateName(file)
        let stack = try #require(Self.stacks()[name], "\(file) has no context in this test: add its stack")
        #expect(Self.unresolved(BuiltinTemplates.files[file]!, stack: stack) == [], "\(file) reads names its context does not have")
    }

    @Test("the walk notices a renamed key, in a section and in a dotted name")
    func renamedKeyIsCaught() {
        let stack = Self.stacks()["html-report"]!
        #expect(Self.unresolved("{{#claims.any}}{{claims.total}}{{/claims.any}}{{title}}", stack: stack) == [])
        #expect(
            Self.unresolved("{{titel}}{{claims.totl}}{{#blocks}}{{#cell}}{{idd}}{{id}}{{/cell}}{{/blocks}}", stack: stack) == ["titel", "claims.totl", "idd"])
        #expect(Self.unresolved("{{#blocks}}{{#cell}}{{/cell}}{{/blocks}}{{id}}", stack: stack) == ["id"], "a section's keys end with it")
    }

    @Test("every key escaped for Markdown is a property of some context, so renaming one cannot drop its escaping")
    func proseKeysExist() {
        let keys = VariableTags.keys(in: Self.fullPage().mustacheContext).union(VariableTags.keys(in: Self.fullSite().mustacheContext))
        #expect(MarkdownText.proseKeys.subtracting(keys) == [])
    }

    @Test("a context becomes a dictionary by property name; a nil optional is left out so Mustache looks further out")
    func conversion() throws {
        let figure = BuiltinTemplateTests.figure(id: "a", selfContained: true)
        let context = figure.mustacheContext
        #expect(context["number"] as? Int == 1 && context["source"] as? String == "figures/a-loss.png")
        #expect(context["enlarge"] == nil && context["svgSource"] == nil)
        let cell = BuiltinTemplateTests.cell(id: "c", claims: [("x < 1", false, ["x = 2 ≥ 1"])]).mustacheContext
        let claims = try #require(cell["claims"] as? [Any])
        let claim = try #require(claims.first as? [String: Any])
        #expect(claim["passed"] as? Bool == false && claim["status"] as? String == "failed" && claim["code"] as? String == "`x < 1`")
        let items = try #require(cell["items"] as? [[String: Any]])
        #expect((items[0]["figure"] as? [String: Any])?["anchor"] as? String == "figure-1" && items[0]["table"] == nil)
        #expect(items[1]["isFigure"] as? Bool == false && items[1]["isTable"] as? Bool == true)
    }

    @Test(
        "every built-in template, filled in completely, leaves no attribute empty",
        arguments: BuiltinTemplates.files.keys.filter { $0.hasSuffix(".mustache") }.sorted())
    func noEmptyAttributes(file: String) throws {
        let name = TemplateSet.templateName(file)
        let stack = try #require(Self.stacks()[name])
        let context = stack.reduce(into: [String: Any]()) { $0.merge($1) { _, inner in inner } }
        let text = try TemplateSet.builtIn().render(name, context)
        #expect(!text.isEmpty)
        for attribute in ["src", "srcset", "href", "alt", "width", "height", "id"] where text.contains(" \(attribute)=\"\"") {
            #expect(attribute == "alt" && name.contains("site"), "\(file) renders \(attribute)=\"\": \(text.prefix(200))")
        }
    }
}
