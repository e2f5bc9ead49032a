/// One constraint as written, read into lo ≤ expression ≤ hi (an equality when lo = hi).
struct ParsedConstraint {
    let text: String
    let expression: FormulaNode
    let lower: Double
    let upper: Double
}

/// Reads a constraint: a formula compared with `<=`, `>=` or `==`, or a range `lo <= expr <= hi`
/// (or `hi >= expr >= lo`) whose ends are numbers. `a <= b` with formulas on both sides is
/// a − b ≤ 0; a number on one side is the bound. Every error names the column, as formulas' do.
enum FormulaConstraintParser {
    private enum Comparison: String { case atMost = "<=", atLeast = ">=", equal = "==" }

    static func parse(_ text: String, parameters: [String: Double] = [:]) throws(FormulaError) -> ParsedConstraint {
        let characters = Array(text)
        var comparisons: [(kind: Comparison, at: Int)] = []  // `at`: 0-based index of the first character
        var i = 0, depth = 0  // `=` also appears in sum(i=1..n, …), inside parentheses
        while i < characters.count {
            let c = characters[i], next = i + 1 < characters.count ? characters[i + 1] : nil
            if c == "<" || c == ">" {
                guard next == "=" else {
                    throw FormulaError(
                        "'\(c)' is not a comparison here: constraints are closed, write '\(c)='", at: i + 1)
                }
                comparisons.append((c == "<" ? .atMost : .atLeast, i))
                i += 2
            } else if c == "=" && next == "=" {
                comparisons.append((.equal, i))
                i += 2
            } else if c == "=" && depth == 0 {
                throw FormulaError("'=' is not a comparison: write '==' (or '<=', '>=')", at: i + 1)
            } else {
                if c == "(" || c == "[" { depth += 1 }
                if c == ")" || c == "]" { depth -= 1 }
                i += 1
            }
        }
        guard !comparisons.isEmpty else {
            throw FormulaError(
                "a constraint needs a comparison: expr <= hi, expr >= lo, expr == value or lo <= expr <= hi",
                at: characters.count + 1)
        }
        guard comparisons.count <= 2 else {
            throw FormulaError(
                "more than two comparisons: a constraint is one comparison or a range lo <= expr <= hi",
                at: comparisons[2].at + 1)
        }
        // The parts between comparisons, each parsed with the rest blanked so columns stay the text's.
        let edges = [0] + comparisons.map(\.at) + [characters.count]
        var parts: [(node: FormulaNode, column: Int)] = []
        for k in 0..<(comparisons.count + 1) {
            let start = k == 0 ? 0 : edges[k] + 2, end = edges[k + 1]
            let blanked = String(
                characters.enumerated().map { $0.offset >= start && $0.offset < end ? $0.element : " " })
            guard characters[start..<end].contains(where: { !$0.isWhitespace }) else {
                throw FormulaError(
                    k == 0 ? "expected a formula before '\(comparisons[0].kind.rawValue)'"
                        : "expected a formula after '\(comparisons[k - 1].kind.rawValue)'",
                    at: k == 0 ? comparisons[0].at + 1 : comparisons[k - 1].at + 3)
            }
            let node: FormulaNode
            do { node = try FormulaParser.parse(blanked) } catch {
                // The part ends at a comparison, not at the end of the text: say which.
                if k < comparisons.count, let column = error.column, column > end {
                    throw FormulaError(
                        error.message.replacingOccurrences(
                            of: "the end of the formula", with: "'\(comparisons[k].kind.rawValue)'"),
                        at: comparisons[k].at + 1)
                }
                throw error
            }
            try refuseNonFinite(node)
            parts.append((node, (characters[start..<end].firstIndex { !$0.isWhitespace } ?? start) + 1))
        }
        let constants = parts.map { constantValue($0.node, parameters) }
        if comparisons.count == 1 {
            let kind = comparisons[0].kind, column = comparisons[0].at + 1
            switch (constants[0], constants[1]) {
            case (.some, .some):
                throw FormulaError("compares two numbers: a constraint needs a formula of the variables", at: column)
            case (nil, .some(let b)):
                return ParsedConstraint(
                    text: text, expression: parts[0].node, lower: kind == .atMost ? -.infinity : b,
                    upper: kind == .atLeast ? .infinity : b)
            case (.some(let a), nil):
                return ParsedConstraint(
                    text: text, expression: parts[1].node, lower: kind == .atLeast ? -.infinity : a,
                    upper: kind == .atMost ? .infinity : a)
            case (nil, nil):
                let difference = FormulaNode.binary(.subtract, parts[0].node, parts[1].node, column: column)
                return ParsedConstraint(
                    text: text, expression: difference, lower: kind == .atMost ? -.infinity : 0,
                    upper: kind == .atLeast ? .infinity : 0)
            }
        }
        for c in comparisons where c.kind == .equal {
            throw FormulaError("'==' cannot be part of a range: write lo <= expr <= hi", at: c.at + 1)
        }
        guard comparisons[0].kind == comparisons[1].kind else {
            throw FormulaError(
                "a range needs both comparisons the same way: lo <= expr <= hi or hi >= expr >= lo",
                at: comparisons[1].at + 1)
        }
        for k in [0, 2] where constants[k] == nil {
            throw FormulaError("the ends of a range must be numbers (lo <= expr <= hi)", at: parts[k].column)
        }
        guard constants[1] == nil else {
            throw FormulaError("the middle of a range must be a formula of the variables", at: parts[1].column)
        }
        let ascending = comparisons[0].kind == .atMost
        let lo = ascending ? constants[0]! : constants[2]!, hi = ascending ? constants[2]! : constants[0]!
        guard lo <= hi else {
            throw FormulaError(
                "the range is empty: \(NumberText.format(lo)) > \(NumberText.format(hi))", at: parts[0].column)
        }
        return ParsedConstraint(text: text, expression: parts[1].node, lower: lo, upper: hi)
    }

