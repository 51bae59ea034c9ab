/// The TeX commands `TeXMath` knows, by name (without the backslash), as MathML. Symbols are XML
/// text, ready to put inside an element.
enum TeXSymbols {
    /// Commands that are identifiers: Greek letters (capitals upright, as TeX sets them) and
    /// letter-like symbols. Complete `<mi>` elements.
    static let identifiers: [String: String] = {
        var table: [String: String] = [:]
        let lower = [
            "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ", "eta": "η",
            "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
            "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
            "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
            "partial": "∂", "ell": "ℓ", "hbar": "ℏ", "imath": "ı", "jmath": "ȷ", "wp": "℘",
        ]
        let upright = [
            "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
            "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
            "infty": "∞", "nabla": "∇", "emptyset": "∅", "varnothing": "∅", "top": "⊤", "bot": "⊥", "aleph": "ℵ",
            "Re": "ℜ", "Im": "ℑ", "angle": "∠", "triangle": "△", "checkmark": "✓",
        ]
        for (name, symbol) in lower { table[name] = "<mi>\(symbol)</mi>" }
        for (name, symbol) in upright { table[name] = "<mi mathvariant=\"normal\">\(symbol)</mi>" }
        return table
    }()

    /// Commands that are operators, relations, arrows, punctuation or delimiters: `<mo>` content.
    static let operators: [String: String] = [
        // Binary operators
        "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆", "circ": "∘", "bullet": "∙",
        "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "ominus": "⊖", "oslash": "⊘", "cup": "∪", "cap": "∩", "setminus": "∖",
        "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "sqcup": "⊔", "sqcap": "⊓", "dagger": "†", "amalg": "⨿",
        // Relations
        "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "lt": "&lt;", "gt": "&gt;", "ll": "≪", "gg": "≫",
        "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "doteq": "≐", "asymp": "≍",
        "leqslant": "⩽", "geqslant": "⩾", "lesssim": "≲", "gtrsim": "≳", "prec": "≺", "succ": "≻", "preceq": "⪯", "succeq": "⪰",
        "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "supset": "⊃", "subseteq": "⊆", "supseteq": "⊇",
        "perp": "⊥", "parallel": "∥", "mid": "∣", "nmid": "∤", "models": "⊨", "vdash": "⊢", "coloneqq": "≔",
        // Arrows
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔", "Rightarrow": "⇒",
        "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹", "impliedby": "⟸", "iff": "⟺", "mapsto": "↦",
        "longrightarrow": "⟶", "longleftarrow": "⟵", "longmapsto": "⟼", "uparrow": "↑", "downarrow": "↓",
        "nearrow": "↗", "searrow": "↘", "hookrightarrow": "↪",
        // Logic, dots, punctuation
        "forall": "∀", "exists": "∃", "nexists": "∄", "neg": "¬", "lnot": "¬", "therefore": "∴", "because": "∵",
        "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱", "colon": ":", "prime": "′",
        "%": "%", "$": "$", "#": "#", "&": "&amp;", "_": "_",
        // Delimiters (also after \left, \right and \big)
        "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "|": "‖", "Vert": "‖", "lVert": "‖", "rVert": "‖",
        "vert": "|", "lvert": "|", "rvert": "|", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋",
        "lceil": "⌈", "rceil": "⌉", "lbrack": "[", "rbrack": "]", "backslash": "∖",
    ]

    /// Delimiters: what `\left` and `\right` take, and bare ones keep their size.
    static let fences: Set<String> = ["{", "}", "‖", "|", "⟨", "⟩", "⌊", "⌋", "⌈", "⌉", "[", "]"]

