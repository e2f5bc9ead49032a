import Optim

extension SolverDescriptor {
    /// Every solver, in the order `list`, help and the README show them.
    public static let all: [SolverDescriptor] = [lbfgs, lbfgsb, owlqn, bfgs, cg, linearCG, newton, newtonCG, newtonCGTR, dogleg, trustExact, sr1, gaussNewton, lm, gd, momentum, nag, bb, adam, adamw, rmsprop, adagrad, adadelta, nadam]

    /// The solver of a run that names none.
    public static let defaultName = "lbfgs"

    /// The descriptor named `name`, if any.
    public static func named(_ name: String) -> SolverDescriptor? { all.first { $0.name == name } }

    static let lbfgs = SolverDescriptor(
        name: "lbfgs",
        summary: "L-BFGS: two-loop recursion over the last m pairs, H₀ = γI; pairs with sᵀy ≤ ε·yᵀy skipped; a non-descent direction or a failed search clears the memory and retries along −∇f",
        reference: "Nocedal 1980; Liu & Nocedal 1989; N&W Alg. 7.4–7.5",
        parameters: [
            Parameter("memory", "(s, y) pairs kept, m", .integer(1...2000), default: .value(.integer(10))),
            Parameter("h0", field: "scaling", "H₀ = γI with γ = sᵀy/yᵀy of the latest or the first pair, sᵀs/sᵀy of the first pair, or 1",
                      .choice(of: InitialHessianScaling.self), default: .value(.choice("latest"))),
        ],
        lineSearch: .takes(defaultName: "more-thuente", allowsFixedStep: false, defaults: [:]),
        approximatesInverseHessian: true,
        redirect: (key: "l1", solver: "owlqn"),
        build: { values, search in
            func make(_ s: some LineSearch) -> any Solver {
                LBFGS(memory: values.integer("memory"), lineSearch: s, scaling: values.choice("h0", as: InitialHessianScaling.self))
            }
            return make(search!)
        })

    static let owlqn = SolverDescriptor(
        name: "owlqn",
        summary: "OWL-QN for f + λ‖x‖₁: L-BFGS two-loop on the pseudo-gradient (pairs from ∇f), direction and trial points projected on the orthant, halving backtracking on F; stops on the minimum-norm subgradient (lbfgs with --l1 runs it)",
        reference: "Andrew & Gao, ICML 2007 (Algorithm 1); liblbfgs's line_search_backtracking_owlqn",
        parameters: [
            Parameter("l1", field: "lambda", "λ, the weight of ‖x‖₁", .real(.atLeast(0)), default: .required),
            Parameter("memory", "(s, y) pairs kept, m", .integer(1...2000), default: .value(.integer(10))),
            Parameter("c1", field: "sufficientDecrease", "sufficient decrease F(x(α)) ≤ F(x) + c1·◇Fᵀ(x(α) − x)",
                      .real(.open(0, 1)), default: .value(.real(1e-4))),
        ],
        lineSearch: .none(reason: "it backtracks along the orthant-projected path itself"),
        build: { values, _ in
            OWLQN(lambda: values.real("l1"), memory: values.integer("memory"), sufficientDecrease: values.real("c1"))
        })

    static let lbfgsb = SolverDescriptor(
        name: "lbfgsb",
        summary: "L-BFGS-B on box bounds: generalized Cauchy point on the projected path, subspace step with Morales–Nocedal's projection, dcsrch with scipy's parameters (c1 = 1e-3, c2 = 0.9, xtol = 0.1); stops on ‖P(x − ∇f) − x‖∞",
        reference: "Byrd, Lu, Nocedal & Zhu 1995; Morales & Nocedal 2011 (L-BFGS-B 3.0)",
        parameters: [
            Parameter("memory", "(s, y) pairs kept, m", .integer(1...2000), default: .value(.integer(10))),
            Parameter("maxls", field: "maxLineSearchEvaluations", "evaluations per line search (scipy's maxls)", .integer(1...1000),
                      default: .value(.integer(20))),
        ],
        lineSearch: .none(reason: "it runs MINPACK-2's dcsrch with L-BFGS-B's own parameters, inside the box"),
        approximatesInverseHessian: true, acceptsBounds: true,
        build: { values, _ in LBFGSB(memory: values.integer("memory"), maxLineSearchEvaluations: values.integer("maxls")) })

