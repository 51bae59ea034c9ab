/// A formula in a subset of TeX as MathML Core, the maths browsers draw without JavaScript.
///
/// Known: letters, numbers and operators; `^`, `_` and primes; groups `{…}`; Greek letters; the
/// usual relations, arrows and binary operators (`\le`, `\in`, `\cdot`, `\odot`, …); `\|`, `\{`,
/// `\langle`, `\lvert`, …; large operators with limits (`\sum`, `\prod`, `\int`, …); functions
/// (`\log`, `\tanh`, `\max`, `\operatorname{…}`); `\frac`, `\dfrac`, `\tfrac`, `\binom`,
/// `\sqrt[n]{…}`; accents (`\hat`, `\bar`, `\tilde`, `\vec`, `\dot`, `\overline`, …); fonts
/// (`\mathrm`, `\mathbf`, `\mathbb`, `\mathcal`, …, `\text`); spaces (`\,`, `\;`, `\quad`, …);
/// `\left`/`\right` and `\big`…`\Bigg`; `\displaystyle`; the matrix environments, `cases` and
/// `aligned`. `TeXSymbols` lists the commands.
///
/// Anything else (an unknown command, an unbalanced brace, a control character) is a `Failure` at
/// its character offset, never a crash. Work is linear in the input: every character is read
/// once, and nesting (groups, arguments, scripts, fences, environments) is refused beyond
/// `maxDepth`, which bounds both the recursion and how often a piece of output is copied into
/// the element around it. The output is well-formed XML whatever the input.
enum TeXMath {
    struct Failure: Error, Equatable {
        /// Offset of the offending character in the formula, in `Character`s from 0.
        var offset: Int
        var message: String
    }

    static let maxDepth = 32

    /// `<math>` holding the formula, with the TeX kept as its annotation; `display` for `$$…$$`.
    static func mathML(_ tex: String, display: Bool) throws(Failure) -> String {
        var parser = Parser(Array(tex))
        let body = try parser.formula()
        return "<math\(display ? " display=\"block\"" : "")><semantics>\(Parser.row(body))"
            + "<annotation encoding=\"application/x-tex\">\(escaped(tex))</annotation></semantics></math>"
    }

    /// Text for XML content and attribute values: markup characters as entities, and characters
    /// XML does not allow (controls other than tab and line breaks, U+FFFE, U+FFFF) as U+FFFD.
    /// Kept apart from `MarkdownText.htmlEscaped` on purpose: it works on Unicode scalars, which
    /// the XML check needs, where the HTML one keeps grapheme clusters whole.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(allowedInXML(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// XML 1.0's characters, less the C1 controls (HTML refuses those too).
    static func allowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0x7E, 0xA0...0xFFFD, 0x10000...: true
        default: false
        }
    }
}

extension TeXMath {
    /// Recursive descent over the formula's characters; each method returns MathML elements.
    struct Parser {
        let chars: [Character]
        var position = 0
        var depth = 0
        /// The font a `\mathbf{…}`-like command puts on the letters and digits inside it.
        var font: MathFont?

        init(_ chars: [Character]) { self.chars = chars }

        /// The whole formula: elements up to the end, nothing left over.
        mutating func formula() throws(Failure) -> [String] {
            let body = try expression()
            if position < chars.count { throw unexpectedEnd() }
            return body
        }

        // MARK: - Expressions and atoms

        /// Elements up to the end, a `}`, `&`, `\\`, `\right` or `\end` (left for the caller).
        mutating func expression() throws(Failure) -> [String] {
            var elements: [String] = []
            while true {
                skipSpaces()
                guard position < chars.count, !atEndOfExpression else { return elements }
                if let display = [("displaystyle", true), ("textstyle", false)].first(where: { lookingAtCommand($0.0) }) {
                    position += display.0.count + 1
                    let rest = try nested { (parser: inout Parser) throws(Failure) in try parser.expression() }
                    elements.append("<mstyle displaystyle=\"\(display.1)\">\(Self.row(rest))</mstyle>")
                    return elements
                }
                elements.append(try scripted())
            }
        }