    /// Refuses `inf`, `infinity` and `nan` written as names: a bound must be finite (leave the side out).
    private static func refuseNonFinite(_ node: FormulaNode) throws(FormulaError) {
        if case .name(let name, let column) = node, ["inf", "infinity", "nan"].contains(name.lowercased()) {
            throw FormulaError(
                "'\(name)' is not a finite bound: leave that side out (x <= 1 has no lower bound)", at: column)
        }
    }

    /// The value of a part made of numbers, constants and parameters alone, or nil.
    static func constantValue(_ node: FormulaNode, _ parameters: [String: Double]) -> Double? {
        switch node {
        case .number(let v, _): return v
        case .name(let name, _): return FormulaScope.constants[name] ?? parameters[name]
        case .negate(let a, _): return constantValue(a, parameters).map { -$0 }
        case .binary(let op, let a, let b, _):
            guard let x = constantValue(a, parameters), let y = constantValue(b, parameters) else { return nil }
            let v: Double
            switch op {
            case .add: v = x + y
            case .subtract: v = x - y
            case .multiply: v = x * y
            case .divide: v = x / y
            case .power: v = Double.pow(x, y)
            }
            return v.isFinite ? v : nil
        default: return nil
        }
    }

    /// Whether `node` is affine in the variables: sums and differences of affine parts, products
    /// with and quotients by constants, `sum` of affine bodies. Conservative: `x^1` counts as
    /// nonlinear.
    static func isLinear(_ node: FormulaNode, parameters: [String: Double]) -> Bool {
        degree(node, parameters, bound: []) <= 1
    }

    /// 0 constant, 1 affine, 2 anything else.
    private static func degree(_ node: FormulaNode, _ parameters: [String: Double], bound: Set<String>) -> Int {
        switch node {
        case .number: return 0
        case .name(let name, _):
            return bound.contains(name) || FormulaScope.constants[name] != nil || parameters[name] != nil ? 0 : 1
        case .element(_, let index, _): return degree(index, parameters, bound: bound) == 0 ? 1 : 2
        case .negate(let a, _): return degree(a, parameters, bound: bound)
        case .call(_, let arguments, _):
            return arguments.allSatisfy { degree($0, parameters, bound: bound) == 0 } ? 0 : 2
        case .binary(let op, let a, let b, _):
            let p = degree(a, parameters, bound: bound), q = degree(b, parameters, bound: bound)
            switch op {
            case .add, .subtract: return max(p, q)
            case .multiply: return p + q <= 1 ? p + q : 2
            case .divide: return q == 0 ? p : 2
            case .power: return p == 0 && q == 0 ? 0 : 2
            }
        case .reduction(let kind, let variable, let lower, let upper, let body, _):
            let ends = max(degree(lower, parameters, bound: bound), degree(upper, parameters, bound: bound))
            let inner = degree(body, parameters, bound: bound.union([variable]))
            if ends > 0 { return 2 }
            return kind == .sum ? inner : (inner == 0 ? 0 : 2)
        }
    }
}
