import Foundation

extension InteriorPointWork {
    /// W = ∇²f(x) + Σᵢ yᵢ∇²cᵢ(x) into `hessian` (the exact Hessian of the Lagrangian, Wächter & Biegler
    /// 2006 eq. 13's W_k): ∇²f from the objective, column j of Σ yᵢ∇²cᵢ as one product with eⱼ, then
    /// symmetrized. False when the constraints give no Hessian products or an entry is not finite.
    func exactHessian(
        objective: any HessianObjective, constraints: CountedConstraints?, x: UnsafeBufferPointer<Double>
    ) -> Bool {
        hessian.withUnsafeMutableBufferPointer { objective.hessian(at: x, into: $0) }
        if let constraints, m > 0, y.contains(where: { $0 != 0 }) {
            for j in 0..<n {
                unit[j] = 1
                let given = y.withUnsafeBufferPointer { weights in
                    unit.withUnsafeBufferPointer { e in
                        product.withUnsafeMutableBufferPointer { out in
                            constraints.weightedHessianProduct(at: x, weights: weights, direction: e, into: out)
                        }
                    }
                }
                unit[j] = 0
                if !given { return false }
                for i in 0..<n { hessian[i * n + j] += product[i] }
            }
        }
        for i in 0..<n {
            for j in 0..<i {
                let mean = (hessian[i * n + j] + hessian[j * n + i]) / 2
                hessian[i * n + j] = mean
                hessian[j * n + i] = mean
            }
        }
        return hessian.allSatisfy(\.isFinite)
    }

    /// B₀ = I.
    func resetBFGS() {
        for i in 0..<(n * n) { bfgs[i] = 0 }
        for i in 0..<n { bfgs[i * n + i] = 1 }
    }

    /// Powell's damped BFGS update of B ≈ ∇²ₓₓL (Nocedal & Wright 2006, Procedure 18.2) with
    /// s = xₖ₊₁ − xₖ in `pairS` and ŷ = ∇ₓL(xₖ₊₁, yₖ₊₁) − ∇ₓL(xₖ, yₖ₊₁) in `pairY`:
    /// r = θŷ + (1 − θ)Bs with θ = 1 if sᵀŷ ≥ 0.2 sᵀBs, else 0.8 sᵀBs / (sᵀBs − sᵀŷ);
    /// B ← B − Bs sᵀB / sᵀBs + r rᵀ / sᵀr. On the first update B₀ is first scaled to (ŷᵀŷ / sᵀŷ)I
    /// when sᵀŷ > 0 (N&W eq. 6.20). Skipped when sᵀBs is not positive.
    func updateBFGS(first: Bool) {
        var sy = 0.0, yy = 0.0
        for j in 0..<n {
            sy += pairS[j] * pairY[j]
            yy += pairY[j] * pairY[j]
        }
        if first && sy > 0 {
            for i in 0..<(n * n) { bfgs[i] = 0 }
            for i in 0..<n { bfgs[i * n + i] = yy / sy }
        }
        var sBs = 0.0
        for i in 0..<n {
            var v = 0.0
            for j in 0..<n { v += bfgs[i * n + j] * pairS[j] }
            product[i] = v
            sBs += pairS[i] * v
        }
        guard sBs > 0, sBs.isFinite else { return }
        let theta = sy >= 0.2 * sBs ? 1 : 0.8 * sBs / (sBs - sy)
        var sr = 0.0
        for j in 0..<n {
            unit[j] = theta * pairY[j] + (1 - theta) * product[j]
            sr += pairS[j] * unit[j]
        }
        guard sr > 0, sr.isFinite else { return }
        for i in 0..<n {
            for j in 0..<n { bfgs[i * n + j] += -product[i] * product[j] / sBs + unit[i] * unit[j] / sr }
        }
        for j in 0..<n { unit[j] = 0 }
    }
}
