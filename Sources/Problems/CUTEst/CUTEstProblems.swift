import Optim

/// What the CUTEst SIF file says about each problem of the `cutest` suite: its name, the n
/// it uses by default (the file's uncommented parameter), the rule n must follow for the
/// file's loops and start to make sense, the sizes the file lists, f(x₀) at the default n
/// (checked against scripts/reference/cutest_reference.py) and the optimal values the file reports.
/// The SIF files read are those of the CUTEst collection as distributed with S2MPJ
/// (github.com/GrattonToint/S2MPJ, folder sif/; DIXMAANA, E, I are its DIXMAANA1, E1, I1). That
/// folder lacks CHAINWOO, DQDRTIC and SROSENBR: their formulas come from OptimizationProblems.jl's
/// transcriptions, and their default n, listed sizes and f* (the exact minimum) are not read from a file.
/// Immutable, and its closures are pure: safe to share.
struct CUTEstInfo: @unchecked Sendable {
    let name: String
    let summary: String
    let defaultN: Int
    let minimumN: Int
    /// What n must be besides n ≥ `minimumN`.
    let rule: SizeRule
    /// The values of n the SIF file lists.
    let sizes: [Int]
    /// f(x₀) at `defaultN`.
    let startValue: Double
    /// f* as the SIF file reports it, for the n it reports it for.
    let minimum: (Int) -> Double?
    let minimumText: String
    let make: (Int) -> (objective: any Objective, start: [Double])
}

extension CUTEstInfo {
    private static func entry<F: CUTEstFunction>(
        _ name: String, _ summary: String, n: Int, minimumN: Int, rule: SizeRule = .any,
        sizes: [Int], f0: Double, fStar: [Int: Double]? = nil, always: Double? = nil, _ make: @escaping (Int) -> F
    ) -> CUTEstInfo {
        let text: String
        if let always {
            text = "f* = \(NumberStyle.format(always))"
        } else if let fStar, !fStar.isEmpty {
            text =
                "f* = "
                + fStar.sorted { $0.key < $1.key }.map { "\(NumberStyle.format($0.value)) (n = \($0.key))" }.joined(
                    separator: ", ")
        } else {
            text = "f* not reported"
        }
        return CUTEstInfo(name: name, summary: summary, defaultN: n, minimumN: minimumN, rule: rule, sizes: sizes,
                          startValue: f0, minimum: { always ?? fStar?[$0] }, minimumText: text,
                          make: { n in let f = make(n); return (CUTEstObjective(f), f.start()) })
    }

    private static let dixmaan: [CUTEstInfo] = zip(
        DIXMAAN.variants,
        [
            143.5, 228.25, 395.5, 756.76, 113.5, 199.25, 365.5, 724.6,
            103.16666666666667, 189.10555555555555, 355.16666666666663,
            713.8586666666666,
        ]
    ).map { variant, f0 in
        let v = variant
        return entry(
            "DIXMAAN\(v.letter)",
            "Dixon–Maany, α = \(NumberStyle.format(v.alpha)), β = \(NumberStyle.format(v.beta)), "
                + "γ = \(NumberStyle.format(v.gamma)), δ = \(NumberStyle.format(v.delta)), k = (\(v.k1), \(v.k2), "
                    + "\(v.k3), \(v.k4))",
            n: 15, minimumN: 3, rule: .multipleOf3, sizes: [15, 90, 300, 1500, 3000, 9000],
            f0: f0, always: 1
        ) { DIXMAAN(dimension: $0, variant: v) }
    }

