import Foundation
import Testing
@testable import Optim

/// The three subproblem solvers on models whose solutions are worked out by hand or by an
/// independent bisection on the secular equation.
@Suite struct TrustRegionSubproblemTests {
    /// B = diag(1, 4), g = (1, 1): p_B = (−1, −¼), p_U = −(gᵀg/gᵀBg)g = (−0.4, −0.4).
    static let convex = QuadraticModel(h: Matrix([[1, 0], [0, 4]]), g: [1, 1])

    @Test func doglegPathPointsByHand() throws {
        var dogleg = Dogleg()
        // Δ = 2 ≥ ‖p_B‖ = 1.0308: the Newton point, inside.
        let (newton, inside) = try solveSubproblem(&dogleg, Self.convex, radius: 2)
        #expect(distance(newton, [-1, -0.25]) <= 1e-15 && !inside.onBoundary)
        // Δ = 0.5 ≤ ‖p_U‖ = 0.5657: along −g to the boundary, 0.5(−1, −1)/√2.
        let (steepest, _) = try solveSubproblem(&dogleg, Self.convex, radius: 0.5)
        #expect(distance(steepest, [-0.5 / 2.0.squareRoot(), -0.5 / 2.0.squareRoot()]) <= 1e-15)
        // Δ = 0.8: p_U + τ(p_B − p_U), 0.3825τ² + 0.36τ − 0.32 = 0, τ = 0.55802957243953.
        let (dog, onDog) = try solveSubproblem(&dogleg, Self.convex, radius: 0.8)
        #expect(distance(dog, [-0.7348177434637178, -0.31629556413407056]) <= 1e-15 && onDog.onBoundary)
        // Predicted reduction −(gᵀp + ½pᵀBp) by hand.
        let expected = -((dog[0] + dog[1]) + 0.5 * (dog[0] * dog[0] + 4 * dog[1] * dog[1]))
        #expect(abs(onDog.predictedReduction - expected) <= 1e-15)
    }

    @Test func doglegShiftsAnIndefiniteModel() throws {
        var dogleg = Dogleg()
        let model = QuadraticModel(h: Matrix([[2, 0], [0, -1]]), g: [0.2, -1])
        let (p, result) = try solveSubproblem(&dogleg, model, radius: 0.5)
        #expect(dogleg.shiftedIterates == 1 && abs(norm(p) - 0.5) <= 1e-15 && result.predictedReduction > 0)
    }

    /// B = diag(2, −1), g = (0.2, −1): gᵀBg = −0.92 < 0, so the first CG direction −g has
    /// negative curvature and Steihaug stops on the boundary along it: p = Δ(−0.2, 1)/√1.04.
    @Test func steihaugStopsAtTheBoundaryOnNegativeCurvature() throws {
        var steihaug = Steihaug()
        let model = QuadraticModel(h: Matrix([[2, 0], [0, -1]]), g: [0.2, -1])
        let (p, result) = try solveSubproblem(&steihaug, model, radius: 0.5)
        let scale = 0.5 / 1.04.squareRoot()
        #expect(distance(p, [-0.2 * scale, scale]) <= 1e-15)
        #expect(result.onBoundary && steihaug.lastIterations == 1)
        let expected = -((0.2 * p[0] - p[1]) + 0.5 * (2 * p[0] * p[0] - p[1] * p[1]))
        #expect(abs(result.predictedReduction - expected) <= 1e-15)
    }

    /// Negative curvature met at the second CG direction: B = diag(1, −1), g = (0.01, 0.001):
    /// d₀ = −g has curvature 9.9·10⁻⁵ > 0, z₁ = −(1.01/0.99)g inside Δ = 3 with
    /// ‖r₁‖ = 0.00203 above the tolerance 0.00101; d₁ has curvature −4.2·10⁻⁶.
    @Test func steihaugStopsAtTheBoundaryAfterAPositiveStep() throws {
        var steihaug = Steihaug()
        let model = QuadraticModel(h: Matrix([[1, 0], [0, -1]]), g: [0.01, 0.001])
        let (p, result) = try solveSubproblem(&steihaug, model, radius: 3)
        #expect(result.onBoundary && steihaug.lastIterations == 2 && abs(norm(p) - 3) <= 1e-14)
        // The model is unbounded along e₂, so the boundary point must beat the interior CG point.
        let zOne = [-0.0101 / 0.99, -0.00101 / 0.99]
        func m(_ x: [Double]) -> Double { 0.01 * x[0] + 0.001 * x[1] + 0.5 * (x[0] * x[0] - x[1] * x[1]) }
        #expect(-result.predictedReduction <= m(zOne) && abs(-result.predictedReduction - m(p)) <= 1e-14)
    }

