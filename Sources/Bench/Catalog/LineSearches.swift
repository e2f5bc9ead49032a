import Optim

extension LineSearchDescriptor {
    /// Every line search, in the order `list`, help and the README show them.
    public static let all: [LineSearchDescriptor] = [moreThuente, strongWolfe, hagerZhang, backtracking, exact, fixedStep]

    /// The descriptor named `name`, if any.
    public static func named(_ name: String) -> LineSearchDescriptor? { all.first { $0.name == name } }

    static let moreThuente = LineSearchDescriptor(
        name: "more-thuente",
        summary: "strong Wolfe by Moré & Thuente's safeguarded interpolation, as MINPACK-2's dcsrch (its steps and evaluation counts on the paper's six functions); where f's rounding hides the decrease (|φ(α) − φ(0)| < ε|φ(0)|, on steps that move x by more than its rounding) it tests Hager–Zhang's approximate Wolfe condition on φ' instead; ≤ 20 evaluations per search",
        reference: "Moré & Thuente, ACM TOMS 20(3) 1994; Hager & Zhang, SIAM J. Optim. 16(1) 2005",
        parameters: [
            wolfeC1, wolfeC2,
            Parameter("epsilon", field: "approximateWolfe", "ε: approximate Wolfe where |φ(α) − φ(0)| < ε|φ(0)| (0: off)",
                      .real(NumberRange(lower: 0, lowerClosed: true, upper: 1)), default: .value(.real(3e-12))),
        ],
        build: { v in MoreThuente(c1: v.real("c1"), c2: v.real("c2"), approximateWolfe: v.real("epsilon")) })

    static let strongWolfe = LineSearchDescriptor(
        name: "strong-wolfe",
        summary: "strong Wolfe by bracketing and zoom with cubic interpolation; ≤ 30 evaluations per search",
        reference: "N&W Alg. 3.5–3.6",
        parameters: [wolfeC1, wolfeC2],
        build: { v in StrongWolfe(c1: v.real("c1"), c2: v.real("c2")) })

    static let hagerZhang = LineSearchDescriptor(
        name: "hager-zhang",
        summary: "Wolfe or approximate Wolfe conditions; reaches gradients far below what an Armijo test on f certifies; ≤ 50 evaluations per search",
        reference: "Hager & Zhang, SIAM J. Optim. 16(1) 2005; ACM TOMS 32(1) 2006 (CG_DESCENT)",
        parameters: [
            Parameter("c1", field: "delta", "δ, sufficient decrease", .real(.open(0, 0.5)), default: .value(.real(0.1))),
            Parameter("c2", field: "sigma", "σ, curvature (δ ≤ σ)", .real(.open(0, 1)), default: .value(.real(0.9)),
                      relation: "c1 ≤ c2 < 1 (δ ≤ σ)"),
        ],
        build: { v in HagerZhang(delta: v.real("c1"), sigma: v.real("c2")) })

    static let backtracking = LineSearchDescriptor(
        name: "backtracking",
        summary: "Armijo backtracking with safeguarded quadratic, then cubic interpolation; ≤ 50 evaluations per search",
        reference: "N&W §3.5; Dennis & Schnabel Alg. A6.3.1",
        parameters: [Parameter("c1", "sufficient decrease", .real(.open(0, 1)), default: .value(.real(1e-4)))],
        build: { v in Backtracking(c1: v.real("c1")) })

    static let exact = LineSearchDescriptor(
        name: "exact",
        summary: "the exact minimizer along d of a quadratic, α = −∇fᵀd / dᵀQd (one Hessian-vector product)",
        reference: "N&W eqs. 3.55 and 5.6",
        requires: [.quadratic],
        triesInitialStep: false,
        build: { _ in ExactQuadratic() })

    static let fixedStep = LineSearchDescriptor(
        name: "none",
        summary: "no search: the fixed step α = η",
        reference: "—",
        parameters: [SolverDescriptor.learningRate] + SolverDescriptor.stepParameters,
        isFixedStep: true,
        triesInitialStep: false,
        build: { v in
            let control = SolverDescriptor.stepControl(v)
            return FixedStep(learningRate: control.learningRate, schedule: control.schedule, clipNorm: control.clipNorm)
        })

    static let wolfeC1 = Parameter("c1", "sufficient decrease", .real(.open(0, 0.5)), default: .value(.real(1e-4)))
    static let wolfeC2 = Parameter("c2", "curvature (c1 < c2)", .real(.open(0, 1)), default: .value(.real(0.9)), relation: "c1 < c2 < 1")
}
