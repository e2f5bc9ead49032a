import Foundation
import Optim
import Problems

/// `optbench check-grad`: the problem's ∇f against central differences of its f at one
/// point — per coordinate for n ≤ 100 (gᵢ against (f(x + hᵢeᵢ) − f(x − hᵢeᵢ)) / 2hᵢ), along k
/// random unit directions v otherwise (∇f·v against (f(x + hv) − f(x − hv)) / 2h), with
/// hᵢ = ε^{1/3}·max(1, |xᵢ|) (h = ε^{1/3}·max(1, ‖x‖∞) along a direction): the step that
/// balances truncation and rounding error (N&W section 8.1), leaving about 10⁻¹⁰ relative
/// error on smooth functions, while a wrong term in a gradient gives errors of order one.
///
/// Each comparison's relative error is |d − a| / max(|d|, |a|, φ) with d the difference
/// quotient, a the gradient's value and the floor φ = 10⁻⁶·max(1, |f(x)|)·max(1, √n/3): the
/// rounding error of f, divided by 2h, is about ε^{2/3}|f| and grows with the number of terms
/// summed, so derivatives that are zero up to that noise do not count as wrong (measured:
/// chained Rosenbrock at n = 10⁴…10⁶ with its exact gradient: worst 2·10⁻⁵ over 30 directions). The
/// check passes when the worst is ≤ `tolerance`.
public struct GradientCheck {
    public static let tolerance = 1e-4
    public static let coordinateLimit = 100
    public static let defaultDirections = 10

    public struct Comparison: Sendable {
        /// The coordinate (1-based), or the direction's number (1-based) for n > 100.
        public let index: Int
        public let given: Double
        public let difference: Double
        public let relativeError: Double
    }

    public let problem: TestProblem
    public let x: [Double]
    public let f: Double
    /// True when the comparisons are along random directions (n > 100).
    public let alongDirections: Bool
    public let comparisons: [Comparison]
    /// f evaluations the check made (the program's included).
    public let evaluations: Int

    public enum Failure: Error, Equatable {
        case evaluation(String)
        case nonFinite(String)
        /// Ctrl-C (`Interruption`) between two comparisons: how far the check got.
        case interrupted(String)
    }

    /// Runs the check at `x` (the problem's start when nil).
    /// - Parameters:
    ///   - directions: k, for n > 100.
    ///   - seed: seeds the random directions.
    public init(
        problem: TestProblem, at x: [Double]? = nil, directions: Int = defaultDirections, seed: UInt64 = 1
    ) throws(Failure) {
        let point = x ?? problem.start
        let n = problem.dimension
        self.problem = problem
        self.x = point
        let objective = CountedObjective(OpenObjective(problem.objective))
        let total = n <= Self.coordinateLimit ? n : directions
        func check(done: Int = 0) throws(Failure) {
            if let failure = objective.failure { throw .evaluation(failure.message) }
            if Interruption.isRaised { throw .interrupted("interrupted after \(done) of \(total) comparisons") }
        }
        let (f, gradient) = objective.evaluate(at: point)
        try check()
        guard f.isFinite, gradient.allSatisfy(\.isFinite) else {
            throw .nonFinite(
                "f or ∇f is not finite at the point (f = \(f)); check-grad needs a point where both are finite")
        }
        self.f = f
        let floor = 1e-6 * max(1, abs(f)) * max(1, Double(n).squareRoot() / 3)
        func compare(_ index: Int, _ given: Double, _ difference: Double) -> Comparison {
            let error = abs(difference - given) / max(abs(difference), abs(given), floor)
            return Comparison(
                index: index, given: given, difference: difference, relativeError: error.isNaN ? .infinity : error)
        }
        var comparisons: [Comparison] = []
        var probe = point
        let cbrtEpsilon = 6.0554544523933395e-06
        if n <= Self.coordinateLimit {
            alongDirections = false
            for i in 0..<n {
                let h = cbrtEpsilon * max(1, abs(point[i]))
                probe[i] = point[i] + h
                let up = probe[i], fUp = objective.value(at: probe)
                probe[i] = point[i] - h
                let down = probe[i], fDown = objective.value(at: probe)
                probe[i] = point[i]
                try check(done: i)
                comparisons.append(compare(i + 1, gradient[i], (fUp - fDown) / (up - down)))
            }
        } else {
            alongDirections = true
            var generator = SeededGenerator(seed: seed)
            let h = cbrtEpsilon * max(1, point.reduce(0) { max($0, abs($1)) })
            for k in 0..<directions {
                var v = (0..<n).map { _ in generator.normal() }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                v = v.map { $0 / norm }
                let given = zip(gradient, v).reduce(0) { $0 + $1.0 * $1.1 }
                let fUp = objective.value(at: zip(point, v).map { $0 + h * $1 })
                let fDown = objective.value(at: zip(point, v).map { $0 - h * $1 })
                try check(done: k)
                comparisons.append(compare(k + 1, given, (fUp - fDown) / (2 * h)))
            }
        }
        self.comparisons = comparisons
        evaluations = objective.valueEvaluations
    }

