import Foundation
import Optim
import Problems

/// f + ∇f of formulas (compiled, reverse mode) against hand-written Swift for the same
/// functions, timed in the same run: `optbench-perf formula [--repeats 10]`, one JSON object
/// (scripts/bench/bench-formula turns it into results/formula-speed.md).
enum FormulaBenchmark {
    /// A function written twice: as a formula (problem-file text) and by hand.
    struct Case: Sendable {
        let name: String
        let formula: String
        /// n must be a multiple of this.
        let multiple: Int
        let start: @Sendable (Int) -> [Double]
        let handWritten: @Sendable (Int) -> any Objective
    }

    static let cases: [Case] = [
        Case(
            name: "chained Rosenbrock", formula: "sum(i=1..n-1, 100*(x[i+1]-x[i]^2)^2 + (1-x[i])^2)", multiple: 1,
            start: { n in (0..<n).map { $0 % 2 == 0 ? -1.2 : 1 } }, handWritten: { Rosenbrock(dimension: $0) }),
        Case(
            name: "extended Powell singular",
            formula:
                "sum(i=1..n/4, (x[4*i-3]+10*x[4*i-2])^2 + 5*(x[4*i-1]-x[4*i])^2 + (x[4*i-2]-2*x[4*i-1])^4 + "
                    + "10*(x[4*i-3]-x[4*i])^4)",
            multiple: 4, start: { n in (0..<n).map { [3.0, -1, 0, 1][$0 % 4] } },
            handWritten: { ExtendedPowell(dimension: $0) }),
        Case(
            name: "trigonometric", formula: "sum(i=1..n, (n - sum(j=1..n, cos(x[j])) + i*(1-cos(x[i])) - sin(x[i]))^2)",
            multiple: 1,
            start: { n in Array(repeating: 1 / Double(n), count: n) }, handWritten: { Trigonometric(dimension: $0) }),
        Case(
            name: "logistic sum", formula: "sum(i=1..n, log(1 + exp(-x[i])) + 0.5*x[i]^2)", multiple: 1,
            start: { n in (0..<n).map { Double($0 % 7) - 3 } }, handWritten: { LogisticSum(dimension: $0) }),
    ]

    static func run(repeats: Int) -> String {
        var rows: [String] = []
        for c in cases {
            for n in [100, 10_000, 1_000_000] where n % c.multiple == 0 {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "formula-bench-\(getpid()).json"
                ).path
                let json = "{\"kind\": \"expression\", \"f\": \"\(c.formula)\", \"dimension\": \(n)}"
                FileManager.default.createFile(atPath: path, contents: Data(json.utf8))
                defer { try? FileManager.default.removeItem(atPath: path) }
                let formula = orExit("formula \(c.name)") { try ProblemRegistry.resolve(path) }.objective
                rows.append(
                    compare(
                        c.name, n: n, formula, c.handWritten(n), at: c.start(n), repeats: repeats, sameFunction: true))
            }
        }
        // MGH's extended Rosenbrock (a formula since it runs at n = 10⁶) against the
        // hand-written chained Rosenbrock: not the same function, the target is about cost.
        let n = 1_000_000
        let extended = orExit("mgh/extended-rosenbrock:n=\(n)") {
            try ProblemRegistry.resolve("mgh/extended-rosenbrock:n=\(n)")
        }
        rows.append(
            compare(
                "mgh/extended-rosenbrock vs hand-written chained Rosenbrock", n: n, extended.objective,
                Rosenbrock(dimension: n),
                at: extended.start, repeats: repeats, sameFunction: false))
        return "[" + rows.joined(separator: ",\n") + "]"
    }

    /// Median and best times of f + ∇f, formula against hand-written, interleaved so both see
    /// the same machine load; with `sameFunction`, values and gradients agree first.
    static func compare(
        _ name: String, n: Int, _ formula: any Objective, _ hand: any Objective, at start: [Double], repeats: Int,
        sameFunction: Bool
    ) -> String {
        let x = Vector(start), g1 = Vector(count: n), g2 = Vector(count: n)
        let f1 = formula.valueAndGradient(at: x.readOnly, gradient: g1.storage)
        let f2 = hand.valueAndGradient(at: x.readOnly, gradient: g2.storage)
        var agreement = 0.0
        if sameFunction {
            let scale = max(1, g2.maxAbs)
            agreement = abs(f1 - f2) / max(1, abs(f2))
            for i in 0..<n { agreement = max(agreement, abs(g1[i] - g2[i]) / scale) }
            // Not exact: sums run in another order (blocks, four partial sums). Trigonometric at
            // x₀ = 1/n shows it most: n − Σ cos xⱼ cancels to ~1/(2n).
            precondition(agreement < 1e-5, "\(name) n = \(n): formula and hand-written differ by \(agreement)")
        }
        let inner = max(1, 2_000_000 / n)
        func time(_ f: any Objective, _ g: Vector) -> [Double] {
            (0..<repeats).map { _ in
                let t = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<inner { _ = f.valueAndGradient(at: x.readOnly, gradient: g.storage) }
                return Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-6 / Double(inner)
            }
        }
        var a: [Double] = [], b: [Double] = []
        for _ in 0..<3 { a += time(formula, g1); b += time(hand, g2) }
        a.sort()
        b.sort()
        return "{\"function\":\"\(name)\",\"n\":\(n),\"formula_ms\":\(a[a.count / 2]),\"hand_ms\":\(b[b.count / 2]),"
            + "\"ratio_median\":\(a[a.count / 2] / b[b.count / 2]),\"ratio_best\":\(a[0] / b[0]),"
                + "\"agreement\":\(agreement)}"
    }
}

