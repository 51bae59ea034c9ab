import Foundation
import Yams

/// Splits a notebook into front matter, prose and fenced `gradscope` cells, keeping line numbers.
///
/// Format: an optional front matter block between `---` lines at the very top; then Markdown.
/// A cell is a fenced block whose info string is `gradscope` (``` or ~~~ fences); its body is YAML.
public enum NotebookParser {
    /// The largest notebook read: the default report is about 25 KB. The Markdown renderer's
    /// worst cases grow faster than linearly (crafted emphasis runs, tables of thousands of
    /// columns), and this keeps every input under a few seconds.
    public static let maximumBytes = 200_000
    /// Table columns a prose line may have (more `|` than this is refused, for the same reason).
    public static let maximumColumns = 256

    public static func parse(file path: String) throws -> Notebook {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw NotebookError(file: path, exists ? "cannot read the notebook" : "no such notebook")
        }
        guard data.count <= maximumBytes else {
            throw NotebookError(
                file: path, "the notebook is \(data.count) bytes, more than the \(maximumBytes) a notebook may have: split it into several notebooks")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NotebookError(file: path, "the notebook is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Line ends may be LF, CRLF or CR alone (old Mac files): all count as one line break, so line
    /// numbers in errors are the ones an editor shows.
    /// CRLF and CR alone as LF, scalar by scalar: Foundation's replacingOccurrences compares
    /// characters, so a CRLF followed by a combining mark was not seen as one and became two line
    /// breaks (found by the property tests).
    static func lineFeeds(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            out.append(afterCR ? "\n" : scalar)
        }
        return String(out)
    }

    public static func parse(_ text: String, path: String) throws -> Notebook {
        let normalised = lineFeeds(text)
        let lines = normalised.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let wide = lines.firstIndex(where: { $0.utf8.count > maximumColumns && $0.utf8.lazy.filter { $0 == UInt8(ascii: "|") }.count > maximumColumns }) {
            throw NotebookError(
                file: path, line: wide + 1, "this line has more than \(maximumColumns) '|' (a table of that many columns is not a report's): split the table")
        }
        var index = 0
        var frontMatterSource: YAMLSource?
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---" {
            guard let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }) else {
                throw NotebookError(file: path, line: 1, "front matter opened with '---' is never closed (expected a second '---' line)")
            }
            frontMatterSource = YAMLSource(text: lines[1..<close].joined(separator: "\n"), firstLine: 2, file: path)
            index = close + 1
        }
        let frontMatter = try parseFrontMatter(frontMatterSource, path: path)

        var blocks: [Block] = []
        var prose: [String] = []
        var proseStart = index + 1
        func flushProse() {
            let joined = prose.joined(separator: "\n")
            if !joined.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                blocks.append(.prose(text: joined, firstLine: proseStart))
            }
            prose = []
        }
        while index < lines.count {
            let line = lines[index]
            if let fence = cellFence(line) {
                flushProse()
                let bodyStart = index + 1
                guard let close = lines.indices.dropFirst(bodyStart).first(where: { closesFence(lines[$0], fence: fence) }) else {
                    throw NotebookError(file: path, line: index + 1, "gradscope cell is never closed (expected a line '\(fence)')")
                }
                let yaml = YAMLSource(text: lines[bodyStart..<close].joined(separator: "\n"), firstLine: bodyStart + 1, file: path)
                blocks.append(.cell(CellSource(yaml: yaml, fenceLine: index + 1)))
                index = close + 1
                proseStart = index + 1
            } else {
                if prose.isEmpty { proseStart = index + 1 }
                prose.append(line)
                index += 1
            }
        }
        flushProse()
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return Notebook(path: path, name: name, frontMatter: frontMatter, blocks: blocks)
    }

    /// The fence characters if `line` opens a gradscope cell (```gradscope or ~~~gradscope).
    private static func cellFence(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        for fence in ["```", "~~~"] where trimmed.hasPrefix(fence) {
            let info = trimmed.dropFirst(fence.count).trimmingCharacters(in: .whitespaces)
            if info == "gradscope" || info.hasPrefix("gradscope ") || info.hasPrefix("{gradscope}") { return fence }
        }
        return nil
    }

    private static func closesFence(_ line: String, fence: String) -> Bool {
        line.trimmingCharacters(in: .whitespaces) == fence
    }

    private static func parseFrontMatter(_ source: YAMLSource?, path: String) throws -> FrontMatter {
        let fallbackTitle = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var frontMatter = FrontMatter(title: fallbackTitle, author: nil, description: nil, seed: 0, defaults: nil)
        guard let source, let root = try source.compose() else { return frontMatter }
        guard let mapping = root.mapping else {
            throw source.error(at: root, "front matter must be a mapping of keys (title, author, seed, defaults)")
        }
        for (key, value) in mapping {
            let name = key.string ?? ""
            switch name {
            case "title": frontMatter.title = try YAMLValue.string(value, in: source, key: name)
            case "author": frontMatter.author = try YAMLValue.string(value, in: source, key: name)
            case "description": frontMatter.description = try YAMLValue.string(value, in: source, key: name)
            case "seed": frontMatter.seed = try YAMLValue.seed(value, in: source, key: name)
            case "defaults":
                guard let defaults = value.mapping else { throw source.error(at: value, "'defaults' must be a mapping of cell settings") }
                // Checked here too, so a misspelt default is found even when no cell reads it.
                for key in defaults.keys where !CellConfig.keys.contains(key.string ?? "") {
                    let name = key.string ?? ""
                    throw source.error(at: key, "unknown cell key '\(name)' in 'defaults'\(Suggestion.hint(for: name, in: CellConfig.keys))")
                }
                frontMatter.defaults = YAMLMapping(entries: defaults.map { ($0.key, $0.value) }, source: source)
            default:
                throw source.error(
                    at: key,
                    "unknown front matter key '\(name)'\(Suggestion.hint(for: name, in: FrontMatter.keys)) (expected one of: \(FrontMatter.keys.joined(separator: ", ")))"
                )
            }
        }
        return frontMatter
    }
}