        var atEndOfExpression: Bool {
            chars[position] == "}" || chars[position] == "&" || lookingAt("\\\\") || lookingAtCommand("right") || lookingAtCommand("end")
        }

        /// What an expression stopped at, when nothing may stop it there.
        func unexpectedEnd() -> Failure {
            if chars[position] == "}" { return failure("'}' without a matching '{'") }
            if chars[position] == "&" { return failure("'&' outside an environment (matrix, cases, aligned)") }
            if lookingAtCommand("right") { return failure("\\right without a matching \\left") }
            if lookingAtCommand("end") { return failure("\\end without a matching \\begin") }
            return failure("'\\\\' outside an environment (matrix, cases, aligned)")
        }

        /// An atom with the `^`, `_`, primes and `\limits` that follow it.
        mutating func scripted() throws(Failure) -> String {
            var atom = "^_'".contains(chars[position]) ? Atom("<mrow></mrow>") : try self.atom()
            var sub: String?
            var sup: String?
            var primes = 0
            while true {
                skipSpaces()
                guard position < chars.count else { break }
                let character = chars[position]
                if character == "'" {
                    guard sup == nil else { throw failure("a prime after a superscript: write x'^2, or group it") }
                    primes += 1
                    position += 1
                } else if character == "^" || character == "_" {
                    let at = position
                    position += 1
                    let script = try nested { (parser: inout Parser) throws(Failure) in
                        try parser.argument(for: character == "^" ? "a superscript" : "a subscript")
                    }
                    if character == "^" {
                        guard sup == nil else { throw failure("a second superscript: group one of them with { }", at: at) }
                        sup = primes > 0 ? Self.row([Self.primes(primes), script]) : script
                    } else {
                        guard sub == nil else { throw failure("a second subscript: group one of them with { }", at: at) }
                        sub = script
                    }
                } else if lookingAtCommand("limits") || lookingAtCommand("nolimits") {
                    guard atom.takesLimits != nil else { throw failure("\\limits or \\nolimits after something that is not an operator") }
                    atom.takesLimits = lookingAtCommand("limits")
                    position += atom.takesLimits! ? 7 : 9
                } else {
                    break
                }
            }
            if sup == nil, primes > 0 { sup = Self.primes(primes) }
            let base = atom.markup
            let limits = atom.takesLimits == true
            let element =
                switch (sub, sup) {
                case (nil, nil): base
                case (let sub?, nil): limits ? "<munder>\(base)\(sub)</munder>" : "<msub>\(base)\(sub)</msub>"
                case (nil, let sup?): limits ? "<mover>\(base)\(sup)</mover>" : "<msup>\(base)\(sup)</msup>"
                case (let sub?, let sup?): limits ? "<munderover>\(base)\(sub)\(sup)</munderover>" : "<msubsup>\(base)\(sub)\(sup)</msubsup>"
                }
            return element + atom.trailing
        }

        /// One element: a group, a command with its arguments, a number, a letter or an operator.
        mutating func atom() throws(Failure) -> Atom {
            let character = chars[position]
            switch character {
            case "{": return Atom(try group())
            case "\\": return try command()
            case "~":
                position += 1
                return Atom("<mspace width=\"0.25em\"></mspace>")
            default:
                if character.isASCII, character.isNumber { return Atom(number()) }
                if let scalar = character.unicodeScalars.first,
                    [.control, .format].contains(scalar.properties.generalCategory)
                        || character.unicodeScalars.contains(where: { !TeXMath.allowedInXML($0) })
                {
                    throw failure("a control or formatting character (\(TeXSymbols.shown(String(character))))")
                }
                position += 1
                if character.isLetter { return Atom(identifier(character)) }
                if character.isNumber { return Atom("<mn>\(TeXMath.escaped(String(character)))</mn>") }
                return Atom(Self.operatorElement(character))
            }
        }

