import Foundation
import Mustache

/// The HTML and Markdown templates: the built-in ones, or a user's folder laid out the same way
/// (`html/report.mustache`, `html/base.mustache`, partials beside them, `html/style.css`,
/// `markdown/report.mustache`, ...). A template that does not parse is an error naming its file and line.
struct TemplateSet {
    var library: MustacheLibrary
    var stylesheet: String

    static func builtIn() throws -> TemplateSet {
        try make(files: BuiltinTemplates.files, origin: "built-in templates")
    }

    /// Loads every `.mustache` file under `directory` (and `html/style.css`), falling back to the
    /// built-in template for any file the folder does not have.
    static func load(from directory: String) throws -> TemplateSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw NotebookError(file: directory, "no such templates folder")
        }
        var files = BuiltinTemplates.files
        var origins: [String: String] = [:]
        let root = URL(fileURLWithPath: directory)
        for name in BuiltinTemplates.files.keys {
            let url = root.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            guard let text = String(data: data, encoding: .utf8) else { throw NotebookError(file: url.path, "template is not UTF-8 text") }
            files[name] = text
            origins[name] = url.path
        }
        return try make(files: files, origin: directory, origins: origins)
    }

    private static func make(files: [String: String], origin: String, origins: [String: String] = [:]) throws -> TemplateSet {
        var library = MustacheLibrary()
        for (name, text) in files.sorted(by: { $0.key < $1.key }) where name.hasSuffix(".mustache") {
            do {
                try library.register(text, named: templateName(name))
            } catch let error as MustacheTemplate.ParserError {
                throw NotebookError(file: origins[name] ?? "\(origin): \(name)", line: error.context.lineNumber, column: error.context.columnNumber,
                                    "template syntax error: \(error.error)")
            }
        }
        return TemplateSet(library: library, stylesheet: files["html/style.css"] ?? "")
    }

    /// `html/figure.mustache` is registered as `html-figure` (Mustache section names cannot hold `/`).
    static func templateName(_ path: String) -> String {
        String(path.dropLast(".mustache".count)).replacingOccurrences(of: "/", with: "-")
    }

    /// Renders a registered template; a missing one is an error rather than an empty page.
    func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard let text = library.render(context, withTemplate: name) else {
            throw NotebookError(file: name, "no template '\(name)'")
        }
        return text
    }

    /// Writes the built-in templates into `directory` for a user to edit.
    static func export(to directory: String) throws -> [String] {
        let root = URL(fileURLWithPath: directory)
        var written: [String] = []
        for (name, text) in BuiltinTemplates.files.sorted(by: { $0.key < $1.key }) {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
            written.append(url.path)
        }
        return written
    }
}

/// The built-in templates, for `gradscope templates export`.
public enum ReportTemplates {
    /// Writes every built-in template under `directory` and returns the paths written.
    public static func export(to directory: String) throws -> [String] {
        try TemplateSet.export(to: directory)
    }
}
