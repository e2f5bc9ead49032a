import Foundation

/// The buffers of one interior-point run, allocated once at `start` (sizes from `BarrierLayout`),
/// and the quantities of Wächter & Biegler 2006 computed from them: ∇φ_μ, the primal-dual matrix
/// and right-hand side (eq. 13), the bound-multiplier steps (eq. 12), the barrier error E_μ (eq. 5).
final class InteriorPointWork {
    let layout: BarrierLayout
    let n: Int, m: Int, primal: Int
    /// w = (x, s) and the trial point.
    var w: [Double], trialW: [Double]
    /// z_L, z_U (0 where the bound is infinite) and their steps.
    var lowerZ: [Double], upperZ: [Double], lowerStep: [Double], upperStep: [Double]
    /// y (λ in OptBench's convention: L = f + yᵀc), c(x), c at the trial point, the SOC's c.
    var y: [Double], c: [Double], trialC: [Double], correctionC: [Double]
    /// J(x) row-major m × n, and J at the previous iterate (for the BFGS pair).
    var jacobian: [Double], previousJacobian: [Double]
    /// W = ∇²ₓₓL (exact, or the BFGS matrix), row-major n × n; the BFGS matrix itself.
    var hessian: [Double], bfgs: [Double]
    /// The full step (d_w, d_y) and the second-order correction's, order entries each.
    var step: [Double], correction: [Double]
    /// ∇φ_μ (primal entries), and the primal part of eq. (13)'s right-hand side (for the SOC).
    var barrierGradient: [Double], savedTop: [Double]
    /// n-vectors: ∇f + Jᵀy, a unit vector, a product, the BFGS pair.
    var lagrangianGradient: [Double], unit: [Double], product: [Double], pairS: [Double], pairY: [Double]
    let kkt: KKTFactorization
    /// The limited-memory approximation of W (`hessian=lbfgs`).
    let limitedMemory: LimitedMemoryLagrangian

    /// The doubles `init` allocates for n variables, m constraints and `slacks` slacks.
    static func doubles(n: Int, m: Int, slacks: Int) -> Double {
        let n = Double(n), m = Double(m), primal = n + Double(slacks)
        return 9 * primal + 4 * m + 2 * m * n + 2 * n * n + 2 * (primal + m) + 5 * n
            + KKTFactorization.doubles(order: Int(primal + m)) + LimitedMemoryLagrangian.doubles(n: Int(n))
    }

    init(layout: BarrierLayout) {
        self.layout = layout
        n = layout.variables
        m = layout.constraints
        primal = layout.primal
        func zeros(_ count: Int) -> [Double] { Array(repeating: 0, count: count) }
        w = zeros(primal)
        trialW = zeros(primal)
        lowerZ = zeros(primal)
        upperZ = zeros(primal)
        lowerStep = zeros(primal)
        upperStep = zeros(primal)
        barrierGradient = zeros(primal)
        savedTop = zeros(primal)
        y = zeros(m)
        c = zeros(m)
        trialC = zeros(m)
        correctionC = zeros(m)
        jacobian = zeros(m * n)
        previousJacobian = zeros(m * n)
        hessian = zeros(n * n)
        bfgs = zeros(n * n)
        step = zeros(primal + m)
        correction = zeros(primal + m)
        lagrangianGradient = zeros(n)
        unit = zeros(n)
        product = zeros(n)
        pairS = zeros(n)
        pairY = zeros(n)
        kkt = KKTFactorization(order: primal + m)
        limitedMemory = LimitedMemoryLagrangian(n: n)
    }

    /// ∇f + Jᵀy at x into `lagrangianGradient` (`jacobian` is J there).
    func computeLagrangianGradient(_ g: UnsafeBufferPointer<Double>, jacobian J: [Double]) {
        for j in 0..<n { lagrangianGradient[j] = g[j] }
        for i in 0..<m where y[i] != 0 {
            for j in 0..<n { lagrangianGradient[j] += y[i] * J[i * n + j] }
        }
    }

    /// (∇ₓL, −y_I) − z_L + z_U: the dual infeasibility of the slack form (eq. 4a), entry j.
    /// Needs `computeLagrangianGradient` first.
    func dualResidual(_ j: Int) -> Double {
        let first = j < n ? lagrangianGradient[j] : -y[layout.slackConstraint[j - n]]
        return first - lowerZ[j] + upperZ[j]
    }

    /// ∇φ_μ(w) into `barrierGradient` (f's gradient g at x).
    func computeBarrierGradient(_ g: UnsafeBufferPointer<Double>, mu: Double) {
        for j in 0..<primal {
            var v = j < n ? g[j] : 0
            if layout.lower[j] > -.infinity { v -= mu / (w[j] - layout.lower[j]) }
            if layout.upper[j] < .infinity { v += mu / (layout.upper[j] - w[j]) }
            barrierGradient[j] = v
        }
    }