/// Σᵢ (x₄ᵢ₋₃ + 10x₄ᵢ₋₂)² + 5(x₄ᵢ₋₁ − x₄ᵢ)² + (x₄ᵢ₋₂ − 2x₄ᵢ₋₁)⁴ + 10(x₄ᵢ₋₃ − x₄ᵢ)⁴, by hand.
struct ExtendedPowell: Objective {
    let dimension: Int
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        var f = 0.0
        for k in stride(from: 0, to: dimension, by: 4) {
            let a = x[k] + 10 * x[k + 1], b = x[k + 2] - x[k + 3], c = x[k + 1] - 2 * x[k + 2], d = x[k] - x[k + 3]
            let c2 = c * c, d2 = d * d
            f += a * a + 5 * b * b + c2 * c2 + 10 * d2 * d2
            g[k] = 2 * a + 40 * d2 * d
            g[k + 1] = 20 * a + 4 * c2 * c
            g[k + 2] = 10 * b - 8 * c2 * c
            g[k + 3] = -10 * b - 40 * d2 * d
        }
        return f
    }
}

/// MGH's trigonometric function Σᵢ (n − Σⱼ cos xⱼ + i(1 − cos xᵢ) − sin xᵢ)², by hand.
struct Trigonometric: Objective {
    let dimension: Int
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = dimension
        var cosines = 0.0
        for j in 0..<n { cosines += cos(x[j]) }
        var f = 0.0, total = 0.0
        for i in 0..<n {
            let r = Double(n) - cosines + Double(i + 1) * (1 - cos(x[i])) - sin(x[i])
            f += r * r
            total += r
            g[i] = 2 * r * (Double(i + 1) * sin(x[i]) - cos(x[i]))
        }
        // ∂rᵢ/∂xⱼ also holds sin xⱼ from the shared sum: Σᵢ 2rᵢ sin xⱼ.
        for j in 0..<n { g[j] += 2 * total * sin(x[j]) }
        return f
    }
}

/// Σᵢ log(1 + e^{−xᵢ}) + xᵢ²/2, by hand.
struct LogisticSum: Objective {
    let dimension: Int
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        var f = 0.0
        for i in 0..<dimension {
            let e = exp(-x[i])
            f += log(1 + e) + 0.5 * x[i] * x[i]
            g[i] = -e / (1 + e) + x[i]
        }
        return f
    }
}
