import Foundation

/// The problem an interior-point iteration works on (Wächter & Biegler 2006, §3.4): the variables
/// w = (x, s), one slack sₖ per constraint that is not an equality, with the equality constraints
/// r(w) = 0, rᵢ = cᵢ(x) − lᵢ for an equality and rᵢ = cᵢ(x) − sₖ for the k-th inequality, and the
/// bounds L ≤ w ≤ U (the box on x, [lᵢ, uᵢ] on sₖ; ±∞ where absent). Its barrier function is
/// φ_μ(w) = f(x) − μ Σ ln(wⱼ − Lⱼ) − μ Σ ln(Uⱼ − wⱼ) over the finite bounds (eq. 3).
package struct BarrierLayout: Sendable {
    package let variables: Int
    package let constraints: Int
    /// The constraint of each slack.
    package let slackConstraint: [Int]
    /// The slack of each constraint, −1 for an equality.
    package let slackIndex: [Int]
    /// lᵢ (the value an equality holds).
    package let target: [Double]
    /// L and U for all of w (n + slacks entries); ∓∞ for a fixed variable.
    package let lower: [Double]
    package let upper: [Double]
    /// xⱼ with lⱼ = uⱼ: kept at its value, out of the barrier, its row of eq. (13) replaced by dⱼ = 0
    /// (IPOPT removes fixed variables from the problem, §3.5's `fixed_variable_treatment`).
    package let fixed: [Bool]

    package init(dimension n: Int, bounds: Bounds?, constraintLower l: [Double], constraintUpper u: [Double]) {
        variables = n
        constraints = l.count
        var slackConstraint: [Int] = [], slackIndex: [Int] = []
        for i in l.indices {
            slackIndex.append(l[i] == u[i] ? -1 : slackConstraint.count)
            if l[i] != u[i] { slackConstraint.append(i) }
        }
        self.slackConstraint = slackConstraint
        self.slackIndex = slackIndex
        target = l
        let boxLower = bounds?.lower ?? Array(repeating: -.infinity, count: n)
        let boxUpper = bounds?.upper ?? Array(repeating: .infinity, count: n)
        let fixed = (0..<n).map { boxLower[$0] == boxUpper[$0] }
        self.fixed = fixed
        lower = (0..<n).map { fixed[$0] ? -.infinity : boxLower[$0] } + slackConstraint.map { l[$0] }
        upper = (0..<n).map { fixed[$0] ? .infinity : boxUpper[$0] } + slackConstraint.map { u[$0] }
    }

    /// n + the number of slacks.
    package var primal: Int { lower.count }
    /// The order of the primal-dual matrix: primal + constraints.
    package var order: Int { primal + constraints }

    /// rᵢ(w) for the constraint values c.
    @inline(__always) package func residual(_ i: Int, _ c: Double, _ w: [Double]) -> Double {
        let k = slackIndex[i]
        return c - (k < 0 ? target[i] : w[variables + k])
    }

    /// θ(w) = ‖r(w)‖₁, the infeasibility the filter measures (§2.3).
    package func infeasibility(_ c: [Double], _ w: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<constraints { sum += abs(residual(i, c[i], w)) }
        return sum
    }

    /// φ_μ(w) given f(x) (eq. 3).
    package func barrier(_ f: Double, _ w: [Double], mu: Double) -> Double {
        var sum = 0.0
        for j in 0..<primal {
            if lower[j] > -.infinity { sum += log(w[j] - lower[j]) }
            if upper[j] < .infinity { sum += log(upper[j] - w[j]) }
        }
        return f - mu * sum
    }

    /// The largest α ∈ (0, 1] with w + αd ≥ (1 − τ)(w − L) from L and likewise from U, the
    /// fraction-to-the-boundary rule (eq. 15).
    package func stepToBoundary(_ w: [Double], _ d: [Double], tau: Double) -> Double {
        var alpha = 1.0
        for j in 0..<primal {
            if lower[j] > -.infinity && d[j] < 0 { alpha = min(alpha, -tau * (w[j] - lower[j]) / d[j]) }
            if upper[j] < .infinity && d[j] > 0 { alpha = min(alpha, tau * (upper[j] - w[j]) / d[j]) }
        }
        return alpha
    }

    /// The largest α ∈ (0, 1] with z + αd_z ≥ (1 − τ)z (eq. 15 for the bound multipliers).
    package static func multiplierStep(_ z: [Double], _ d: [Double], tau: Double) -> Double {
        var alpha = 1.0
        for j in z.indices where d[j] < 0 && z[j] > 0 { alpha = min(alpha, -tau * z[j] / d[j]) }
        return alpha
    }

    /// v moved strictly inside [lo, hi] (§3.6): at least p_L = min(κ₁ max(1, |lo|), κ₂(hi − lo)) above lo
    /// and p_U likewise below hi (κ₁ = κ₂ = `push`); the midpoint when the interval is narrower.
    package static func pushedInside(_ v: Double, lower lo: Double, upper hi: Double, push: Double) -> Double {
        if lo == hi { return lo }
        var x = v
        let width = hi - lo
        if lo > -.infinity { x = max(x, lo + min(push * max(1, abs(lo)), push * width)) }
        if hi < .infinity { x = min(x, hi - min(push * max(1, abs(hi)), push * width)) }
        return lo > -.infinity && hi < .infinity && !(x > lo && x < hi) ? lo + width / 2 : x
    }

    /// w = (x, s): s = c at the inequalities, each pushed inside its [lᵢ, uᵢ] (§3.6).
    package func initialSlacks(_ c: [Double], into w: inout [Double], push: Double) {
        for (k, i) in slackConstraint.enumerated() {
            w[variables + k] = Self.pushedInside(c[i], lower: lower[variables + k], upper: upper[variables + k],
                                                 push: push)
        }
    }
}
