import Foundation
import Testing
@testable import Optim

/// A square zero-residual system: r₁ = x₁² + x₂² − 2, r₂ = exp(x₁ − 1) + x₂³ − 2, root (1, 1),
/// J(1, 1) = [[2, 2], [1, 3]] nonsingular — where Gauss–Newton is Newton's method on r = 0.
final class TwoCircles: LeastSquaresObjective {
    var dimension: Int { 2 }
    var residualCount: Int { 2 }
    var jacobianFails = false
    /// Every residual times s (f times s²): MINPACK's tests are invariant under it, an absolute ‖∇f‖∞ test is not.
    var scale = 1.0

    init(scale: Double = 1) { self.scale = scale }

    func residuals(at x: UnsafeBufferPointer<Double>, into r: UnsafeMutableBufferPointer<Double>) {
        r[0] = scale * (x[0] * x[0] + x[1] * x[1] - 2)
        r[1] = scale * (exp(x[0] - 1) + x[1] * x[1] * x[1] - 2)
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into j: UnsafeMutableBufferPointer<Double>) {
        // Column-major: column 0 is ∂r/∂x₁.
        j[0] = scale * 2 * x[0]; j[1] = scale * exp(x[0] - 1)
        j[2] = scale * 2 * x[1]; j[3] = scale * 3 * x[1] * x[1]
        if jacobianFails { j[3] = .nan }
    }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        let r1 = scale * (x[0] * x[0] + x[1] * x[1] - 2), r2 = scale * (exp(x[0] - 1) + x[1] * x[1] * x[1] - 2)
        g[0] = 2 * scale * (r1 * 2 * x[0] + r2 * exp(x[0] - 1))
        g[1] = 2 * scale * (r1 * 2 * x[1] + r2 * 3 * x[1] * x[1])
        return r1 * r1 + r2 * r2
    }
}

/// One residual in two unknowns, r = x₁² + x₂² − 2: J is 1 × 2, which pivoted QR (m ≥ n) cannot take.
struct OneCircle: LeastSquaresObjective {
    var dimension: Int { 2 }
    var residualCount: Int { 1 }

    func residuals(at x: UnsafeBufferPointer<Double>, into r: UnsafeMutableBufferPointer<Double>) {
        r[0] = x[0] * x[0] + x[1] * x[1] - 2
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into j: UnsafeMutableBufferPointer<Double>) {
        j[0] = 2 * x[0]; j[1] = 2 * x[1]
    }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        let r = x[0] * x[0] + x[1] * x[1] - 2
        g[0] = 4 * r * x[0]
        g[1] = 4 * r * x[1]
        return r * r
    }
}