    static let bfgs = SolverDescriptor(
        name: "bfgs",
        summary: "BFGS: dense inverse-Hessian update Hₖ₊₁ = (I − ρsyᵀ)Hₖ(I − ρysᵀ) + ρssᵀ by CBLAS dsyr2/dsyr; updates with yᵀs ≤ 0 skipped and counted; n ≤ 5000",
        reference: "N&W Alg. 6.1, eqs. 6.17 and 6.20; Barzilai & Borwein 1988 (γ = sᵀs/sᵀy)",
        parameters: [
            Parameter("h0", field: "scaling", "H₀ = γI after the first step, γ = sᵀs/sᵀy (BB1) or yᵀs/yᵀy (N&W 6.20), or I",
                      .choice(["first-bb", "first", "identity"]), default: .value(.choice("first-bb"))),
        ],
        lineSearch: .takes(defaultName: "more-thuente", allowsFixedStep: false, defaults: [:]),
        approximatesInverseHessian: true,
        build: { values, search in
            func make(_ s: some LineSearch) -> any Solver {
                BFGS(lineSearch: s, scaling: values.choice("h0", as: InitialHessianScaling.self))
            }
            return make(search!)
        })

    static let cg = SolverDescriptor(
        name: "cg",
        summary: "nonlinear conjugate gradient, β = FR, PR, PR+, HS, DY or HZ (with its lower bound); restarts every n iterations, on Powell's test |gₖ₊₁ᵀgₖ| ≥ 0.2‖gₖ₊₁‖² and on a non-descent direction",
        reference: "N&W Alg. 5.4 and §5.2; Hager & Zhang 2005 (β = hz)",
        parameters: [
            Parameter("beta", "β rule: Fletcher–Reeves, Polak–Ribière, PR+, Hestenes–Stiefel, Dai–Yuan, Hager–Zhang",
                      .choice(of: BetaRule.self), default: .value(.choice("pr+"))),
            initialStep,
        ],
        lineSearch: .takes(defaultName: "more-thuente", allowsFixedStep: false, defaults: ["c2": .real(0.1)]),
        build: { values, search in
            func make(_ s: some LineSearch) -> any Solver {
                NonlinearCG(beta: values.choice("beta", as: BetaRule.self), lineSearch: s,
                            initialStep: values.choice("initial-step", as: InitialStepRule.self))
            }
            return make(search!)
        })

    static let linearCG = SolverDescriptor(
        name: "linear-cg",
        summary: "linear conjugate gradient for quadratics (Qx = b); one Hessian-vector product per iteration, f and ∇f by recursion",
        reference: "N&W Alg. 5.2 and 5.3",
        parameters: [
            Parameter("preconditioner", "none, or Jacobi (M = diag Q)", .choice(["none", "jacobi"]), default: .value(.choice("none"))),
        ],
        lineSearch: .none(reason: "it computes its exact step itself"),
        requires: [.quadratic],
        build: { values, _ in LinearCG(jacobi: values.choice("preconditioner", as: Preconditioner.self) == .jacobi) })

    static let newton = SolverDescriptor(
        name: "newton",
        summary: "Newton's method: Cholesky (LAPACKE) of ∇²f + τI, τ raised until positive definite; n ≤ 5000",
        reference: "N&W Alg. 3.3 and §3.4",
        lineSearch: .takes(defaultName: "more-thuente", allowsFixedStep: false, defaults: [:]),
        requires: [.hessian],
        build: { _, search in
            func make(_ s: some LineSearch) -> any Solver { Newton(lineSearch: s) }
            return make(search!)
        })

    static let newtonCG = SolverDescriptor(
        name: "newton-cg",
        summary: "line-search Newton-CG (truncated Newton): CG on ∇²f p = −∇f to the forcing tolerance min(½, √‖∇f‖)·‖∇f‖, stopped at negative curvature; Hessian-vector products only",
        reference: "N&W Alg. 7.1; Dembo & Steihaug 1983",
        lineSearch: .takes(defaultName: "more-thuente", allowsFixedStep: false, defaults: [:]),
        requires: [.hessian],
        build: { _, search in
            func make(_ s: some LineSearch) -> any Solver { NewtonCG(lineSearch: s) }
            return make(search!)
        })

