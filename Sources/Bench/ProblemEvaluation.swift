import Optim
import Problems

/// `optbench eval`: f and ∇f of a problem at points given as JSON arrays, answered as one JSON
/// line each, `{"f":…,"g":[…]}` (doubles in shortest round-trip form; NaN and ±∞ as null).
public final class ProblemEvaluation {
    public let problem: TestProblem
    private var gradient: [Double]
    /// Also answer the residuals and their Jacobian, "r":[…] and "J":[[…], …] (m rows of n).
    private let leastSquares: (any LeastSquaresObjective)?
    /// Also answer the general constraints' values and Jacobian, "c":[…] and "Jc":[[…], …] (m rows of n),
    /// and give their sides with the start (m = 0, empty arrays, for a problem without them).
    private let constraints: (any ConstraintFunctions)?
    private let answersConstraints: Bool

    /// - Throws: `residuals` asked of a problem that has none.
    public init(problem: TestProblem, residuals: Bool = false, constraints: Bool = false) throws(BadPoint) {
        self.problem = problem
        gradient = Array(repeating: 0, count: problem.dimension)
        leastSquares = residuals ? problem.objective as? any LeastSquaresObjective : nil
        if residuals && leastSquares == nil {
            throw BadPoint(
                reason:
                    "--residuals: \(problem.name) has no residuals (mgh problems and problem files with \"residuals\" "
                        + "have them)"
            )
        }
        self.constraints = constraints ? problem.constraints : nil
        answersConstraints = constraints
    }

    /// "r" and "J" at x, when asked for.
    private func residualMembers(at x: [Double]) -> [(String, String)] {
        guard let leastSquares else { return [] }
        let m = leastSquares.residualCount, n = problem.dimension
        var r = [Double](repeating: 0, count: m), j = [Double](repeating: 0, count: m * n)
        x.withUnsafeBufferPointer { xb in
            r.withUnsafeMutableBufferPointer { leastSquares.residuals(at: xb, into: $0) }
            j.withUnsafeMutableBufferPointer { leastSquares.jacobian(at: xb, into: $0) }
        }
        let rows = (0..<m).map { i in JSONWriter.array((0..<n).map { j[i + $0 * m] }) }
        return [("r", JSONWriter.array(r)), ("J", "[" + rows.joined(separator: ",") + "]")]
    }

    /// "c" (c(x), m numbers) and "Jc" (J(x), m rows of n), when asked for.
    private func constraintMembers(at x: [Double]) -> [(String, String)] {
        guard answersConstraints else { return [] }
        guard let constraints else { return [("c", "[]"), ("Jc", "[]")] }
        let m = constraints.count, n = problem.dimension
        var c = [Double](repeating: 0, count: m), j = [Double](repeating: 0, count: m * n)
        x.withUnsafeBufferPointer { xb in
            c.withUnsafeMutableBufferPointer { constraints.values(at: xb, into: $0) }
            j.withUnsafeMutableBufferPointer { constraints.jacobian(at: xb, into: $0) }
        }
        let rows = (0..<m).map { i in JSONWriter.array(Array(j[(i * n)..<(i * n + n)])) }
        return [("c", JSONWriter.array(c)), ("Jc", "[" + rows.joined(separator: ",") + "]")]
    }

    /// A point that cannot be evaluated: the reason, for a message that names where it came from.
    public struct BadPoint: Error, Equatable {
        public let reason: String
    }

    /// The answer line (with its newline) at `x`.
    public func answer(at x: [Double]) -> String {
        let objective = problem.objective
        let f = x.withUnsafeBufferPointer { xb in
            gradient.withUnsafeMutableBufferPointer { objective.valueAndGradient(at: xb, gradient: $0) }
        }
        return JSONWriter.object(
            [("f", JSONWriter.number(f)), ("g", JSONWriter.array(gradient))] + residualMembers(at: x)
            + constraintMembers(at: x)) + "\n"
    }

    /// The answer line for one input line: a JSON array of n numbers (x: f and ∇f), or of 2n
    /// numbers (x then v: f, ∇f and ∇²f(x)·v, as `--hvp` gives at one point).
    public func answer(toLine text: String) throws(BadPoint) -> String {
        let n = problem.dimension
        let numbers = try numbers(fromLine: text)
        if numbers.count == 2 * n && n > 0 {
            return try answer(at: Array(numbers[..<n]), jvp: nil, hvp: Array(numbers[n...]))
        }
        guard numbers.count == n else {
            throw BadPoint(
                reason:
                    "\(numbers.count) numbers, expected \(n) (the problem's dimension), or \(2 * n) (x then v for "
                        + "∇²f(x)·v)"
            )
        }
        return answer(at: numbers)
    }

    /// The point a line holds: a JSON array of n numbers.
    public func point(fromLine text: String) throws(BadPoint) -> [Double] {
        let x = try numbers(fromLine: text)
        guard x.count == problem.dimension else {
            throw BadPoint(reason: "\(x.count) numbers, expected \(problem.dimension) (the problem's dimension)")
        }
        return x
    }

