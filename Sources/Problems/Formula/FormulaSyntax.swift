/// A formula as written: the syntax tree the parser builds, each node with the column
/// (1-based, in characters) where it starts, for messages.
indirect enum FormulaNode: Sendable {
    case number(Double, column: Int)
    case name(String, column: Int)
    /// `f(a, b, …)`.
    case call(String, [FormulaNode], column: Int)
    /// `x[index]`.
    case element(String, FormulaNode, column: Int)
    case negate(FormulaNode, column: Int)
    case binary(FormulaOperator, FormulaNode, FormulaNode, column: Int)
    /// `sum(i = lo..hi, body)` or `prod(…)`.
    case reduction(
        FormulaReduction, variable: String, lower: FormulaNode, upper: FormulaNode, body: FormulaNode, column: Int)

    var column: Int {
        switch self {
        case .number(_, let c), .name(_, let c), .call(_, _, let c), .element(_, _, let c), .negate(_, let c),
             .binary(_, _, _, let c), .reduction(_, _, _, _, _, let c): c
        }
    }
}

enum FormulaOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
}

enum FormulaReduction: String, Sendable {
    case sum, prod
}

/// A formula that cannot be read or compiled: the column (nil when the whole formula is at
/// fault) and what was expected.
public struct FormulaError: Error, Equatable, CustomStringConvertible, Sendable {
    public let column: Int?
    public let message: String

    init(_ message: String, at column: Int? = nil) {
        self.column = column
        self.message = message
    }

    public var description: String { column.map { "column \($0): \(message)" } ?? message }
}
