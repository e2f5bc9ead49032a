import Testing
@testable import Optim

/// Steihaug's exit through the boundary after an interior CG step, on a convex model, worked
/// out by hand (N&W Algorithm 7.2: p = zⱼ + τdⱼ with τ ≥ 0 and ‖p‖ = Δ).
@Suite struct SteihaugBoundaryTests {
    /// B = diag(1, 10), g = (1, 1), Δ = 0.5. CG: d₀ = (−1, −1), d₀ᵀBd₀ = 11, α₀ = 2/11,
    /// z₁ = −(2/11)(1, 1) (‖z₁‖ = 0.257, inside); r₁ = (9/11, −9/11), ‖r₁‖ = 1.157 above the
    /// forcing tolerance min(½, √‖g‖)‖g‖ = 0.707; β₁ = 81/121, d₁ = (−180/121, 18/121). The next
    /// iterate z₂ = −B⁻¹g = (−1, −0.1) lies outside, so p = z₁ + τd₁ on ‖p‖ = Δ:
    /// aτ² + 2bτ + c = 0 with a = d₁ᵀd₁ = 32724/14641, b = z₁ᵀd₁ = 324/1331,
    /// c = z₁ᵀz₁ − Δ² = −89/484, whose roots are τ₊ = (−b + √(b² − ac))/a = 0.1979001318296038
    /// and τ₋ = −0.4157219140078216. τ₊ gives p = (−0.4762150721432123, −0.15237849278567878)
    /// and m(p) = gᵀp + ½pᵀBp = −0.39910714214253284; τ₋ would give m = +0.585.
    @Test func positiveCurvatureStepLeavesThroughTheForwardRoot() throws {
        var steihaug = Steihaug()
        let model = QuadraticModel(h: Matrix([[1, 0], [0, 10]]), g: [1, 1])
        let (p, result) = try solveSubproblem(&steihaug, model, radius: 0.5)
        #expect(distance(p, [-0.4762150721432123, -0.15237849278567878]) <= 1e-15)
        #expect(result.onBoundary && steihaug.lastIterations == 2)
        #expect(abs(result.predictedReduction - 0.39910714214253284) <= 1e-15)
    }
}
