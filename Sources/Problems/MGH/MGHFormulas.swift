/// The eight Moré–Garbow–Hillstrom problems whose f costs O(n), written as formulas so that
/// they run vectorized, with gradients by reverse mode and Hessian-vector products by forward
/// over reverse, at n up to 10⁶ (numbers as in the paper). Each is Σ rᵢ² with the paper's
/// residuals written out; neighbours that fall outside 1…n (x₀ = x_{n+1} = 0 in the paper)
/// are left out of the boundary terms, so the text depends on n.
enum MGHFormula: Int, CaseIterable, Sendable {
    case extendedRosenbrock = 21, extendedPowellSingular, penalty1, variablyDimensioned = 25, trigonometric,
         discreteBoundaryValue = 28, broydenTridiagonal = 30, broydenBanded

    /// The formula for dimension n (x[1…n]) and its parameters.
    func text(n: Int) -> (formula: String, parameters: [String: Double]) {
        switch self {
        case .extendedRosenbrock:
            // r₂ₖ₋₁ = 10(x₂ₖ − x₂ₖ₋₁²), r₂ₖ = 1 − x₂ₖ₋₁.
            return ("sum(k=1..n/2, (10*(x[2*k] - x[2*k-1]^2))^2 + (1 - x[2*k-1])^2)", [:])
        case .extendedPowellSingular:
            // Per block of four: x₁ + 10x₂, √5(x₃ − x₄), (x₂ − 2x₃)², √10(x₁ − x₄)².
            return ("sum(k=1..n/4, (x[4*k-3] + 10*x[4*k-2])^2 + (sqrt(5)*(x[4*k-1] - x[4*k]))^2"
                    + " + ((x[4*k-2] - 2*x[4*k-1])^2)^2 + (sqrt(10)*(x[4*k-3] - x[4*k])^2)^2)", [:])
        case .penalty1:
            // rᵢ = √a(xᵢ − 1), a = 10⁻⁵; rₙ₊₁ = Σ xⱼ² − 1/4.
            return ("sum(i=1..n, (sqrt(1e-5)*(x[i] - 1))^2) + (sum(j=1..n, x[j]^2) - 0.25)^2", [:])
        case .variablyDimensioned:
            // rᵢ = xᵢ − 1; rₙ₊₁ = Σ j(xⱼ − 1); rₙ₊₂ = rₙ₊₁².
            return ("sum(i=1..n, (x[i] - 1)^2) + sum(j=1..n, j*(x[j] - 1))^2 + (sum(j=1..n, j*(x[j] - 1))^2)^2", [:])
        case .trigonometric:
            // rᵢ = n − Σ cos xⱼ + i(1 − cos xᵢ) − sin xᵢ.
            return ("sum(i=1..n, (n - sum(j=1..n, cos(x[j])) + i*(1 - cos(x[i])) - sin(x[i]))^2)", [:])
        case .discreteBoundaryValue:
            // rᵢ = 2xᵢ − xᵢ₋₁ − xᵢ₊₁ + h²(xᵢ + tᵢ + 1)³/2, h = 1/(n + 1), tᵢ = ih.
            let cube = { (i: String) in "h^2*(x[\(i)] + \(i)*h + 1)^3/2" }
            let text = n == 1 ? "(2*x[1] + \(cube("1")))^2"
                : "(2*x[1] - x[2] + \(cube("1")))^2 + sum(i=2..n-1, (2*x[i] - x[i-1] - x[i+1] + \(cube("i")))^2)"
                    + " + (2*x[n] - x[n-1] + \(cube("n")))^2"
            return (text, ["h": 1 / Double(n + 1)])
        case .broydenTridiagonal:
            // rᵢ = (3 − 2xᵢ)xᵢ − xᵢ₋₁ − 2xᵢ₊₁ + 1.
            let text = n == 1 ? "((3 - 2*x[1])*x[1] + 1)^2"
                : "((3 - 2*x[1])*x[1] - 2*x[2] + 1)^2 + sum(i=2..n-1, ((3 - 2*x[i])*x[i] - x[i-1] - 2*x[i+1] + 1)^2)"
                    + " + ((3 - 2*x[n])*x[n] - x[n-1] + 1)^2"
            return (text, [:])
        case .broydenBanded:
            // rᵢ = xᵢ(2 + 5xᵢ²) + 1 − Σ_{j∈Jᵢ} xⱼ(1 + xⱼ), Jᵢ = {j ≠ i : max(1, i − 5) ≤ j ≤ min(n, i + 1)}:
            // the first five and the last residual with their clipped windows, the rest with
            // the full window written out (so that they vectorize).
            let term = { (j: String) in "x[\(j)]*(1 + x[\(j)])" }
            let head = "x[i]*(2 + 5*x[i]^2) + 1"
            var text =
                "sum(i=1..min(5, n), (\(head) - (sum(j=max(1, i-5)..min(n, i+1), \(term("j"))) - \(term("i"))))^2)"
            if n >= 6 {
                let window = ["i-5", "i-4", "i-3", "i-2", "i-1", "i+1"].map(term).joined(separator: " + ")
                let last = ["n-5", "n-4", "n-3", "n-2", "n-1"].map(term).joined(separator: " + ")
                text += " + sum(i=6..n-1, (\(head) - (\(window)))^2)"
                text += " + (x[n]*(2 + 5*x[n]^2) + 1 - (\(last)))^2"
            }
            return (text, [:])
        }
    }
}