        /// `{…}` as one element.
        mutating func group() throws(Failure) -> String {
            let open = position
            position += 1
            let inner = try nested { (parser: inout Parser) throws(Failure) in try parser.expression() }
            guard position < chars.count, chars[position] == "}" else {
                if position < chars.count, chars[position] != "&", !lookingAt("\\\\") { throw unexpectedEnd() }
                throw failure("'{' is never closed", at: open)
            }
            position += 1
            return Self.row(inner)
        }

        /// A command's or a script's argument: a group, a command, or one character (one digit).
        mutating func argument(for what: String) throws(Failure) -> String {
            let start = position
            skipSpaces()
            guard position < chars.count, !atEndOfExpression, chars[position] != "^", chars[position] != "_" else {
                throw failure("\(what) is missing", at: start)
            }
            if chars[position].isASCII, chars[position].isNumber {
                position += 1
                return "<mn>\(font?.styled(chars[position - 1]) ?? String(chars[position - 1]))</mn>"
            }
            let atom = try self.atom()
            return atom.trailing.isEmpty ? atom.markup : "<mrow>\(atom.markup)\(atom.trailing)</mrow>"
        }

        /// Runs `body` one level deeper, refusing to go beyond `maxDepth`.
        mutating func nested<T>(_ body: (inout Parser) throws(Failure) -> T) throws(Failure) -> T {
            guard depth < TeXMath.maxDepth else { throw failure("nested more than \(TeXMath.maxDepth) levels deep") }
            depth += 1
            defer { depth -= 1 }
            return try body(&self)
        }

        // MARK: - Commands

