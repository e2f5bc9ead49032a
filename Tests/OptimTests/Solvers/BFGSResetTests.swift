import Testing
@testable import Optim

/// BFGS's reset branch: when −Hg is not a descent direction (H no longer positive definite,
/// which only rounding produces), H is reset to H₀ and the next pair is treated as the first.
@Suite struct BFGSResetTests {
    static let f = DiagonalQuadratic(curvatures: [1, 2, 4], center: [0, 0, 0])
    static let x0: [Double] = [1, -2, 3]

    /// N&W eq. 6.17 as products of dense matrices: (I − ρsyᵀ)H₀(I − ρysᵀ) + ρssᵀ, ρ = 1/yᵀs.
    static func bfgsUpdate(_ h0: [[Double]], s: [Double], y: [Double]) -> [[Double]] {
        let n = s.count, rho = 1 / zip(s, y).map(*).reduce(0, +)
        let left = (0..<n).map { (i: Int) -> [Double] in
            (0..<n).map { (j: Int) -> Double in (i == j ? 1.0 : 0.0) - rho * s[i] * y[j] }
        }
        func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
            (0..<n).map { (i: Int) -> [Double] in
                (0..<n).map { (j: Int) -> Double in
                    (0..<n).map { (k: Int) -> Double in a[i][k] * b[k][j] }.reduce(0, +)
                }
            }
        }
        let right = (0..<n).map { i in (0..<n).map { j in left[j][i] } }
        let middle = product(product(left, h0), right)
        return (0..<n).map { i in (0..<n).map { j in middle[i][j] + rho * s[i] * s[j] } }
    }

    /// Two iterations with the fixed step α = ½, H overwritten by −I between them: the second
    /// direction −Hg would climb (slope ‖g‖² > 0), so BFGS resets. After the reset the step is
    /// along −g₁ (x₂ = x₁ − ½Dx₁), and the new pair (s = x₂ − x₁, y = Ds) updates H₀ afresh:
    /// with `.firstPair`, H₀ = κ(sᵀy/yᵀy)I again (the pair counts as the first; κ = 100, the
    /// default `--h0-factor`), with `.identity` H₀ = I — never the −I the reset replaced.
    @Test(arguments: [InitialHessianScaling.firstPair, .identity])
    func aResetStartsAgainFromTheGradientAndTheFirstPairScaling(_ scaling: InitialHessianScaling) throws {
        var solver = BFGS(lineSearch: FixedStep(learningRate: 0.5), scaling: scaling)
        let state = try IterationState(x0: Self.x0)
        state.evaluateCurrent(Self.f)
        try solver.start(state, objective: Self.f)
        try solver.step(state, objective: Self.f)
        let x1 = state.x.array
        #expect(x1 == [0.5, 0, -3])   // x₀ − ½Dx₀, D = diag(1, 2, 4)
        solver.overwriteInverseHessian(Matrix([[-1, 0, 0], [0, -1, 0], [0, 0, -1]]))
        try solver.step(state, objective: Self.f)
        let x2 = state.x.array
        let d: [Double] = [1, 2, 4]
        #expect(x2 == x1.indices.map { x1[$0] - 0.5 * d[$0] * x1[$0] })
        let s = x2.indices.map { x2[$0] - x1[$0] }, y = s.indices.map { d[$0] * s[$0] }
        let kappa = 100.0
        #expect(solver.scalingFactor == kappa)
        let gamma = scaling == .identity ? 1 : kappa * zip(s, y).map(*).reduce(0, +) / y.map { $0 * $0 }.reduce(0, +)
        let h0 = (0..<3).map { i in (0..<3).map { j in i == j ? gamma : 0 } }
        let expected = Self.bfgsUpdate(h0, s: s, y: y)
        let h = solver.inverseHessian
        for i in 0..<3 {
            for j in 0..<3 { #expect(abs(h[i, j] - expected[i][j]) <= 1e-13, "H[\(i), \(j)]") }
        }
    }
}