    /// The comparison with the largest relative error.
    public var worst: Comparison { comparisons.max { $0.relativeError < $1.relativeError }! }
    public var passed: Bool { worst.relativeError <= Self.tolerance }

    private var what: String { alongDirections ? "direction" : "coordinate" }

    /// The report for people: every comparison for n ≤ 20, else the ten worst, then the verdict.
    public var text: String {
        var lines = [
            "problem       \(problem.name)  (n = \(problem.dimension))",
            "f             \(String(format: "%.12e", f))",
            "method        "
                + (alongDirections
                    ? "central differences along \(comparisons.count) random unit directions v: ∇f·v against (f(x + "
                        + "hv) − f(x − hv))/2h"
                    : "central differences per coordinate, hᵢ = ε^(1/3)·max(1, |xᵢ|)"),
            "evaluations   f \(evaluations)", "",
        ]
        let shown =
            comparisons.count <= 20
            ? comparisons : Array(comparisons.sorted { $0.relativeError > $1.relativeError }.prefix(10))
        if comparisons.count > 20 { lines.append("the 10 worst of \(comparisons.count):") }
        lines.append(
            "\(RunReport.padLeft(what, 10))  \(RunReport.padLeft(alongDirections ? "∇f·v" : "∇f", 22))  "
                + "\(RunReport.padLeft("difference quotient", 22))  relative error"
        )
        for c in shown {
            lines.append(
                RunReport.padLeft(String(c.index), 10) + "  "
                    + String(format: "%22.14e  %22.14e  %.2e", c.given, c.difference, c.relativeError))
        }
        let w = worst
        lines.append("")
        lines.append(
            "worst         \(what) \(w.index): \(alongDirections ? "∇f·v" : "∇f") = \(w.given), difference quotient "
                + "\(w.difference), relative error \(String(format: "%.2e", w.relativeError))"
        )
        lines.append(
            passed
                ? "verdict       ok: every relative error ≤ \(NumberStyle.format(Self.tolerance))"
                : "verdict       WRONG: relative error \(String(format: "%.2e", w.relativeError)) > "
                    + "\(NumberStyle.format(Self.tolerance)) at \(what) \(w.index)"
        )
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: String {
        typealias W = JSONWriter
        return W.object([
            ("problem", W.string(problem.name)), ("dimension", String(problem.dimension)), ("f", W.number(f)),
            ("along", W.string(alongDirections ? "directions" : "coordinates")),
            (
                "comparisons",
                "["
                    + comparisons.map { c in
                        W.object([
                            ("index", String(c.index)), ("given", W.number(c.given)),
                            ("difference", W.number(c.difference)),
                            ("relative_error", W.number(c.relativeError)),
                        ])
                    }.joined(separator: ",") + "]"
            ),
            ("worst_index", String(worst.index)), ("worst_relative_error", W.number(worst.relativeError)),
            ("tolerance", W.number(Self.tolerance)), ("passed", passed ? "true" : "false"),
            ("f_evaluations", String(evaluations)),
        ]) + "\n"
    }
}

/// An existential objective as a concrete one, so that it can be counted.
struct OpenObjective: Objective, FallibleObjective {
    let base: any Objective
    init(_ base: any Objective) { self.base = base }
    var dimension: Int { base.dimension }
    var failure: EvaluationFailure? { (base as? any FallibleObjective)?.failure }
    func value(at x: UnsafeBufferPointer<Double>) -> Double { base.value(at: x) }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        base.valueAndGradient(at: x, gradient: gradient)
    }
}
