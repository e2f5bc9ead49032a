import Foundation
@testable import Optim

/// A one-dimensional objective f(x) = φ(x₀), so a line search from x = 0 along d = 1
/// searches φ itself.
struct LineFunction: Objective {
    let name: String
    let phi: @Sendable (Double) -> (Double, Double)
    /// The paper's c1 (μ) and c2 (η) for this function.
    let c1: Double
    let c2: Double

    var dimension: Int { 1 }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let (f, g) = phi(x[0])
        gradient[0] = g
        return f
    }

    /// Runs `search` from α₀ on φ. Returns the step (or the failure) and the evaluation count.
    func run<S: LineSearch>(_ search: S, initialStep: Double) -> (Result<LineSearchStep, LineSearchFailure>, Int) {
        var search = search
        let counted = CountedObjective(self)
        let (f0, g0) = phi(0)
        let line = SearchLine(
            x: Vector([0]), direction: Vector([1]), value0: f0, slope0: g0,
            trialX: Vector(count: 1), trialGradient: Vector(count: 1))
        let result = Result { () throws(LineSearchFailure) in
            try search.search(counted, along: line, initialStep: initialStep)
        }
        return (result, counted.valueEvaluations)
    }
}

/// The six test functions of Moré & Thuente (1994), section 5, with the paper's μ and η.
enum MoreThuenteFunctions {
    static func yanai(_ name: String, _ b1: Double, _ b2: Double) -> LineFunction {
        let g1 = (1 + b1 * b1).squareRoot() - b1, g2 = (1 + b2 * b2).squareRoot() - b2
        return LineFunction(name: name, phi: { a in
            let s1 = ((1 - a) * (1 - a) + b2 * b2).squareRoot(), s2 = (a * a + b1 * b1).squareRoot()
            return (g1 * s1 + g2 * s2, -g1 * (1 - a) / s1 + g2 * a / s2)
        }, c1: 1e-3, c2: 1e-3)
    }

    static let all: [LineFunction] = [
        LineFunction(
            name: "f1",
            phi: { a in
                let b = 2.0
                return (-a / (a * a + b), (a * a - b) / ((a * a + b) * (a * a + b)))
            }, c1: 1e-3, c2: 1e-1),
        LineFunction(
            name: "f2",
            phi: { a in
                let t = a + 0.004
                return (pow(t, 5) - 2 * pow(t, 4), pow(t, 3) * (5 * t - 8))
            }, c1: 1e-1, c2: 1e-1),
        LineFunction(
            name: "f3",
            phi: { a in
                let b = 0.01, l = 39.0
                let (p0, d0): (Double, Double) =
                    a <= 1 - b
                    ? (1 - a, -1) : (a >= 1 + b ? (a - 1, 1) : ((a - 1) * (a - 1) / (2 * b) + b / 2, (a - 1) / b))
                let c = 2 * (1 - b) / (l * Double.pi)
                return (p0 + c * sin(l * Double.pi * a / 2), d0 + (1 - b) * cos(l * Double.pi * a / 2))
            }, c1: 1e-1, c2: 1e-1),
        yanai("f4", 1e-3, 1e-3),
        yanai("f5", 1e-2, 1e-3),
        yanai("f6", 1e-3, 1e-2),
    ]

    static func named(_ name: String) -> LineFunction { all.first { $0.name == name }! }
    static let initialSteps = [1e-3, 1e-1, 10, 1e3]
}
