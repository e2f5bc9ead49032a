import Foundation
import Testing
@testable import Optim

/// BOBYQA against PDFO 2.2.0's bobyqa (Powell's Fortran): the same algorithm in the same order of
/// operations, so OptBench reproduces PDFO's evaluated points, evaluation counts, final point and
/// f; plus the box (never left), the exact end on a quadratic, determinism and the refusals.
@Suite struct BOBYQATests {
    /// Every point f was asked at, in order.
    final class Recorder {
        var points: [[Double]] = []
        var gradientRequests = 0
    }

    static func objective(_ name: String, _ recorder: Recorder) -> FunctionObjective {
        switch name {
        case "quadratic", "quadratic-2n+1":
            FunctionObjective(dimension: 3) { x, g in
                recorder.points.append(Array(x))
                if let g { recorder.gradientRequests += 1; g.update(repeating: .nan) }
                let a = 4 * x[0] * x[0] + 3 * x[1] * x[1] + 2 * x[2] * x[2] + 2 * x[0] * x[1] + 2 * x[1] * x[2]
                return 0.5 * a - (x[0] + 2 * x[1] + 3 * x[2])
            }
        case "wood":
            // MGH problem 14, residual by residual as the script writes it.
            FunctionObjective(dimension: 4) { x, g in
                recorder.points.append(Array(x))
                if let g { recorder.gradientRequests += 1; g.update(repeating: .nan) }
                let r1 = 10 * (x[1] - x[0] * x[0]), r2 = 1 - x[0]
                let r3 = Foundation.pow(90.0, 0.5) * (x[3] - x[2] * x[2]), r4 = 1 - x[2]
                let r5 = Foundation.pow(10.0, 0.5) * (x[1] + x[3] - 2), r6 = (x[1] - x[3]) / Foundation.pow(10.0, 0.5)
                return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4 + r5 * r5 + r6 * r6
            }
        case "rosenbrock-nan":
            FunctionObjective(dimension: 2) { x, g in
                recorder.points.append(Array(x))
                if let g { recorder.gradientRequests += 1; g.update(repeating: .nan) }
                let a = x[1] - x[0] * x[0], b = 1 - x[0]
                return x[0] > 0 ? .nan : 100 * (a * a) + b * b
            }
        default:
            FunctionObjective(dimension: 2) { x, g in
                recorder.points.append(Array(x))
                if let g { recorder.gradientRequests += 1; g.update(repeating: .nan) }
                let a = x[1] - x[0] * x[0], b = 1 - x[0]
                return 100 * (a * a) + b * b
            }
        }
    }

    /// The case's start, box and solver, as the script runs it.
    static func setup(_ name: String) throws -> (x0: [Double], bounds: Bounds?, solver: BOBYQA) {
        switch name {
        case "quadratic": return ([0, 0, 0], nil, BOBYQA(rhobeg: 1, rhoend: 1e-6, points: 10))
        case "quadratic-2n+1": return ([0, 0, 0], nil, BOBYQA(rhobeg: 1, rhoend: 1e-6))
        case "wood": return ([-3, -1, -3, -1], nil, BOBYQA(rhobeg: 1, rhoend: 1e-6))
        case "rosenbrock-bounded":
            return ([-1.2, 1], try Bounds(lower: [-1.5, -0.5], upper: [0.5, 2]), BOBYQA(rhobeg: 0.5, rhoend: 1e-6))
        case "rosenbrock-maxfev": return ([-1.2, 1], nil, BOBYQA(rhobeg: 0.5, rhoend: 1e-6, maxEvaluations: 30))
        default: return ([-1.2, 1], nil, BOBYQA(rhobeg: 0.5, rhoend: 1e-6))
        }
    }

    static func run(_ name: String, options: Options = Options(maxIterations: 5000)) throws
        -> (OptimizationResult, Recorder)
    {
        let recorder = Recorder()
        let (x0, bounds, solver) = try setup(name)
        let result = try minimize(objective(name, recorder), from: x0, bounds: bounds, using: solver, options: options)
        return (result, recorder)
    }

