import Optim

extension SolverDescriptor {
    /// Every solver, in the order `list`, help and docs/solvers.md show them.
    public static let all: [SolverDescriptor] = [
        lbfgs, lbfgsb, owlqn, bfgs, cg, linearCG, newton, newtonCG, newtonCGTR, dogleg, trustExact, sr1, gaussNewton,
        lm, gd,
        momentum, nag, bb, adam, adamw, rmsprop, adagrad, adadelta, nadam, nelderMead, powell,
        bobyqa, newuoa, cmaes, auglag, sqp, ipm,
    ]

    /// The solver of a run that names none.
    public static let defaultName = "lbfgs"

    /// The descriptor named `name`, if any.
    public static func named(_ name: String) -> SolverDescriptor? { all.first { $0.name == name } }

    /// The line-search use of a solver that takes any Wolfe search, Moré–Thuente by default.
    static let wolfeSearch = LineSearchUse.takes(defaultName: "more-thuente", allowsFixedStep: false, defaults: [:])

    /// Opens the line search `search` (nil only for solvers that take none) for a solver
    /// generic over it, so the solver's calls specialize.
    static func with(_ search: (any ConfigurableLineSearch)?,
                     _ make: (any ConfigurableLineSearch) -> any ConfigurableSolver) -> any ConfigurableSolver {
        make(search ?? MoreThuente())
    }

    static let lbfgs = SolverDescriptor(
        name: "lbfgs",
        summary:
            "L-BFGS: two-loop recursion over the last m pairs, H₀ = γI; pairs with sᵀy ≤ ε·(−αgᵀd) skipped; "
                + "a non-descent direction or a failed search clears the memory and retries along −∇f",
        reference: "Nocedal 1980; Liu & Nocedal 1989; N&W Alg. 7.4–7.5",
        lineSearch: wolfeSearch, approximatesInverseHessian: true, redirect: (key: "l1", solver: "owlqn"),
        make: { search in
            with(search) { s in
                func open(_ s: some ConfigurableLineSearch) -> any ConfigurableSolver { LBFGS(lineSearch: s) }
                return open(s)
            }
        })

    static let owlqn = SolverDescriptor(
        name: "owlqn",
        summary:
            "OWL-QN for f + λ‖x‖₁: L-BFGS two-loop on the pseudo-gradient (pairs from ∇f), direction and trial points "
                + "projected on the orthant, halving backtracking on F; stops on the minimum-norm subgradient (lbfgs "
                    + "with --l1 runs it)",
        reference: "Andrew & Gao, ICML 2007 (Algorithm 1); liblbfgs's line_search_backtracking_owlqn",
        lineSearch: .none(reason: "it backtracks along the orthant-projected path itself"),
        make: { _ in OWLQN(lambda: .nan) })

    static let lbfgsb = SolverDescriptor(
        name: "lbfgsb",
        summary:
            "L-BFGS-B on box bounds: generalized Cauchy point on the projected path, subspace step with "
                + "Morales–Nocedal's projection, dcsrch with scipy's parameters (c1 = 1e-3, c2 = 0.9, xtol = 0.1); "
                    + "stops on ‖P(x − ∇f) − x‖∞",
        reference: "Byrd, Lu, Nocedal & Zhu 1995; Morales & Nocedal 2011 (L-BFGS-B 3.0)",
        lineSearch: .none(reason: "it runs MINPACK-2's dcsrch with L-BFGS-B's own parameters, inside the box"),
        approximatesInverseHessian: true, acceptsBounds: true,
        make: { _ in LBFGSB() })

    static let bfgs = SolverDescriptor(
        name: "bfgs",
        summary:
            "BFGS: dense inverse-Hessian update Hₖ₊₁ = (I − ρsyᵀ)Hₖ(I − ρysᵀ) + ρssᵀ by CBLAS dsyr2/dsyr; updates with "
                + "yᵀs ≤ 0 skipped and counted; n ≤ 5000",
        reference: "N&W Alg. 6.1, eqs. 6.17 and 6.20; Barzilai & Borwein 1988 (γ = sᵀs/sᵀy)",
        lineSearch: wolfeSearch, approximatesInverseHessian: true,
        denseWork: DenseWork(matrices: 1, coefficient: 5, power: 2, dominant: "the update of H"),
        make: { search in
            with(search) { s in
                func open(_ s: some ConfigurableLineSearch) -> any ConfigurableSolver { BFGS(lineSearch: s) }
                return open(s)
            }
        })

