import Optim

/// A problem file that fits a model to data: `{"kind": "expression", "data": …, "residual": …}`.
///
/// `"data"` holds named columns (`DataFitTable`); `"residual"` is one formula applied to every
/// row, its column names standing for that row's values, and the other names (not constants,
/// functions or `"parameters"`) are the parameters fitted, in natural order (`b2` before `b10`)
/// unless `"variables"` lists them. f = Σᵢ wᵢ rᵢ² with optional `"weights"` (a column's name or
/// an array, wᵢ ≥ 0); the least-squares solvers see the residuals √wᵢ rᵢ (`DataFitObjective`).
enum DataFitProblem {
    static func file(_ fields: ProblemFile.Fields) throws(ProblemError) -> TestProblem {
        try refuseMixedForms(fields)
        try fields.allow([
            "kind", "name", "description", "data", "residual", "weights", "variables", "parameters", "x0", "minimum",
            "minimizer",
        ])
        let constants = try FormulaProblem.namedConstants(fields)
        let text = try fields.string("residual")
        let node: FormulaNode
        do { node = try FormulaParser.parse(text) } catch { throw fields.error("residual", error.description) }
        let free = FormulaScope.variableNames(of: node, parameters: constants)
        if mentions("e", node) {
            throw fields.error(
                "residual",
                "'e' is ambiguous in a residual template (Euler's number or an error term?): write exp(1) for "
                    + "Euler's number, or give the term another name")
        }
        let table = try DataFitTable(fields, parameters: free.count)
        for column in table.columns {
            if constants[column] != nil {
                throw fields.error(
                    "data", "column '\(column)' is also a named constant of \"parameters\"; rename one of them")
            }
            if FormulaScope.isReserved(column) {
                throw fields.error(
                    "data", "column '\(column)' has the name of a constant or function of formulas; rename it")
            }
        }
        let names = try parameterNames(fields, free: free.filter { !table.columns.contains($0) }, table: table)
        let scope = FormulaScope(variables: .scalars(names + table.columns), parameters: constants)
        let program: FormulaProgram
        do { program = try FormulaCompiler.compile(node, scope: scope) } catch {
            throw fields.error("residual", error.description)
        }
        let weights = try table.weights(fields)
        let objective = DataFitObjective(
            template: program, parameters: names.count, rows: table.values, weights: weights)
        let n = names.count
        let start = try fields.has("x0") ? FormulaProblem.vector(fields, "x0", n) : Array(repeating: 0, count: n)
        let minimizer = try fields.has("minimizer") ? FormulaProblem.vector(fields, "minimizer", n) : nil
        let minimum = try fields.has("minimum") ? fields.number("minimum") : nil
        var problem = TestProblem(
            name: fields.path, objective: objective, start: start, minimizer: minimizer, minimum: minimum,
            variables: names)
        problem.inputFiles = table.path.map { [$0] } ?? []
        return problem
    }

    /// A template needs data and data a template; neither goes with `"f"`, `"residuals"` or
    /// `"dimension"`.
    private static func refuseMixedForms(_ fields: ProblemFile.Fields) throws(ProblemError) {
        if fields.has("residuals") {
            throw fields.error(
                "residual",
                "give \"residual\" (one template applied to every row of \"data\") or \"residuals\" (one formula per "
                    + "residual), not both")
        }
        if fields.has("f") {
            throw fields.error("residual", "give \"residual\" (with \"data\", f = Σ wᵢ rᵢ²) or \"f\", not both")
        }
        if fields.has("dimension") {
            throw fields.error(
                "dimension",
                "does not apply to a data fit: its parameters are the residual's names that are not columns")
        }
        if !fields.has("data") {
            throw fields.error(
                "data", "is missing: \"residual\" is applied to every row of \"data\" (a CSV file or {\"x\": […], …})")
        }
        if !fields.has("residual") {
            throw fields.error(
                "residual", "is missing: \"data\" needs a template applied to every row, as \"y - b1*exp(-b2*x)\"")
        }
    }

    /// The fitted parameters: `"variables"` when given (exactly the template's free names that are
    /// not columns), else those names in natural order.
    private static func parameterNames(
        _ fields: ProblemFile.Fields, free: [String], table: DataFitTable
    ) throws(ProblemError) -> [String] {
        guard fields.has("variables") else {
            guard !free.isEmpty else {
                throw fields.error(
                    "residual",
                    "has no parameters to fit: every name is a column (\(table.columns.joined(separator: ", "))), a "
                        + "constant or a named parameter")
            }
            return free
        }
        let listed = try fields.stringOrStrings("variables")
        for (i, name) in listed.enumerated() {
            if table.columns.contains(name) {
                throw fields.error("variables", "'\(name)' is a column of the data, not a parameter to fit")
            }
            if listed[..<i].contains(name) { throw fields.error("variables", "lists '\(name)' twice") }
            if !free.contains(name) {
                throw fields.error("variables", "lists '\(name)', which the residual does not use")
            }
        }
        if let missing = free.first(where: { !listed.contains($0) }) {
            throw fields.error(
                "variables", "lacks '\(missing)', which the residual uses and is not a column of the data")
        }
        return listed
    }

    /// Whether `node` uses the name `name` (outside calls' names).
    private static func mentions(_ name: String, _ node: FormulaNode) -> Bool {
        switch node {
        case .number: false
        case .name(let n, _): n == name
        case .call(_, let arguments, _): arguments.contains { mentions(name, $0) }
        case .element(_, let index, _): mentions(name, index)
        case .negate(let a, _): mentions(name, a)
        case .binary(_, let a, let b, _): mentions(name, a) || mentions(name, b)
        case .reduction(_, _, let lower, let upper, let body, _):
            mentions(name, lower) || mentions(name, upper) || mentions(name, body)
        }
    }
}
