/// Reads a formula into a syntax tree.
///
/// Grammar (precedence from low to high; `^` is right associative and binds tighter than
/// unary minus, so `-x^2` is `-(x^2)` and `2^-1` is `2^(-1)`):
///
///     expression := term (('+' | '-') term)*
///     term       := unary (('*' | '/') unary)*
///     unary      := ('-' | '+') unary | power
///     power      := primary ('^' unary)?
///     primary    := number | name | name '[' expression ']' | name '(' arguments ')'
///                 | ('sum' | 'prod') '(' name '=' expression '..' expression ',' expression ')'
///                 | '(' expression ')'
///
/// `**` is read as `^` (Fortran's and Python's spelling). Numbers: `12`, `1.5`, `.5`, `1e-3`,
/// `2.5E+4`. Names: a letter or `_`, then letters, digits or `_`.
struct FormulaParser {
    private enum Token: Equatable {
        case number(Double), name(String), symbol(String), end

        var text: String {
            switch self {
            case .number(let v): "'\(NumberText.format(v))'"
            case .name(let s): "'\(s)'"
            case .symbol(let s): "'\(s)'"
            case .end: "the end of the formula"
            }
        }
    }

    private let characters: [Character]
    private var position = 0
    /// Nesting of parentheses, calls and unary operators so far: bounded, so that a hostile
    /// formula cannot exhaust the stack of this recursive-descent parser.
    private var depth = 0
    static let maxDepth = 500
    private var token = Token.end
    /// Column (1-based) where `token` starts.
    private var column = 1

    /// Parses a whole formula.
    static func parse(_ text: String) throws(FormulaError) -> FormulaNode {
        var parser = FormulaParser(characters: Array(text))
        try parser.advance()
        if parser.token == .end { throw FormulaError("the formula is empty") }
        let node = try parser.expression()
        guard parser.token == .end else {
            throw FormulaError(
                "expected an operator or the end of the formula, found \(parser.token.text)", at: parser.column)
        }
        return node
    }

    private init(characters: [Character]) { self.characters = characters }

    // MARK: Tokens

    private mutating func advance() throws(FormulaError) {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        column = position + 1
        guard position < characters.count else { token = .end; return }
        let c = characters[position]
        if c.isLetter || c == "_" {
            var name = ""
            while position < characters.count,
                characters[position].isLetter || (characters[position].isASCII && characters[position].isNumber)
                    || characters[position] == "_"
            {
                name.append(characters[position])
                position += 1
            }
            token = .name(name)
        } else if c.isASCII && c.isNumber || (c == "." && next(1)?.isNumber == true) {
            token = .number(try number())
        } else if c == "." && next(1) == "." {
            position += 2
            token = .symbol("..")
        } else if c == "*" && next(1) == "*" {
            // Fortran's and Python's power operator, as NIST and many papers print models.
            position += 2
            token = .symbol("^")
        } else if "+-*/^()[],=".contains(c) {
            position += 1
            token = .symbol(String(c))
        } else {
            throw FormulaError("unexpected character '\(c)'", at: column)
        }
    }

    private func next(_ offset: Int) -> Character? {
        position + offset < characters.count ? characters[position + offset] : nil
    }

    /// Digits, an optional fraction (a '.' not followed by another '.', which would start
    /// `..`), an optional exponent.
    private mutating func number() throws(FormulaError) -> Double {
        var text = ""
        func digits() {
            while position < characters.count, characters[position].isASCII, characters[position].isNumber {
                text.append(characters[position]); position += 1
            }
        }
        digits()
        if position < characters.count, characters[position] == ".", next(1) != "." {
            text.append(".")
            position += 1
            digits()
        }
        if position < characters.count, characters[position] == "e" || characters[position] == "E" {
            let sign = next(1) == "+" || next(1) == "-"
            if let d = next(sign ? 2 : 1), d.isASCII, d.isNumber {
                text.append("e")
                if sign { text.append(characters[position + 1]) }
                position += sign ? 2 : 1
                digits()
            }
        }
        guard let value = Double(text.hasPrefix(".") ? "0" + text : text), value.isFinite else {
            throw FormulaError("'\(text)' is not a finite number", at: column)
        }
        return value
    }