    static let cg = SolverDescriptor(
        name: "cg",
        summary:
            "nonlinear conjugate gradient, β = FR, PR, PR+, HS, DY or HZ (with its lower bound); restarts every n "
                + "iterations, on Powell's test |gₖ₊₁ᵀgₖ| ≥ 0.2‖gₖ₊₁‖² and on a non-descent direction",
        reference: "N&W Alg. 5.4 and §5.2; Hager & Zhang 2005 (β = hz)",
        lineSearch: .takes(defaultName: "more-thuente", allowsFixedStep: false, defaults: ["c2": .real(0.1)]),
        make: { search in
            with(search) { s in
                func open(_ s: some ConfigurableLineSearch) -> any ConfigurableSolver { NonlinearCG(lineSearch: s) }
                return open(s)
            }
        })

    static let linearCG = SolverDescriptor(
        name: "linear-cg",
        summary:
            "linear conjugate gradient for quadratics (Qx = b); one Hessian-vector product per iteration, f and ∇f by "
                + "recursion",
        reference: "N&W Alg. 5.2 and 5.3",
        lineSearch: .none(reason: "it computes its exact step itself"),
        requires: [.quadratic],
        make: { _ in LinearCG() })

    static let newton = SolverDescriptor(
        name: "newton",
        summary: "Newton's method: Cholesky (LAPACKE) of ∇²f + τI, τ raised until positive definite; n ≤ 5000",
        reference: "N&W Alg. 3.3 and §3.4",
        lineSearch: wolfeSearch,
        requires: [.hessian],
        denseWork: DenseWork(matrices: 2, coefficient: 1.0 / 3, power: 3, dominant: "a Cholesky factorization"),
        make: { search in
            with(search) { s in
                func open(_ s: some ConfigurableLineSearch) -> any ConfigurableSolver { Newton(lineSearch: s) }
                return open(s)
            }
        })

    static let newtonCG = SolverDescriptor(
        name: "newton-cg",
        summary:
            "line-search Newton-CG (truncated Newton): CG on ∇²f p = −∇f to the forcing tolerance "
                + "min(½, √(‖∇f‖/‖∇f₀‖))·‖∇f‖ (forcing=absolute: scipy's √‖∇f‖), stopped at negative curvature; "
                + "Hessian-vector products only",
        reference: "N&W Alg. 7.1; Dembo & Steihaug 1983",
        lineSearch: wolfeSearch,
        requires: [.hessian],
        make: { search in
            with(search) { s in
                func open(_ s: some ConfigurableLineSearch) -> any ConfigurableSolver { NewtonCG(lineSearch: s) }
                return open(s)
            }
        })

    static let newtonCGTR = SolverDescriptor(
        name: "newton-cg-tr",
        summary:
            "trust-region Newton-CG: Steihaug–Toint CG on the model to the boundary, negative curvature or the forcing "
                + "tolerance min(½, √‖∇f‖)·‖∇f‖; Hessian-vector products only",
        reference: "N&W Alg. 4.1 and 7.2; Steihaug 1983; Toint 1981",
        lineSearch: trustRegionSteps, requires: [.hessian],
        make: { _ in TrustRegion(subproblem: Steihaug()) })

    static let dogleg = SolverDescriptor(
        name: "dogleg",
        summary:
            "trust-region dogleg: Cauchy point → Newton point (LAPACKE Cholesky); on ∇²f + τI (N&W Alg. 3.3) where ∇²f "
                + "is not positive definite; n ≤ 5000",
        reference: "N&W Alg. 4.1 and §4.1 (eq. 4.16); Powell 1970",
        lineSearch: trustRegionSteps, requires: [.hessian],
        denseWork: DenseWork(matrices: 2, coefficient: 1.0 / 3, power: 3, dominant: "a Cholesky factorization"),
        make: { _ in TrustRegion(subproblem: Dogleg()) })

