import Testing
@testable import Optim

/// Finite differences on a box (issue 30): f is never evaluated outside it, a variable at a
/// bound is differenced one-sided into the box, a fixed variable (l = u) not at all, and the
/// evaluation count is exact.
@Suite struct BoundedDifferencesTests {
    /// f(x) = Σ (i + 1)·xᵢ³ + x₀x₁, recording every x it is called at; ∇f in closed form.
    final class Recorder: Objective {
        let dimension: Int
        var points: [[Double]] = []
        init(dimension: Int) { self.dimension = dimension }
        static func f(_ x: [Double]) -> Double {
            x.indices.reduce(0) { $0 + Double($1 + 1) * x[$1] * x[$1] * x[$1] } + x[0] * x[1]
        }
        static func gradient(_ x: [Double]) -> [Double] {
            var g = x.indices.map { 3 * Double($0 + 1) * x[$0] * x[$0] }
            g[0] += x[1]
            g[1] += x[0]
            return g
        }
        func value(at x: UnsafeBufferPointer<Double>) -> Double {
            points.append(Array(x))
            return Self.f(Array(x))
        }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            value(at: x)
        }
    }

    static let box = try! Bounds(
        lower: [0, -1, 2, -3, 0.5, -1],
        upper: [1, 1e-9, 2, 5, 0.5 + 1e-7, 1])

    static func inside(_ x: [Double]) -> Bool {
        x.indices.allSatisfy { x[$0] >= box.lower[$0] && x[$0] <= box.upper[$0] }
    }

    @Test(arguments: [DifferenceScheme.central, .forward])
    func neverLeavesTheBox(_ scheme: DifferenceScheme) {
        // x₀ on its lower bound, x₁ 1e-9 below its upper bound, x₂ fixed, x₃ on its upper bound,
        // x₄ in a box narrower than any step, x₅ inside with room on both sides.
        let x = [0, 0, 2, 5, 0.5 + 5e-8, 0.3]
        let recorder = Recorder(dimension: 6)
        let differences = FiniteDifferenceGradient(recorder, scheme: scheme, bounds: Self.box)
        var g = [Double](repeating: .nan, count: 6)
        let f = x.withUnsafeBufferPointer { xp in
            g.withUnsafeMutableBufferPointer { differences.valueAndGradient(at: xp, gradient: $0) }
        }
        #expect(f == Recorder.f(x))
        #expect(recorder.points.allSatisfy(Self.inside), "outside: \(recorder.points.filter { !Self.inside($0) })")
        // One evaluation at x, then 2 (central) or 1 (forward) per free variable: 5 are free.
        let perVariable = scheme == .central ? 2 : 1
        #expect(recorder.points.count == 1 + perVariable * 5)
        #expect(differences.valueEvaluationsPerGradient == perVariable * 5)
        // The fixed variable is not differenced: no evaluation moves x₂, and g₂ = 0.
        #expect(recorder.points.allSatisfy { $0[2] == 2 })
        #expect(g[2] == 0)
        // Against the closed form: central (O(h²), also one-sided three-point) and forward (O(h)).
        let exact = Recorder.gradient(x)
        let tolerance = scheme == .central ? 1e-6 : 1e-5
        for i in [0, 1, 3, 4, 5] {
            #expect(abs(g[i] - exact[i]) <= tolerance * max(1, abs(exact[i])), "g[\(i)] = \(g[i]) vs \(exact[i])")
        }
    }

    /// Without bounds the differences are the plain ones (same points as before the change):
    /// central x ± ε^{1/3}·max(1, |xᵢ|), 2n evaluations.
    @Test func withoutBoundsTheStepsAreSymmetric() {
        let recorder = Recorder(dimension: 2)
        let differences = FiniteDifferenceGradient(recorder, scheme: .central)
        var g = [0.0, 0.0]
        let x = [3.0, -0.5]
        _ = x.withUnsafeBufferPointer { xp in
            g.withUnsafeMutableBufferPointer { differences.valueAndGradient(at: xp, gradient: $0) }
        }
        let h0 = 6.0554544523933395e-06 * 3, h1 = 6.0554544523933395e-06
        #expect(recorder.points == [x, [3 + h0, -0.5], [3 - h0, -0.5], [3, -0.5 + h1], [3, -0.5 - h1]])
    }

    /// L-BFGS-B on the box with differenced gradients: every evaluation of the whole run lies
    /// in the box, and the run's f-evaluation count is exactly the calls made.
    @Test(arguments: [DifferenceScheme.central, .forward])
    func aBoundedRunStaysInside(_ scheme: DifferenceScheme) throws {
        let recorder = Recorder(dimension: 6)
        let differences = FiniteDifferenceGradient(recorder, scheme: scheme, bounds: Self.box)
        let result = try minimize(
            differences, from: [0.5, 0, 2, 1, 0.5, 0.5], bounds: Self.box, using: LBFGSB(),
            options: Options(gradientTolerance: 1e-5, maxIterations: 200))
        #expect(recorder.points.allSatisfy(Self.inside), "outside: \(recorder.points.filter { !Self.inside($0) })")
        #expect(result.valueEvaluations == recorder.points.count)
        // The box's minimizer, by hand: f increases in x₃, x₄, x₅ (derivatives 12x₃², 15x₄², 18x₅²
        // plus nothing else) so they sit on their lower bounds; ∂f/∂x₁ = 6x₁² + x₀ > 0 puts x₁
        // on −1, and then ∂f/∂x₀ = 3x₀² − 1 = 0 gives x₀ = 1/√3.
        let minimizer = [1 / 3.0.squareRoot(), -1, 2, -3, 0.5, -1]
        #expect(distance(result.x, minimizer) <= 1e-4, "x = \(result.x)")
    }
}