    static let newtonCGTR = trustRegion(
        name: "newton-cg-tr", subproblem: { _ in Steihaug() },
        summary: "trust-region Newton-CG: Steihaug–Toint CG on the model to the boundary, negative curvature or the forcing tolerance min(½, √‖∇f‖)·‖∇f‖; Hessian-vector products only",
        reference: "N&W Alg. 4.1 and 7.2; Steihaug 1983; Toint 1981")

    static let dogleg = trustRegion(
        name: "dogleg", subproblem: { _ in Dogleg() },
        summary: "trust-region dogleg: Cauchy point → Newton point (LAPACKE Cholesky); on ∇²f + τI (N&W Alg. 3.3) where ∇²f is not positive definite; n ≤ 5000",
        reference: "N&W Alg. 4.1 and §4.1 (eq. 4.16); Powell 1970")

    static let trustExact = trustRegion(
        name: "trust-exact", subproblem: { _ in MoreSorensen() },
        summary: "trust region with the nearly exact subproblem solution: Newton on the secular equation by LAPACKE Cholesky, eigen-decomposition when ∇²f is indefinite (hard case included); n ≤ 5000",
        reference: "N&W Alg. 4.1 and 4.3; Moré & Sorensen 1983")

    static let sr1 = trustRegion(
        name: "sr1", subproblem: { values in
            SymmetricRankOne(initialScale: values.optionalReal("b0"), method: values.choice("subproblem", as: SymmetricRankOne.Method.self))
        },
        summary: "SR1 quasi-Newton in a trust region: B += rrᵀ/rᵀs (r = y − Bs) after every trial, accepted or not, skipped when |sᵀr| < 10⁻⁸‖s‖‖r‖; Moré–Sorensen subproblem on B, which may be indefinite (or Steihaug's CG); radius by N&W Alg. 6.2; f and ∇f only; n ≤ 5000",
        reference: "N&W Alg. 6.2, eqs. 6.24 and 6.26; Conn, Gould & Toint 1991; Byrd, Khalfan & Schnabel 1996",
        extraParameters: [
            Parameter("b0", field: "initialScale", "B₀ = γI with this γ",
                      .real(.above(0)), default: .unset("γ = 1, then yᵀy/|yᵀs| of the first pair before the first update (scipy's SR1 init_scale='auto')")),
            Parameter("subproblem", field: "method", "the subproblem on B: exact (Moré–Sorensen) or steihaug (Steihaug–Toint CG, stops at negative curvature)",
                      .choice(of: SymmetricRankOne.Method.self), default: .value(.choice("exact"))),
        ],
        acceptance: 1e-4, radiusRule: .symmetricRankOne, requires: [], approximatesInverseHessian: true)

    /// The trust-region solvers: one framework (`TrustRegion`), its three parameters, and the
    /// subproblem solver that distinguishes them (with its own parameters, if any).
    /// - Parameters:
    ///   - acceptance: the default η (N&W Alg. 6.2 asks for η ∈ (0, 10⁻³) with SR1).
    ///   - radiusRule: how Δ follows ρ.
    static func trustRegion(name: String, subproblem: @escaping @Sendable (ParameterValues) -> any TrustRegionSubproblem, summary: String,
                            reference: String, extraParameters: [Parameter] = [], acceptance: Double = 0.15,
                            radiusRule: TrustRegionRadiusRule = .standard, requires: [ObjectiveCapability] = [.hessian],
                            approximatesInverseHessian: Bool = false) -> SolverDescriptor {
        SolverDescriptor(
            name: name, summary: summary, reference: reference,
            parameters: [
                Parameter("radius", field: "initialRadius", "initial trust radius Δ₀", .real(.above(0)), default: .value(.real(1))),
                Parameter("max-radius", field: "maxRadius", "largest trust radius Δ_max", .real(.above(0)), default: .value(.real(1000)),
                          relation: "radius ≤ max-radius"),
                Parameter("eta", field: "acceptance", "η: a step is accepted when actual/predicted reduction ρ > η",
                          .real(NumberRange(lower: 0, lowerClosed: true, upper: 0.25)), default: .value(.real(acceptance))),
            ] + extraParameters,
            lineSearch: .none(reason: "the trust radius, not a line search, controls the step"),
            requires: requires,
            approximatesInverseHessian: approximatesInverseHessian,
            build: { values, _ in
                func make(_ s: some TrustRegionSubproblem) -> any Solver {
                    TrustRegion(subproblem: s, initialRadius: values.real("radius"), maxRadius: values.real("max-radius"),
                                acceptance: values.real("eta"), radiusRule: radiusRule)
                }
                return make(subproblem(values))
            })
    }

