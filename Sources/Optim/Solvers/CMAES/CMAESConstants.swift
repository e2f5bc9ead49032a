import Foundation

/// The strategy parameters of the (μ/μ_w, λ)-CMA-ES with active covariance update at the defaults of
/// the `cma` package 4.5.0 (`CMA_active` on), which are those of N. Hansen, "The CMA Evolution
/// Strategy: A Tutorial", arXiv:1604.00772 (2016/2023), Appendix A, Table 1, but for c_σ (denominator
/// n + μ_eff + 3, not + 5, and at most ½), d_σ's attenuated μ_eff term and c₁'s factor min(1, λ/6):
///   λ = 4 + ⌊3 ln n⌋ (eq. 48), μ = ⌊λ/2⌋ (the ranks whose raw weight is > 0),
///   w′ᵢ = ln((λ + 1)/2) − ln i, i = 1…λ (eq. 49), μ_eff = (Σᵢ₌₁^μ w′ᵢ)² / Σᵢ₌₁^μ w′ᵢ² (eq. 51) and
///   μ_eff⁻ likewise over the negative w′ᵢ (eq. 52);
///   c_σ = min(½, (μ_eff + 2)/(n + μ_eff + 3)),
///   d_σ = 1 + 2 max(0, a √((μ_eff − 1)/(n + 1)) − 1) + c_σ with a = max(1, 3(1 − 2^(−n/9))) (eq. 55 has
///   a = 1; `cma` 4.5.0's `CMAAdaptSigmaCSA.compute_damps`),
///   c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n) (eq. 56),
///   c₁ = min(1, λ/6) α_cov/((n + 1.3)² + μ_eff), α_cov = 2 (eq. 57),
///   c_μ = min(1 − c₁, α_cov (1/4 + μ_eff − 2 + 1/μ_eff)/((n + 2)² + α_cov μ_eff/2)) (eq. 58), c_m = 1
///   (eq. 54);
///   wᵢ = w′ᵢ / Σ_{w′ⱼ>0} w′ⱼ for w′ᵢ ≥ 0, and wᵢ = min(α_μ⁻, α_μeff⁻, α_posdef⁻) w′ᵢ / Σ_{w′ⱼ<0} |w′ⱼ|
///   for w′ᵢ < 0 (eq. 53), with α_μ⁻ = 1 + c₁/c_μ (eq. 50), α_μeff⁻ = 1 + 2μ_eff⁻/(μ_eff + 2),
///   α_posdef⁻ = (1 − c₁ − c_μ)/(n c_μ);
///   E‖N(0, I)‖ = √2 Γ((n + 1)/2)/Γ(n/2) for n ≤ 100, else ≈ √n (1 − 1/(4n) + 1/(32n²)) (`cma`'s; the
///   tutorial's approximation, p. 29, has 1/(21n²)).
/// `active` false keeps the negative weights at 0 (Hansen & Ostermeier 2001, `cma`'s
/// `CMA_active=False`).
public struct CMAESConstants: Sendable, Equatable {
    /// λ, the population (offspring per generation).
    public let lambda: Int
    /// μ = ⌊λ/2⌋, the parents recombined.
    public let mu: Int
    /// w₁ ≥ … ≥ w_λ: the first μ positive, summing to 1 (the mean's, eq. 42); the rest ≤ 0 (the
    /// covariance's active part, eq. 47), all 0 when the update is not active.
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

    /// - Parameters: n ≥ 1 variables, λ ≥ 2 offspring; `active`: negative weights (eq. 53).
    public init(dimension n: Int, population lambda: Int, active: Bool = true) {
        let d = Double(n)
        self.lambda = lambda
        let raw = (1...lambda).map { log((Double(lambda) + 1) / 2) - log(Double($0)) }
        mu = raw.filter { $0 > 0 }.count
        let positive = raw[..<mu].reduce(0, +)
        let positiveSquares = raw[..<mu].reduce(0) { $0 + $1 * $1 }
        muEff = positive * positive / positiveSquares
        cSigma = min(0.5, (muEff + 2) / (d + muEff + 3))
        let attenuation = max(1, 3 * (1 - pow(0.5, d / 9)))
        dSigma = 1 + 2 * max(0, attenuation * ((muEff - 1) / (d + 1)).squareRoot() - 1) + cSigma
        cC = (4 + muEff / d) / (d + 4 + 2 * muEff / d)
        let alphaCov = 2.0
        c1 = min(1, Double(lambda) / 6) * alphaCov / ((d + 1.3) * (d + 1.3) + muEff)
        cMu = min(1 - c1, alphaCov * (0.25 + muEff - 2 + 1 / muEff) / ((d + 2) * (d + 2) + alphaCov * muEff / 2))
        chiN = n <= 100
            ? 2.0.squareRoot() * exp(lgamma((d + 1) / 2) - lgamma(d / 2))
            : d.squareRoot() * (1 - 1 / (4 * d) + 1 / (32 * d * d))
        let negative = raw[mu...].filter { $0 < 0 }
        let negativeSum = negative.reduce(0) { $0 - $1 }
        var scale = 0.0
        if active && negativeSum > 0 && cMu > 0 {
            let muEffMinus = negativeSum * negativeSum / negative.reduce(0) { $0 + $1 * $1 }
            scale = min(1 + c1 / cMu, 1 + 2 * muEffMinus / (muEff + 2), (1 - c1 - cMu) / (d * cMu)) / negativeSum
        }
        weights = raw.map { $0 >= 0 ? $0 / positive : scale * $0 }
    }

    /// Evaluations between two eigendecompositions of C: λ/(c₁ + c_μ)/n/10, the tutorial's
    /// source code (Appendix C) and the `cma` package's lazy update (C changes by a fraction
    /// c₁ + c_μ per generation, so B and D lag by O(1/10n) of it).
    public func eigenGap(dimension n: Int) -> Double { Double(lambda) / (c1 + cMu) / Double(n) / 10 }
}
