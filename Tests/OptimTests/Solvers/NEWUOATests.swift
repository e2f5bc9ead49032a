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
        expected.expectReproduced(by: result, recorder: recorder, name)
    }

    /// NaN where x₁ > 0 is PDFO's barrier 2¹⁰⁰: the run goes on (the PDFO case above) and says how often.
    @Test func countsBarrierEvaluations() throws {
        let (result, recorder) = try Self.run("rosenbrock-nan")
        PDFOReference.expectBarrierCounted(by: result, recorder: recorder)
    }

    /// The quadratic with m = (n+1)(n+2)/2 points: the initial model is f itself (10 values determine
    /// a quadratic in 3 variables), so the first trust-region step lands on x* = A⁻¹b = (2, 1, 13)/9 to
    /// rounding (PDFO's 11th evaluation too); the rest of the run only shrinks ρ to ρ_end.
    @Test func endsAtTheQuadraticsMinimizer() throws {
        let (result, recorder) = try Self.run("quadratic")
        let xstar = [2.0 / 9, 1.0 / 9, 13.0 / 9]
        #expect(zip(recorder.points[10], xstar).allSatisfy { abs($0 - $1) <= 4e-16 }, "\(recorder.points[10])")
        #expect(zip(result.x, xstar).allSatisfy { abs($0 - $1) <= 4e-16 }, "x = \(result.x)")
        #expect(abs(result.value + 43.0 / 18) <= 1e-15)
        #expect(result.valueEvaluations == 30 && result.status == .convergedStep)
    }

    @Test func isDeterministic() throws {
        let (a, ra) = try Self.run("powell-singular")
        let (b, rb) = try Self.run("powell-singular")
        #expect(ra.points == rb.points && a.x == b.x && a.value == b.value)
    }

    @Test func refusals() throws {
        let f = Self.objective("rosenbrock", Recorder())
        func refusal(_ solver: NEWUOA) -> MinimizeError? {
            do {
                _ = try minimize(f, from: [-1.2, 1], using: solver)
                return nil
            } catch { return error }
        }
        #expect(refusal(NEWUOA(rhobeg: 0.5, rhoend: 1)) == .invalidParameter(
            InvalidParameter(name: "rhoend", value: "1.0", expected: "at most rhobeg = 0.5")))
        #expect(refusal(NEWUOA(rhoend: 2)) != nil)
        for m in [0, 3, 7] {
            #expect(refusal(NEWUOA(points: m)) != nil, "points = \(m) accepted")
        }
        #expect(refusal(NEWUOA(points: 3)) == .unsupported(.interpolationPoints(points: 3, dimension: 2)))
        #expect(refusal(NEWUOA(points: 7)) == .unsupported(.interpolationPoints(points: 7, dimension: 2)))
        #expect(refusal(NEWUOA(points: 4, maxEvaluations: 50)) == nil)
        #expect(refusal(NEWUOA(points: 6, maxEvaluations: 50)) == nil)
        let bad: [(String, NEWUOA)] = [
            ("rhobeg", NEWUOA(rhobeg: 0)), ("rhobeg", NEWUOA(rhobeg: -1)), ("rhobeg", NEWUOA(rhobeg: .nan)),
            ("rhoend", NEWUOA(rhoend: 0)), ("rhoend", NEWUOA(rhoend: -1e-6)), ("rhoend", NEWUOA(rhoend: .nan)),
            ("maxfev", NEWUOA(maxEvaluations: 0)), ("maxfev", NEWUOA(maxEvaluations: -3)),
        ]
        for (name, solver) in bad {
            if case .invalidParameter(let p)? = refusal(solver) {
                #expect(p.name == name)
            } else {
                Issue.record("\(solver.summary) accepted")
            }
        }
    }
}

extension Sequence {
    /// The sequence repeated `times` times.
    fileprivate func cycled(_ times: Int) -> [Element] { (0..<times).flatMap { _ in Array(self) } }
}