    static let cases = [
        "rosenbrock", "quadratic", "quadratic-2n+1", "wood", "rosenbrock-bounded", "rosenbrock-maxfev",
        "rosenbrock-nan",
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

    /// The quadratic with m = (n+1)(n+2)/2 points: the initial model is f itself, so the run ends at
    /// x* = A⁻¹b = (2, 1, 13)/9 to rounding, f* = −43/18, in 30 evaluations (PDFO's count).
    @Test func endsAtTheQuadraticsMinimizer() throws {
        let (result, _) = try Self.run("quadratic")
        let xstar = [2.0 / 9, 1.0 / 9, 13.0 / 9]
        #expect(zip(result.x, xstar).allSatisfy { abs($0 - $1) <= 4e-16 * 2 }, "x = \(result.x)")
        #expect(abs(result.value + 43.0 / 18) <= 1e-15)
        #expect(result.valueEvaluations <= 30 && result.status == .convergedStep)
    }

    /// Every evaluated point lies in the box: starts inside, on a bound, within ρ_beg of one, and outside it.
    @Test(arguments: [[-1.2, 1.0], [0.5, 2.0], [0.4, -0.45], [3.0, -4.0]])
    func neverEvaluatesOutsideTheBox(_ x0: [Double]) throws {
        let recorder = Recorder()
        let bounds = try Bounds(lower: [-1.5, -0.5], upper: [0.5, 2])
        let result = try minimize(
            Self.objective("rosenbrock", recorder), from: x0, bounds: bounds, using: BOBYQA(rhobeg: 0.5),
            options: Options(maxIterations: 5000))
        #expect(result.status == .convergedStep)
        for p in recorder.points {
            #expect(p[0] >= -1.5 && p[0] <= 0.5 && p[1] >= -0.5 && p[1] <= 2, "\(p) outside the box")
        }
        // the constrained minimizer (0.5, 0.25) with x₁ on its upper bound exactly
        #expect(result.x[0] == 0.5 && abs(result.x[1] - 0.25) <= 1e-6)
    }

    /// Powell's start: a coordinate within ρ_beg of a bound goes onto it (on or beyond) or to ρ_beg inside.
    @Test func movesTheStartAsPowell() throws {
        let bounds = try Bounds(lower: [-1.5, -0.5, 0], upper: [0.5, 2, 1])
        let x = BOBYQA(rhobeg: 0.25).startingPoint([-1.3, 2.5, 0.5], bounds: bounds)
        #expect(x == [-1.25, 2, 0.5])
        #expect(BOBYQA(rhobeg: 0.25).startingPoint([0.4, 1.9, 0.9], bounds: bounds) == [0.25, 1.75, 0.75])
        #expect(BOBYQA().startingPoint([0.4, 1.9], bounds: nil) == [0.4, 1.9])
    }

    @Test func isDeterministic() throws {
        let (a, ra) = try Self.run("wood")
        let (b, rb) = try Self.run("wood")
        #expect(ra.points == rb.points && a.x == b.x && a.value == b.value)
    }

    @Test func refusals() throws {
        let f = Self.objective("rosenbrock", Recorder())
        func refusal(_ solver: BOBYQA, bounds: Bounds? = nil) -> MinimizeError? {
            do {
                _ = try minimize(f, from: [-1.2, 1], bounds: bounds, using: solver)
                return nil
            } catch { return error }
        }
        #expect(refusal(BOBYQA(rhobeg: 0.5, rhoend: 1)) == .invalidParameter(
            InvalidParameter(name: "rhoend", value: "1.0", expected: "at most rhobeg = 0.5")))
        for m in [3, 7] {
            #expect(refusal(BOBYQA(points: m)) == .unsupported(.interpolationPoints(points: m, dimension: 2)))
        }
        #expect(refusal(BOBYQA(points: 6)) == nil)
        let box = try Bounds(lower: [-2, 0], upper: [2, 1])
        #expect(refusal(BOBYQA(rhobeg: 0.6), bounds: box)
            == .unsupported(.initialRadiusAboveHalfWidth(radius: 0.6, width: 1, variable: 1)))
        #expect(refusal(BOBYQA(rhobeg: 0.5), bounds: box) == nil)
        if case .invalidParameter(let p)? = refusal(BOBYQA(rhobeg: 0)) { #expect(p.name == "rhobeg") } else {
            Issue.record("rhobeg = 0 accepted")
        }
        if case .invalidParameter(let p)? = refusal(BOBYQA(maxEvaluations: 0)) { #expect(p.name == "maxfev") } else {
            Issue.record("maxfev = 0 accepted")
        }
    }

    /// The default ρ_beg is PDFO's: 1, or a quarter of the narrowest box width.
    @Test func defaultInitialRadius() throws {
        #expect(BOBYQA().initialRadius(bounds: nil) == 1)
        #expect(BOBYQA().initialRadius(bounds: try Bounds(lower: [0, -10], upper: [2, 10])) == 0.5)
        #expect(BOBYQA().initialRadius(bounds: try Bounds(lower: [0, -10], upper: [8, 10])) == 1)
    }
}
