import Foundation

extension OptimizationResult: CustomStringConvertible {
    /// A summary for people, one quantity per line (the vocabulary of `optbench run`'s report),
    /// in the spirit of Optim.jl's printed result:
    ///
    ///     status        converged-gradient — converged: gradient norm below tolerance
    ///     f             1.234567890123e-17
    ///     ‖∇f‖∞         1.234e-08
    ///     x             [1, 1]
    ///     iterations    34
    ///     evaluations   f 43, ∇f 43, ∇²f 0
    ///     time          0.0001 s
    ///     solver        L-BFGS (m = 10) + Moré–Thuente strong Wolfe (…)
    ///
    /// A `detail` line follows the status when there is one. x shows its first 6 elements and
    /// the count when it has more.
    public var description: String {
        var lines = ["status        \(status.rawValue) — \(status.explanation)"]
        if let detail { lines.append("detail        \(detail)") }
        lines.append(String(format: "f             %.12e", value))
        lines.append(String(format: "‖∇f‖∞         %.3e", gradientNorm))
        lines.append("x             \(Self.abbreviated(x))")
        lines.append("iterations    \(iterations)")
        lines.append("evaluations   f \(valueEvaluations), ∇f \(gradientEvaluations), ∇²f \(hessianEvaluations)")
        lines.append(String(format: "time          %.4f s", seconds))
        lines.append("solver        \(solver)")
        return lines.joined(separator: "\n")
    }

    /// "[a, b, c]", or the first `shown` elements and the count: "[a, …, f, … (1000 elements)]".
    static func abbreviated(_ v: [Double], shown: Int = 6) -> String {
        let head = v.prefix(shown).map { String(format: "%.8g", $0) }.joined(separator: ", ")
        return "[\(head)\(v.count > shown ? ", … (\(v.count) elements)" : "")]"
    }
}
