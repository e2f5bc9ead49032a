import Foundation

/// The strategy parameters of the (μ/μ_w, λ)-CMA-ES at their defaults, N. Hansen, "The CMA Evolution
/// Strategy: A Tutorial", arXiv:1604.00772 (2016/2023), Appendix A, Table 1 — with positive
/// recombination weights only (the weights of ranks μ + 1 … λ are 0, as in Hansen & Ostermeier,
/// Evolutionary Computation 9(2), 2001, not the tutorial's active negative ones):
///   λ = 4 + ⌊3 ln n⌋ (eq. 48), μ = ⌊λ/2⌋,
///   w′ᵢ = ln((λ + 1)/2) − ln i (eq. 49), wᵢ = w′ᵢ / Σⱼ₌₁^μ w′ⱼ for i ≤ μ (eq. 53, positive part),
///   μ_eff = 1 / Σᵢ wᵢ²,
///   c_σ = (μ_eff + 2)/(n + μ_eff + 5), d_σ = 1 + 2 max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ (eq. 55),
///   c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n) (eq. 56),
///   c₁ = α_cov/((n + 1.3)² + μ_eff), α_cov = 2 (eq. 57),
///   c_μ = min(1 − c₁, α_cov (μ_eff − 2 + 1/μ_eff)/((n + 2)² + α_cov μ_eff/2)) (eq. 58), c_m = 1 (eq. 54),
///   E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²)) (p. 29).
public struct CMAESConstants: Sendable, Equatable {
    /// λ, the population (offspring per generation).
    public let lambda: Int
    /// μ = ⌊λ/2⌋, the parents recombined.
    public let mu: Int
    /// w₁ ≥ … ≥ w_μ > 0, summing to 1.
    public let weights: [Double]
    public let muEff: Double
    public let cSigma: Double
    public let dSigma: Double
    public let cC: Double
    public let c1: Double
    public let cMu: Double
    /// E‖N(0, I)‖.
    public let chiN: Double

    /// λ's default for n variables, 4 + ⌊3 ln n⌋ (eq. 48).
    public static func defaultPopulation(dimension n: Int) -> Int { 4 + Int((3 * log(Double(n))).rounded(.down)) }

    /// - Parameters: n ≥ 1 variables, λ ≥ 2 offspring.
    public init(dimension n: Int, population lambda: Int) {
        let d = Double(n)
        self.lambda = lambda
        mu = lambda / 2
        let raw = (1...mu).map { log((Double(lambda) + 1) / 2) - log(Double($0)) }
        let total = raw.reduce(0, +)
        weights = raw.map { $0 / total }
        muEff = 1 / weights.reduce(0) { $0 + $1 * $1 }
        cSigma = (muEff + 2) / (d + muEff + 5)
        dSigma = 1 + 2 * max(0, ((muEff - 1) / (d + 1)).squareRoot() - 1) + cSigma
        cC = (4 + muEff / d) / (d + 4 + 2 * muEff / d)
        let alphaCov = 2.0
        c1 = alphaCov / ((d + 1.3) * (d + 1.3) + muEff)
        cMu = min(1 - c1, alphaCov * (muEff - 2 + 1 / muEff) / ((d + 2) * (d + 2) + alphaCov * muEff / 2))
        chiN = d.squareRoot() * (1 - 1 / (4 * d) + 1 / (21 * d * d))
    }

    /// Evaluations between two eigendecompositions of C: λ/(c₁ + c_μ)/n/10, the tutorial's
    /// source code (Appendix C) and the `cma` package's lazy update (C changes by a fraction
    /// c₁ + c_μ per generation, so B and D lag by O(1/10n) of it).
    public func eigenGap(dimension n: Int) -> Double { Double(lambda) / (c1 + cMu) / Double(n) / 10 }
}
