import Testing
@testable import Optim

/// f(x) = ¼(x₁⁴ + x₂⁴) + ½(x₁² + x₂²) + x₁x₂: not a quadratic, so the β rules differ.
struct QuarticCoupled: Objective {
    var dimension: Int { 2 }
    static func gradient(_ x: [Double]) -> [Double] {
        [x[0] * x[0] * x[0] + x[0] + x[1], x[1] * x[1] * x[1] + x[1] + x[0]]
    }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let g = Self.gradient(Array(x))
        gradient[0] = g[0]
        gradient[1] = g[1]
        let quartic: Double = x[0] * x[0] * x[0] * x[0] + x[1] * x[1] * x[1] * x[1]
        let square: Double = x[0] * x[0] + x[1] * x[1]
        return 0.25 * quartic + 0.5 * square + x[0] * x[1]
    }
}

/// Every β rule of nonlinear CG with inexact (fixed) steps, where the rules give different
/// directions, against its formula written out here for the g₀, g₁, d₀ of the run (N&W §5.2;
/// Hager & Zhang 2005, eqs. 1.2–1.7 for β^HZ and its lower bound ηₖ).
@Suite struct CGBetaRuleTests {
    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map(*).reduce(0, +) }

    /// β from its published formula, for g₀ = gₖ, g₁ = gₖ₊₁, d₀ = dₖ, y = g₁ − g₀.
    static func beta(_ rule: BetaRule, g0: [Double], g1: [Double], d0: [Double]) -> Double {
        let y = zip(g1, g0).map { $0 - $1 }, dy = dot(d0, y)
        switch rule {
        case .fletcherReeves: return dot(g1, g1) / dot(g0, g0)
        case .polakRibiere: return dot(g1, y) / dot(g0, g0)
        case .polakRibierePlus: return max(0, dot(g1, y) / dot(g0, g0))
        case .hestenesStiefel: return dot(g1, y) / dy
        case .daiYuan: return dot(g1, g1) / dy
        case .hagerZhang:
            // β^N = (y − 2d‖y‖²/dᵀy)ᵀg₁ / dᵀy, bounded below by ηₖ = −1/(‖dₖ‖ min(0.01, ‖gₖ‖)).
            let v = zip(y, d0).map { $0 - 2 * $1 * dot(y, y) / dy }
            let bound = -1 / (dot(d0, d0).squareRoot() * min(0.01, dot(g0, g0).squareRoot()))
            return max(dot(v, g1) / dy, bound)
        }
    }

    /// Two iterations with α = η fixed, Powell's test and periodic restarts off: x₁ = x₀ − ηg₀,
    /// d₁ = −g₁ + βd₀, x₂ = x₁ + ηd₁.
    static func secondIterate<O: Objective>(
        _ f: O, _ rule: BetaRule, from x0: [Double], eta: Double
    ) throws -> [Double] {
        let solver = NonlinearCG(
            beta: rule, lineSearch: FixedStep(learningRate: eta), restartEvery: 100, powellRestart: false)
        return try minimize(f, from: x0, using: solver, options: Options(gradientTolerance: 0, maxIterations: 2)).x
    }

    static func expectedSecondIterate(
        _ rule: BetaRule, x0: [Double], eta: Double, gradient: ([Double]) -> [Double]
    ) -> (x2: [Double], beta: Double) {
        let g0 = gradient(x0), d0 = g0.map { -$0 }
        let x1 = zip(x0, d0).map { $0 + eta * $1 }, g1 = gradient(x1)
        let b = beta(rule, g0: g0, g1: g1, d0: d0)
        let d1 = zip(g1, d0).map { -$0 + b * $1 }
        #expect(dot(g1, d1) < 0, "d₁ of \(rule) must be a descent direction, or CG restarts")
        return (zip(x1, d1).map { $0 + eta * $1 }, b)
    }

    /// x₀ = (1, −0.5), η = 0.3: g₀ = (1.5, 0.375), g₁ = (0.103875, −0.292283203125); the six β
    /// are 0.04025 (FR), 0.02092 (PR, PR+), 0.02133 (HS), 0.04104 (DY), 0.06159 (HZ).
    @Test(arguments: BetaRule.allCases)
    func eachRuleFollowsItsFormulaOnANonQuadratic(_ rule: BetaRule) throws {
        let x0: [Double] = [1, -0.5]
        let (expected, _) = Self.expectedSecondIterate(rule, x0: x0, eta: 0.3, gradient: QuarticCoupled.gradient)
        let x2 = try Self.secondIterate(QuarticCoupled(), rule, from: x0, eta: 0.3)
        #expect(distance(x2, expected) <= 1e-15, "\(rule): \(x2) against \(expected)")
    }

    /// The solver's second iterates differ between the rules (PR+ is PR here, β_PR > 0), so no
    /// rule can stand in for another.
    @Test func theRulesDifferWhenStepsAreInexact() throws {
        let iterates = try BetaRule.allCases.filter { $0 != .polakRibierePlus }.map { rule in
            try Self.secondIterate(QuarticCoupled(), rule, from: [1, -0.5], eta: 0.3)
        }
        for i in iterates.indices {
            for j in iterates.indices where j > i { #expect(distance(iterates[i], iterates[j]) > 1e-4) }
        }
    }

    /// ½xᵀdiag(2, 30)x from (1, −1) with η = 0.15 overshoots along x₂: β^N = −3.4910 falls
    /// below ηₖ = −1/(‖d₀‖·0.01) = −3.3260 (‖g₀‖ = 30.07 > 0.01), so β^HZ = ηₖ.
    @Test func hagerZhangIsBoundedBelowByEtaK() throws {
        let f = DiagonalQuadratic(curvatures: [2, 30], center: [0, 0])
        let gradient: ([Double]) -> [Double] = { x in [2 * x[0], 30 * x[1]] }
        let (expected, b) = Self.expectedSecondIterate(.hagerZhang, x0: [1, -1], eta: 0.15, gradient: gradient)
        let g0 = gradient([1, -1])
        #expect(abs(b - -1 / (Self.dot(g0, g0).squareRoot() * 0.01)) <= 1e-15 && b > -3.4)
        let x2 = try Self.secondIterate(f, .hagerZhang, from: [1, -1], eta: 0.15)
        #expect(distance(x2, expected) <= 1e-12 * norm(expected), "\(x2) against \(expected)")
    }
}
