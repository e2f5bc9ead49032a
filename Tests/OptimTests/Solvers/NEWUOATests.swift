import Foundation
import Testing
@testable import Optim

/// NEWUOA against PDFO 2.2.0's newuoa (Powell's Fortran, `scripts/reference/reference-newuoa.py`):
/// the same algorithm in the same order of operations, so OptBench reproduces PDFO's evaluated
/// points, evaluation counts, final point and f; plus the exact end on a quadratic, determinism,
/// the barrier and the refusals.
@Suite struct NEWUOATests {
    typealias Recorder = BOBYQATests.Recorder

    static func objective(_ name: String, _ recorder: Recorder) -> FunctionObjective {
        switch name {
        case "powell-singular":
            // MGH problem 13, residual by residual as the script writes it.
            return FunctionObjective(dimension: 4) { x, g in
                recorder.points.append(Array(x))
                if let g { recorder.gradientRequests += 1; g.update(repeating: .nan) }
                let r1 = x[0] + 10 * x[1], r2 = Foundation.pow(5.0, 0.5) * (x[2] - x[3])
                let a = x[1] - 2 * x[2], r3 = a * a
                let b = x[0] - x[3], r4 = Foundation.pow(10.0, 0.5) * (b * b)
                return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4
            }
        case "extended-rosenbrock", "extended-rosenbrock-full":
            let n = name == "extended-rosenbrock" ? 8 : 6
            return FunctionObjective(dimension: n) { x, g in
                recorder.points.append(Array(x))
                if let g { recorder.gradientRequests += 1; g.update(repeating: .nan) }
                var f = 0.0
                for i in stride(from: 0, to: n, by: 2) {
                    let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
                    f = f + (100 * (a * a) + b * b)
                }
                return f
            }
        default:
            return BOBYQATests.objective(name, recorder)
        }
    }

    /// The case's start and solver, as the script runs it.
    static func setup(_ name: String) -> (x0: [Double], solver: NEWUOA) {
        switch name {
        case "quadratic": return ([0, 0, 0], NEWUOA(rhobeg: 1, rhoend: 1e-6, points: 10))
        case "quadratic-2n+1": return ([0, 0, 0], NEWUOA(rhobeg: 1, rhoend: 1e-6))
        case "wood": return ([-3, -1, -3, -1], NEWUOA(rhobeg: 1, rhoend: 1e-6))
        case "powell-singular": return ([3, -1, 0, 1], NEWUOA(rhobeg: 1, rhoend: 1e-6))
        case "extended-rosenbrock":
            return (Array([[-1.2, 1.0]].joined().cycled(4)), NEWUOA(rhobeg: 0.5, rhoend: 1e-6, points: 10))
        case "extended-rosenbrock-full":
            return (Array([[-1.2, 1.0]].joined().cycled(3)), NEWUOA(rhobeg: 0.5, rhoend: 1e-6, points: 20))
        case "rosenbrock-maxfev": return ([-1.2, 1], NEWUOA(rhobeg: 0.5, rhoend: 1e-6, maxEvaluations: 30))
        default: return ([-1.2, 1], NEWUOA(rhobeg: 0.5, rhoend: 1e-6))
        }
    }

    static func run(_ name: String, solver: NEWUOA? = nil) throws -> (OptimizationResult, Recorder) {
        let recorder = Recorder()
        let (x0, standard) = setup(name)
        let result = try minimize(
            objective(name, recorder), from: x0, using: solver ?? standard, options: Options(maxIterations: 10_000))
        return (result, recorder)
    }

    static let cases = [
        "rosenbrock", "quadratic", "quadratic-2n+1", "wood", "powell-singular", "extended-rosenbrock",
        "extended-rosenbrock-full", "rosenbrock-maxfev", "rosenbrock-nan",
    ]

    @Test(arguments: cases)
    func reproducesPDFO(_ name: String) throws {
        let expected = try #require(Self.reference[name])
        let (result, recorder) = try Self.run(name)
        let first = expected.points.indices.first {
            $0 >= recorder.points.count || recorder.points[$0] != expected.points[$0]
        }
        #expect(first == nil, "\(name): evaluated point \((first ?? 0) + 1) differs from PDFO's")
        #expect(result.valueEvaluations == expected.nfev, "\(name): f evaluations")
        #expect(recorder.points.count == expected.nfev)
        #expect(result.gradientEvaluations == 0 && recorder.gradientRequests == 0, "\(name): never asks for ∇f")
        #expect(result.x == expected.x, "\(name): x \(result.x) vs \(expected.x)")
        #expect(result.value == expected.f, "\(name): f")
        #expect(result.status == (expected.status == 0 ? .convergedStep : .evaluationLimit), "\(name): status")
    }
}

extension Sequence {
    /// The sequence repeated `times` times.
    fileprivate func cycled(_ times: Int) -> [Element] { (0..<times).flatMap { _ in Array(self) } }
}
