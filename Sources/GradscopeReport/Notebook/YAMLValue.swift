import Yams

/// Typed reads of YAML scalars and lists, each failing with a located, one-line error that names
/// the key and what was expected.
enum YAMLValue {
    static func string(_ node: Node, in source: YAMLSource, key: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw source.error(at: node, "'\(key)' expects text, found \(describe(node))") }
        return scalar.string
    }

    static func int(_ node: Node, in source: YAMLSource, key: String) throws -> Int {
        guard let value = node.int, node.scalar != nil else { throw source.error(at: node, "'\(key)' expects an integer, found \(describe(node))") }
        return value
    }

    static func double(_ node: Node, in source: YAMLSource, key: String) throws -> Double {
        guard let text = node.scalar?.string, let value = Double(text) ?? node.float, value.isFinite else {
            throw source.error(at: node, "'\(key)' expects a number, found \(describe(node))")
        }
        return value
    }

    static func bool(_ node: Node, in source: YAMLSource, key: String) throws -> Bool {
        guard node.scalar != nil, let value = node.bool else { throw source.error(at: node, "'\(key)' expects true or false, found \(describe(node))") }
        return value
    }

    static func seed(_ node: Node, in source: YAMLSource, key: String) throws -> UInt64 {
        guard let text = node.scalar?.string, let value = UInt64(text) else {
            throw source.error(at: node, "'\(key)' expects a non-negative integer, found \(describe(node))")
        }
        return value
    }

    /// A scalar or a list of scalars, each read by `read`: the values a sweep axis takes.
    static func list<T>(_ node: Node, in source: YAMLSource, key: String, _ read: (Node) throws -> T) throws -> [T] {
        if case .sequence(let items) = node {
            guard !items.isEmpty else { throw source.error(at: node, "'\(key)' is an empty list (expected at least one value)") }
            return try items.map(read)
        }
        return [try read(node)]
    }

    /// A short description of what was found, for error messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}