    static let all: [CUTEstInfo] =
        [
            entry(
                "ARWHEAD", "arrowhead quartic Σ (xᵢ² + xₙ²)² − 4xᵢ + 3", n: 5000, minimumN: 2,
                sizes: [100, 500, 1000, 5000],
                f0: 14997, always: 0
            ) { ARWHEAD(dimension: $0) },
            entry(
                "BDQRTIC", "banded quartic with an arrowhead", n: 100, minimumN: 5, sizes: [100, 500, 1000, 5000],
                f0: 21696,
                fStar: [100: 378.769, 500: 1981.01, 1000: 3983.82]
            ) { BDQRTIC(dimension: $0) },
            entry(
                "BRYBND", "Broyden banded (element types as the file has them)", n: 10, minimumN: 7,
                sizes: [10, 50, 100, 500, 1000, 5000, 10000], f0: 154, always: 0
            ) { BRYBND(dimension: $0) },
            entry(
                "CHAINWOO", "chained Wood function, 1 + Σ over overlapping blocks (other local minima)", n: 4000,
                minimumN: 4, rule: .even,
                sizes: [4, 100, 1000, 4000, 10000], f0: 14447054.1, always: 1
            ) { CHAINWOO(dimension: $0) },
            entry(
                "COSINE", "Σ cos(xᵢ² − xᵢ₊₁/2), bounded below by −(n − 1)", n: 1000, minimumN: 2,
                sizes: [10, 100, 1000, 10000],
                f0: 876.7049793284824
            ) { COSINE(dimension: $0) },
            entry(
                "CRAGGLVY", "extended Cragg–Levy", n: 4, minimumN: 4, rule: .even,
                sizes: [4, 10, 50, 100, 500, 1000, 5000], f0: 2.266182511289055,
                fStar: [4: 0, 10: 1.886566, 50: 15.372]
            ) { CRAGGLVY(dimension: $0) },
            entry(
                "CURLY10", "Σ P(xᵢ + … + xᵢ₊₁₀), P(q) = q⁴ − 20q² − 0.1q", n: 1000, minimumN: 10,
                sizes: [100, 1000, 10000],
                f0: -0.06301648215739498, fStar: [1000: -1.003163e5]
            ) { CURLY10(dimension: $0) },
        ] + dixmaan + [
            entry(
                "DIXON3DQ", "Dixon's tridiagonal quadratic", n: 10, minimumN: 2, sizes: [10, 100, 1000, 10000], f0: 8,
                always: 0
            ) { DIXON3DQ(dimension: $0) },
            entry(
                "DQDRTIC", "diagonal quadratic Σ xᵢ² + 100xᵢ₊₁² + 100xᵢ₊₂²", n: 5000, minimumN: 3,
                sizes: [10, 50, 100, 500, 1000, 5000], f0: 9041382, always: 0
            ) { DQDRTIC(dimension: $0) },
            entry(
                "DQRTIC", "diagonal quartic Σ (xᵢ − i)⁴", n: 500, minimumN: 1, sizes: [10, 50, 100, 500, 1000, 5000],
                f0: 6156790168650, always: 0
            ) { ShiftedQuartic(dimension: $0) },
            entry(
                "EDENSCH", "Li's chained quartic", n: 36, minimumN: 2, sizes: [36, 2000], f0: 128851,
                fStar: [36: 219.28, 2000: 1.20032e4]
            ) { EDENSCH(dimension: $0) },
            entry(
                "EG2", "Σ sin(x₁ + xᵢ² − 1) + sin(xₙ²)/2 (LANCELOT's example)", n: 1000, minimumN: 2, sizes: [1000],
                f0: -840.6295138230887
            ) { EG2(dimension: $0) },
            entry(
                "ENGVAL1", "chained Engvall quartic", n: 2, minimumN: 2, sizes: [2, 50, 100, 1000, 5000], f0: 59,
                fStar: [2: 0]
            ) { ENGVAL1(dimension: $0) },
            entry(
                "EXTROSNB", "non-separable extended Rosenbrock", n: 5, minimumN: 2, sizes: [5, 10, 100, 1000], f0: 1604,
                always: 0
            ) { EXTROSNB(dimension: $0) },
            entry(
                "FLETCHCR", "Fletcher's chained Rosenbrock, start 0", n: 10, minimumN: 2, sizes: [10, 100, 1000], f0: 9,
                always: 0
            ) { FLETCHCR(dimension: $0) },
            entry(
                "FREUROTH", "chained Freudenstein–Roth (f* = 48.9842 is a local minimum for n = 2)", n: 2, minimumN: 2,
                sizes: [2, 10, 50, 100, 500, 1000, 5000], f0: 400.5,
                fStar: [2: 0, 10: 1.0141e3, 50: 5.8810e3]
            ) { FREUROTH(dimension: $0) },
            entry(
                "GENHUMPS", "Toint's humps Σ sin²(20xᵢ)sin²(20xᵢ₊₁) + 0.05(xᵢ² + xᵢ₊₁²)", n: 1000, minimumN: 2,
                sizes: [5, 10, 100, 500, 1000, 5000], f0: 25599117.727511, always: 0
            ) { GENHUMPS(dimension: $0) },
            entry(
                "GENROSE", "Nash's generalized Rosenbrock, 1 + Σ …", n: 500, minimumN: 2, sizes: [5, 10, 100, 500],
                f0: 1870.0351331589043, always: 1
            ) { GENROSE(dimension: $0) },
            entry(
                "LIARWHD", "Li's Σ 4(xᵢ² − x₁)² + (xᵢ − 1)²", n: 36, minimumN: 1,
                sizes: [36, 100, 500, 1000, 5000, 10000], f0: 21060,
                always: 0
            ) { LIARWHD(dimension: $0) },
            entry(
                "MOREBV", "Moré's discrete boundary value problem", n: 10, minimumN: 2,
                sizes: [10, 50, 100, 500, 1000, 5000],
                f0: 0.0007885191012648201, always: 0
            ) { MOREBV(dimension: $0) },
            entry(
                "NONCVXU2", "Gould's nonconvex Σ v² + 4cos v over index triples", n: 1000, minimumN: 1,
                sizes: [10, 100, 1000, 5000, 10000, 100000], f0: 2592247505.400723,
                fStar: [10: 23.168084, 100: 231.68084, 1000: 2316.8084, 5000: 11584.042]
            ) { NONCVXU2(dimension: $0) },
            entry(
                "NONDIA", "Shanno's nondiagonal (x₁ − 1)² + Σ 100(x₁ − xᵢ²)²", n: 1000, minimumN: 2,
                sizes: [10, 20, 30, 50, 90, 100, 500, 1000, 5000, 10000], f0: 399604, always: 0
            ) { NONDIA(dimension: $0) },
            entry(
                "NONDQUAR", "nondiagonal quartic, singular Hessian at x*", n: 100, minimumN: 2, rule: .even,
                sizes: [100, 500, 1000, 5000, 10000], f0: 106, always: 0
            ) { NONDQUAR(dimension: $0) },
            entry(
                "POWELLSG", "extended Powell singular", n: 4, minimumN: 4, rule: .multipleOf4,
                sizes: [4, 8, 16, 20, 36, 40, 60, 80, 100, 500, 1000, 5000, 10000], f0: 215, always: 0
            ) { POWELLSG(dimension: $0) },
            entry(
                "POWER", "Oren's power function (Σ i·xᵢ²)²", n: 10, minimumN: 1,
                sizes: [10, 20, 30, 50, 75, 100, 500, 1000, 5000, 10000],
                f0: 3025, always: 0
            ) { POWER(dimension: $0) },
            entry(
                "QUARTC", "diagonal quartic Σ (xᵢ − i)⁴ (DQRTIC's f, another default n)", n: 25, minimumN: 1,
                sizes: [25, 100, 500, 1000, 5000, 10000], f0: 1431245, always: 0
            ) { ShiftedQuartic(dimension: $0) },
            entry(
                "SCHMVETT", "Schmidt–Vetters", n: 3, minimumN: 3, sizes: [3, 10, 100, 500, 1000, 5000, 10000],
                f0: -2.860065560590887,
                fStar: [3: -3, 10: -24, 100: -294, 500: -1494, 1000: -2994]
            ) { SCHMVETT(dimension: $0) },
            entry(
                "SINQUAD",
                "Gould's (x₁ − 1)⁴ + Σ (xᵢ² − x₁² + sin(xᵢ − xₙ)) + (xₙ² − x₁²)², middle groups linear as decoded",
                n: 5000, minimumN: 2, sizes: [5, 10, 50, 100, 500, 1000, 5000, 10000], f0: 0.6561
            ) { SINQUAD(dimension: $0) },
            entry(
                "SPARSQUR", "Gould's sparse quartic", n: 1000, minimumN: 1, sizes: [10, 50, 100, 1000, 5000, 10000],
                f0: 140765.625,
                always: 0
            ) { SPARSQUR(dimension: $0) },
            entry(
                "SROSENBR", "separable extended Rosenbrock (MGH 21)", n: 5000, minimumN: 2, rule: .even,
                sizes: [10, 50, 100, 500, 1000, 5000], f0: 60500, always: 0
            ) { SROSENBR(dimension: $0) },
            entry(
                "TOINTGSS", "Toint's Gaussian", n: 10, minimumN: 3, sizes: [10, 50, 100, 500, 1000, 5000, 10000], f0: 82
            ) {
                TOINTGSS(dimension: $0)
            },
            entry(
                "TQUARTIC", "(x₁ − 1)² + Σ (x₁² − xᵢ²)²", n: 5, minimumN: 2,
                sizes: [5, 10, 50, 100, 500, 1000, 5000, 10000], f0: 0.81,
                always: 0
            ) { TQUARTIC(dimension: $0) },
            entry(
                "TRIDIA", "Toint's tridiagonal quadratic", n: 30, minimumN: 2,
                sizes: [10, 20, 30, 50, 100, 500, 1000, 5000, 10000],
                f0: 464, always: 0
            ) { TRIDIA(dimension: $0) },
            entry(
                "VARDIM", "variably dimensioned (MGH 25)", n: 10, minimumN: 1, sizes: [10, 50, 100, 200],
                f0: 2198551.1625,
                always: 0
            ) { VARDIM(dimension: $0) },
            entry(
                "WOODS", "Wood's function repeated", n: 4000, minimumN: 4, rule: .multipleOf4,
                sizes: [4000], f0: 19192000, always: 0
            ) { WOODS(dimension: $0) },
        ]

