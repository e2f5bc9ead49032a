import Foundation

/// The limited-memory BFGS approximation of ∇²ₓₓL that IPOPT uses with `hessian_approximation
/// limited-memory` (Wächter & Biegler 2006, §4 on quasi-Newton options; Nocedal & Wright 2006, §7.2 and
/// eq. 7.19 for the update, Byrd, Nocedal & Schnabel 1994 for the compact form it equals): the newest
/// `capacity` = 6 pairs (s, ŷ), ŷ = ∇ₓL(xₖ₊₁, yₖ₊₁) − ∇ₓL(xₖ, yₖ₊₁); a pair with sᵀŷ ≤ √ε‖s‖‖ŷ‖ is skipped,
/// and two skipped in a row empty the memory; B₀ = σI with σ = sᵀŷ / sᵀs of the newest pair, kept in
/// [1e-8, 1e8] (σ = 1 with no pair). As ipm factors a dense matrix anyway, B is formed densely: σI then
/// B ← B − Bs sᵀB / sᵀBs + ŷŷᵀ / sᵀŷ for each stored pair, oldest first (O(6n²) per iteration).
final class LimitedMemoryLagrangian {
    static let capacity = 6
    static let skipsBeforeReset = 2
    let n: Int
    /// The pairs, column k of each at k·n (a ring: `newest` is the last written).
    private var s: [Double], y: [Double]
    private(set) var count = 0
    private var newest = -1
    private var skipped = 0
    private(set) var sigma = 1.0
    /// Bs, an n-vector.
    private var product: [Double]

    /// The doubles `init` allocates.
    static func doubles(n: Int) -> Double { Double(2 * capacity * n + n) }

    init(n: Int) {
        self.n = n
        s = Array(repeating: 0, count: Self.capacity * n)
        y = Array(repeating: 0, count: Self.capacity * n)
        product = Array(repeating: 0, count: n)
    }

    /// Forgets every pair (σ = 1).
    func reset() {
        count = 0
        newest = -1
        skipped = 0
        sigma = 1
    }

    /// Stores (s, ŷ) unless the skipping test rejects it; true when it was stored.
    @discardableResult
    func add(s pairS: [Double], y pairY: [Double]) -> Bool {
        var sy = 0.0, ss = 0.0, yy = 0.0
        for j in 0..<n {
            sy += pairS[j] * pairY[j]
            ss += pairS[j] * pairS[j]
            yy += pairY[j] * pairY[j]
        }
        guard sy > Double.ulpOfOne.squareRoot() * (ss * yy).squareRoot(), sy.isFinite, ss > 0 else {
            skipped += 1
            if skipped >= Self.skipsBeforeReset { reset() }
            return false
        }
        skipped = 0
        newest = (newest + 1) % Self.capacity
        count = min(count + 1, Self.capacity)
        for j in 0..<n {
            s[newest * n + j] = pairS[j]
            y[newest * n + j] = pairY[j]
        }
        sigma = min(max(sy / ss, 1e-8), 1e8)
        return true
    }

    /// B (row-major n × n) into `matrix`.
    func form(into matrix: inout [Double]) {
        for i in 0..<(n * n) { matrix[i] = 0 }
        for i in 0..<n { matrix[i * n + i] = sigma }
        for age in stride(from: count - 1, through: 0, by: -1) {
            let k = ((newest - age) % Self.capacity + Self.capacity) % Self.capacity
            let base = k * n
            var sBs = 0.0, sy = 0.0
            for i in 0..<n {
                var v = 0.0
                for j in 0..<n { v += matrix[i * n + j] * s[base + j] }
                product[i] = v
                sBs += s[base + i] * v
                sy += s[base + i] * y[base + i]
            }
            guard sBs > 0 else { continue }
            for i in 0..<n {
                for j in 0..<n {
                    matrix[i * n + j] += -product[i] * product[j] / sBs + y[base + i] * y[base + j] / sy
                }
            }
        }
    }
}
