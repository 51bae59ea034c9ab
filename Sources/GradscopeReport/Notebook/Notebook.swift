import Foundation
import Yams

/// A parsed notebook: front matter, then prose and experiment cells in reading order.
public struct Notebook {
    /// The path as the user gave it; every error message names it.
    public var path: String
    /// The file name without extension: the output folder's name.
    public var name: String
    public var frontMatter: FrontMatter
    public var blocks: [Block]

    public var cells: [CellSource] {
        blocks.compactMap { if case .cell(let cell) = $0 { cell } else { nil } }
    }
}

/// Notebook-wide settings from the YAML front matter.
public struct FrontMatter {
    public var title: String
    public var author: String?
    public var description: String?
    /// Every run's seed derives from this one and the run's own settings.
    public var seed: UInt64
    /// Cell settings applied to every cell unless the cell sets them itself (a YAML mapping).
    public var defaults: YAMLMapping?

    public static let keys = ["title", "author", "description", "seed", "defaults"]
}

public enum Block {
    /// Markdown prose; `firstLine` is its 1-based line in the notebook.
    case prose(text: String, firstLine: Int)
    case cell(CellSource)
}

/// The YAML text of one fenced `gradscope` cell.
public struct CellSource: Sendable {
    public var yaml: YAMLSource
    /// Line of the opening fence.
    public var fenceLine: Int
}

/// A YAML mapping's entries in order, with the source that locates them.
public struct YAMLMapping {
    public var entries: [(key: Node, value: Node)]
    public var source: YAMLSource
}

/// A piece of YAML and where it sits in the notebook, so that errors point at notebook lines.
public struct YAMLSource: Sendable {
    public var text: String
    /// Notebook line of the YAML's first line.
    public var firstLine: Int
    public var file: String

    /// The composed YAML tree, or an error located in the notebook. Anchors, aliases and tags are
    /// refused before composing (`YAMLScreen`), so composing never expands an alias.
    func compose() throws -> Node? {
        try YAMLScreen.check(self)
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw located(error)
        }
    }

    /// Where `node` stands in the notebook.
    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: firstLine, column: nil) }
        return SourceLocation(file: file, line: firstLine + mark.line - 1, column: mark.column)
    }

    /// An error about `node`, located at its line and column in the notebook.
    func error(at node: Node?, _ message: String) -> NotebookError {
        guard let mark = node?.mark else { return NotebookError(file: file, line: firstLine, message) }
        return NotebookError(file: file, line: firstLine + mark.line - 1, column: mark.column, message)
    }

    private func located(_ error: YamlError) -> NotebookError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let opened = context.map { " (\($0.text) at line \(firstLine + $0.mark.line - 1))" } ?? ""
            return NotebookError(file: file, line: firstLine + mark.line - 1, column: mark.column, "invalid YAML: \(problem)\(opened)")
        case .reader(let problem, let offset, let value, let yaml):
            let (line, column) = Self.position(ofCharacter: offset ?? 0, in: yaml)
            let found = value >= 0 ? String(format: "found U+%04X; ", value) : ""
            return NotebookError(file: file, line: firstLine + line - 1, column: column, "invalid YAML: \(problem) (\(found)expected printable text)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return NotebookError(
                file: file, line: firstLine + context.mark.line - 1, column: context.mark.column,
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        default:
            return NotebookError(file: file, line: firstLine, "invalid YAML: \(error)")
        }
    }

    /// The 1-based line and column of the character `offset` characters into `text`.
    private static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
