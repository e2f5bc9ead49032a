@testable import Optim

/// f(x) = gᵀx + ½xᵀHx for a given symmetric H (any inertia) with its dense Hessian: at x = 0
/// the trust-region model is f itself, with gradient g — the subproblems' test bed.
struct QuadraticModel: HessianObjective {
    let h: Matrix
    let g: [Double]
    var dimension: Int { g.count }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient out: UnsafeMutableBufferPointer<Double>) -> Double
    {
        var f = 0.0
        for i in 0..<dimension {
            var hx = 0.0
            for j in 0..<dimension { hx += h[i, j] * x[j] }
            out[i] = g[i] + hx
            f += x[i] * (g[i] + 0.5 * hx)
        }
        return f
    }

    func hessian(at x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<(dimension * dimension) { out[i] = h.elements[i] }
    }
}

/// The state of a run at x = 0 of `objective` (f and ∇f evaluated).
func stateAtOrigin<O: Objective>(_ objective: O) -> IterationState {
    let state = try! IterationState(x0: Array(repeating: 0, count: objective.dimension))
    state.evaluateCurrent(objective)
    return state
}

/// Solves a subproblem once at x = 0 of `model`: (p, its result).
func solveSubproblem<S: TrustRegionSubproblem>(
    _ solver: inout S, _ model: QuadraticModel, radius: Double
) throws -> ([Double], TrustRegionStep) {
    let state = stateAtOrigin(model)
    try solver.start(state, objective: model)
    try solver.prepare(state, objective: model)
    let step = Vector(count: model.dimension)
    let result = try solver.solve(state, objective: model, radius: radius, into: step)
    return (step.array, result)
}
