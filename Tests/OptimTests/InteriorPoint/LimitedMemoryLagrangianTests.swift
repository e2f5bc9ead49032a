import Testing

@testable import Optim

/// ipm's limited-memory BFGS matrix (IPOPT's `hessian_approximation limited-memory`) against closed
/// forms: the secant equation B sₖ = ŷₖ for the newest pair, B v = σv on the complement of the pairs'
/// span with σ = sᵀŷ/sᵀs of the newest pair, the skipping rule and the memory of six pairs.
@Suite struct LimitedMemoryLagrangianTests {
    static func product(_ b: [Double], _ v: [Double]) -> [Double] {
        let n = v.count
        return (0..<n).map { i in (0..<n).reduce(0.0) { $0 + b[i * n + $1] * v[$1] } }
    }

    /// Two pairs in ℝ⁴ spanning the first three coordinates: B s₂ = ŷ₂ (secant), and e₄, orthogonal to
    /// every s and ŷ, is an eigenvector with σ = s₂ᵀŷ₂ / s₂ᵀs₂ = (0.5·1 + 2·0.3) / (0.25 + 4) = 1.1 / 4.25.
    @Test func secantEquationAndScaledComplement() {
        let memory = LimitedMemoryLagrangian(n: 4)
        #expect(memory.add(s: [1, 0, 0, 0], y: [3, 1, 0, 0]))
        #expect(memory.add(s: [0, 0.5, 2, 0], y: [0.2, 1, 0.3, 0]))
        var b = [Double](repeating: 0, count: 16)
        memory.form(into: &b)
        let bs = Self.product(b, [0, 0.5, 2, 0])
        for (got, want) in zip(bs, [0.2, 1, 0.3, 0]) { #expect(abs(got - want) < 1e-12) }
        #expect(abs(memory.sigma - 1.1 / 4.25) < 1e-15)
        let be4 = Self.product(b, [0, 0, 0, 1])
        #expect(abs(be4[3] - 1.1 / 4.25) < 1e-15 && be4[0...2].allSatisfy { abs($0) < 1e-15 })
        for i in 0..<4 { for j in 0..<i { #expect(abs(b[i * 4 + j] - b[j * 4 + i]) < 1e-12) } }
    }

    /// A pair with sᵀŷ ≤ √ε‖s‖‖ŷ‖ is skipped; a second one in a row empties the memory (B = I).
    @Test func skippingAndReset() {
        let memory = LimitedMemoryLagrangian(n: 2)
        #expect(memory.add(s: [1, 0], y: [4, 0]))
        #expect(!memory.add(s: [1, 0], y: [-1, 0]))
        #expect(memory.count == 1 && memory.sigma == 4)
        #expect(!memory.add(s: [0, 1], y: [1, 0]))
        var b = [Double](repeating: 0, count: 4)
        memory.form(into: &b)
        #expect(memory.count == 0 && b == [1, 0, 0, 1])
    }

    /// Seven pairs: the first is forgotten, so B equals the matrix of the last six alone.
    @Test func keepsTheNewestSixPairs() {
        let pairs: [([Double], [Double])] = (0..<7).map { k in
            let t = Double(k)
            return ([1 + t, 0.5 * t, 1], [2 + t, 0.3 + t, 1.5 + 0.1 * t])
        }
        let all = LimitedMemoryLagrangian(n: 3), lastSix = LimitedMemoryLagrangian(n: 3)
        for (s, y) in pairs { #expect(all.add(s: s, y: y)) }
        for (s, y) in pairs.dropFirst() { lastSix.add(s: s, y: y) }
        var a = [Double](repeating: 0, count: 9), b = a
        all.form(into: &a)
        lastSix.form(into: &b)
        #expect(all.count == 6)
        for (u, v) in zip(a, b) { #expect(abs(u - v) <= 1e-12 * max(1, abs(v))) }
        let bs = Self.product(a, pairs[6].0)
        for (got, want) in zip(bs, pairs[6].1) { #expect(abs(got - want) < 1e-10) }
    }
}
