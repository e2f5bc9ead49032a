import Testing
@testable import Optim

/// f → s·f for s = 1e-50 … 1e50 (issue 30): the first trial step 1/‖∇f‖₂ and the line searches'
/// limits relative to it make BFGS, L-BFGS and CG scale-invariant, so with the gradient tolerance
/// scaled too (s·1e-8, as scipy's `test_initial_step_scaling` does) each run follows the s = 1
/// run: the same iteration and evaluation counts, and the known minimizer x* = 1.
@Suite struct ScaleInvarianceTests {
    static let scales: [Double] = [1e-50, 1e-30, 1e-20, 1e-10, 1e-3, 1, 1e3, 1e10, 1e20, 1e30, 1e50]

    /// s · Σ cᵢ(xᵢ − 1)² with cᵢ = i + 1 (minimizer 1, closed form), recording every x it is called at.
    final class Scaled: Objective {
        let scale: Double
        let dimension: Int
        var points: [[Double]] = []
        init(scale: Double, dimension: Int) {
            self.scale = scale
            self.dimension = dimension
        }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            points.append(Array(x))
            var f = 0.0
            for i in 0..<dimension {
                let c = Double(i + 1), r = x[i] - 1
                f += c * r * r
                gradient[i] = scale * 2 * c * r
            }
            return scale * f
        }
    }

    /// The s = 1 run's counts and each scaled run's result.
    private func check<S: Solver>(_ solver: S, dimension n: Int, label: String, unitFirstStep: Bool = true) throws {
        let x0 = [Double](repeating: -1, count: n)
        let reference = try minimize(
            Scaled(scale: 1, dimension: n), from: x0, using: solver, options: Options(gradientTolerance: 1e-8))
        #expect(reference.status == .convergedGradient, "\(label) s = 1: \(reference.status)")
        for s in Self.scales {
            let f = Scaled(scale: s, dimension: n)
            let result = try minimize(f, from: x0, using: solver, options: Options(gradientTolerance: s * 1e-8))
            #expect(result.status == .convergedGradient, "\(label) s = \(s): \(result.status) \(result.detail ?? "")")
            #expect(result.x.allSatisfy { abs($0 - 1) <= 1e-6 }, "\(label) s = \(s): x = \(result.x)")
            #expect(result.iterations == reference.iterations, "\(label) s = \(s)")
            #expect(result.valueEvaluations == reference.valueEvaluations, "\(label) s = \(s)")
            // The first trial step moves x by 1 (‖x₁ − x₀‖₂ = α₀‖∇f‖₂ with α₀ = 1/‖∇f‖₂), and
            // nothing ever steps far away (scipy's test: |x| ≤ 1e4).
            if unitFirstStep { #expect(abs(distance(f.points[1], x0) - 1) <= 1e-12, "\(label) s = \(s)") }
            #expect(f.points.allSatisfy { $0.allSatisfy { abs($0) <= 1e4 } }, "\(label) s = \(s)")
        }
    }

    @Test func bfgs() throws {
        try check(BFGS(lineSearch: MoreThuente()), dimension: 1, label: "bfgs n = 1")
        try check(BFGS(lineSearch: MoreThuente()), dimension: 6, label: "bfgs n = 6")
        try check(BFGS(lineSearch: StrongWolfe()), dimension: 6, label: "bfgs + strong-wolfe")
    }

    @Test func lbfgs() throws {
        try check(LBFGS(lineSearch: MoreThuente()), dimension: 6, label: "lbfgs")
    }

    @Test func conjugateGradient() throws {
        try check(NonlinearCG(lineSearch: MoreThuente(c2: 0.1)), dimension: 1, label: "cg n = 1")
        try check(NonlinearCG(lineSearch: MoreThuente(c2: 0.1)), dimension: 6, label: "cg n = 6")
        try check(
            NonlinearCG(lineSearch: MoreThuente(c2: 0.1), initialStep: .hagerZhang), dimension: 6, label: "cg hz",
            unitFirstStep: false)
    }

    /// scipy's `test_initial_step_scaling` (scipy/optimize/tests/test_optimize.py): f = s(x − 1)²
    /// from x₀ = −1 with gtol = s·1e-8 converges to x = 1 in at most 3 iterations, and never
    /// steps beyond |x| = 1e4.
    @Test func scipysInitialStepScaling() throws {
        for s in [1e-50, 1.0, 1e50] {
            for solver in [
                AnySolverBox(BFGS(lineSearch: MoreThuente())),
                AnySolverBox(NonlinearCG(lineSearch: MoreThuente(c2: 0.1))),
            ] {
                let f = ScipyScaled(scale: s)
                let result = try solver.run(f, s * 1e-8)
                #expect(result.status.isConverged, "s = \(s): \(result.status)")
                #expect(abs(result.x[0] - 1) <= 1e-7 * 1, "s = \(s): x = \(result.x)")
                #expect(result.iterations <= 3, "s = \(s): \(result.iterations) iterations")
                #expect(f.farthest <= 1e4)
            }
        }
    }

    final class ScipyScaled: Objective {
        let scale: Double
        var farthest = 0.0
        init(scale: Double) { self.scale = scale }
        var dimension: Int { 1 }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            farthest = max(farthest, abs(x[0]))
            gradient[0] = scale * (x[0] - 1)
            return scale * (x[0] - 1) * (x[0] - 1)
        }
    }

    struct AnySolverBox {
        let run: (ScipyScaled, Double) throws -> OptimizationResult
        init<S: Solver>(_ solver: S) {
            run = { f, gtol in try minimize(f, from: [-1], using: solver, options: Options(gradientTolerance: gtol)) }
        }
    }
}