@Suite struct LeastSquaresTests {
    /// The λ iteration by hand: J = [[3, 1], [1, 2], [0, 1]], r = (1, 2, 3), D = diag(1, 2).
    /// With a small Δ the λ it returns must put ‖Dp‖ within 10 % of Δ, and p must solve
    /// (JᵀJ + λDᵀD)p = Jᵀr — checked by Cramer's rule on the 2 × 2 system. With a large Δ the
    /// Gauss–Newton step fits: λ = 0 and p solves the normal equations JᵀJp = Jᵀr.
    @Test func theLambdaIterationMeetsTheRadius() {
        let j = [3.0, 1, 0, 1, 2, 1]   // column-major 3 × 2
        let r = [1.0, 2, 3], d = [1.0, 2]
        func solve(radius: Double) -> (lambda: Double, p: [Double], iterations: Int) {
            let qr = PivotedQR(rows: 3, columns: 2)
            for k in 0..<6 { qr.matrix[k] = j[k] }
            #expect(qr.factor())
            let qtr = Vector(r)
            qr.applyQTranspose(qtr.storage)
            let lm = LevenbergMarquardtParameter(dimension: 2)
            for c in 0..<2 { for i in 0...c { lm.r[i + c * 2] = qr.r(i, c) } }
            var p = [0.0, 0]
            let lambda = d.withUnsafeBufferPointer { db in
                p.withUnsafeMutableBufferPointer { pb in
                    lm.solve(
                        pivot: qr.pivot, diag: db, qtr: UnsafeBufferPointer(start: qtr.pointer, count: 2),
                        delta: radius, initial: 0, x: pb)
                }
            }
            return (lambda, p, lm.iterations)
        }
        // JᵀJ = [[10, 5], [5, 6]], Jᵀr = (5, 8).
        func normalSolution(_ lambda: Double) -> [Double] {
            let a = 10 + lambda * d[0] * d[0], b = 5.0, c = 6 + lambda * d[1] * d[1]
            let det = a * c - b * b
            return [(5 * c - b * 8) / det, (a * 8 - b * 5) / det]
        }
        let gaussNewton = normalSolution(0)   // (−10, 55)/35
        #expect(distance(gaussNewton, [-10.0 / 35, 55.0 / 35]) <= 1e-15)
        let wide = solve(radius: 10)
        #expect(wide.lambda == 0 && wide.iterations == 0)
        #expect(distance(wide.p, gaussNewton) <= 1e-14)

        for radius in [1.0, 0.3, 0.01] {
            let (lambda, p, iterations) = solve(radius: radius)
            let scaled = hypot(d[0] * p[0], d[1] * p[1])
            #expect(
                lambda > 0 && iterations >= 1 && iterations < 10, "Δ = \(radius): λ = \(lambda) after \(iterations)")
            #expect(abs(scaled - radius) <= 0.1 * radius, "Δ = \(radius): ‖Dp‖ = \(scaled)")
            #expect(distance(p, normalSolution(lambda)) <= 1e-13 * norm(p), "Δ = \(radius): p = \(p)")
        }
    }

    /// Gauss–Newton on a zero-residual problem is Newton's method on r = 0: the errors
    /// eₖ = ‖xₖ − x*‖ fall quadratically, eₖ₊₁/eₖ² bounded, once close.
    @Test func gaussNewtonConvergesQuadraticallyOnAZeroResidualProblem() throws {
        var solver = GaussNewton(lineSearch: MoreThuente())
        var errors: [Double] = []
        let result = try minimize(
            TwoCircles(), from: [1.6, 0.6], using: &solver, options: Options(gradientTolerance: 1e-14),
            inspect: { state, _ in errors.append(distance(state.x.array, [1, 1])) })
        #expect(result.status == .convergedGradient && distance(result.x, [1, 1]) <= 1e-12)
        let close = Array(errors.filter { $0 < 0.05 && $0 > 1e-13 })
        #expect(close.count >= 3, "errors \(errors)")
        for k in 1..<close.count {
            let ratio = close[k] / (close[k - 1] * close[k - 1])
            #expect(ratio < 5, "e\(k + 1)/e\(k)² = \(ratio); errors \(close)")
            #expect(close[k] / close[k - 1] < 0.2, "errors \(close)")
        }
        #expect(solver.rank == 2)
        // One Jacobian per iteration; the line search takes α = 1 near x*.
        #expect(result.jacobianEvaluations == result.iterations)
        #expect(result.trace.suffix(3).allSatisfy { $0.stepLength == 1 })
    }

    @Test func levenbergMarquardtSolvesTheZeroResidualProblem() throws {
        let result = try minimize(
            TwoCircles(), from: [1.6, 0.6], using: LevenbergMarquardt(), options: Options(gradientTolerance: 1e-12))
        #expect(result.status == .convergedGradient && distance(result.x, [1, 1]) <= 1e-12)
        // J at x₀ and at every accepted point but one where a MINPACK test fired (∇f from the
        // objective there), besides the driver's ∇f at x₀; f at x₀ twice (driver, residuals), then one per trial.
        #expect(result.jacobianEvaluations + result.gradientEvaluations == result.iterations + 2)
        #expect(
            result.gradientEvaluations <= 2
                && result.valueEvaluations >= result.iterations + 2 + (result.gradientEvaluations - 1))
    }

    /// Default lm stops by MINPACK's relative tests only (lmder; scipy's least_squares(method='lm')
    /// defaults ftol = xtol = gtol = 1e-8): with the residuals scaled by 1e-5, ‖∇f‖∞ at x₀ is
    /// ~1e-9, below the driver's absolute 1e-6, yet the run goes on to x* = (1, 1) — where both
    /// circles meet, the closed-form zero of r — taking the iterations the unscaled problem takes
    /// (both end on ∇f = 0 exactly, which even a tolerance of 0 accepts, or on a MINPACK test).
    /// `--gtol` given explicitly still applies.
    @Test func defaultLMStopsByMINPACKsRelativeTestsOnly() throws {
        let unscaled = try minimize(TwoCircles(), from: [1.6, 0.6], using: LevenbergMarquardt())
        let scaled = try minimize(TwoCircles(scale: 1e-5), from: [1.6, 0.6], using: LevenbergMarquardt())
        for result in [unscaled, scaled] {
            #expect(
                result.status.isConverged
                    && (result.gradientNorm == 0 || result.detail?.hasPrefix("MINPACK ") == true),
                "\(result.status) \(result.detail ?? "")")
            #expect(distance(result.x, [1, 1]) <= 1e-9, "\(result.x)")
        }
        #expect(scaled.iterations == unscaled.iterations && scaled.iterations >= 3)
        // Without the relative tests' defaults the scaled run would have stopped at x₀:
        #expect(TwoCircles(scale: 1e-5).evaluate(at: [1.6, 0.6]).gradient.map(abs).max()! < 1e-6)
        let absolute = try minimize(
            TwoCircles(scale: 1e-5), from: [1.6, 0.6], using: LevenbergMarquardt(),
            options: Options(gradientTolerance: 1e-6))
        #expect(absolute.status == .convergedGradient && absolute.iterations == 0 && absolute.detail == nil)
        #expect(LevenbergMarquardt().defaultGradientTolerance(for: TwoCircles()) == 0)
        #expect(BFGS(lineSearch: MoreThuente()).defaultGradientTolerance(for: TwoCircles()) == 1e-6)
    }

    /// MINPACK's maxfev (info 5): r evaluated maxfev times, x₀'s included, ends the run with
    /// evaluation-limit; the default is scipy's 100·n.
    @Test func maxfevCountsResidualEvaluations() throws {
        let limited = try minimize(
            TwoCircles(), from: [1.6, 0.6], using: LevenbergMarquardt(maxResidualEvaluations: 3))
        #expect(limited.status == .evaluationLimit)
        #expect(limited.detail == "MINPACK maxfev: r was evaluated 3 times, maxfev = 3", "\(limited.detail ?? "")")
        // f evaluations: the driver's f and ∇f at x₀, then MINPACK's nfev (r at x₀ and one per trial), and one
        // f and ∇f at the last point when the limit fires after an accepted step (instead of its Jacobian) —
        // so nfev = f evaluations − ∇f evaluations (Misra1a: 20 − 1 = 19, scipy's nfev).
        #expect(limited.valueEvaluations - limited.gradientEvaluations == 3)
        #expect(LevenbergMarquardt().summary.contains("maxfev = 100·n"))
    }

    /// MINPACK's tests end the run with the status of their kind and say which test fired.
    @Test func minpackTestsNameThemselves() throws {
        let f = TwoCircles()
        // xtol = 0.5 fires on the first trial, before any step is accepted: x₀ after 0 iterations, and
        // the detail says so (MINPACK's lmder returns x₀ with info 2 the same way).
        let xtol = try minimize(
            f, from: [1.6, 0.6], using: LevenbergMarquardt(radiusTolerance: 0.5),
            options: Options(gradientTolerance: 1e-300))
        #expect(
            xtol.status == .convergedStep
                && xtol.detail?.hasPrefix(
                    "no step was accepted, x is x₀ (MINPACK stops here too): every trial was rejected until MINPACK "
                        + "xtol test: the trust radius Δ = ") == true,
            "\(xtol.detail ?? "")")
        #expect(xtol.iterations == 0 && xtol.x == [1.6, 0.6])
        let ftol = try minimize(
            f, from: [1.6, 0.6], using: LevenbergMarquardt(reductionTolerance: 0.9, radiusTolerance: 0),
            options: Options(gradientTolerance: 1e-300))
        #expect(
            ftol.status == .convergedFunctionChange && ftol.detail?.hasPrefix("MINPACK ftol test: ") == true,
            "\(ftol.detail ?? "")")
        // The gtol test at x₀ (cos ≤ 1 always): no step taken, x₀ returned with its own f.
        let gtol = try minimize(
            f, from: [1.6, 0.6], using: LevenbergMarquardt(cosineTolerance: 1),
            options: Options(gradientTolerance: 1e-300))
        #expect(
            gtol.status == .convergedGradient && gtol.iterations == 0 && gtol.x == [1.6, 0.6]
                && gtol.value == f.value(at: [1.6, 0.6]))
        #expect(gtol.detail?.hasPrefix("MINPACK gtol test: ") == true)
        // When a test fires after an accepted step, ∇f there comes from the objective (one ∇f), not a new J.
        #expect(ftol.gradientEvaluations == 2 && ftol.jacobianEvaluations == ftol.iterations)
        #expect(ftol.value == f.value(at: ftol.x) && ftol.gradient == f.evaluate(at: ftol.x).gradient)
    }

    @Test func aNonFiniteJacobianIsReportedAsSuch() throws {
        let f = TwoCircles()
        f.jacobianFails = true
        for solver in [LevenbergMarquardt() as any Solver, GaussNewton(lineSearch: MoreThuente())] {
            let result = try minimize(f, from: [1.6, 0.6], using: solver)
            #expect(result.status == .nonFiniteValue && result.iterations == 0)
            #expect(result.detail == "the Jacobian of the residuals has a non-finite entry")
        }
    }

    @Test func objectivesWithoutResidualsAreRefused() {
        #expect(LevenbergMarquardt().unsupportedReason(for: Rosenbrock2()) == .missingCapability(.residuals))
        #expect(
            GaussNewton(lineSearch: MoreThuente()).unsupportedReason(for: Rosenbrock2())
                == .missingCapability(.residuals))
        #expect(throws: MinimizeError.unsupported(.missingCapability(.residuals))) {
            try minimize(Rosenbrock2(), from: [-1.2, 1], using: LevenbergMarquardt())
        }
        #expect(TwoCircles().capabilities == [.residuals, .jacobian])
        #expect(
            throws: MinimizeError.invalidParameter(
                InvalidParameter(name: "factor", value: "0", expected: "a number > 0"))
        ) {
            try minimize(TwoCircles(), from: [1, 1], using: LevenbergMarquardt(initialRadiusFactor: 0))
        }
    }

    /// m < n through the Swift API (the CLI's registry never builds such a problem): refused
    /// before the run, as LM and Gauss–Newton's pivoted QR needs m ≥ n (it trapped before).
    @Test func fewerResidualsThanUnknownsAreRefused() {
        let refusal = Unsupported.fewerResiduals(residuals: 1, dimension: 2)
        #expect(LevenbergMarquardt().unsupportedReason(for: OneCircle()) == refusal)
        #expect(GaussNewton(lineSearch: MoreThuente()).unsupportedReason(for: OneCircle()) == refusal)
        #expect(throws: MinimizeError.unsupported(refusal)) {
            try minimize(OneCircle(), from: [1, 2], using: LevenbergMarquardt())
        }
        #expect(throws: MinimizeError.unsupported(refusal)) {
            try minimize(OneCircle(), from: [1, 2], using: GaussNewton(lineSearch: MoreThuente()))
        }
        #expect(LevenbergMarquardt().unsupportedReason(for: TwoCircles()) == nil)
    }
}
