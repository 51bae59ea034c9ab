/// The variable names a Mustache template reads (`{{name}}`, `{{{name}}}`, `{{&name}}`,
/// `{{#name}}`, `{{^name}}`), with their lines; partials, comments, pragmas, blocks and `{{.}}`
/// are not variables. A template that changes its delimiters is not scanned past that point.
enum VariableTags {
    struct Tag: Equatable {
        var name: String
        var line: Int
    }

    static func scan(_ text: String) -> [Tag] {
        var tags: [Tag] = []
        var rest = Substring(text)
        var line = 1
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].filter { $0 == "\n" }.count
            rest = rest[open.upperBound...]
            let triple = rest.first == "{"
            if triple { rest = rest.dropFirst() }
            guard let close = rest.range(of: triple ? "}}}" : "}}") else { break }
            var body = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            line += rest[..<close.lowerBound].filter { $0 == "\n" }.count
            rest = rest[close.upperBound...]
            if let sigil = body.first, "#^&".contains(sigil) {
                body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces)
            } else if let sigil = body.first, "/!><%$".contains(sigil) {
                continue
            } else if body.first == "=" {
                break
            }
            guard !body.isEmpty, body != ".", !body.contains("(") else { continue }
            tags.append(Tag(name: body, line: line))
        }
        return tags
    }

    /// Every key of every dictionary in a Mustache context, at any depth.
    static func keys(in context: Any) -> Set<String> {
        switch context {
        case let dictionary as [String: Any]:
            return dictionary.reduce(into: Set(dictionary.keys)) { $0.formUnion(keys(in: $1.value)) }
        case let array as [Any]:
            return array.reduce(into: Set<String>()) { $0.formUnion(keys(in: $1)) }
        default:
            return []
        }
    }
}