    /// Operators that take limits (`\sum_{i=1}^n`): large in display maths.
    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂",
        "bigodot": "⨀", "bigvee": "⋁", "bigwedge": "⋀", "bigsqcup": "⨆",
        "int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮",
    ]

    /// Large operators whose limits sit beside them, as in TeX.
    static let integrals: Set<String> = ["int", "iint", "iiint", "oint"]

    /// Functions set upright, with scripts beside them.
    static let functions: Set<String> = [
        "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan",
        "sinh", "cosh", "tanh", "coth", "dim", "ker", "deg", "hom", "arg",
    ]

    /// Functions whose subscript goes below them in display maths (`\max_x`), with their text.
    static let limitFunctions: [String: String] = [
        "lim": "lim", "liminf": "lim inf", "limsup": "lim sup", "max": "max", "min": "min", "sup": "sup", "inf": "inf",
        "det": "det", "gcd": "gcd", "Pr": "Pr", "argmax": "arg max", "argmin": "arg min",
    ]

    /// Spacing commands and their widths; an empty width is dropped (`\!`, a negative space).
    static let spaces: [String: String] = [
        ",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em", ">": "0.2222em", "medspace": "0.2222em",
        ";": "0.2778em", "thickspace": "0.2778em", " ": "0.25em", "enspace": "0.5em", "quad": "1em", "qquad": "2em",
        "!": "", "negthinspace": "",
    ]

    /// Accents over their argument: the mark and whether it stretches to the argument's width.
    static let accents: [String: (mark: String, stretchy: Bool)] = [
        "hat": ("^", false), "widehat": ("^", true), "check": ("ˇ", false), "tilde": ("~", false), "widetilde": ("~", true),
        "bar": ("¯", false), "vec": ("→", false), "overrightarrow": ("→", true), "dot": ("˙", false), "ddot": ("¨", false),
        "breve": ("˘", false), "acute": ("´", false), "grave": ("`", false),
    ]

    /// `\big`-like sizes for the delimiter that follows.
    static let bigSizes: [String: String] = {
        var table: [String: String] = [:]
        for (name, size) in [("big", "1.2em"), ("Big", "1.623em"), ("bigg", "2.047em"), ("Bigg", "2.470em")] {
            for suffix in ["", "l", "r", "m"] { table[name + suffix] = size }
        }
        return table
    }()

    /// Environments: the fences around the table and each column's alignment (repeating).
    static let environments: [String: (open: String, close: String, alignments: [String])] = [
        "matrix": ("", "", []), "smallmatrix": ("", "", []), "pmatrix": ("(", ")", []), "bmatrix": ("[", "]", []),
        "Bmatrix": ("{", "}", []), "vmatrix": ("|", "|", []), "Vmatrix": ("‖", "‖", []),
        "cases": ("{", "", ["left"]), "aligned": ("", "", ["right", "left"]), "align": ("", "", ["right", "left"]),
        "align*": ("", "", ["right", "left"]), "split": ("", "", ["right", "left"]), "gathered": ("", "", []),
    ]

    /// A command name or character for a message: printable ASCII as it is, anything else as
    /// U+XXXX, so a message cannot carry control or bidirectional characters to a terminal.
    static func shown(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(40) {
            if scalar.isASCII, scalar.value >= 0x20, scalar.value < 0x7F {
                out.unicodeScalars.append(scalar)
            } else {
                out += "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            }
        }
        return text.unicodeScalars.count > 40 ? out + "…" : out
    }
}

/// The alphabets of `\mathbf{…}` and its kin, as Unicode's mathematical letters (MathML Core draws
/// those; its `mathvariant` only knows `normal`).
enum MathFont: Equatable {
    case upright, bold, italic, boldItalic, script, doubleStruck, fraktur, sansSerif, monospace

    init?(command: String) {
        switch command {
        case "mathrm", "rm", "mathup": self = .upright
        case "mathbf", "bf": self = .bold
        case "mathit": self = .italic
        case "boldsymbol", "bm": self = .boldItalic
        case "mathcal", "mathscr": self = .script
        case "mathbb": self = .doubleStruck
        case "mathfrak": self = .fraktur
        case "mathsf": self = .sansSerif
        case "mathtt": self = .monospace
        default: return nil
        }
    }

    /// First code points of capital A, small a and digit 0 in this alphabet (nil: none).
    private var starts: (capital: UInt32, small: UInt32, digit: UInt32?) {
        switch self {
        case .upright: (0x41, 0x61, 0x30)
        case .bold: (0x1D400, 0x1D41A, 0x1D7CE)
        case .italic: (0x1D434, 0x1D44E, nil)
        case .boldItalic: (0x1D468, 0x1D482, 0x1D7CE)
        case .script: (0x1D49C, 0x1D4B6, nil)
        case .doubleStruck: (0x1D538, 0x1D552, 0x1D7D8)
        case .fraktur: (0x1D504, 0x1D51E, nil)
        case .sansSerif: (0x1D5A0, 0x1D5BA, 0x1D7E2)
        case .monospace: (0x1D670, 0x1D68A, 0x1D7F6)
        }
    }

    /// Letters Unicode encoded earlier, in the Letterlike Symbols block (the gaps in the alphabets).
    private var exceptions: [Character: Character] {
        switch self {
        case .italic: ["h": "ℎ"]
        case .script: ["B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ", "e": "ℯ", "g": "ℊ", "o": "ℴ"]
        case .doubleStruck: ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"]
        case .fraktur: ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"]
        default: [:]
        }
    }

    /// `character` in this alphabet: ASCII letters and digits are mapped, anything else is kept.
    func styled(_ character: Character) -> String {
        if let exception = exceptions[character] { return String(exception) }
        guard character.isASCII, let value = character.unicodeScalars.first?.value else { return String(character) }
        let (capital, small, digit) = starts
        let mapped: UInt32? =
            switch value {
            case 0x41...0x5A: capital + value - 0x41
            case 0x61...0x7A: small + value - 0x61
            case 0x30...0x39: digit.map { $0 + value - 0x30 }
            default: nil
            }
        return mapped.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? String(character)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
