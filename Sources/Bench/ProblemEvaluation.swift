import Optim
import Problems

/// `optbench eval`: f and ∇f of a problem at points given as JSON arrays, answered as one JSON
/// line each, `{"f":…,"g":[…]}` (doubles in shortest round-trip form; NaN and ±∞ as null).
public final class ProblemEvaluation {
    public let problem: TestProblem
    private var gradient: [Double]

    public init(problem: TestProblem) {
        self.problem = problem
        gradient = Array(repeating: 0, count: problem.dimension)
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
        return "{\"f\":\(JSONWriter.number(f)),\"g\":\(JSONWriter.array(gradient))}\n"
    }

    /// The answer line for one input line holding a JSON array of n numbers.
    public func answer(toLine text: String) throws(BadPoint) -> String {
        let x: [Double]
        do { x = try JSON.parseNumberArray(text) } catch {
            throw BadPoint(reason: "\(error.message), expected a JSON array of \(problem.dimension) numbers")
        }
        guard x.count == problem.dimension else {
            throw BadPoint(reason: "\(x.count) numbers, expected \(problem.dimension) (the problem's dimension)")
        }
        return answer(at: x)
    }

    /// The problem's standard x₀ and f*: `{"problem":…,"x0":[…],"f_minimum":…}` and a newline.
    public var start: String {
        JSONWriter.object([("problem", JSONWriter.string(problem.name)), ("x0", JSONWriter.array(problem.start)),
                           ("f_minimum", problem.minimum.map(JSONWriter.number) ?? "null")]) + "\n"
    }
}