    /// E_μ (eq. 5) with s_max = 100, or E₀ unscaled (`scaled` false, μ = 0: the KKT error the run stops on
    /// is its dual and complementarity parts; the violation is tested on its own).
    func barrierError(mu: Double, scaled: Bool) -> (dual: Double, primal: Double, complementarity: Double) {
        var dual = 0.0, primalError = 0.0, complementarity = 0.0
        var yNorm = 0.0, zNorm = 0.0, zCount = 0
        for j in 0..<primal {
            if j < n && layout.fixed[j] { continue }
            dual = max(dual, abs(dualResidual(j)))
            if layout.lower[j] > -.infinity {
                complementarity = max(complementarity, abs(lowerZ[j] * (w[j] - layout.lower[j]) - mu))
                zNorm += abs(lowerZ[j])
                zCount += 1
            }
            if layout.upper[j] < .infinity {
                complementarity = max(complementarity, abs(upperZ[j] * (layout.upper[j] - w[j]) - mu))
                zNorm += abs(upperZ[j])
                zCount += 1
            }
        }
        for i in 0..<m {
            primalError = max(primalError, abs(layout.residual(i, c[i], w)))
            yNorm += abs(y[i])
        }
        guard scaled else { return (dual, primalError, complementarity) }
        let sMax = 100.0
        let sd = max(sMax, (yNorm + zNorm) / Double(max(m + primal, 1))) / sMax
        let sc = max(sMax, zNorm / Double(max(zCount, 1))) / sMax
        return (dual / sd, primalError, complementarity / sc)
    }

    /// Σ = Z_L(W − L)⁻¹ + Z_U(U − W)⁻¹, entry j (eq. 13's Σ_k).
    func sigma(_ j: Int) -> Double {
        var s = 0.0
        if layout.lower[j] > -.infinity { s += lowerZ[j] / (w[j] - layout.lower[j]) }
        if layout.upper[j] < .infinity { s += upperZ[j] / (layout.upper[j] - w[j]) }
        return s
    }

    /// The matrix of eq. (13) without the shifts, column-major, both triangles:
    /// [[W + Σ, Aᵀ], [A, 0]] with A = [J, −E_I] (m × primal); `identity`: I in place of W + Σ (the
    /// least-squares multiplier estimate, eq. 36).
    func assemble(identity: Bool) {
        let order = primal + m
        kkt.matrix.withUnsafeMutableBufferPointer { k in
            k.update(repeating: 0)
            for i in 0..<n where !identity {
                for j in 0..<n { k[i + j * order] = hessian[i * n + j] }
            }
            for j in 0..<primal { k[j + j * order] += identity ? 1 : sigma(j) }
            for i in 0..<m {
                let row = primal + i
                for j in 0..<n {
                    k[row + j * order] = jacobian[i * n + j]
                    k[j + row * order] = jacobian[i * n + j]
                }
                let s = layout.slackIndex[i]
                if s >= 0 {
                    k[row + (n + s) * order] = -1
                    k[(n + s) + row * order] = -1
                }
            }
            for j in 0..<n where layout.fixed[j] {
                for i in 0..<order {
                    k[i + j * order] = 0
                    k[j + i * order] = 0
                }
                k[j + j * order] = 1
            }
        }
    }

    /// The right-hand side −(∇φ_μ + Aᵀy, r) into `step` (eq. 13).
    func newtonRightHandSide() {
        for j in 0..<n {
            var v = barrierGradient[j]
            for i in 0..<m { v += jacobian[i * n + j] * y[i] }
            step[j] = layout.fixed[j] ? 0 : -v
        }
        for (k, i) in layout.slackConstraint.enumerated() { step[n + k] = -(barrierGradient[n + k] - y[i]) }
        for i in 0..<m { step[primal + i] = -layout.residual(i, c[i], w) }
    }

    /// The bound-multiplier steps of eq. (12) for the primal step `d`:
    /// d_zL = μ(W − L)⁻¹e − z_L − Σ_L d_w, d_zU = μ(U − W)⁻¹e − z_U + Σ_U d_w.
    func multiplierSteps(_ d: [Double], mu: Double) {
        for j in 0..<primal {
            if layout.lower[j] > -.infinity {
                let gap = w[j] - layout.lower[j]
                lowerStep[j] = mu / gap - lowerZ[j] - lowerZ[j] / gap * d[j]
            }
            if layout.upper[j] < .infinity {
                let gap = layout.upper[j] - w[j]
                upperStep[j] = mu / gap - upperZ[j] + upperZ[j] / gap * d[j]
            }
        }
    }

    /// z moved to κ_Σ-range of μ/gap (eq. 16, κ_Σ = 10¹⁰), after each step.
    func safeguardMultipliers(mu: Double) {
        let kappa = 1e10
        for j in 0..<primal {
            if layout.lower[j] > -.infinity {
                let gap = w[j] - layout.lower[j]
                lowerZ[j] = max(min(lowerZ[j], kappa * mu / gap), mu / (kappa * gap))
            }
            if layout.upper[j] < .infinity {
                let gap = layout.upper[j] - w[j]
                upperZ[j] = max(min(upperZ[j], kappa * mu / gap), mu / (kappa * gap))
            }
        }
    }
}