        /// `\name` (letters) or `\c` (one other character), with its arguments.
        mutating func command() throws(Failure) -> Atom {
            let start = position
            position += 1
            guard position < chars.count else { throw failure("a lone backslash at the end", at: start) }
            var end = position
            while end < chars.count, chars[end].isASCII, chars[end].isLetter { end += 1 }
            if end == position { end += 1 }
            let name = String(chars[position..<end])
            position = end
            if let symbol = TeXSymbols.identifiers[name] { return Atom(symbol) }
            if let symbol = TeXSymbols.operators[name] {
                return Atom("<mo\(TeXSymbols.fences.contains(symbol) ? " stretchy=\"false\"" : "")>\(symbol)</mo>")
            }
            if let symbol = TeXSymbols.largeOperators[name] {
                let integral = TeXSymbols.integrals.contains(name)
                return Atom("<mo largeop=\"true\"\(integral ? "" : " movablelimits=\"true\"")>\(symbol)</mo>", takesLimits: !integral)
            }
            if TeXSymbols.functions.contains(name) { return Atom("<mi>\(name)</mi>", trailing: "<mo>&#x2061;</mo>") }
            if let text = TeXSymbols.limitFunctions[name] {
                return Atom("<mo movablelimits=\"true\" form=\"prefix\">\(text)</mo>", takesLimits: true)
            }
            if let width = TeXSymbols.spaces[name] { return Atom(width.isEmpty ? "<mrow></mrow>" : "<mspace width=\"\(width)\"></mspace>") }
            if let accent = TeXSymbols.accents[name] {
                let base = try nested { (parser: inout Parser) throws(Failure) in try parser.argument(for: "the argument of \\\(name)") }
                return Atom("<mover accent=\"true\">\(base)<mo stretchy=\"\(accent.stretchy)\">\(accent.mark)</mo></mover>")
            }
            if let size = TeXSymbols.bigSizes[name] {
                let delimiter = try self.delimiter(after: name)
                return Atom(delimiter.isEmpty ? "<mrow></mrow>" : "<mo minsize=\"\(size)\" maxsize=\"\(size)\">\(delimiter)</mo>")
            }
            if let font = MathFont(command: name) {
                let saved = self.font
                self.font = font
                defer { self.font = saved }
                return Atom(try nested { (parser: inout Parser) throws(Failure) in try parser.argument(for: "the argument of \\\(name)") })
            }
            switch name {
            case "frac", "dfrac", "tfrac", "binom":
                let (numerator, denominator) = try nested { (parser: inout Parser) throws(Failure) in
                    (try parser.argument(for: "the numerator of \\\(name)"), try parser.argument(for: "the denominator of \\\(name)"))
                }
                switch name {
                case "binom": return Atom("<mrow><mo>(</mo><mfrac linethickness=\"0\">\(numerator)\(denominator)</mfrac><mo>)</mo></mrow>")
                case "frac": return Atom("<mfrac>\(numerator)\(denominator)</mfrac>")
                default: return Atom("<mstyle displaystyle=\"\(name == "dfrac")\"><mfrac>\(numerator)\(denominator)</mfrac></mstyle>")
                }
            case "sqrt":
                return Atom(try nested { (parser: inout Parser) throws(Failure) in try parser.root() })
            case "overline", "underline":
                let base = try nested { (parser: inout Parser) throws(Failure) in try parser.argument(for: "the argument of \\\(name)") }
                return Atom(
                    name == "overline"
                        ? "<mover accent=\"true\">\(base)<mo stretchy=\"true\">&#x203E;</mo></mover>"
                        : "<munder accentunder=\"true\">\(base)<mo stretchy=\"true\">_</mo></munder>")
            case "text", "textrm", "mbox":
                return Atom("<mtext>\(TeXMath.escaped(Self.keepingEdgeSpaces(try braced(after: name))))</mtext>")
            case "operatorname":
                let limits = position < chars.count && chars[position] == "*"
                if limits { position += 1 }
                let text = TeXMath.escaped(try braced(after: name).trimmingCharacters(in: .whitespaces))
                return limits
                    ? Atom("<mo movablelimits=\"true\" form=\"prefix\">\(text)</mo>", takesLimits: true)
                    : Atom("<mi>\(text)</mi>", trailing: "<mo>&#x2061;</mo>")
            case "left":
                return Atom(try nested { (parser: inout Parser) throws(Failure) in try parser.fenced(start: start) })
            case "begin":
                return Atom(try nested { (parser: inout Parser) throws(Failure) in try parser.environment(start: start) })
            case "displaystyle", "textstyle":
                throw failure("\\\(name) here: put it first in a group, {\\\(name) …}", at: start)
            case "right", "end", "\\":
                position = start
                throw unexpectedEnd()
            default:
                throw failure("unknown TeX command \\\(TeXSymbols.shown(name))", at: start)
            }
        }

        /// `\sqrt{x}` or `\sqrt[n]{x}`, after the command.
        mutating func root() throws(Failure) -> String {
            skipSpaces()
            guard position < chars.count, chars[position] == "[" else {
                return "<msqrt>\(try argument(for: "the argument of \\sqrt"))</msqrt>"
            }
            let open = position
            position += 1
            var index: [String] = []
            while true {
                skipSpaces()
                guard position < chars.count, !atEndOfExpression else { throw failure("'[' is never closed", at: open) }
                if chars[position] == "]" { break }
                index.append(try scripted())
            }
            position += 1
            return "<mroot>\(try argument(for: "the argument of \\sqrt"))\(Self.row(index))</mroot>"
        }

        /// `\left D … \right D`, after `\left`.
        mutating func fenced(start: Int) throws(Failure) -> String {
            let open = try delimiter(after: "left")
            let inner = try expression()
            guard position < chars.count, lookingAtCommand("right") else { throw failure("\\left without a matching \\right", at: start) }
            position += 6
            let close = try delimiter(after: "right")
            return "<mrow>\(Self.fence(open, "prefix"))\(inner.joined())\(Self.fence(close, "postfix"))</mrow>"
        }

