import Testing
@testable import Optim

/// f(x) = ½‖x‖² that records every point it is evaluated at.
final class RecordedSquare: Objective {
    let dimension: Int
    private(set) var points: [[Double]] = []
    init(dimension: Int) { self.dimension = dimension }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        points.append(Array(x))
        var f = 0.0
        for i in 0..<dimension {
            gradient[i] = x[i]
            f += 0.5 * x[i] * x[i]
        }
        return f
    }

    /// The first point evaluated after x₀: the line search's first trial.
    var firstTrial: [Double]? { points.dropFirst().first { $0 != points[0] } }
}

/// L-BFGS-B's first trial step, as `lbfgsb.c` (`lnsrlb`) takes it: on iteration 0, with no pair
/// held, the Cauchy point of B = I is P(x − g), so d = P(x − ∇f) − x; the step is bounded by
/// α_max = 1 on a bounded problem, and the first trial is α = min(1/‖d‖₂, α_max) unless every
/// variable has both bounds (then 1). On f = ½‖x‖², φ(α) = ½‖x + αd‖², so each trial is a hand
/// computation; a trial that meets c1 = 10⁻³, c2 = 0.9 ends the iteration there.
@Suite struct LBFGSBFirstStepTests {
    static func firstIteration(from x0: [Double], lower: [Double], upper: [Double]) throws -> (
        trial: [Double]?, x: [Double]
    ) {
        let f = RecordedSquare(dimension: x0.count)
        let result = try minimize(
            f, from: x0, bounds: try Bounds(lower: lower, upper: upper), using: LBFGSB(),
            options: Options(gradientTolerance: 0, maxIterations: 1))
        return (f.firstTrial, result.x)
    }

    /// x₀ = (3, 4), only x₁ ≥ −10: d = −x₀, ‖d‖ = 5, α = min(1/5, 1) = 0.2, trial (2.4, 3.2); there
    /// φ'(0.2) = −20, within 0.9·|φ'(0)| = 22.5, and φ falls by 9 ≥ 10⁻³·0.2·25: accepted.
    @Test func aLongFirstDirectionIsScaledToUnitLength() throws {
        let (trial, x) = try Self.firstIteration(from: [3, 4], lower: [-10, -.infinity], upper: [.infinity, .infinity])
        #expect(distance(try #require(trial), [2.4, 3.2]) <= 1e-15)
        #expect(distance(x, [2.4, 3.2]) <= 1e-15)
    }

    /// x₀ = (0.3, 0.4): ‖d‖ = 0.5, 1/‖d‖ = 2 is capped by α_max = 1 (the longest feasible step
    /// along d, 34.3, is not used on the first iteration): the trial is P(x₀ − ∇f) = 0.
    @Test func aShortFirstDirectionIsCappedAtOne() throws {
        let (trial, x) = try Self.firstIteration(
            from: [0.3, 0.4], lower: [-10, -.infinity], upper: [.infinity, .infinity])
        #expect(trial == [0, 0])
        #expect(x == [0, 0])
    }

    /// Every variable boxed, x₀ = (3, 4) in [−10, 10]²: the first trial is α = 1, not 1/‖d‖.
    @Test func aFullyBoxedProblemTriesTheUnitStep() throws {
        let (trial, x) = try Self.firstIteration(from: [3, 4], lower: [-10, -10], upper: [10, 10])
        #expect(trial == [0, 0])
        #expect(x == [0, 0])
    }
}