    /// The secular equation ‖(B + λI)⁻¹g‖ = Δ for diagonal B solved by plain bisection: the
    /// independent reference for Moré–Sorensen.
    static func bisectedStep(_ diagonal: [Double], _ g: [Double], radius: Double) -> (step: [Double], lambda: Double) {
        var low = max(0, -diagonal.min()!), high = low + norm(g) / radius + 1
        for _ in 0..<200 {
            let mid = 0.5 * (low + high)
            let length = norm(zip(diagonal, g).map { $1 / ($0 + mid) })
            if length > radius { low = mid } else { high = mid }
        }
        let lambda = 0.5 * (low + high)
        return (zip(diagonal, g).map { -$1 / ($0 + lambda) }, lambda)
    }

    /// A rotation that makes the diagonal cases dense: B = V diag(λ) Vᵀ, g = V c.
    static func rotated(_ diagonal: [Double], _ c: [Double]) -> (model: QuadraticModel, v: Matrix) {
        let (s, t) = (sin(0.7), cos(0.7))
        let v = Matrix([[t, -s, 0], [s * t, t * t, -s], [s * s, s * t, t]])
        var d = Matrix(rows: 3, columns: 3)
        for i in 0..<3 { d[i, i] = diagonal[i] }
        var h = v * d * v.transposed
        h.symmetrize()
        let g = (0..<3).map { i in (0..<3).reduce(0.0) { $0 + v[i, $1] * c[$1] } }
        return (QuadraticModel(h: h, g: g), v)
    }

    static func rotate(_ v: Matrix, _ x: [Double]) -> [Double] {
        (0..<3).map { i in (0..<3).reduce(0.0) { $0 + v[i, $1] * x[$1] } }
    }

    @Test func moreSorensenOnAPositiveDefiniteModelWithALongNewtonStep() throws {
        // Cholesky path: B = diag(1, 4) rotated (2-D case padded with λ₃ = 9).
        let (model, v) = Self.rotated([1, 4, 9], [1, 1, 1])
        let reference = Self.bisectedStep([1, 4, 9], [1, 1, 1], radius: 0.5)
        var exact = MoreSorensen()
        let (p, result) = try solveSubproblem(&exact, model, radius: 0.5)
        #expect(distance(p, Self.rotate(v, reference.step)) <= 1e-9 && result.onBoundary)
        #expect(abs(exact.lastMultiplier - reference.lambda) <= 1e-8 && !exact.lastWasHardCase)
        // Δ above ‖B⁻¹g‖: the Newton step itself.
        let (newton, inside) = try solveSubproblem(&exact, model, radius: 5)
        #expect(distance(newton, Self.rotate(v, [-1, -0.25, -1.0 / 9])) <= 1e-14 && !inside.onBoundary)
    }