    static let trustExact = SolverDescriptor(
        name: "trust-exact",
        summary:
            "trust region with the nearly exact subproblem solution: Newton on the secular equation by LAPACKE "
                + "Cholesky, eigen-decomposition when ∇²f is indefinite (hard case included); n ≤ 5000",
        reference: "N&W Alg. 4.1 and 4.3; Moré & Sorensen 1983",
        lineSearch: trustRegionSteps, requires: [.hessian],
        denseWork: DenseWork(
            matrices: 4, coefficient: 1.0 / 3, power: 3,
            dominant: "Cholesky factorizations; an eigendecomposition, ~9n³, when ∇²f is indefinite"),
        make: { _ in TrustRegion(subproblem: MoreSorensen()) })

    /// N&W Alg. 6.2 asks for η ∈ (0, 10⁻³) with SR1, and its own radius rule.
    static let sr1 = SolverDescriptor(
        name: "sr1",
        summary:
            "SR1 quasi-Newton in a trust region: B += rrᵀ/rᵀs (r = y − Bs) after every trial, accepted or not, skipped "
                + "when |sᵀr| < 10⁻⁸‖s‖‖r‖; Moré–Sorensen subproblem on B, which may be indefinite (or Steihaug's CG); "
                    + "radius by N&W Alg. 6.2; f and ∇f only; n ≤ 5000",
        reference: "N&W Alg. 6.2, eqs. 6.24 and 6.26; Conn, Gould & Toint 1991; Byrd, Khalfan & Schnabel 1996",
        lineSearch: trustRegionSteps, approximatesInverseHessian: true,
        denseWork: DenseWork(
            matrices: 4, coefficient: 1.0 / 3, power: 3,
            dominant: "Cholesky factorizations of B + λI; an eigendecomposition, ~9n³, when B is indefinite"),
        make: { _ in TrustRegion(subproblem: SymmetricRankOne(), acceptance: 1e-4, radiusRule: .symmetricRankOne) })

    /// The refusal of a line search by the trust-region solvers.
    static let trustRegionSteps = LineSearchUse.none(reason: "the trust radius, not a line search, controls the step")

    static let gaussNewton = SolverDescriptor(
        name: "gauss-newton",
        summary:
            "Gauss–Newton for f = Σrᵢ²: p minimizes ‖Jp + r‖ by pivoted QR (LAPACKE dgeqp3; basic solution when J is "
                + "rank-deficient), n ≤ 5000, or without J (mlp, identity head) solves 2JᵀJp = −∇f by truncated CG on "
                    + "products Jᵀ(Jv); then a line search from α = 1",
        reference: "N&W §10.3 (eq. 10.26, Thm. 10.1), Alg. 7.1; Schraudolph 2002",
        lineSearch: wolfeSearch,
        requires: [.residuals],
        denseWork: DenseWork.pivotedQR,
        make: { search in
            with(search) { s in
                func open(_ s: some ConfigurableLineSearch) -> any ConfigurableSolver { GaussNewton(lineSearch: s) }
                return open(s)
            }
        })

    static let lm = SolverDescriptor(
        name: "lm",
        summary:
            "Levenberg–Marquardt as MINPACK lmder: trust region ‖Dp‖ ≤ Δ scaled by J's column norms, λ by Moré's "
                + "iteration on one pivoted QR of J, MINPACK's ftol/xtol/gtol tests; n ≤ 5000. Without J (mlp, "
                    + "identity head): (2JᵀJ + λI)p = −∇f by truncated CG on products Jᵀ(Jv), λ by Nielsen's "
                        + "gain-ratio rule, the ftol test",
        reference:
            "Moré 1978 (LNM 630); MINPACK lmder, lmpar, qrsolv (Moré, Garbow & Hillstrom 1980); Nielsen 1999; Martens "
                + "2010",
        lineSearch: .none(reason: "it controls its steps with a trust region"),
        requires: [.residuals],
        denseWork: DenseWork.pivotedQR,
        make: { _ in LevenbergMarquardt() })