    /// The numbers of a line holding a JSON array.
    private func numbers(fromLine text: String) throws(BadPoint) -> [Double] {
        do { return try JSON.parseNumberArray(text) } catch {
            throw BadPoint(reason: "\(error.message), expected a JSON array of \(problem.dimension) numbers")
        }
    }

    /// The answer at `x` with, on request, ∇f(x)·v by forward mode beside the reverse-mode
    /// gradient's dot product ("jvp": {"forward", "reverse"}) and ∇²f(x)·w ("hvp", with
    /// "hessian" saying how it was obtained).
    /// - Throws: a direction of the wrong length, or a problem without the derivative asked for.
    public func answer(at x: [Double], jvp v: [Double]?, hvp w: [Double]?) throws(BadPoint) -> String {
        let objective = problem.objective, n = problem.dimension
        let f = x.withUnsafeBufferPointer { xb in
            gradient.withUnsafeMutableBufferPointer { objective.valueAndGradient(at: xb, gradient: $0) }
        }
        var members: [(String, String)] =
            [("f", JSONWriter.number(f)), ("g", JSONWriter.array(gradient))] + residualMembers(at: x)
            + constraintMembers(at: x)
        if let v {
            guard v.count == n else {
                throw BadPoint(reason: "--jvp has \(v.count) numbers, expected \(n) (the problem's dimension)")
            }
            guard let forward = objective as? any DirectionalDerivativeObjective else {
                throw BadPoint(
                    reason:
                        "--jvp: \(problem.name) has no forward-mode derivatives (formulas and mgh problems have them)")
            }
            let directional = x.withUnsafeBufferPointer { xb in
                v.withUnsafeBufferPointer { forward.directionalDerivative(at: xb, direction: $0) }
            }
            let reverse = zip(gradient, v).reduce(0) { $0 + $1.0 * $1.1 }
            members.append(
                (
                    "jvp",
                    JSONWriter.object([
                        ("forward", JSONWriter.number(directional.derivative)), ("reverse", JSONWriter.number(reverse)),
                    ])
                ))
        }
        if let w {
            guard w.count == n else {
                throw BadPoint(reason: "--hvp has \(w.count) numbers, expected \(n) (the problem's dimension)")
            }
            var product = [Double](repeating: 0, count: n)
            let source: String
            if let hv = objective as? any HessianVectorObjective {
                x.withUnsafeBufferPointer { xb in
                    w.withUnsafeBufferPointer { wb in
                        product.withUnsafeMutableBufferPointer {
                            hv.hessianVectorProduct(at: xb, direction: wb, into: $0)
                        }
                    }
                }
                source = hv.hessianSource
            } else if let dense = objective as? any HessianObjective {
                guard n <= 5000 else {
                    throw BadPoint(
                        reason: "--hvp: \(problem.name) has only a dense Hessian, and n = \(n) is above 5000")
                }
                var h = [Double](repeating: 0, count: n * n)
                x.withUnsafeBufferPointer { xb in h.withUnsafeMutableBufferPointer { dense.hessian(at: xb, into: $0) } }
                for i in 0..<n { product[i] = (0..<n).reduce(0) { $0 + h[i * n + $1] * w[$1] } }
                source = dense.hessianSource
            } else {
                throw BadPoint(reason: "--hvp: \(problem.name) has no Hessian")
            }
            members += [("hvp", JSONWriter.array(product)), ("hessian", JSONWriter.string(source))]
        }
        return JSONWriter.object(members) + "\n"
    }

    /// The problem's standard x₀, f* and box: `{"problem":…,"x0":[…],"f_minimum":…,"lower":[…],"upper":[…]}`
    /// and a newline; a bound that is absent is null, and so are `lower`/`upper` without bounds. With
    /// constraints asked for, also their sides lᵢ ≤ cᵢ(x) ≤ uᵢ, `"constraint_lower":[…],"constraint_upper":[…]`
    /// (null where a side is absent; lᵢ = uᵢ for an equality), and the formulas, `"constraints":[…]` (all
    /// empty when the problem has no general constraints).
    public var start: String {
        let sides =
            answersConstraints
            ? [("constraint_lower", JSONWriter.array(constraints?.lower ?? [])),
               ("constraint_upper", JSONWriter.array(constraints?.upper ?? [])),
               ("constraints",
                "[" + (constraints?.descriptions ?? []).map(JSONWriter.string).joined(separator: ",") + "]")]
            : []
        return JSONWriter.object([("problem", JSONWriter.string(problem.name)), ("x0", JSONWriter.array(problem.start)),
                                  ("f_minimum", problem.minimum.map(JSONWriter.number) ?? "null"),
                                  ("lower", problem.bounds.map { JSONWriter.array($0.lower) } ?? "null"),
                                  ("upper", problem.bounds.map { JSONWriter.array($0.upper) } ?? "null")] + sides)
            + "\n"
    }
}