    /// SR1's B on mgh/osborne-1 (`optbench run --solver sr1 --b0 1`, at the trial that trapped):
    /// entries from 7 to 4·10⁴⁸, so in rounding B + λI fails to factor for every λ the iteration
    /// bisects to; it must then keep its last p rather than solve with the failed factor (whose
    /// NaNs reached LAPACKE's check and trapped before). The step must still be a good one: on
    /// the boundary, with a model decrease at least that of the Cauchy point (the model's minimum
    /// along −g within Δ).
    @Test func moreSorensenWhenTheShiftedStepOverflows() throws {
        let b = Matrix([
            [
                37.567308834353405, 14.78226287092427, 1.4395903970390937e+21, -2504.0142705739045,
                4.618201257888331e+23,
            ],
            [14.78226287092427, 6.984096344869384, -25962057770.688976, -1013.6650102140402, -550853.9589715501],
            [
                1.4395903970390937e+21, -25962057770.688976, 4.0395506554507965e+43, 4397795057584.625,
                1.295886521321995e+46,
            ],
            [-2504.0142705739045, -1013.6650102140402, 4397795057584.625, 171708.92275314848, 80911881.42471819],
            [
                4.618201257888331e+23, -550853.9589715501, 1.295886521321995e+46, 80911881.42471819,
                4.157199697144574e+48,
            ],
        ])
        let g = [10.70995235866219, 3.064645172621473, 1.5810647857735058, -411.65596609175066, 76.26173595682546]
        let radius = 3.637978807091713e-12
        var exact = MoreSorensen()
        let (p, result) = try solveSubproblem(&exact, QuadraticModel(h: b, g: g), radius: radius)
        #expect(p.allSatisfy(\.isFinite) && abs(norm(p) - radius) <= 1e-9 * radius && result.onBoundary)
        func decrease(_ v: [Double]) -> Double {
            let bv = (0..<5).map { i in (0..<5).reduce(0.0) { $0 + b[i, $1] * v[$1] } }
            return -(zip(g, v).reduce(0) { $0 + $1.0 * $1.1 } + 0.5 * zip(v, bv).reduce(0) { $0 + $1.0 * $1.1 })
        }
        let gNorm = norm(g), unit = g.map { -$0 / gNorm }
        let curvature = -2 * decrease(unit) - 2 * gNorm   // uᵀBu for u = −g/‖g‖
        let t = curvature > 0 ? min(radius, gNorm / curvature) : radius
        let cauchy = decrease(unit.map { t * $0 })
        #expect(
            result.predictedReduction > 0 && result.predictedReduction >= cauchy * (1 - 1e-6),
            "\(result.predictedReduction) vs \(cauchy)")
    }

    @Test func moreSorensenOnAnIndefiniteModel() throws {
        let (model, v) = Self.rotated([-2, 1, 3], [0.5, 1, 3])
        let reference = Self.bisectedStep([-2, 1, 3], [0.5, 1, 3], radius: 1)
        var exact = MoreSorensen()
        let (p, result) = try solveSubproblem(&exact, model, radius: 1)
        #expect(distance(p, Self.rotate(v, reference.step)) <= 1e-9 && result.onBoundary && !exact.lastWasHardCase)
        #expect(abs(exact.lastMultiplier - reference.lambda) <= 1e-8)
    }

    /// The hard case, N&W §4.3: g ⟂ q₁ and ‖p̃(−λ₁)‖ = ‖(0, −1/3, −3/5)‖ = 0.6864 < Δ = 1, so
    /// λ = −λ₁ = 2 and p = p̃ ± τq₁ with τ = √(1 − 1/9 − 9/25) = 0.7272474743090477.
    @Test func moreSorensenHardCase() throws {
        let (model, v) = Self.rotated([-2, 1, 3], [0, 1, 3])
        var exact = MoreSorensen()
        let (p, result) = try solveSubproblem(&exact, model, radius: 1)
        let inEigenbasis = (0..<3).map { j in (0..<3).reduce(0.0) { $0 + v[$1, j] * p[$1] } }
        #expect(exact.lastWasHardCase && exact.lastMultiplier == 2 && result.onBoundary)
        #expect(abs(abs(inEigenbasis[0]) - 0.7272474743090477) <= 1e-12)
        #expect(abs(inEigenbasis[1] + 1.0 / 3) <= 1e-12 && abs(inEigenbasis[2] + 0.6) <= 1e-12)
        // m(p) = gᵀp + ½pᵀBp = Σ cᵢyᵢ + ½λᵢyᵢ² in the eigenbasis.
        let y = inEigenbasis
        let expected = -((y[1] + 3 * y[2]) + 0.5 * (-2 * y[0] * y[0] + y[1] * y[1] + 3 * y[2] * y[2]))
        #expect(abs(result.predictedReduction - expected) <= 1e-12)
    }
}