    /// The largest n accepted before the memory check: more than any machine holds.
    static let maximumN = 1_000_000_000

    /// The registry entry `cutest/NAME` with its parameter n.
    var spec: ProblemSpec {
        let ruleText = rule == .any ? "" : ", \(rule.text)"
        let sizesText = sizes.map(String.init).joined(separator: ", ")
        let parameter = ParameterSpec(
            name: "n", summary: "dimension (n ≥ \(minimumN)\(ruleText); the SIF file lists \(sizesText))",
            defaultValue: Double(defaultN), isInteger: true,
            range: Double(minimumN)...Double(Self.maximumN))
        let summary =
            "\(summary); n = \(defaultN), f(x₀) = \(NumberStyle.format(startValue)), \(minimumText) [\(name).SIF]"
        let info = self
        return ProblemSpec(name: "cutest/\(name)", summary: summary, parameters: [parameter],
                           build: { p throws(ProblemError) in try info.build(n: p.integer("n")) })
    }

    /// x₀, ∇f and the dual-number work of Hessian-vector products: 6 doubles per variable.
    static func memoryEstimate(dimension n: Int) -> MemoryEstimate {
        var estimate = MemoryEstimate()
        estimate.add("x₀ and ∇f", doubles: 2 * Double(n))
        estimate.add("Hessian-vector work", doubles: 4 * Double(n))
        return estimate
    }

