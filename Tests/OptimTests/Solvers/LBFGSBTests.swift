import CLapack
import Foundation
import Testing
@testable import Optim

/// ‖P(x − g) − x‖∞ written out from the definition (independent of `Bounds`).
private func projectedStep(_ x: [Double], _ g: [Double], _ lower: [Double], _ upper: [Double]) -> Double {
    x.indices.map { abs(min(max(x[$0] - g[$0], lower[$0]), upper[$0]) - x[$0]) }.max() ?? 0
}

/// Checks the KKT conditions of min f on the box at x: feasibility, and for each variable the
/// gradient sign its bound allows (complementarity), within `tolerance`.
private func expectKKT(
    _ objective: some Objective, _ x: [Double], _ lower: [Double], _ upper: [Double], tolerance: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let g = objective.evaluate(at: x).gradient
    for i in x.indices {
        #expect(
            x[i] >= lower[i] && x[i] <= upper[i], "x[\(i)] = \(x[i]) outside [\(lower[i]), \(upper[i])]",
            sourceLocation: sourceLocation)
        if x[i] > lower[i] && x[i] < upper[i] {
            #expect(abs(g[i]) <= tolerance, "free x[\(i)]: g = \(g[i])", sourceLocation: sourceLocation)
        } else if x[i] == lower[i] && x[i] < upper[i] {
            #expect(g[i] >= -tolerance, "x[\(i)] at its lower bound with g = \(g[i])", sourceLocation: sourceLocation)
        } else if x[i] == upper[i] && x[i] > lower[i] {
            #expect(g[i] <= tolerance, "x[\(i)] at its upper bound with g = \(g[i])", sourceLocation: sourceLocation)
        }
    }
    #expect(projectedStep(x, g, lower, upper) <= tolerance, sourceLocation: sourceLocation)
}

@Suite struct LBFGSBTests {
    @Test func cauchyPointInTwoDimensionsByHand() {
        // B = I (no pairs), x = 0, g = (1, 2), l = (−0.5, −3), u = (1, 1). The path P(−t g) meets
        // x₀'s bound at t = 0.5 (the parabola along (−1, −2) has its minimum at t = 1, past it),
        // then along (0, −2) the model −2Δt + 2Δt² is least at Δt = 0.5, before x₁'s breakpoint
        // 1.5: xᶜ = (−0.5, −2).
        let bounds = try! Bounds(lower: [-0.5, -3], upper: [1, 1])
        let cauchy = CauchyPoint(dimension: 2, memory: 1)
        let memory = CompactLBFGS(dimension: 2, capacity: 1)
        cauchy.compute(
            x: Vector([0, 0]), gradient: Vector([1, 2]), bounds: bounds, memory: memory, projectedGradientNorm: 2)
        #expect(cauchy.point.array == [-0.5, -2])
        #expect(cauchy.state[0] == .atLower && cauchy.state[1] == .free)
        #expect(cauchy.segments == 2)
    }