    static let gaussNewton = SolverDescriptor(
        name: "gauss-newton",
        summary: "Gauss–Newton for f = Σrᵢ²: p minimizes ‖Jp + r‖ by pivoted QR (LAPACKE dgeqp3; basic solution when J is rank-deficient), n ≤ 5000, or without J (mlp, identity head) solves 2JᵀJp = −∇f by truncated CG on products Jᵀ(Jv); then a line search from α = 1",
        reference: "N&W §10.3 (eq. 10.26, Thm. 10.1), Alg. 7.1; Schraudolph 2002",
        lineSearch: .takes(defaultName: "more-thuente", allowsFixedStep: false, defaults: [:]),
        requires: [.residuals],
        build: { _, search in
            func make(_ s: some LineSearch) -> any Solver { GaussNewton(lineSearch: s) }
            return make(search!)
        })

    static let lm = SolverDescriptor(
        name: "lm",
        summary: "Levenberg–Marquardt as MINPACK lmder: trust region ‖Dp‖ ≤ Δ scaled by J's column norms, λ by Moré's iteration on one pivoted QR of J, MINPACK's ftol/xtol/gtol tests; n ≤ 5000. Without J (mlp, identity head): (2JᵀJ + λI)p = −∇f by truncated CG on products Jᵀ(Jv), λ by Nielsen's gain-ratio rule, the ftol test",
        reference: "Moré 1978 (LNM 630); MINPACK lmder, lmpar, qrsolv (Moré, Garbow & Hillstrom 1980); Nielsen 1999; Martens 2010",
        parameters: [
            Parameter("reduction-tol", field: "reductionTolerance",
                      "MINPACK ftol: stop (converged-f-change) when the actual and predicted relative reductions of Σrᵢ² are both ≤ it",
                      .real(.atLeast(0)), default: .value(.real(1.49012e-8))),
            Parameter("radius-tol", field: "radiusTolerance", "MINPACK xtol: stop (converged-step) when Δ ≤ xtol·‖Dx‖",
                      .real(.atLeast(0)), default: .value(.real(1.49012e-8)), onlyWith: .jacobian),
            Parameter("cosine-tol", field: "cosineTolerance",
                      "MINPACK gtol: stop (converged-gradient) when every |cos| between r and a column of J is ≤ it",
                      .real(.atLeast(0)), default: .value(.real(0)), onlyWith: .jacobian),
            Parameter("factor", field: "initialRadiusFactor", "MINPACK factor: Δ₀ = factor·‖Dx₀‖", .real(.above(0)), default: .value(.real(100)), onlyWith: .jacobian),
            Parameter("scale", field: "scaling", "D: the column norms of J (MINPACK mode 1), or I",
                      .choice(of: LevenbergMarquardt.Scaling.self), default: .value(.choice("jacobian")), onlyWith: .jacobian),
        ],
        lineSearch: .none(reason: "it controls its steps with a trust region"),
        requires: [.residuals],
        build: { values, _ in
            LevenbergMarquardt(reductionTolerance: values.real("reduction-tol"), radiusTolerance: values.real("radius-tol"),
                               cosineTolerance: values.real("cosine-tol"), initialRadiusFactor: values.real("factor"),
                               scaling: values.choice("scale", as: LevenbergMarquardt.Scaling.self))
        })