        /// The delimiter after `\left`, `\right` or `\big`: a bracket character, `.` (none) or a
        /// command naming one (`\{`, `\|`, `\langle`, …). Returns its XML text.
        mutating func delimiter(after command: String) throws(Failure) -> String {
            skipSpaces()
            guard position < chars.count else { throw failure("\\\(command) needs a delimiter") }
            let character = chars[position]
            if character == "." {
                position += 1
                return ""
            }
            if "()[]|/".contains(character) {
                position += 1
                return String(character)
            }
            if character == "<" || character == ">" {
                position += 1
                return character == "<" ? "&#x27E8;" : "&#x27E9;"
            }
            guard character == "\\" else { throw failure("\\\(command) needs a delimiter, not '\(TeXSymbols.shown(String(character)))'") }
            let start = position
            var end = position + 1
            while end < chars.count, chars[end].isASCII, chars[end].isLetter { end += 1 }
            if end == position + 1, end < chars.count { end += 1 }
            let name = String(chars[(position + 1)..<end])
            guard let symbol = TeXSymbols.operators[name], TeXSymbols.fences.contains(symbol) else {
                throw failure("\\\(command) needs a delimiter, not \\\(TeXSymbols.shown(name))", at: start)
            }
            position = end
            return symbol
        }

        /// `\begin{name} … \end{name}`, after `\begin`: a table of cells split by `&` and `\\`.
        mutating func environment(start: Int) throws(Failure) -> String {
            let name = try braced(after: "begin")
            guard let layout = TeXSymbols.environments[name] else {
                throw failure(
                    "unknown environment '\(TeXSymbols.shown(name))' (known: \(TeXSymbols.environments.keys.sorted().joined(separator: ", ")))", at: start)
            }
            var rows: [[String]] = [[]]
            while true {
                rows[rows.count - 1].append(Self.row(try expression()))
                guard position < chars.count else { throw failure("\\begin{\(name)} without a matching \\end{\(name)}", at: start) }
                if chars[position] == "&" {
                    position += 1
                } else if lookingAt("\\\\") {
                    position += 2
                    skipSpaces()
                    if position < chars.count, chars[position] == "[" {
                        while position < chars.count, chars[position] != "]" { position += 1 }
                        position = min(position + 1, chars.count)
                    }
                    rows.append([])
                } else if lookingAtCommand("end") {
                    let end = position
                    position += 4
                    guard try braced(after: "end") == name else { throw failure("\\begin{\(name)} ends with a different \\end", at: end) }
                    break
                } else {
                    throw unexpectedEnd()
                }
            }
            if rows.count > 1, rows.last == ["<mrow></mrow>"] { rows.removeLast() }
            let table = rows.map { cells in
                "<mtr>"
                    + cells.enumerated().map { index, cell in
                        let align = layout.alignments.isEmpty ? "" : " columnalign=\"\(layout.alignments[index % layout.alignments.count])\""
                        return "<mtd\(align)>\(cell)</mtd>"
                    }.joined() + "</mtr>"
            }.joined()
            return "<mrow>\(Self.fence(layout.open, "prefix"))<mtable>\(table)</mtable>\(Self.fence(layout.close, "postfix"))</mrow>"
        }

        /// The raw text of a `{…}` argument: nested braces kept, `\{`, `\}`, `\$`, `\%`, `\&`,
        /// `\_` and `\#` as the character, `\,`-like spaces as a space, line breaks as spaces.
        mutating func braced(after command: String) throws(Failure) -> String {
            skipSpaces()
            guard position < chars.count, chars[position] == "{" else { throw failure("\\\(command) needs its argument in { }") }
            let open = position
            position += 1
            var text = ""
            var level = 0
            while position < chars.count {
                let character = chars[position]
                if character == "\\", position + 1 < chars.count, "{}$%&_#,;: ".contains(chars[position + 1]) {
                    text.append("{}$%&_#".contains(chars[position + 1]) ? chars[position + 1] : " ")
                    position += 2
                    continue
                }
                if character.unicodeScalars.contains(where: { !TeXMath.allowedInXML($0) && !$0.properties.isWhitespace }) {
                    throw failure("a control character (\(TeXSymbols.shown(String(character))))")
                }
                position += 1
                if character == "{" { level += 1 }
                if character == "}" {
                    if level == 0 { return text }
                    level -= 1
                }
                text.append(character.isWhitespace ? " " : character)
            }
            throw failure("'{' is never closed", at: open)
        }

