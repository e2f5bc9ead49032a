import Foundation
import Optim

/// The user's own function as a formula: `expr:FORMULA` references (named scalar
/// variables, start 0 unless `--x0` says otherwise) and problem files of kind
/// "expression" (a vector x[1…n] when "dimension" is given, named parameters, a start, and
/// what is known of the solution).
public enum FormulaProblem {
    /// Formulas are evaluated in blocks and keep no n-sized buffers but x₀ and the caller's:
    /// the same bound as the largest built-in problems.
    public static let maxDimension = 10_000_000

    /// `expr:FORMULA` (the text after `expr:`), with `constraints` (`--constraint`, each a
    /// comparison read by `FormulaConstraintParser`) when given. The variables are the names of
    /// the formula and the constraints together.
    public static func expression(_ text: String, constraints: [String] = []) throws(ProblemError) -> TestProblem {
        let objective: FormulaObjective
        let names: [String]
        var parsed: [ParsedConstraint] = []
        for constraint in constraints {
            do { parsed.append(try FormulaConstraintParser.parse(constraint)) } catch {
                throw .constraint(constraint, error)
            }
        }
        do throws(FormulaError) {
            let node = try FormulaParser.parse(text)
            names = Set(([node] + parsed.map(\.expression)).flatMap { FormulaScope.variableNames(of: $0) })
                .sorted(by: FormulaScope.naturalOrder)
            // Compiling first lets a misused x[…] say what it needs before "no variables" would.
            let program = try FormulaCompiler.compile(node, scope: FormulaScope(variables: .scalars(names)))
            guard !names.isEmpty else { throw FormulaError("the formula has no variables") }
            objective = FormulaObjective(program: program)
        } catch {
            throw .formula(error)
        }
        var problem = TestProblem(
            name: "expr:" + text, objective: objective, start: Array(repeating: 0, count: names.count), variables: names
        )
        if !parsed.isEmpty {
            do {
                problem.constraints = try FormulaConstraints.compile(
                    parsed, scope: FormulaScope(variables: .scalars(names)))
            } catch { throw .constraint(constraints[error.index], error.error) }
        }
        return problem
    }

    /// A problem file `{"kind": "expression", "f": …, …}`, or with `"residuals": [r₁, …]`
    /// instead of `"f"` a least-squares problem, f = Σ rᵢ² (`LeastSquaresFormulaObjective`).
    static func file(_ fields: ProblemFile.Fields) throws(ProblemError) -> TestProblem {
        if fields.has("residual") || fields.has("data") { return try DataFitProblem.file(fields) }
        try fields.allow([
            "kind", "name", "description", "f", "residuals", "dimension", "parameters", "x0", "minimum", "minimizer",
            "constraints",
        ])
        let constraintTexts = try constraintFormulas(fields)
        let residualTexts = try residualFormulas(fields)
        let parameters = try namedConstants(fields)
        var parsed: [ParsedConstraint] = []
        for (i, text) in constraintTexts.enumerated() {
            do { parsed.append(try FormulaConstraintParser.parse(text, parameters: parameters)) } catch {
                throw fields.error("constraints", "element \(i) ('\(text)'): \(error)")
            }
        }
        let node: FormulaNode, residualNodes: [FormulaNode]
        let field = residualTexts == nil ? "f" : "residuals"
        if let residualTexts {
            residualNodes = try residualTexts.enumerated().map { (i, text) throws(ProblemError) in
                do { return try FormulaParser.parse(text) } catch {
                    throw fields.error("residuals", "element \(i): \(error)")
                }
            }
            node = LeastSquaresFormulaObjective.sumOfSquares(residualNodes[...])
        } else {
            residualNodes = []
            let text = try fields.string("f")
            do { node = try FormulaParser.parse(text) } catch { throw fields.error("f", error.description) }
        }
        let scope: FormulaScope
        var names: [String]? = nil
        if fields.has("dimension") {
            let n = try fields.number("dimension")
            guard n == n.rounded(), n >= 1, n <= Double(maxDimension) else {
                throw fields.error(
                    "dimension", "must be an integer in [1, \(maxDimension)], got \(NumberText.format(n))")
            }
            scope = FormulaScope(variables: .vector(name: "x", dimension: Int(n)), parameters: parameters)
        } else {
            let variables = Set(([node] + parsed.map(\.expression)).flatMap {
                FormulaScope.variableNames(of: $0, parameters: parameters)
            }).sorted(by: FormulaScope.naturalOrder)
            guard !variables.isEmpty else {
                throw fields.error(
                    field, residualTexts == nil ? "the formula has no variables" : "the residuals have no variables")
            }
            names = variables
            scope = FormulaScope(variables: .scalars(variables), parameters: parameters)
        }
        var residualPrograms: [FormulaProgram] = []
        for (i, residual) in residualNodes.enumerated() {
            do { residualPrograms.append(try FormulaCompiler.compile(residual, scope: scope)) } catch {
                throw fields.error("residuals", "element \(i): \(error)")
            }
        }
        let program: FormulaProgram
        do { program = try FormulaCompiler.compile(node, scope: scope) } catch {
            throw fields.error(field, error.description)
        }
        // Each boxed as its own class: the existential keeps the static type, and generic code
        // finds the residuals (CountedObjective's conditional conformance) only through it.
        let objective: any Objective = residualTexts == nil ? FormulaObjective(program: program) as any Objective
            : LeastSquaresFormulaObjective(sumOfSquares: program, residuals: residualPrograms) as any Objective
        let n = scope.dimension
        let start = try fields.has("x0") ? vector(fields, "x0", n) : Array(repeating: 0, count: n)
        let minimizer = try fields.has("minimizer") ? vector(fields, "minimizer", n) : nil
        let minimum = try fields.has("minimum") ? fields.number("minimum") : nil
        var problem = TestProblem(
            name: fields.path, objective: objective, start: start, minimizer: minimizer, minimum: minimum,
            variables: names)
        if !parsed.isEmpty {
            do { problem.constraints = try FormulaConstraints.compile(parsed, scope: scope) } catch {
                throw fields.error(
                    "constraints", "element \(error.index) ('\(constraintTexts[error.index])'): \(error.error)")
            }
        }
        return problem
    }