    @Test func cauchyPointInThreeDimensionsAgainstTheDenseModel() throws {
        // B from one BFGS update of θI written out densely: B = θI − θ²ssᵀ/(θsᵀs) + yyᵀ/(yᵀs), θ = yᵀy/sᵀy.
        // The first local minimizer of m(x(t)) along the projected path is found segment by
        // segment from the dense B, independently of the compact form.
        let s = [0.3, -0.2, 0.5], yv = [0.9, -0.1, 0.8]
        let sy = zip(s, yv).reduce(0) { $0 + $1.0 * $1.1 }, yy = yv.reduce(0) { $0 + $1 * $1 },
            ss = s.reduce(0) { $0 + $1 * $1 }
        let theta = yy / sy
        var b = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 { b[i][j] = (i == j ? theta : 0) - theta * s[i] * s[j] / ss + yv[i] * yv[j] / sy }
        }
        let x = [0.2, 0.1, -0.3], g = [1.5, -0.7, 2.0]
        let lower = [-0.4, -1, -0.5], upper = [1, 0.3, 1]
        // Breakpoints, in order, and the dense search.
        var t = [Double](repeating: .infinity, count: 3)
        for i in 0..<3 { t[i] = g[i] > 0 ? (x[i] - lower[i]) / g[i] : (x[i] - upper[i]) / g[i] }
        let order = (0..<3).sorted { t[$0] < t[$1] }
        var point = x, moving = [true, true, true], tPrevious = 0.0
        var expected: [Double]?
        for (position, b0) in order.enumerated() {
            let d = (0..<3).map { (k: Int) -> Double in moving[k] ? -g[k] : 0 }
            let z = (0..<3).map { (k: Int) -> Double in point[k] - x[k] }
            let bd = (0..<3).map { (i: Int) -> Double in (0..<3).reduce(0.0) { $0 + b[i][$1] * d[$1] } }
            let f1 = (0..<3).reduce(0.0) { (sum: Double, k: Int) -> Double in sum + g[k] * d[k] + z[k] * bd[k] }
            let f2 = (0..<3).reduce(0.0) { (sum: Double, k: Int) -> Double in sum + d[k] * bd[k] }
            let dt = t[b0] - tPrevious
            let step = max(0, -f1 / f2)
            if step < dt || f1 >= 0 {
                expected = (0..<3).map { point[$0] + (f1 >= 0 ? 0 : step) * d[$0] }
                break
            }
            for i in 0..<3 { point[i] += dt * d[i] }
            point[b0] = g[b0] > 0 ? lower[b0] : upper[b0]
            moving[b0] = false
            tPrevious = t[b0]
            if position == 2 { expected = point }
        }
        let memory = CompactLBFGS(dimension: 3, capacity: 2)
        #expect(memory.add(s: s, y: yv, sy: sy, ss: ss, yy: yy))
        let bounds = try Bounds(lower: lower, upper: upper)
        let cauchy = CauchyPoint(dimension: 3, memory: 2)
        cauchy.compute(
            x: Vector(x), gradient: Vector(g), bounds: bounds, memory: memory,
            projectedGradientNorm: bounds.projectedGradientNorm(x: Vector(x).readOnly, gradient: Vector(g).readOnly))
        let reference = try #require(expected)
        #expect(cauchy.segments >= 2, "the case must cross a breakpoint")
        #expect(distance(cauchy.point.array, reference) <= 1e-14, "\(cauchy.point.array) vs \(reference)")
    }

    @Test func theSubspaceStepIsADescentDirectionInsideTheBox() throws {
        // The model decreases from x to xᶜ and from xᶜ to z (B positive definite), so gᵀ(z − x) < 0
        // (Byrd et al. 1995, section 5; Morales & Nocedal 2011: a projected subspace point that is
        // not a descent direction is replaced by the backtracked one). Random 4-variable cases
        // with two pairs; some of them reach the backtracking branch.
        var rng = SeededGenerator(seed: 14)
        var checked = 0
        for _ in 0..<3000 {
            let n = 4
            let memory = CompactLBFGS(dimension: n, capacity: 2)
            // y = As for a random, strongly coupled A = RRᵀ + 0.01I: a B far from diagonal.
            let r = (0..<(n * n)).map { _ in 3 * rng.normal() }
            for _ in 0..<2 {
                let s = (0..<n).map { _ in rng.normal() }
                let rs = (0..<n).map { k in (0..<n).reduce(0.0) { $0 + r[$1 * n + k] * s[$1] } }
                let y = (0..<n).map { i in 0.01 * s[i] + (0..<n).reduce(0.0) { $0 + r[i * n + $1] * rs[$1] } }
                let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
                guard sy > 1e-3 else { continue }
                _ = memory.add(s: s, y: y, sy: sy, ss: s.reduce(0) { $0 + $1 * $1 }, yy: y.reduce(0) { $0 + $1 * $1 })
            }
            guard memory.count > 0 else { continue }
            let lower = (0..<n).map { _ in -0.3 * abs(rng.normal()) - 0.01 },
                upper = (0..<n).map { _ in 0.3 * abs(rng.normal()) + 0.01 }
            let x = (0..<n).map { i in lower[i] + (upper[i] - lower[i]) * (0.5 + 0.5 * tanh(rng.normal())) }
            let g = (0..<n).map { _ in 3 * rng.normal() }
            let bounds = try Bounds(lower: lower, upper: upper)
            let xv = Vector(x), gv = Vector(g)
            let cauchy = CauchyPoint(dimension: n, memory: 2)
            cauchy.compute(x: xv, gradient: gv, bounds: bounds, memory: memory,
                           projectedGradientNorm: bounds.projectedGradientNorm(x: xv.readOnly, gradient: gv.readOnly))
            let subspace = SubspaceMinimization(dimension: n, memory: 2)
            subspace.collectFree(cauchy)
            guard subspace.minimize(z: cauchy.point, x: xv, gradient: gv, bounds: bounds, memory: memory, c: cauchy.c)
            else { continue }
            let z = cauchy.point.array
            #expect(
                zip(z, x).enumerated().reduce(0.0) { $0 + ($1.element.0 - $1.element.1) * g[$1.offset] } <= 1e-12,
                "z = \(z), x = \(x), g = \(g)")
            #expect(z.indices.allSatisfy { z[$0] >= lower[$0] && z[$0] <= upper[$0] })
            checked += 1
        }
        #expect(checked > 2000)
    }

    @Test func boxConstrainedQuadraticMatchesTheActiveSetSolve() throws {
        for (n, seed) in [(30, UInt64(3)), (80, 11)] {
            let q = try TestQuadratic.random(dimension: n, conditionNumber: 10, seed: seed)
            let shifted = CenteredQuadratic(q: q)
            // Bounds that cut the unconstrained minimizer on half of the coordinates, by a little: an
            // f-based line search stalls where the decrease ‖g‖²/λ falls below the rounding of f,
            // ‖g‖ ≈ (ε_mach|f|λ)^½, so f at the solution must be small for ‖g‖ = 1e-9 (measured:
            // cuts of 0.2|x*ᵢ| stall at ‖g‖ ≈ 1e-8).
            let lower = q.minimizer.enumerated().map {
                $0.offset % 4 == 0 ? $0.element + 0.01 * abs($0.element) + 0.005 : -10
            }
            let upper = q.minimizer.enumerated().map {
                $0.offset % 4 == 1 ? $0.element - 0.01 * abs($0.element) - 0.005 : 10
            }
            let bounds = try Bounds(lower: lower, upper: upper)
            let result = try minimize(shifted, from: Array(repeating: 0, count: n), bounds: bounds, using: LBFGSB(),
                                      options: Options(gradientTolerance: 1e-9, maxIterations: 1000))
            #expect(result.status == .convergedProjectedGradient)
            expectKKT(shifted, result.x, lower, upper, tolerance: 1e-9)
            // The exact solution on the final active set A: Q_FF x_F = b_F − Q_FA x_A (LAPACKE Cholesky).
            let active = Set(bounds.activeSet(at: result.x).map(\.index))
            #expect(!active.isEmpty)
            let free = (0..<n).filter { !active.contains($0) }
            var qff = [Double](repeating: 0, count: free.count * free.count)
            var rhs = free.map { i in q.b[i] - active.reduce(0.0) { $0 + q.q[i, $1] * result.x[$1] } }
            for (a, i) in free.enumerated() { for (c, j) in free.enumerated() { qff[a * free.count + c] = q.q[i, j] } }
            let m = Int32(free.count)
            #expect(LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), m, 1, &qff, m, &rhs, 1) == 0)
            var exact = result.x
            for (a, i) in free.enumerated() { exact[i] = rhs[a] }
            expectKKT(shifted, exact, lower, upper, tolerance: 1e-10)
            #expect(distance(result.x, exact) <= 1e-8 * max(1, norm(exact)), "n = \(n): \(distance(result.x, exact))")
        }
    }

    @Test func withoutBoundsItTakesTheIteratesOfLBFGS() throws {
        // L-BFGS with L-BFGS-B's line search (dcsrch with c1 = 1e-3, c2 = 0.9, xtol = 0.1, no
        // approximate Wolfe) and a start where ‖∇f(x₀)‖₂ > 1, so both first steps are 1/‖∇f‖₂.
        let search = MoreThuente(
            c1: 1e-3, c2: 0.9, intervalTolerance: 0.1, minStep: 0, maxStep: 1e10, maxEvaluations: 20,
            approximateWolfe: 0)
        for k in 1...30 {
            let options = Options(gradientTolerance: 0, maxIterations: k)
            let a = try minimize(
                Rosenbrock2(), from: [-1.2, 1], using: LBFGS(memory: 10, lineSearch: search), options: options)
            let b = try minimize(Rosenbrock2(), from: [-1.2, 1], using: LBFGSB(memory: 10), options: options)
            #expect(distance(a.x, b.x) <= 1e-8 * max(1, norm(a.x)), "iteration \(k): \(a.x) vs \(b.x)")
            #expect(a.valueEvaluations == b.valueEvaluations, "iteration \(k)")
        }
    }

    @Test func kktHoldsAtEveryReturnedSolution() throws {
        let cases: [(String, any Objective, [Double], [Double], [Double])] = [
            ("rosenbrock, upper bound cuts x*", Rosenbrock2(), [-1.2, 1], [-2, -2], [0.5, 2]),
            ("rosenbrock, lower bound cuts x*", Rosenbrock2(), [-1.2, 1], [1.2, -.infinity], [.infinity, .infinity]),
            (
                "diagonal quadratic, both sides",
                DiagonalQuadratic(curvatures: [1, 10, 100, 1000], center: [3, -3, 0.5, 2]),
                [0, 0, 0, 0], [-1, -1, -1, -1], [1, 1, 1, 1]
            ),
            (
                "diagonal quadratic, a fixed variable", DiagonalQuadratic(curvatures: [2, 5, 7], center: [1, 1, 1]),
                [5, 5, 5], [0.5, 2, -.infinity], [0.5, .infinity, .infinity]
            ),
        ]
        for (name, objective, x0, lower, upper) in cases {
            func run(_ o: some Objective) throws -> OptimizationResult {
                try minimize(
                    o, from: x0, bounds: Bounds(lower: lower, upper: upper), using: LBFGSB(),
                    options: Options(gradientTolerance: 1e-9))
            }
            let result = try run(objective)
            #expect(result.status == .convergedProjectedGradient, "\(name): \(result.status)")
            expectKKT(objective, result.x, lower, upper, tolerance: 1e-9)
            #expect(
                abs(
                    result.gradientNorm
                        - projectedStep(result.x, objective.evaluate(at: result.x).gradient, lower, upper)) <= 1e-15,
                "\(name)")
        }
    }

    @Test func aStartOutsideTheBoxIsProjected() throws {
        let bounds = try Bounds(lower: [-1, -1], upper: [0.5, 0.5])
        let result = try minimize(
            Rosenbrock2(), from: [3, -4], bounds: bounds, using: LBFGSB(), options: Options(maxIterations: 0))
        #expect(result.x == [0.5, -1])
        // The box is the problem's: a solver that cannot take bounds refuses it, whatever x₀.
        #expect(throws: MinimizeError.boundsNotSupported(solver: LBFGS().summary)) {
            try minimize(Rosenbrock2(), from: [0, 0], bounds: bounds, using: LBFGS())
        }
        #expect(
            MinimizeError.boundsNotSupported(solver: "L-BFGS").description
                == "L-BFGS cannot take bounds: it minimizes over all of ℝⁿ")
    }

    /// The bounds that bind at the result are the run's extras (`active_set`, in index order,
    /// each with its side and value); an unbounded run of the same solver has no extras.
    @Test func activeSetIsTheRunsExtras() throws {
        let bounds = try Bounds(lower: [-2, -2], upper: [0.5, 2])
        let result = try minimize(
            Rosenbrock2(), from: [-1.2, 1], bounds: bounds, using: LBFGSB(), options: Options(gradientTolerance: 1e-9))
        #expect(result.status == .convergedProjectedGradient)
        let items = try #require(result.extras?["active_set"]?.list)
        #expect(items.count == 1)
        let first = try #require(items.first?.record)
        #expect(first["index"] == .integer(0) && first["bound"] == .text("upper") && first["value"] == .real(0.5))
        #expect(result.x[0] == 0.5 && abs(result.x[1] - 0.25) <= 1e-8)
        #expect(result.extras?.entries.map(\.name) == ["active_set"])
        #expect(result.solver.contains("m = 10, bounded"))
        let free = try minimize(Rosenbrock2(), from: [-1.2, 1], using: LBFGSB())
        #expect(free.extras == nil && !free.solver.contains("bounded"))
    }

    @Test func malformedBoundsAreRefusedNamingTheIndex() throws {
        #expect(throws: BoundsError.crossed(index: 1, lower: 2, upper: 1)) {
            try Bounds(lower: [0, 2], upper: [1, 1])
        }
        #expect(throws: BoundsError.lengthMismatch(lower: 2, upper: 3)) {
            try Bounds(lower: [0, 0], upper: [1, 1, 1])
        }
        #expect(throws: BoundsError.invalidLower(index: 0, value: .infinity)) {
            try Bounds(lower: [.infinity], upper: [.infinity])
        }
        #expect(throws: BoundsError.invalidUpper(index: 0, value: -.infinity)) {
            try Bounds(lower: [-.infinity], upper: [-.infinity])
        }
        #expect(
            BoundsError.crossed(index: 1, lower: 2, upper: 1).description
                == "lower bound 1 (2) is above upper bound 1 (1)")
        let box = try Bounds(lower: [0, 0, 0], upper: [1, 1, 1])
        #expect(throws: MinimizeError.boundsMismatch(objective: 2, bounds: 3)) {
            try minimize(Rosenbrock2(), from: [0, 0], bounds: box, using: LBFGSB())
        }
        #expect(
            throws: MinimizeError.invalidParameter(
                InvalidParameter(name: "memory", value: "0", expected: "an integer in [1, 2000]"))
        ) {
            try minimize(Rosenbrock2(), from: [0, 0], using: LBFGSB(memory: 0))
        }
    }
}

