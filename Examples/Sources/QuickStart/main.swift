// Minimizes a function three ways — your closure, a formula, a built-in problem — and
// compares three solvers on a small suite. Run from Examples/: swift run QuickStart
import Bench
import Foundation
import Optim
import Problems

// 1. Your own function as a closure, with a hand-written gradient: a smooth
//    "soft-plus regression" loss f(w) = Σᵢ log(1 + exp(−yᵢ·(w₀ + w₁·tᵢ))) + ½λ‖w‖².
let t: [Double] = [-2, -1, -0.3, 0.5, 1, 2], y: [Double] = [-1, -1, 1, -1, 1, 1], lambda = 0.1
let logistic = FunctionObjective(dimension: 2) { w, gradient in
    var f = 0.5 * lambda * (w[0] * w[0] + w[1] * w[1])
    gradient?[0] = lambda * w[0]
    gradient?[1] = lambda * w[1]
    for i in t.indices {
        let m = y[i] * (w[0] + w[1] * t[i])                  // the margin
        f += m > 0 ? log1p(exp(-m)) : -m + log1p(exp(m))     // log(1 + e^{−m}), without overflow
        let slope = -y[i] / (1 + exp(m))                     // its derivative in w₀ + w₁tᵢ
        gradient?[0] += slope
        gradient?[1] += slope * t[i]
    }
    return f
}
let fit = try minimize(logistic, from: [0, 0])
print("1. a closure: regularized logistic regression\n\(fit)\n")

// 2. A formula: the Problems library differentiates it (reverse mode).
let formula = try FormulaProblem.expression("(1-x)^2 + 100*(y-x^2)^2").starting(at: [-1.2, 1])
let rosenbrock = try minimize(formula.objective, from: formula.start)
print("2. a formula: \(formula.name)\n\(rosenbrock)\n")

// 3. A built-in problem, with a solver chosen explicitly.
let wood = try ProblemRegistry.resolve("mgh/wood")
let woodResult = try minimize(wood.objective, from: wood.start, using: BFGS())
print("3. a built-in problem: \(wood.name)\n\(woodResult)\n")

// 4. Bench: three solvers on three problems, as `optbench compare` does.
let solvers = try Comparison.solvers("lbfgs,bfgs,cg")
let runs = try Comparison.run(problems: ["mgh/wood", "mgh/helical-valley", "rosenbrock:n=100"], solvers: solvers,
                              options: Options(), jobs: 1)
print("4. a comparison")
print(ComparisonReport(rows: runs.rows, solvers: solvers.map(\.label), skipped: runs.skipped, interrupted: false).text)

// A failed run fails `scripts/ci/build-examples` (and so the test suite).
for result in [fit, rosenbrock, woodResult] where !result.status.isConverged {
    print("QuickStart: a run did not converge: \(result.status.rawValue)")
    exit(1)
}
