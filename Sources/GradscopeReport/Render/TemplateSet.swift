import Foundation
import Mustache

/// The HTML and Markdown templates: the built-in ones, or a user's folder laid out the same way
/// (`html/report.mustache`, `html/base.mustache`, partials beside them, `html/style.css`,
/// `markdown/report.mustache`, ...). A template that does not parse is an error naming its file and line.
struct TemplateSet {
    var library: MustacheLibrary
    var stylesheet: String
    /// The templates a user's folder supplied, by file name, with the path they came from.
    var userFiles: [String: (path: String, text: String)] = [:]

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
        var set = try make(files: files, origin: directory, origins: origins)
        set.userFiles = Dictionary(uniqueKeysWithValues: origins.map { ($0.key, (path: $0.value, text: files[$0.key]!)) })
        return set
    }

    /// Throws for the first variable a user's template names that the report never provides
    /// (Mustache would render it as nothing): a misspelt `{{captoin}}` is an error at its file and
    /// line. Known are the keys of this report's contexts and every name the built-in templates
    /// use (some, like `author`, exist only when the notebook has them).
    func checkVariables(provided keys: Set<String>) throws {
        let builtIn = BuiltinTemplates.files.filter { $0.key.hasSuffix(".mustache") }.values
            .flatMap(VariableTags.scan).flatMap { $0.name.split(separator: ".").map(String.init) }
        let known = keys.union(builtIn)
        for (file, user) in userFiles.sorted(by: { $0.key < $1.key }) where file.hasSuffix(".mustache") {
            for tag in VariableTags.scan(user.text) {
                for part in tag.name.split(separator: ".") where !known.contains(String(part)) {
                    throw NotebookError(
                        file: user.path, line: tag.line,
                        "the template uses '\(tag.name)', which the report does not provide\(Suggestion.hint(for: String(part), in: Array(known)))")
                }
            }
        }
    }

    private static func make(files: [String: String], origin: String, origins: [String: String] = [:]) throws -> TemplateSet {
        try PartialGraph(files: files).check { origins[$0] ?? "\(origin): \($0)" }
        var library = MustacheLibrary()
        for (name, text) in files.sorted(by: { $0.key < $1.key }) where name.hasSuffix(".mustache") {
            do {
                try library.register(text, named: templateName(name))
            } catch let error as MustacheTemplate.ParserError {
                throw NotebookError(
                    file: origins[name] ?? "\(origin): \(name)", line: error.context.lineNumber, column: error.context.columnNumber,
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

    /// Writes the built-in templates into `directory` for a user to edit. A file that is there
    /// already and differs from the built-in one (a user's edit) is not overwritten unless `force`:
    /// the export then writes nothing and names the first such file.
    static func export(to directory: String, force: Bool) throws -> [String] {
        let root = URL(fileURLWithPath: directory)
        let files = BuiltinTemplates.files.sorted(by: { $0.key < $1.key })
        if !force {
            for (name, text) in files {
                let path = root.appendingPathComponent(name).path
                if let existing = FileManager.default.contents(atPath: path), existing != Data(text.utf8) {
                    throw NotebookError(file: path, "changed since it was exported; not overwriting it (use --force to replace the edited templates)")
                }
            }
        }
        var written: [String] = []
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
                throw NotebookError(file: url.path, "cannot write the template: \(reason)")
            }
            written.append(url.path)
        }
        return written
    }
}

/// The built-in templates, for `gradscope templates export`.
public enum ReportTemplates {
    /// Writes every built-in template under `directory` and returns the paths written; edited
    /// files stay unless `force`.
    public static func export(to directory: String, force: Bool = false) throws -> [String] {
        try TemplateSet.export(to: directory, force: force)
    }
}

/// Which template includes which (`{{> name}}` partials, `{{< name}}` parents), checked before
/// any template is registered: a partial that includes itself, directly or through others, would
/// recurse without end, and a missing one would render as nothing without a word.
struct PartialGraph {
    /// Template name → the names it includes, in order of appearance.
    var edges: [String: [String]]
    /// Template name → file name, for errors.
    var files: [String: String]

    init(files: [String: String]) {
        var edges: [String: [String]] = [:]
        var fileNames: [String: String] = [:]
        for (file, text) in files where file.hasSuffix(".mustache") {
            let name = TemplateSet.templateName(file)
            fileNames[name] = file
            edges[name] = Self.includes(in: text)
        }
        self.edges = edges
        self.files = fileNames
    }

    /// The names after `{{>` and `{{<` tags (spaces allowed around them).
    static func includes(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            let tag = rest.drop { $0 == " " }
            guard let kind = tag.first, kind == ">" || kind == "<", let close = tag.range(of: "}}") else { continue }
            let name = tag[tag.index(after: tag.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { names.append(name) }
        }
        return names
    }

    /// Throws for the first missing or recursive include, naming the including template's file
    /// (`path(file)` says where it came from).
    func check(path: (String) -> String) throws {
        for name in edges.keys.sorted() {
            for included in edges[name]! where edges[included] == nil {
                throw NotebookError(
                    file: path(files[name]!),
                    "includes the template '\(included)', which does not exist (templates: \(edges.keys.sorted().joined(separator: ", ")))")
            }
        }
        var state: [String: Bool] = [:]  // false: on the current path; true: done
        func visit(_ name: String, _ trail: [String]) throws {
            if state[name] == true { return }
            if state[name] == false {
                let cycle = trail.drop { $0 != name } + [name]
                throw NotebookError(file: path(files[trail.last!]!), "templates include each other without end: \(cycle.joined(separator: " → "))")
            }
            state[name] = false
            for included in edges[name]! { try visit(included, trail + [name]) }
            state[name] = true
        }
        for name in edges.keys.sorted() { try visit(name, []) }
    }
}
