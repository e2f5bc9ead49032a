import Foundation
import Testing
@testable import Optim

/// f(x) = ½ Σ dᵢ(xᵢ − cᵢ)²: with λ‖x‖₁ its minimizer is soft-thresholding, xᵢ = sign(cᵢ)·max(|cᵢ| − λ/dᵢ, 0).
private struct SeparableQuadratic: Objective {
    let d: [Double], c: [Double]
    var dimension: Int { c.count }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient out: UnsafeMutableBufferPointer<Double>) -> Double
    {
        var f = 0.0
        for i in 0..<dimension {
            out[i] = d[i] * (x[i] - c[i])
            f += 0.5 * d[i] * (x[i] - c[i]) * (x[i] - c[i])
        }
        return f
    }
}

/// f(x) = ½‖Ax − b‖² (A row-major, m × n).
private struct LeastSquares: Objective {
    let a: [Double], b: [Double], columns: Int
    var dimension: Int { columns }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient out: UnsafeMutableBufferPointer<Double>) -> Double
    {
        for j in 0..<columns { out[j] = 0 }
        var f = 0.0
        for i in 0..<b.count {
            var r = -b[i]
            for j in 0..<columns { r += a[i * columns + j] * x[j] }
            f += 0.5 * r * r
            for j in 0..<columns { out[j] += r * a[i * columns + j] }
        }
        return f
    }
}

/// The KKT conditions of min f + λ‖x‖₁, checked coordinate by coordinate from ∇f (independent of
/// `PseudoGradient`): |gᵢ + λ·sign(xᵢ)| ≤ tol where xᵢ ≠ 0, |gᵢ| ≤ λ + tol where xᵢ = 0.
private func kktViolation(x: [Double], gradient g: [Double], lambda: Double) -> Double {
    zip(x, g).map { xi, gi in xi != 0 ? abs(gi + (xi > 0 ? lambda : -lambda)) : max(0, abs(gi) - lambda) }.max() ?? 0
}

@Suite struct OWLQNTests {
    /// Eight coordinates: four inside the threshold λ/dᵢ (exact zeros), four outside.
    private let separable = SeparableQuadratic(
        d: [1, 2, 0.5, 4, 1, 3, 0.25, 1], c: [3, -0.2, 2.5, 0.1, -2, 0.3, 5, -0.9])

