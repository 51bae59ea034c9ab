import CYaml

/// Refuses the YAML features a notebook has no use for and that make reading it unsafe: anchors
/// (`&name`), aliases (`*name`) and tags (`!!python/object:...`, and standard ones such as `!!str`
/// too). An alias used as a mapping key makes composing hash its whole expansion, so a "billion
/// laughs" of nested aliases takes exponential time; a tag would silently change how a value reads.
///
/// The check reads libyaml's event stream, which names an alias without expanding it, so it takes
/// time linear in the text. It runs before `Yams.compose`, which therefore never sees an alias.
enum YAMLScreen {
    /// Throws, located at the node, for the first anchor, alias or tag in `source`. YAML that
    /// libyaml cannot parse passes: composing it reports the syntax error.
    static func check(_ source: YAMLSource) throws {
        try checkLineBreaks(source)
        let bytes = Array(source.text.utf8)
        guard !bytes.isEmpty else { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        try bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return }
                if let message = problem(event) {
                    let mark = event.start_mark
                    throw NotebookError(file: source.file, line: source.firstLine + Int(mark.line), column: Int(mark.column) + 1, message)
                }
            }
        }
    }

    /// libyaml (YAML 1.1) also ends a line at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, which
    /// the notebook does not: every line libyaml reports after one would be off, even past the end
    /// of the notebook. They are refused where they stand (found by `scripts/fuzz`).
    private static func checkLineBreaks(_ source: YAMLSource) throws {
        var line = source.firstLine
        var column = 1
        for scalar in source.text.unicodeScalars {
            switch scalar {
            case "\n":
                line += 1
                column = 1
            case "\u{85}", "\u{2028}", "\u{2029}":
                let code = scalar == "\u{85}" ? "0085" : String(scalar.value, radix: 16, uppercase: true)
                throw NotebookError(
                    file: source.file, line: line, column: column,
                    "U+\(code) in YAML, which reads it as a line break; expected an ordinary line break")
            default: column += 1
            }
        }
    }

    /// What is wrong with one event, if anything.
    private static func problem(_ event: yaml_event_t) -> String? {
        let anchor: UnsafeMutablePointer<yaml_char_t>?
        let tag: UnsafeMutablePointer<yaml_char_t>?
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            return "YAML aliases are not allowed in a notebook (found '*\(name)'; expected each value written out)"
        case YAML_SCALAR_EVENT: (anchor, tag) = (event.data.scalar.anchor, event.data.scalar.tag)
        case YAML_SEQUENCE_START_EVENT: (anchor, tag) = (event.data.sequence_start.anchor, event.data.sequence_start.tag)
        case YAML_MAPPING_START_EVENT: (anchor, tag) = (event.data.mapping_start.anchor, event.data.mapping_start.tag)
        default: return nil
        }
        if let anchor {
            return "YAML anchors are not allowed in a notebook (found '&\(String(cString: anchor))'; expected each value written out)"
        }
        if let tag {
            return
                "YAML tags are not allowed in a notebook, standard ones such as '!!str' included (found '\(written(String(cString: tag)))'; expected the plain value)"
        }
        return nil
    }

    /// A resolved tag as it is usually written: `tag:yaml.org,2002:str` is `!!str`.
    private static func written(_ tag: String) -> String {
        let standard = "tag:yaml.org,2002:"
        if tag.hasPrefix(standard) { return "!!" + tag.dropFirst(standard.count) }
        return tag.hasPrefix("!") ? tag : "!<\(tag)>"
    }
}