    func build(n: Int) throws(ProblemError) -> TestProblem {
        let name = "cutest/\(self.name)"
        guard rule.allows(n) else {
            throw .badParameter(
                problem: name, parameter: "n", value: String(n),
                expected:
                    "\(rule.text) ≥ \(minimumN) (the SIF file lists \(sizes.map(String.init).joined(separator: ", ")))")
        }
        let estimate = Self.memoryEstimate(dimension: n)
        guard estimate.fits else { throw .memory(problem: "\(name):n=\(n)", estimate: estimate) }
        let (objective, start) = make(n)
        return TestProblem(name: "\(name):n=\(n)", objective: objective, start: start, minimum: minimum(n))
    }
}

/// What a SIF file's loops and start need of n beyond a minimum (e.g. blocks of four).
enum SizeRule: Sendable, Equatable {
    case any, even, multipleOf3, multipleOf4

    var text: String {
        switch self {
        case .any: "an integer"
        case .even: "an even integer"
        case .multipleOf3: "a multiple of 3"
        case .multipleOf4: "a multiple of 4"
        }
    }

    func allows(_ n: Int) -> Bool {
        switch self {
        case .any: true
        case .even: n % 2 == 0
        case .multipleOf3: n % 3 == 0
        case .multipleOf4: n % 4 == 0
        }
    }
}