/// f(x) = ½(x − x*)ᵀQ(x − x*) for a `TestQuadratic` (x* = Q⁻¹b): the same Hessian and minimizer,
/// written around x* so that f and ∇f near a constrained solution carry no large terms to round.
struct CenteredQuadratic: Objective {
    let q: TestQuadratic
    var dimension: Int { q.dimension }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        let r = (0..<dimension).map { x[$0] - q.minimizer[$0] }
        var f = 0.0
        r.withUnsafeBufferPointer { q.multiplyHessian($0, into: g) }
        for i in 0..<dimension { f += 0.5 * r[i] * g[i] }
        return f
    }
}

extension CompactLBFGS {
    /// Adds a pair given as arrays (tests).
    func add(s: [Double], y: [Double], sy: Double, ss: Double, yy: Double) -> Bool {
        s.withUnsafeBufferPointer { sb in
            y.withUnsafeBufferPointer { add(s: sb.baseAddress!, y: $0.baseAddress!, sy: sy, ss: ss, yy: yy) }
        }
    }
}

@Suite struct LBFGSBInverseHessianTests {
    /// Hₖ = Bₖ⁻¹ of the compact matrix (what `optbench hessian --solver lbfgsb` measures)
    /// satisfies the secant equation on the newest pair, Hₖyₖ₋₁ = sₖ₋₁, at every iterate after
    /// the first (pairs from the run itself, not from the solver), and is symmetric; with the
    /// box active it is still the whole-space matrix.
    @Test func inverseHessianMeetsTheSecantEquation() throws {
        let box = try Bounds(lower: [-2, -2, -2, -2], upper: [0.7, 2, 2, 2])
        for bounds in [nil, box] {
            var solver = LBFGSB(memory: 5)
            var xs: [[Double]] = [], gs: [[Double]] = [], hs: [Matrix] = []
            _ = try minimize(ChainedRosenbrock4(), from: [-1.2, 1, -1.2, 1], bounds: bounds, using: &solver,
                             options: Options(gradientTolerance: 1e-9, maxIterations: 60), inspect: { state, solver in
                xs.append(state.x.array)
                gs.append(state.gradient.array)
                hs.append((try? solver.materializedInverseHessian(dimension: 4)) ?? Matrix(rows: 4, columns: 4))
            })
            var checked = 0
            for k in 1..<xs.count {
                let s: [Double] = zip(xs[k], xs[k - 1]).map { $0 - $1 }
                let y: [Double] = zip(gs[k], gs[k - 1]).map { $0 - $1 }
                let sy: Double = zip(s, y).map { $0 * $1 }.reduce(0, +)
                let yy: Double = y.map { $0 * $0 }.reduce(0, +)
                // Steps near convergence are at the rounding level of x: nothing to check there.
                guard sy > 1e-10 * yy, s.map(abs).max()! > 1e-8 else { continue }
                let h = hs[k]
                var worst = 0.0, asymmetry = 0.0
                for i in 0..<4 {
                    var hy = 0.0
                    for j in 0..<4 {
                        hy += h[i, j] * y[j]
                        asymmetry = max(asymmetry, abs(h[i, j] - h[j, i]))
                    }
                    worst = max(worst, abs(hy - s[i]))
                }
                let scale: Double = s.map(abs).max()!
                #expect(
                    worst <= 1e-8 * scale,
                    "bounds \(bounds != nil), iteration \(k): |Hy − s| = \(worst), ‖s‖∞ = \(scale)")
                #expect(asymmetry <= 1e-10)
                checked += 1
            }
            #expect(checked >= 10)
        }
    }
}

/// Chained Rosenbrock in four variables, f and ∇f by hand.
private struct ChainedRosenbrock4: Objective {
    let dimension = 4
    func value(at x: UnsafeBufferPointer<Double>) -> Double {
        var f = 0.0
        for i in 0..<3 {
            let t: Double = x[i + 1] - x[i] * x[i], u: Double = 1 - x[i]
            f += 100 * t * t + u * u
        }
        return f
    }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        for i in 0..<4 { g[i] = 0 }
        for i in 0..<3 {
            let t = x[i + 1] - x[i] * x[i]
            g[i] += -400 * x[i] * t - 2 * (1 - x[i])
            g[i + 1] += 200 * t
        }
        return value(at: x)
    }
}
