import Testing

@testable import GradscopeReport

@Suite("Notebook parser")
struct NotebookParserTests {
    let notebook = """
        ---
        title: A test
        seed: 7
        ---
        # Intro
        Some prose.

        ```gradscope
        id: sweep
        depths: [1, 2]
        ```

        After.
        """

    @Test("splits front matter, prose and cells, keeping notebook line numbers")
    func splitsBlocks() throws {
        let parsed = try NotebookParser.parse(notebook, path: "test.md")
        #expect(parsed.frontMatter.title == "A test")
        #expect(parsed.frontMatter.seed == 7)
        #expect(parsed.blocks.count == 3)
        guard case .prose(let text, let firstLine) = parsed.blocks[0] else {
            Issue.record("expected prose first")
            return
        }
        #expect(text.hasPrefix("# Intro"))
        #expect(firstLine == 5)
        #expect(parsed.cells.count == 1)
        #expect(parsed.cells[0].fenceLine == 8)
        #expect(parsed.cells[0].yaml.firstLine == 9)
        #expect(parsed.name == "test")
    }

    @Test("an unclosed cell is an error at its opening fence")
    func unclosedCell() {
        #expect(throws: NotebookError(file: "n.md", line: 2, "gradscope cell is never closed (expected a line '```')")) {
            try NotebookParser.parse("text\n```gradscope\nid: a\n", path: "n.md")
        }
    }

    @Test("an unknown front matter key names its line and a close match")
    func unknownFrontMatterKey() {
        do {
            _ = try NotebookParser.parse("---\ntitle: x\ntitel: y\n---\n", path: "n.md")
            Issue.record("expected an error")
        } catch let error as NotebookError {
            #expect(error.line == 3)
            #expect(error.message.contains("'titel'"))
            #expect(error.message.contains("did you mean 'title'?"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a YAML error in the front matter points at its notebook line")
    func frontMatterYAMLError() {
        do {
            _ = try NotebookParser.parse("---\ntitle: x\nseed: [1, 2\n---\n", path: "n.md")
            Issue.record("expected an error")
        } catch let error as NotebookError {
            #expect(error.description.hasPrefix("n.md:"))
            #expect((error.line ?? 0) >= 3)
            #expect(error.message.contains("YAML"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a missing notebook file says so")
    func missingFile() {
        #expect(throws: NotebookError(file: "/nonexistent/n.md", "no such notebook")) {
            try NotebookParser.parse(file: "/nonexistent/n.md")
        }
    }
}
