/// Minimizes `objective` from `x0` with the default solver: L-BFGS (m = 10, H₀ = γI from the
/// latest pair) with the Moré–Thuente strong Wolfe line search (c1 = 1e-4, c2 = 0.9) — the
/// same solver `optbench run` uses when none is named.
///
/// ```swift
/// let result = try minimize(objective, from: [-1.2, 1])
/// print(result)   // status, f, ‖∇f‖∞, x, iterations, evaluations, time, solver
/// ```
///
/// - Parameters:
///   - objective: the function; its `dimension` must equal `x0.count`.
///   - x0: the starting point.
///   - options: stopping rules (default: ‖∇f‖∞ ≤ 1e-6, at most 1000 iterations).
///   - callback: as for `minimize(_:from:using:options:callback:)`.
/// - Throws: `MinimizeError` when x0 has the wrong length or an option is out of range.
public func minimize<O: Objective>(
    _ objective: O, from x0: [Double], options: Options = Options(),
    callback: ((TraceEntry) -> CallbackAction)? = nil
) throws(MinimizeError) -> OptimizationResult {
    try minimize(objective, from: x0, using: LBFGS(), options: options, callback: callback)
}
