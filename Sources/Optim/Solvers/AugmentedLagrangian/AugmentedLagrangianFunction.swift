/// The Powell–Hestenes–Rockafellar augmented Lagrangian of f subject to l ≤ c(x) ≤ u, for fixed
/// penalty ρ > 0 and safeguarded multipliers λ̄ (the subproblem's objective; the box is left to the
/// inner solver). With the sides written as hᵢ = cᵢ − lᵢ = 0 (equalities, lᵢ = uᵢ) and
/// gᵢ = cᵢ − uᵢ ≤ 0, gᵢ = lᵢ − cᵢ ≤ 0 (each finite side of an inequality), and μ̄ᵤ = max(λ̄ᵢ, 0),
/// μ̄ₗ = max(−λ̄ᵢ, 0) the shifts of the two sides (Birgin & Martínez 2014, eq. 4.3; Andreani, Birgin,
/// Martínez & Schuverdt 2008, eq. 2):
///
///     L_ρ(x) = f(x) + (ρ/2) [ Σ_eq ((hᵢ + λ̄ᵢ/ρ)² − (λ̄ᵢ/ρ)²) + Σ_sides (max(0, gᵢ + μ̄ᵢ/ρ)² − (μ̄ᵢ/ρ)²) ]
///
/// (the constants −(λ̄/ρ)² keep L_ρ ≈ f near a solution, so f's digits are not lost to them), and
///
///     ∇L_ρ(x) = ∇f(x) + J(x)ᵀw,   wᵢ = λ̄ᵢ + ρhᵢ (equality),
///                                  wᵢ = max(0, μ̄ᵤ + ρ(cᵢ − uᵢ)) − max(0, μ̄ₗ + ρ(lᵢ − cᵢ)) (inequality),
///
/// where w is exactly the first-order multiplier update λ⁺ of Algorithm 4.1, step 2: at the inner
/// solution ∇f + Jᵀλ⁺ = ∇L_ρ, so the inner solver's stationarity is the KKT stationarity.
///
/// The last point where ∇L_ρ was evaluated is kept with its f, ∇f, c and w, so the outer iteration
/// reads them at the inner solution without evaluating again when the inner run ended there.
final class AugmentedLagrangianFunction<Base: Objective>: Objective {
    let base: Base
    let constraints: any ConstraintFunctions
    private let lower: [Double], upper: [Double]
    var penalty = 1.0
    /// λ̄, the safeguarded multipliers of this subproblem (m entries).
    var shifts: [Double]
    /// The last point of a gradient evaluation and what was found there.
    let point: Vector, objectiveGradient: Vector, lagrangianGradient: Vector
    private(set) var value = Double.nan
    private(set) var hasPoint = false
    /// c and w at `point`, m entries each.
    private(set) var constraintValues: [Double], weights: [Double]
    /// c at a point of a value-only evaluation.
    private var scratch: [Double]

    init(base: Base, constraints: any ConstraintFunctions) throws(AllocationFailure) {
        self.base = base
        self.constraints = constraints
        lower = constraints.lower
        upper = constraints.upper
        let n = base.dimension, m = constraints.count
        shifts = Array(repeating: 0, count: m)
        constraintValues = Array(repeating: 0, count: m)
        weights = Array(repeating: 0, count: m)
        scratch = Array(repeating: 0, count: m)
        point = try Vector(allocating: n)
        objectiveGradient = try Vector(allocating: n)
        lagrangianGradient = try Vector(allocating: n)
    }

    var dimension: Int { base.dimension }

    /// The penalty terms (ρ/2)[…] of L_ρ for constraint i at cᵢ, and its weight wᵢ.
    @inline(__always) private func term(_ i: Int, _ c: Double) -> (value: Double, weight: Double) {
        let rho = penalty, shift = shifts[i]
        if lower[i] == upper[i] {
            let s = c - lower[i] + shift / rho
            return (0.5 * rho * (s * s - (shift / rho) * (shift / rho)), rho * s)
        }
        var value = 0.0, weight = 0.0
        if upper[i] < .infinity {
            let mu = max(shift, 0) / rho, s = c - upper[i] + mu
            value += 0.5 * rho * (max(s, 0) * max(s, 0) - mu * mu)
            weight += rho * max(s, 0)
        }
        if lower[i] > -.infinity {
            let mu = max(-shift, 0) / rho, s = lower[i] - c + mu
            value += 0.5 * rho * (max(s, 0) * max(s, 0) - mu * mu)
            weight -= rho * max(s, 0)
        }
        return (value, weight)
    }

    func value(at x: UnsafeBufferPointer<Double>) -> Double {
        let f = base.value(at: x)
        // Not into `constraintValues`: those belong to `point`.
        return scratch.withUnsafeMutableBufferPointer { c in
            constraints.values(at: x, into: c)
            var total = f
            for i in 0..<c.count { total += term(i, c[i]).value }
            return total
        }
    }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = dimension
        let f = base.valueAndGradient(at: x, gradient: objectiveGradient.storage)
        var penaltyTerms = 0.0
        constraintValues.withUnsafeMutableBufferPointer { c in
            weights.withUnsafeMutableBufferPointer { w in
                let product = lagrangianGradient.storage
                product.update(repeating: 0)
                constraints.valuesAndTransposeProduct(at: x, values: c, into: product) { i, ci in
                    let (v, weight) = term(i, ci)
                    penaltyTerms += v
                    w[i] = weight
                    return weight
                }
            }
        }
        let g = objectiveGradient.storage, l = lagrangianGradient.storage
        for j in 0..<n {
            l[j] += g[j]
            gradient[j] = l[j]
            point.storage[j] = x[j]
        }
        value = f
        hasPoint = true
        return f + penaltyTerms
    }

    /// Makes `point` x, evaluating there unless the last gradient evaluation was at x.
    func ensurePoint(_ x: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>) {
        if hasPoint, (0..<dimension).allSatisfy({ point.storage[$0] == x[$0] }) { return }
        _ = valueAndGradient(at: x, gradient: scratch)
    }
}
