import Testing

@testable import Optim

/// Goldfarb–Idnani's dual method (`DualActiveSetQP`) against the enumeration of active sets in
/// scripts/reference/reference-qp.py, on a degenerate QP (dependent active constraints) against its
/// closed form, and on an infeasible one.
@Suite struct DualActiveSetQPTests {
    /// One solve of min ½xᵀGx + aᵀx s.t. rowLower ≤ Rx ≤ rowUpper, lower ≤ x ≤ upper (G row-major).
    static func solve(
        _ g: [Double], _ a: [Double], rows: [[Double]], rowLower: [Double], rowUpper: [Double],
        lower: [Double], upper: [Double]
    ) throws -> (outcome: DualActiveSetQP.Outcome, x: [Double], lambda: [Double]) {
        let n = a.count, m = rows.count
        let qp = try DualActiveSetQP(capacity: n, rows: m)
        var hessian = g, flat = rows.flatMap { $0 }, extra = Array(repeating: 0.0, count: max(m, 1))
        let outcome = hessian.withUnsafeMutableBufferPointer { h in
            flat.withUnsafeMutableBufferPointer { r in
                extra.withUnsafeMutableBufferPointer { e in
                    qp.solve(DualActiveSetQP.Problem(
                        dimension: n, hessian: h.baseAddress!, linear: a, rows: r.baseAddress!, rowCount: m,
                        rowStride: n, rowLength: n, extra: e.baseAddress!, rowLower: rowLower, rowUpper: rowUpper,
                        lower: lower, upper: upper))
                }
            }
        }
        return (outcome, Array(qp.solution.storage.prefix(n)), Array(qp.rowMultipliers.storage.prefix(m)))
    }

    /// reference-qp.py's QP: an equality, a one-sided and a two-sided row, a box with one infinite
    /// side. Its output: x and λ below, active sides row 2's upper and row 3's lower.
    @Test func agreesWithActiveSetEnumeration() throws {
        let r = try Self.solve(
            [4, 1, 0, 0, 1, 3, 0.5, 0, 0, 0.5, 2, 0.2, 0, 0, 0.2, 1], [-1, 2, -3, 0.5],
            rows: [[1, 1, 1, 1], [1, -1, 0, 2], [0, 1, -1, 0]], rowLower: [1, -.infinity, 0.2],
            rowUpper: [1, -0.5, 3], lower: [-1, -1, -1, -.infinity], upper: [1, 1, 1, 0.3])
        let x = [0.27947269303201505, 0.5241054613935971, 0.3241054613935967, -0.1276836158192089]
        let lambda = [-0.846854990583804, 0.20485875706214676, -2.962128060263654]
        #expect(r.outcome == .optimal)
        #expect(zip(r.x, x).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(r.x)")
        #expect(zip(r.lambda, lambda).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(r.lambda)")
    }

    /// min ½‖x‖² − 2x₁ − 2x₂ with x₁ + x₂ = 1 twice and 2x₁ + 2x₂ ≤ 2: three active rows, rank 1 (LICQ
    /// fails). x = (½, ½); the multipliers are not unique, but ∇f + Σλᵢrᵢ = 0 forces
    /// λ₁ + λ₂ + 2λ₃ = 3/2 with λ₃ ≥ 0.
    @Test func dependentActiveRows() throws {
        let r = try Self.solve(
            [1, 0, 0, 1], [-2, -2], rows: [[1, 1], [1, 1], [2, 2]], rowLower: [1, 1, -.infinity],
            rowUpper: [1, 1, 2], lower: [-.infinity, -.infinity], upper: [.infinity, .infinity])
        #expect(r.outcome == .optimal)
        #expect(abs(r.x[0] - 0.5) <= 1e-14 && abs(r.x[1] - 0.5) <= 1e-14)
        #expect(abs(r.lambda[0] + r.lambda[1] + 2 * r.lambda[2] - 1.5) <= 1e-12 && r.lambda[2] >= 0)
    }

    /// x₁ + x₂ ≥ 2 and x₁ + x₂ ≤ 1: no x (t = ∞ in the dual step).
    @Test func inconsistentRows() throws {
        let r = try Self.solve(
            [1, 0, 0, 1], [0, 0], rows: [[1, 1], [1, 1]], rowLower: [2, -.infinity], rowUpper: [.infinity, 1],
            lower: [-.infinity, -.infinity], upper: [.infinity, .infinity])
        #expect(r.outcome == .infeasible)
    }

    /// G not positive definite: refused, not solved.
    @Test func indefiniteMatrixRefused() throws {
        let r = try Self.solve(
            [1, 0, 0, -1], [0, 0], rows: [], rowLower: [], rowUpper: [], lower: [-1, -1], upper: [1, 1])
        #expect(r.outcome == .notPositiveDefinite)
    }
}
