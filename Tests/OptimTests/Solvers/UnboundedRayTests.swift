import Testing
@testable import Optim

/// f unbounded below for the methods whose own step never extrapolates (issue 30): the
/// backtracking search, Barzilai–Borwein, L-BFGS-B and the trust-region methods follow an
/// accepted step that decreased f at least linearly (`UnboundedRay`: ×10 steps up to 1e20 times
/// the first trial step) and end `unbounded` at the last point, with its own f.
@Suite struct UnboundedRayTests {
    /// f(x, y) = x − y³, ∇f = (1, −3y²), ∇²f = diag(0, −6y): cubic, unbounded along +y.
    struct Cubic: HessianObjective {
        var dimension: Int { 2 }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            gradient[0] = 1
            gradient[1] = -3 * x[1] * x[1]
            return x[0] - x[1] * x[1] * x[1]
        }
        func hessian(at x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
            out[0] = 0
            out[1] = 0
            out[2] = 0
            out[3] = -6 * x[1]
        }
    }

    /// f = −x (a linear function, ∇²f = 0).
    static let linear = QuadraticModel(h: Matrix(rows: 1, columns: 1, elements: [0]), g: [-1])
    /// f = −x² − y (a concave quadratic: gᵀx + ½xᵀHx with g = (0, −1), H = diag(−2, 0)).
    static let concave = QuadraticModel(h: Matrix(rows: 2, columns: 2, elements: [-2, 0, 0, 0]), g: [0, -1])

    static let solvers = ["bb", "gd+backtracking", "bfgs+backtracking", "lbfgsb", "dogleg", "trust-exact",
                          "newton-cg-tr", "sr1"]

    static func run<O: HessianObjective>(_ name: String, _ f: O, from x0: [Double]) throws -> OptimizationResult {
        let options = Options(maxIterations: 200)
        switch name {
        case "bb": return try minimize(f, from: x0, using: BarzilaiBorwein(), options: options)
        case "gd+backtracking":
            return try minimize(f, from: x0, using: GradientDescent(lineSearch: Backtracking()), options: options)
        case "bfgs+backtracking":
            return try minimize(f, from: x0, using: BFGS(lineSearch: Backtracking()), options: options)
        case "lbfgsb": return try minimize(f, from: x0, using: LBFGSB(), options: options)
        case "dogleg": return try minimize(f, from: x0, using: TrustRegion(subproblem: Dogleg()), options: options)
        case "trust-exact":
            return try minimize(f, from: x0, using: TrustRegion(subproblem: MoreSorensen()), options: options)
        case "newton-cg-tr":
            return try minimize(f, from: x0, using: TrustRegion(subproblem: Steihaug()), options: options)
        case "newton-cg-tr:max-radius=1":
            return try minimize(
                f, from: x0, using: TrustRegion(subproblem: Steihaug(), maxRadius: 1), options: options)
        default:
            return try minimize(
                f, from: x0, using: TrustRegion(subproblem: SymmetricRankOne(), radiusRule: .symmetricRankOne),
                options: options)
        }
    }

    static func value<O: Objective>(_ f: O, at x: [Double]) -> Double {
        var gradient = [Double](repeating: 0, count: x.count)
        return x.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { f.valueAndGradient(at: p, gradient: $0) }
        }
    }

    /// Linear, concave quadratic and cubic: every method ends `unbounded` (not at the iteration
    /// limit) far down, at a point whose f is its own.
    @Test(arguments: solvers)
    func endsUnbounded(_ name: String) throws {
        let cases: [(String, [Double], OptimizationResult, (([Double]) -> Double))] = [
            ("−x", [0], try Self.run(name, Self.linear, from: [0]), { Self.value(Self.linear, at: $0) }),
            ("−x² − y", [1, 0], try Self.run(name, Self.concave, from: [1, 0]), { Self.value(Self.concave, at: $0) }),
            ("x − y³", [0, 1], try Self.run(name, Cubic(), from: [0, 1]), { Self.value(Cubic(), at: $0) }),
        ]
        for (label, _, result, f) in cases {
            #expect(result.status == .unbounded, "\(name) on \(label): \(result.status) \(result.detail ?? "")")
            #expect(result.value == f(result.x), "\(name) on \(label)")
            #expect(result.value < -1e18, "\(name) on \(label): f = \(result.value)")
            #expect(result.detail?.contains("unbounded below") == true, "\(name) on \(label)")
            // Trust regions first double Δ from 1 to Δ_max = 1000 (11 steps).
            #expect(result.iterations <= 12, "\(name) on \(label): \(result.iterations) iterations")
        }
    }

    /// f = −x from 0 (∇f = −1): the first trial step (α₀ = 1 for Barzilai–Borwein's 1/‖∇f(x₀)‖₂,
    /// gradient descent's 1/‖∇f‖₂; p = 1 for Steihaug at Δ₀ = Δ_max = 1) is accepted with f = −1, exactly
    /// the linear decrease, so the ray is followed at 10, 100, …, 1e20: 20 more evaluations, 22
    /// with f(x₀), one iteration, x = 1e20.
    @Test(arguments: ["bb", "gd+backtracking", "newton-cg-tr:max-radius=1"])
    func linearFunctionCounts(_ name: String) throws {
        let result = try Self.run(name, Self.linear, from: [0])
        #expect(result.status == .unbounded)
        #expect(result.x == [1e20] && result.value == -1e20)
        #expect(result.iterations == 1)
        #expect(result.valueEvaluations == 22)
    }

    /// φ = −α − α² + α⁴/10⁴ (no positive curvature up to α² = 5000/3, bounded below) accepted at
    /// α = 0.1 (φ ≤ −0.1 = φ(0) + αφ'(0), φ' = −1.2 ≤ φ'(0)) is probed at α = 1 and α = 10, each
    /// falling linearly with a slope ≤ −1, and at α = 100 (φ = −100, above φ(10) = −109: the probe
    /// stops), then evaluated at α = 0.1 again: 4 evaluations, and the trial buffers hold the
    /// accepted point. A convex φ (above its tangent) is never probed.
    @Test func probeStopsWhereFTurnsUpAndRestoresTheAcceptedPoint() throws {
        let phi = LineFunction(
            name: "−α − α² + α⁴/10⁴",
            phi: { a in (-a - a * a + a * a * a * a / 1e4, -1 - 2 * a + 4 * a * a * a / 1e4) }, c1: 1e-4, c2: 0.9)
        let counted = CountedObjective(phi)
        let line = SearchLine(
            x: Vector([0]), direction: Vector([1]), value0: 0, slope0: -1,
            trialX: Vector(count: 1), trialGradient: Vector(count: 1))
        let accepted = line.evaluate(counted, at: 0.1)
        let spent = try UnboundedRay.follow(counted, along: line, accepted: (0.1, accepted.value, accepted.slope),
                                               firstStep: 0.1)
        #expect(spent == 4)
        #expect(counted.valueEvaluations == 5)
        #expect(line.trialX[0] == 0.1 && line.trialGradient[0] == phi.phi(0.1).1)
        // Above the line (a convex φ): no probe at all.
        let convex = LineFunction(
            name: "(α − 1)²", phi: { a in ((a - 1) * (a - 1) - 1, 2 * (a - 1)) }, c1: 1e-4, c2: 0.9)
        let convexLine = SearchLine(
            x: Vector([0]), direction: Vector([1]), value0: 0, slope0: -2,
            trialX: Vector(count: 1), trialGradient: Vector(count: 1))
        let point = convexLine.evaluate(convex, at: 0.5)
        #expect(try UnboundedRay.follow(convex, along: convexLine, accepted: (0.5, point.value, point.slope),
                                            firstStep: 1) == 0)
    }

    /// Up to α_max = 1e20·α₀ only: on φ = −α from α₀ = 1e-3 accepted at 1e-3 the probe reaches
    /// 1e17 after 20 steps and stops there, unbounded.
    @Test func reachIsRelativeToTheFirstTrialStep() {
        let phi = LineFunction(name: "−α", phi: { a in (-a, -1) }, c1: 1e-4, c2: 0.9)
        let line = SearchLine(
            x: Vector([0]), direction: Vector([1]), value0: 0, slope0: -1,
            trialX: Vector(count: 1), trialGradient: Vector(count: 1))
        _ = line.evaluate(phi, at: 1e-3)
        #expect(throws: LineSearchFailure.unboundedBelow(stepLength: 1e17, value: -1e17)) {
            try UnboundedRay.follow(phi, along: line, accepted: (1e-3, -1e-3, -1), firstStep: 1e-3)
        }
    }
}
