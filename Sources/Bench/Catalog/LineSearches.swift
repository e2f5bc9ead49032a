import Optim

extension LineSearchDescriptor {
    /// Every line search, in the order `list`, help and docs/solvers.md show them.
    public static let all: [LineSearchDescriptor] = [
        moreThuente, strongWolfe, hagerZhang, backtracking, exact, fixedStep,
    ]

    /// The descriptor named `name`, if any.
    public static func named(_ name: String) -> LineSearchDescriptor? { all.first { $0.name == name } }

    static let moreThuente = LineSearchDescriptor(
        name: "more-thuente",
        summary:
            "strong Wolfe by Moré & Thuente's safeguarded interpolation, as MINPACK-2's dcsrch (its steps and "
                + "evaluation counts on the paper's six functions); where f's rounding hides the decrease (|φ(α) − "
                    + "φ(0)| < ε|φ(0)|, on steps that move x by more than its rounding) it tests Hager–Zhang's "
                        + "approximate Wolfe condition on φ' instead; ≤ 20 evaluations per search",
        reference: "Moré & Thuente, ACM TOMS 20(3) 1994; Hager & Zhang, SIAM J. Optim. 16(1) 2005",
        make: { MoreThuente() })

    static let strongWolfe = LineSearchDescriptor(
        name: "strong-wolfe",
        summary: "strong Wolfe by bracketing and zoom with cubic interpolation; ≤ 30 evaluations per search",
        reference: "N&W Alg. 3.5–3.6",
        make: { StrongWolfe() })

    static let hagerZhang = LineSearchDescriptor(
        name: "hager-zhang",
        summary:
            "Wolfe or approximate Wolfe conditions; reaches gradients far below what an Armijo test on f certifies; ≤ "
                + "50 evaluations per search",
        reference: "Hager & Zhang, SIAM J. Optim. 16(1) 2005; ACM TOMS 32(1) 2006 (CG_DESCENT)",
        make: { HagerZhang() })

    static let backtracking = LineSearchDescriptor(
        name: "backtracking",
        summary:
            "Armijo backtracking with safeguarded quadratic, then cubic interpolation; ≤ 50 evaluations per search",
        reference: "N&W §3.5; Dennis & Schnabel Alg. A6.3.1",
        make: { Backtracking() })

    static let exact = LineSearchDescriptor(
        name: "exact",
        summary: "the exact minimizer along d of a quadratic, α = −∇fᵀd / dᵀQd (one Hessian-vector product)",
        reference: "N&W eqs. 3.55 and 5.6",
        requires: [.quadratic],
        triesInitialStep: false,
        make: { ExactQuadratic() })

    static let fixedStep = LineSearchDescriptor(
        name: "none",
        summary: "no search: the fixed step α = η",
        reference: "—",
        isFixedStep: true,
        triesInitialStep: false,
        make: { FixedStep(learningRate: .nan) })
}