    static let gd = SolverDescriptor(
        name: "gd",
        summary: "gradient descent with a line search, or with fixed steps η (the line search none, with lr = η)",
        reference: "N&W §3.1",
        parameters: [initialStep],
        lineSearch: .takes(defaultName: "more-thuente", allowsFixedStep: true, defaults: [:]),
        miniBatch: MiniBatchUse(parameters: [learningRate] + stepParameters) { values in miniBatchOptions(.sgd, values) },
        build: { values, search in
            func make(_ s: some LineSearch) -> any Solver {
                GradientDescent(lineSearch: s, initialStep: values.choice("initial-step", as: InitialStepRule.self))
            }
            return make(search!)
        })

    static let momentum = momentumMethod(
        .heavyBall, name: "momentum", summary: "heavy-ball momentum with a fixed step: vₜ = γvₜ₋₁ + η∇f(θₜ₋₁), θₜ = θₜ₋₁ − vₜ",
        reference: "Polyak 1964")

    static let nag = momentumMethod(
        .nesterov, name: "nag",
        summary: "Nesterov accelerated gradient with a fixed step; reports the look-ahead point θ − γv, where ∇f is taken",
        reference: "Nesterov 1983; Sutskever et al. 2013; Bengio et al. 2013")

    /// `momentum` and `nag`: one solver type, one update rule per variant, the same parameters
    /// for deterministic runs and for mini-batch training.
    static func momentumMethod(_ variant: Momentum.Variant, name: String, summary: String, reference: String) -> SolverDescriptor {
        SolverDescriptor(
            name: name, summary: summary, reference: reference,
            parameters: [learningRate, momentumFactor] + stepParameters,
            lineSearch: .none(reason: "it takes fixed steps of size {lr}"),
            miniBatch: MiniBatchUse(parameters: [learningRate, momentumFactor] + stepParameters) { values in
                miniBatchOptions(variant == .heavyBall ? .momentum : .nesterov, values, momentum: values.real("momentum"))
            },
            build: { values, _ in
                let control = stepControl(values)
                return Momentum(variant, learningRate: control.learningRate, momentum: values.real("momentum"), schedule: control.schedule,
                                clipNorm: control.clipNorm)
            })
    }

    static let bb = SolverDescriptor(
        name: "bb",
        summary: "Barzilai–Borwein steps (BB1 sᵀs/sᵀy or BB2 sᵀy/yᵀy) with Raydan's nonmonotone line search",
        reference: "Barzilai & Borwein 1988; Raydan, SIAM J. Optim. 7(1) 1997 (algorithm GBB)",
        parameters: [
            Parameter("step", field: "rule", "bb1: λ = sᵀs/sᵀy, or bb2: λ = sᵀy/yᵀy",
                      .choice(of: BarzilaiBorwein.StepRule.self), default: .value(.choice("bb1"))),
            Parameter("nonmonotone", field: "nonmonotoneMemory", "M: accept against the largest of the last M + 1 values of f (0: monotone)",
                      .integer(0...1000), default: .value(.integer(10))),
            Parameter("c1", field: "sufficientDecrease", "γ, sufficient decrease of the nonmonotone test",
                      .real(.open(0, 1)), default: .value(.real(1e-4))),
        ],
        lineSearch: .none(reason: "it runs Raydan's nonmonotone search itself"),
        build: { values, _ in
            BarzilaiBorwein(rule: values.choice("step", as: BarzilaiBorwein.StepRule.self),
                            nonmonotoneMemory: values.integer("nonmonotone"), sufficientDecrease: values.real("c1"))
        })

    // Parameters shared by several solvers.

    static let initialStep = Parameter(
        "initial-step", field: "initialStep", "first trial step of each search: N&W eq. 3.60, or Hager–Zhang's I0/I2",
        .choice(of: InitialStepRule.self), default: .value(.choice("previous-decrease")), shapesTrialStep: true)
    static let momentumFactor = Parameter("momentum", "momentum γ", .real(NumberRange(lower: 0, lowerClosed: true, upper: 1)),
                                          default: .value(.real(0.9)))
}

/// The preconditioners of linear CG, as named on the command line.
enum Preconditioner: String, CaseIterable {
    case none, jacobi
}