    private mutating func expect(_ symbol: String, _ context: String) throws(FormulaError) {
        guard token == .symbol(symbol) else {
            throw FormulaError("expected '\(symbol)' \(context), found \(token.text)", at: column)
        }
        try advance()
    }

    // MARK: Grammar

    /// A chain a + b + c … is a left-deep tree as deep as it is long, which the compiler walks
    /// recursively: each link counts as a level of nesting.
    private mutating func expression() throws(FormulaError) -> FormulaNode {
        let saved = depth
        defer { depth = saved }
        var left = try term()
        while case .symbol(let s) = token, s == "+" || s == "-" {
            let at = column
            try advance()
            depth += 1
            left = .binary(s == "+" ? .add : .subtract, left, try term(), column: at)
        }
        return left
    }

    private mutating func term() throws(FormulaError) -> FormulaNode {
        let saved = depth
        defer { depth = saved }
        var left = try unary()
        while case .symbol(let s) = token, s == "*" || s == "/" {
            let at = column
            try advance()
            depth += 1
            left = .binary(s == "*" ? .multiply : .divide, left, try unary(), column: at)
        }
        return left
    }

    private mutating func unary() throws(FormulaError) -> FormulaNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw FormulaError(
                "the formula nests deeper than \(Self.maxDepth) levels (each term of a chain a + b + … counts as one: "
                    + "write long sums with sum(…))",
                at: column)
        }
        if case .symbol(let s) = token, s == "-" || s == "+" {
            let at = column
            try advance()
            let operand = try unary()
            return s == "-" ? .negate(operand, column: at) : operand
        }
        return try power()
    }

    private mutating func power() throws(FormulaError) -> FormulaNode {
        let base = try primary()
        guard token == .symbol("^") else { return base }
        let at = column
        try advance()
        return .binary(.power, base, try unary(), column: at)
    }

    private mutating func primary() throws(FormulaError) -> FormulaNode {
        let at = column
        switch token {
        case .number(let v):
            try advance()
            return .number(v, column: at)
        case .symbol("("):
            try advance()
            let inner = try expression()
            try expect(")", "to close the '(' at column \(at)")
            return inner
        case .name(let name):
            try advance()
            if token == .symbol("[") {
                try advance()
                let index = try expression()
                try expect("]", "after the index of \(name)")
                return .element(name, index, column: at)
            }
            guard token == .symbol("(") else { return .name(name, column: at) }
            try advance()
            if let kind = FormulaReduction(rawValue: name) { return try reduction(kind, at: at) }
            var arguments: [FormulaNode] = []
            if token != .symbol(")") {
                arguments.append(try expression())
                while token == .symbol(",") {
                    try advance()
                    arguments.append(try expression())
                }
            }
            try expect(")", "after the arguments of \(name)")
            return .call(name, arguments, column: at)
        case .end:
            throw FormulaError("expected a number, a name or '(', found the end of the formula", at: at)
        default:
            throw FormulaError("expected a number, a name or '(', found \(token.text)", at: at)
        }
    }

    /// After `sum(` or `prod(`: `i = lo..hi, body)`.
    private mutating func reduction(_ kind: FormulaReduction, at: Int) throws(FormulaError) -> FormulaNode {
        guard case .name(let variable) = token else {
            throw FormulaError(
                "expected an index name after '\(kind.rawValue)(' (as in \(kind.rawValue)(i=1..n, …)), found "
                    + "\(token.text)",
                at: column)
        }
        try advance()
        try expect("=", "after the index \(variable) of \(kind.rawValue)")
        let lower = try expression()
        try expect("..", "between the bounds of \(kind.rawValue) (as in i=1..n)")
        let upper = try expression()
        try expect(",", "after the bounds of \(kind.rawValue)")
        let body = try expression()
        try expect(")", "after the body of \(kind.rawValue)")
        return .reduction(kind, variable: variable, lower: lower, upper: upper, body: body, column: at)
    }
}