        // MARK: - Tokens

        /// A run of digits with at most one decimal point between digits.
        mutating func number() -> String {
            var text = ""
            var seenPoint = false
            while position < chars.count {
                let character = chars[position]
                if character.isASCII, character.isNumber {
                    text += font?.styled(character) ?? String(character)
                } else if character == ".", !seenPoint, position + 1 < chars.count, chars[position + 1].isASCII, chars[position + 1].isNumber {
                    seenPoint = true
                    text += "."
                } else {
                    break
                }
                position += 1
            }
            return "<mn>\(text)</mn>"
        }

        func identifier(_ letter: Character) -> String {
            guard let font else { return "<mi>\(TeXMath.escaped(String(letter)))</mi>" }
            if font == .upright { return "<mi mathvariant=\"normal\">\(TeXMath.escaped(String(letter)))</mi>" }
            return "<mi>\(TeXMath.escaped(font.styled(letter)))</mi>"
        }

        /// A character that is neither letter nor digit. Plain brackets keep their size (as in TeX).
        static func operatorElement(_ character: Character) -> String {
            switch character {
            case "-": "<mo>&#x2212;</mo>"
            case "*": "<mo>&#x2217;</mo>"
            case "(", ")", "[", "]", "|": "<mo stretchy=\"false\">\(character)</mo>"
            default: "<mo>\(TeXMath.escaped(String(character)))</mo>"
            }
        }

        static func fence(_ symbol: String, _ form: String) -> String {
            symbol.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\" form=\"\(form)\">\(symbol)</mo>"
        }

        static func primes(_ count: Int) -> String {
            "<mo>\([1: "&#x2032;", 2: "&#x2033;", 3: "&#x2034;"][count] ?? String(repeating: "&#x2032;", count: count))</mo>"
        }

        /// One element: the element itself, or an `<mrow>` around several (or none).
        static func row(_ elements: [String]) -> String {
            elements.count == 1 ? elements[0] : "<mrow>\(elements.joined())</mrow>"
        }

        /// `\text{ if }` keeps its outer spaces (MathML trims them from token elements).
        static func keepingEdgeSpaces(_ text: String) -> String {
            var result = text
            if result.hasPrefix(" ") { result = "\u{A0}" + result.dropFirst() }
            if result.hasSuffix(" ") { result = result.dropLast() + "\u{A0}" }
            return result
        }

        mutating func skipSpaces() {
            while position < chars.count, chars[position].isWhitespace { position += 1 }
        }

        func lookingAt(_ text: String) -> Bool {
            var index = position
            for character in text {
                guard index < chars.count, chars[index] == character else { return false }
                index += 1
            }
            return true
        }

        /// `\name` not followed by another letter (`\end` but not `\endgroup`).
        func lookingAtCommand(_ name: String) -> Bool {
            guard lookingAt("\\" + name) else { return false }
            let after = position + 1 + name.count
            return after >= chars.count || !(chars[after].isASCII && chars[after].isLetter)
        }

        func failure(_ message: String, at offset: Int? = nil) -> Failure {
            Failure(offset: min(offset ?? position, chars.count), message: message)
        }
    }

    /// An element and how scripts attach to it. `takesLimits` is nil for anything but an operator;
    /// large operators and `\lim`-like functions put limits above and below in display maths
    /// (`\sum_{i=1}^n`), integrals beside. `trailing` follows the scripts (a function's ⁡).
    struct Atom {
        var markup: String
        var trailing = ""
        var takesLimits: Bool?
        init(_ markup: String, trailing: String = "", takesLimits: Bool? = nil) {
            self.markup = markup
            self.trailing = trailing
            self.takesLimits = takesLimits
        }
    }
}