    /// The named numbers of `"parameters"` (constants in the formulas), or none.
    static func namedConstants(_ fields: ProblemFile.Fields) throws(ProblemError) -> [String: Double] {
        var parameters: [String: Double] = [:]
        guard let value = fields.object["parameters"] else { return parameters }
        guard case .object(let members) = value else {
            throw fields.error("parameters", "must be an object of named numbers, as {\"a\": 1, \"b\": 100}")
        }
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            guard case .number(let v) = value else {
                throw fields.error("parameters", "\(name) is \(value.kindName), expected a number")
            }
            guard !FormulaScope.isReserved(name), name != "n", name != "x", FormulaScope.isName(name) else {
                throw fields.error(
                    "parameters",
                    "'\(name)' cannot name a parameter (a name of letters, digits and _, not x, n, e, pi or a "
                        + "function)"
                )
            }
            parameters[name] = v
        }
        return parameters
    }

    /// The constraint formulas of `"constraints"` (an array of strings), or none.
    private static func constraintFormulas(_ fields: ProblemFile.Fields) throws(ProblemError) -> [String] {
        guard let value = fields.object["constraints"] else { return [] }
        guard case .array(let items) = value else {
            throw fields.error(
                "constraints",
                "must be an array of comparisons (strings such as \"x1 + x2 >= 1\"), not \(value.kindName)")
        }
        return try items.enumerated().map { (i, item) throws(ProblemError) in
            guard case .string(let text) = item else {
                throw fields.error("constraints", "element \(i) is \(item.kindName), expected a comparison (a string)")
            }
            return text
        }
    }

    /// The residual formulas when the file has `"residuals"` (a non-empty array of strings) and
    /// no `"f"`; nil when it has `"f"` and no `"residuals"`.
    private static func residualFormulas(_ fields: ProblemFile.Fields) throws(ProblemError) -> [String]? {
        switch (fields.has("f"), fields.has("residuals")) {
        case (true, true):
            throw fields.error("residuals", "give \"f\" or \"residuals\" (f = Σ rᵢ²), not both")
        case (false, false):
            throw fields.error("f", "is missing (give \"f\", or \"residuals\": an array of formulas rᵢ with f = Σ rᵢ²)")
        case (true, false):
            return nil
        case (false, true):
            guard case .array(let items) = fields.object["residuals"]! else {
                throw fields.error(
                    "residuals", "must be an array of formulas (strings), not \(fields.object["residuals"]!.kindName)")
            }
            guard !items.isEmpty else { throw fields.error("residuals", "must hold at least one formula") }
            return try items.enumerated().map { (i, item) throws(ProblemError) in
                guard case .string(let text) = item else {
                    throw fields.error("residuals", "element \(i) is \(item.kindName), expected a formula (a string)")
                }
                return text
            }
        }
    }

    /// n numbers given as an array of n, one number for all, or {"repeat": [a, b, …]}
    /// (a, b, … over and over).
    static func vector(_ fields: ProblemFile.Fields, _ field: String, _ n: Int) throws(ProblemError) -> [Double] {
        let value = fields.object[field]!
        let expected = "an array of \(n) numbers, one number for all, or {\"repeat\": [numbers]}"
        switch value {
        case .number(let v):
            return Array(repeating: v, count: n)
        case .array:
            let values = try fields.numbers(field)
            guard values.count == n else {
                throw fields.error(field, "has \(values.count) numbers, expected \(n) (the dimension)")
            }
            return values
        case .object(let members):
            guard members.count == 1, case .array(let items)? = members["repeat"], !items.isEmpty else {
                throw fields.error(field, "must be \(expected)")
            }
            var pattern: [Double] = []
            for item in items {
                guard case .number(let v) = item else {
                    throw fields.error(field, "repeat holds \(item.kindName), expected numbers")
                }
                pattern.append(v)
            }
            return (0..<n).map { pattern[$0 % pattern.count] }
        default:
            throw fields.error(field, "must be \(expected), not \(value.kindName)")
        }
    }
}