    @Test func separableQuadraticIsSoftThresholdingWithExactZeros() throws {
        let lambda = 1.0
        let result = try minimize(separable, from: Array(repeating: 1, count: 8), using: OWLQN(lambda: lambda),
                                  options: Options(gradientTolerance: 1e-10))
        let expected = zip(separable.c, separable.d).map { c, d in (c < 0 ? -1.0 : 1.0) * max(abs(c) - lambda / d, 0) }
        #expect(expected.filter { $0 == 0 }.count == 4)
        #expect(result.status == .convergedSubgradient)
        for (x, e) in zip(result.x, expected) {
            if e == 0 { #expect(x == 0) } else { #expect(abs(x - e) <= 1e-10) }
        }
        // F's terms are the run's extras: `l1` = {lambda, F, f, penalty, zeros}, in that order.
        #expect(result.extras?.entries.map(\.name) == ["l1"])
        let l1 = try #require(result.extras?["l1"]?.record)
        #expect(l1.entries.map(\.name) == ["lambda", "F", "f", "penalty", "zeros"])
        #expect(l1["zeros"] == .integer(4) && l1["lambda"] == .real(lambda) && l1["F"] == .real(result.value))
        let norm1 = result.x.reduce(0) { $0 + abs($1) }
        let penalty = try #require(l1["penalty"]?.real), smooth = try #require(l1["f"]?.real)
        #expect(abs(penalty - lambda * norm1) <= 1e-15 && abs(result.value - (smooth + penalty)) <= 1e-15)
        #expect(abs(smooth - separable.evaluate(at: result.x).f) <= 1e-15)
        #expect(result.gradientNorm <= 1e-10)
        #expect(kktViolation(x: result.x, gradient: result.gradient, lambda: lambda) <= 1e-10)
    }

    @Test func lassoMatchesCoordinateDescent() throws {
        // A 12 × 7 design from a fixed formula, b = A·x_true + a deterministic perturbation.
        let m = 12, n = 7, lambda = 0.8
        var a: [Double] = []
        for i in 0..<m {
            for j in 0..<n { a.append(sin(1.3 * Double(i) + 2.1 * Double(j * j) + 0.4)) }
        }
        let xTrue: [Double] = [1.5, 0, 0, -2, 0, 0.7, 0]
        var b: [Double] = []
        for i in 0..<m {
            var t = 0.05 * cos(Double(i))
            for j in 0..<n { t += a[i * n + j] * xTrue[j] }
            b.append(t)
        }
        let problem = LeastSquares(a: a, b: b, columns: n)

        // Coordinate descent: xⱼ ← S(Aⱼᵀ(b − Ax + Aⱼxⱼ), λ) / ‖Aⱼ‖², to a fixed point.
        var reference = Array(repeating: 0.0, count: n)
        for _ in 0..<20000 {
            var change = 0.0
            for j in 0..<n {
                var rho = 0.0, squared = 0.0
                for i in 0..<m {
                    var r = b[i]
                    for k in 0..<n where k != j { r -= a[i * n + k] * reference[k] }
                    rho += a[i * n + j] * r
                    squared += a[i * n + j] * a[i * n + j]
                }
                let updated = (rho < 0 ? -1.0 : 1.0) * max(abs(rho) - lambda, 0) / squared
                change = max(change, abs(updated - reference[j]))
                reference[j] = updated
            }
            if change == 0 { break }
        }
        let result = try minimize(problem, from: Array(repeating: 0, count: n), using: OWLQN(lambda: lambda),
                                  options: Options(gradientTolerance: 1e-11))
        #expect(result.status == .convergedSubgradient)
        #expect(reference.contains(0) && reference.contains { $0 != 0 })
        for (x, r) in zip(result.x, reference) {
            if r == 0 { #expect(x == 0) } else { #expect(abs(x - r) <= 1e-9, "\(x) vs \(r)") }
        }
        #expect(kktViolation(x: result.x, gradient: result.gradient, lambda: lambda) <= 1e-11)
    }

    @Test func lambdaZeroGivesLBFGSIteratesWithHalvingBacktracking() throws {
        var search = Backtracking(c1: 1e-4, shrinkMin: 0.5, shrinkMax: 0.5, maxEvaluations: 50)
        search.followsUnbounded = false   // OWL-QN's own search never probes beyond its step
        let halving = LBFGS(lineSearch: search)
        let start = [-1.2, 1.0]
        for k in [1, 2, 5, 10, 20] {
            let options = Options(gradientTolerance: 0, maxIterations: k)
            let ours = try minimize(Rosenbrock2(), from: start, using: OWLQN(lambda: 0), options: options)
            let plain = try minimize(Rosenbrock2(), from: start, using: halving, options: options)
            #expect(ours.valueEvaluations == plain.valueEvaluations)
            #expect(
                distance(ours.x, plain.x) <= 1e-12 * max(1, norm(plain.x)), "iteration \(k): \(ours.x) vs \(plain.x)")
            #expect(abs(ours.value - plain.value) <= 1e-12 * max(1, abs(plain.value)))
        }
        let full = try minimize(Rosenbrock2(), from: start, using: OWLQN(lambda: 0))
        #expect(full.status == .convergedGradient && distance(full.x, [1, 1]) <= 1e-5)
    }

    @Test func pseudoGradientIsTheMinimumNormSubgradient() {
        let x = Vector([2, -1, 0, 0, 0]), g = Vector([0.5, 0.5, 3, -3, 0.4]), out = Vector(count: 5)
        PseudoGradient.compute(x: x, gradient: g, lambda: 1, into: out)
        #expect(out.array == [1.5, -0.5, 2, -2, 0])
        #expect(PseudoGradient.maxAbs(x: x, gradient: g, lambda: 1) == 2)
    }

    @Test func refusesBadLambda() {
        for (solver, field) in [
            (OWLQN(lambda: -1), "l1"), (OWLQN(lambda: .nan), "l1"), (OWLQN(lambda: .infinity), "l1"),
            (OWLQN(lambda: 1, memory: 0), "memory"), (OWLQN(lambda: 1, sufficientDecrease: 1), "c1"),
        ] {
            do {
                _ = try minimize(separable, from: Array(repeating: 0, count: 8), using: solver)
                Issue.record("\(solver.summary) was accepted")
            } catch {
                guard case .invalidParameter(let p) = error else { Issue.record("\(error)"); continue }
                #expect(p.name == field)
            }
        }
    }
}
