import Foundation
import Testing
@testable import GradscopeReport

@Suite("Templates")
struct TemplateTests {
    static let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../templates").standardized

    @Test("the embedded templates are exactly the files in templates/")
    func embeddedMatchFolder() throws {
        for (name, text) in BuiltinTemplates.files {
            let onDisk = try String(contentsOf: Self.templatesFolder.appendingPathComponent(name), encoding: .utf8)
            #expect(onDisk == text, "templates/\(name) differs from the embedded copy: run 'make templates'")
        }
        #expect(BuiltinTemplates.files["html/report.mustache"] != nil)
        #expect(BuiltinTemplates.files["markdown/report.mustache"]?.hasPrefix("{{% CONTENT_TYPE: TEXT}}") == true)
    }

    @Test("a template with a syntax error is reported with its file and line")
    func syntaxError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("html"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<p>\n{{#open}}\nnever closed\n".write(to: folder.appendingPathComponent("html/figure.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try TemplateSet.load(from: folder.path)
            Issue.record("expected a template error")
        } catch let error as NotebookError {
            #expect(error.file.hasSuffix("html/figure.mustache"))
            #expect(error.line != nil)
            #expect(error.message.contains("template syntax error"))
        }
    }

    @Test("export writes every built-in template")
    func export() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradscope-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try ReportTemplates.export(to: folder.path)
        #expect(written.count == BuiltinTemplates.files.count)
        let set = try TemplateSet.load(from: folder.path)
        #expect(!set.stylesheet.isEmpty)
    }
}