    static let gd = SolverDescriptor(
        name: "gd",
        summary: "gradient descent with a line search, or with fixed steps η (the line search none, with lr = η)",
        reference: "N&W §3.1",
        lineSearch: .takes(defaultName: "more-thuente", allowsFixedStep: true, defaults: [:]),
        miniBatch: MiniBatchUse { FixedStep(learningRate: .nan) },
        make: { search in
            with(search) { s in
                func open(_ s: some ConfigurableLineSearch) -> any ConfigurableSolver { GradientDescent(lineSearch: s) }
                return open(s)
            }
        })

    static let momentum = momentumMethod(
        .heavyBall, name: "momentum",
        summary: "heavy-ball momentum with a fixed step: vₜ = γvₜ₋₁ + η∇f(θₜ₋₁), θₜ = θₜ₋₁ − vₜ",
        reference: "Polyak 1964")

    static let nag = momentumMethod(
        .nesterov, name: "nag",
        summary:
            "Nesterov accelerated gradient with a fixed step; reports the look-ahead point θ − γv, where ∇f is taken",
        reference: "Nesterov 1983; Sutskever et al. 2013; Bengio et al. 2013")

    /// `momentum` and `nag`: one solver type, one update rule per variant, the same parameters
    /// for deterministic runs and for mini-batch training. The learning rate has no default.
    static func momentumMethod(
        _ variant: Momentum.Variant, name: String, summary: String, reference: String
    ) -> SolverDescriptor {
        SolverDescriptor(
            name: name, summary: summary, reference: reference,
            lineSearch: .none(reason: "it takes fixed steps of size {lr}"),
            miniBatch: MiniBatchUse { Momentum(variant, learningRate: .nan) },
            make: { _ in Momentum(variant, learningRate: .nan) })
    }

    static let bb = SolverDescriptor(
        name: "bb",
        summary: "Barzilai–Borwein steps (BB1 sᵀs/sᵀy or BB2 sᵀy/yᵀy) with Raydan's nonmonotone line search",
        reference: "Barzilai & Borwein 1988; Raydan, SIAM J. Optim. 7(1) 1997 (algorithm GBB)",
        lineSearch: .none(reason: "it runs Raydan's nonmonotone search itself"),
        make: { _ in BarzilaiBorwein() })

    static let nelderMead = SolverDescriptor(
        name: "nelder-mead",
        summary:
            "Nelder–Mead simplex (derivative-free: f only), scipy's conventions: reflection, expansion, "
                + "inside/outside contraction, shrink; stops when the simplex is within xatol and its f within fatol; "
                + "bounds by clipping",
        reference: "Nelder & Mead 1965; Lagarias, Reeds, Wright & Wright, SIAM J. Optim. 9(1) 1998; "
            + "adaptive: Gao & Han, Comput. Optim. Appl. 51 2012",
        lineSearch: .none(reason: "it moves a simplex, without search directions"),
        acceptsBounds: true,
        make: { _ in NelderMead() })

    static let powell = SolverDescriptor(
        name: "powell",
        summary:
            "Powell's conjugate directions (derivative-free: f only), scipy's modified method: Brent line "
                + "minimizations along each direction, the direction of largest decrease replaced by x − x₀ on "
                + "Powell's test; stops when 2(f₀ − f) ≤ sweep-ftol·(|f₀| + |f|); bounds: searches on the feasible "
                + "segment",
        reference: "Powell, Comput. J. 7(2) 1964; Brent 1973, ch. 5; Press et al., Numerical Recipes §10.5",
        lineSearch: .none(reason: "it runs Brent's one-dimensional minimizer along each direction itself"),
        acceptsBounds: true,
        make: { _ in Powell() })

    static let bobyqa = SolverDescriptor(
        name: "bobyqa",
        summary:
            "Powell's BOBYQA (derivative-free: f only): quadratic models interpolating f at m = 2n + 1 points, "
                + "least-Frobenius-norm Hessian updates, box-constrained trust-region steps; ρ shrinks from rhobeg "
                + "to rhoend; never evaluates outside the box",
        reference: "Powell, The BOBYQA algorithm for bound constrained optimization without derivatives, "
            + "DAMTP 2009/NA06; as PDFO 2.2.0 runs it",
        lineSearch: .none(reason: "it takes trust-region steps on an interpolation model"),
        acceptsBounds: true,
        make: { _ in BOBYQA() })

