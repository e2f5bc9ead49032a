import Foundation
import Testing
@testable import Optim

/// Finite differences on a box against scipy's `approx_derivative` with bounds (recorded by
/// scripts/reference/approx-derivative-bounds.py in Tests/Data/approx-derivative-bounds.json), and
/// `FunctionObjective` told the box by `minimize` (issues 27 and 30).
@Suite struct DifferencesAgainstScipyTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let scheme: String
            let gradient: [Double]
        }
        let x: [Double], lower: [Double], upper: [Double]
        let cases: [Case]
    }

    /// The reference script's f.
    static func f(_ x: [Double]) -> Double {
        x[0] * x[0] * x[0] + 2 * x[1] * x[1] * x[1] + x[0] * x[1] + sin(3 * x[2]) + exp(x[3])
            + x[4] * x[4] * x[4] * x[4]
    }

    static func reference() throws -> Reference {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/approx-derivative-bounds.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: path))
    }

    /// At a lower bound, an upper bound, in a box narrower than the step, 1e-9 below a bound and
    /// inside: the same one-sided (or shrunk central) differences as scipy, to rounding of the steps.
    @Test(arguments: [DifferenceScheme.central, .forward])
    func matchesScipysApproxDerivativeAtTheBounds(_ scheme: DifferenceScheme) throws {
        let reference = try Self.reference()
        let expected = try #require(reference.cases.first { $0.scheme == scheme.rawValue }).gradient
        let box = try Bounds(lower: reference.lower, upper: reference.upper)
        var points: [[Double]] = []
        let objective = FunctionObjective(
            dimension: 5, value: { x in points.append(x); return Self.f(x) }, differences: scheme, bounds: box)
        let (value, gradient) = objective.evaluate(at: reference.x)
        #expect(value == Self.f(reference.x))
        #expect(points.count == 1 + scheme.valueEvaluationsPerGradient(dimension: 5))
        #expect(points.allSatisfy { box.project($0) == $0 }, "a point outside the box")
        for i in 0..<5 {
            let tolerance = 1e-9 * max(1, abs(expected[i]))
            #expect(abs(gradient[i] - expected[i]) <= tolerance, "g[\(i)] = \(gradient[i]), scipy \(expected[i])")
        }
    }

    /// minimize(…, bounds:) tells a `FunctionObjective` without a gradient its box: L-BFGS-B on
    /// (x₀ − 2)² + (x₁ + 1)² + x₀x₁/4 + (x₂ − 1)² over [0, 1] × [0, 1] × {0.3} ends on x₀ = 1 and x₁ = 0,
    /// where differences across the bound would leave the box; no point the closure sees does,
    /// x₂ (fixed by equal bounds) never moves and its gradient component is 0, and the counts are
    /// exact: 2·2 difference evaluations per gradient (two free variables).
    @Test func aClosureIsDifferencedInsideTheBoxItIsMinimizedOn() throws {
        var points: [[Double]] = []
        let closure = FunctionObjective(dimension: 3, value: { x in
            points.append(x)
            return (x[0] - 2) * (x[0] - 2) + (x[1] + 1) * (x[1] + 1) + x[0] * x[1] / 4 + (x[2] - 1) * (x[2] - 1)
        })
        #expect(closure.confinement == nil && closure.valueEvaluationsPerGradient == 6)
        let box = try Bounds(lower: [0, 0, 0.3], upper: [1, 1, 0.3])
        let result = try minimize(closure, from: [0.5, 0.5, 0.3], bounds: box, using: LBFGSB())
        #expect(result.status.isConverged)
        #expect(result.x == [1, 0, 0.3])
        #expect(points.allSatisfy { box.project($0) == $0 }, "outside: \(points.filter { box.project($0) != $0 })")
        #expect(points.allSatisfy { $0[2] == 0.3 })
        #expect(result.gradient[2] == 0)
        // ∂f/∂x₀ = 2(x₀ − 2) + x₁/4 = −2 and ∂f/∂x₁ = 2(x₁ + 1) + x₀/4 = 2.25 at (1, 0).
        #expect(abs(result.gradient[0] + 2) <= 1e-8 && abs(result.gradient[1] - 2.25) <= 1e-8)
        #expect(result.valueEvaluations == points.count)
        #expect(result.differenceEvaluations == 4 * result.gradientEvaluations)
        // The box's copy is what ran; the caller's objective is unchanged.
        #expect(closure.confinement == nil)
        let confined = try #require(closure.confinedObjective(to: box) as? FunctionObjective)
        #expect(confined.confinement == box && confined.valueEvaluationsPerGradient == 4)
    }
}