    static let newuoa = SolverDescriptor(
        name: "newuoa",
        summary:
            "Powell's NEWUOA (derivative-free: f only, unconstrained): quadratic models interpolating f at "
                + "m = 2n + 1 points, least-Frobenius-norm Hessian updates, trust-region steps by truncated CG and "
                + "rotations on the sphere; ρ shrinks from rhobeg to rhoend",
        reference: "Powell, The NEWUOA software for unconstrained optimization without derivatives, "
            + "DAMTP 2004/NA05 (Large-Scale Nonlinear Optimization, Springer 2006); as PDFO 2.2.0 runs it",
        lineSearch: .none(reason: "it takes trust-region steps on an interpolation model"),
        make: { _ in NEWUOA() })

    static let cmaes = SolverDescriptor(
        name: "cmaes",
        summary:
            "CMA-ES, (μ/μ_w, λ) with active covariance update, `cma` 4.5.0's defaults (derivative-free: f only, "
                + "seeded): samples λ points from N(m, σ²C), recombines the best μ, adapts σ by the conjugate path "
                + "and C by rank-one and rank-μ "
                + "updates; returns the best point evaluated; bounds by cma's BoundTransform",
        reference: "Hansen & Ostermeier, Evol. Comput. 9(2) 2001; Hansen, The CMA Evolution Strategy: A Tutorial, "
            + "arXiv:1604.00772 (Appendix A)",
        lineSearch: .none(reason: "it samples a population, without search directions"),
        acceptsBounds: true,
        make: { _ in CMAES() })

    static let auglag = SolverDescriptor(
        name: "auglag",
        summary:
            "augmented Lagrangian for l ≤ c(x) ≤ u and bounds: PHR subproblems on the box solved by an inner bound-"
                + "capable solver (lbfgsb), safeguarded multipliers, penalty ×γ unless infeasibility falls by τ; stops "
                    + "on violation ≤ ctol and ‖P(x − (∇f + Jᵀλ)) − x‖∞",
        reference: "Andreani, Birgin, Martínez & Schuverdt 2008 (ALGENCAN); Birgin & Martínez 2014, Alg. 4.1",
        lineSearch: .none(reason: "its inner solver (--inner) keeps its own"),
        acceptsBounds: true, acceptsConstraints: true,
        make: { _ in AugmentedLagrangian() })

    static let sqp = SolverDescriptor(
        name: "sqp",
        summary:
            "SQP in the manner of SLSQP for l ≤ c(x) ≤ u and bounds: damped BFGS B from I, a dense Goldfarb–Idnani QP "
                + "per iteration (relaxed when the linearization is inconsistent), ℓ₁ merit with Armijo backtracking; "
                + "stops on violation ≤ ctol and ‖P(x − (∇f + Jᵀλ)) − x‖∞",
        reference: "Kraft, DFVLR-FB 88-28, 1988; Powell 1978 (damped BFGS); N&W Alg. 18.3; Goldfarb & Idnani 1983",
        lineSearch: .none(reason: "it backtracks on its ℓ₁ merit function"),
        acceptsBounds: true, acceptsConstraints: true,
        denseWork: DenseWork(
            matrices: 4, coefficient: 2.0 / 3, power: 3, dominant: "the QP's Cholesky factor and triangular inverse"),
        make: { _ in SQP() })
    static let ipm = SolverDescriptor(
        name: "ipm",
        summary:
            "primal-dual interior point for l ≤ c(x) ≤ u and bounds: slacks, log barrier with monotone μ, dense KKT "
                + "system (dsytrf) with inertia correction, filter line search with second-order corrections, "
                    + "restoration on ½‖v‖²; exact Hessian of the Lagrangian, damped BFGS or IPOPT's L-BFGS",
        reference: "Wächter & Biegler 2006 (IPOPT), Math. Program. 106, Algorithm A, §2–3",
        lineSearch: .none(reason: "it runs its own filter line search"),
        acceptsBounds: true, acceptsConstraints: true,
        make: { _ in InteriorPoint() })
}
