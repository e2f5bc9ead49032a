import Testing
@testable import Optim

/// f → s·f for s = 1e-50 … 1e50 (issue 30) for the methods made scale-invariant after BFGS, L-BFGS
/// and CG: Barzilai–Borwein (GBB on f/‖∇f(x₀)‖₂), L-BFGS-B (α_max relative to the unit first
/// step), SR1 (B₀ = ‖∇f(x₀)‖₂I for the first trial; Moré–Sorensen's eigenvalue cluster relative
/// to the spectrum) and Newton-CG (forcing term √(‖g‖/‖g₀‖)). x is unchanged by scaling f, so
/// with the gradient tolerance scaled by s every run must take the s = 1 run's iterations and
/// stop at its x (to 1e-10 relative); on Rosenbrock, whose path bends, the iterates after a
/// fixed number of iterations agree too.
@Suite struct ScaleInvarianceMoreTests {
    static let scales: [Double] = [1e-50, 1e-20, 1, 1e20, 1e50]
    static let solvers = ["bb", "bb2", "lbfgsb", "sr1", "newton-cg"]

    /// s·f with s·∇f and s·∇²f.
    struct Scaled<Base: HessianObjective>: HessianObjective {
        let base: Base
        let scale: Double
        var dimension: Int { base.dimension }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            let f = base.valueAndGradient(at: x, gradient: gradient)
            for i in 0..<dimension { gradient[i] *= scale }
            return scale * f
        }
        func hessian(at x: UnsafeBufferPointer<Double>, into h: UnsafeMutableBufferPointer<Double>) {
            base.hessian(at: x, into: h)
            for i in 0..<(dimension * dimension) { h[i] *= scale }
        }
    }

    static func run<B: HessianObjective>(
        _ name: String, _ f: Scaled<B>, from x0: [Double], options: Options
    ) throws -> OptimizationResult {
        switch name {
        case "bb": return try minimize(f, from: x0, using: BarzilaiBorwein(), options: options)
        case "bb2": return try minimize(f, from: x0, using: BarzilaiBorwein(rule: .bb2), options: options)
        case "lbfgsb": return try minimize(f, from: x0, using: LBFGSB(), options: options)
        case "sr1":
            return try minimize(
                f, from: x0, using: TrustRegion(subproblem: SymmetricRankOne(), radiusRule: .symmetricRankOne),
                options: options)
        default: return try minimize(f, from: x0, using: NewtonCG(lineSearch: MoreThuente()), options: options)
        }
    }

    static func relativeDistance(_ a: [Double], _ b: [Double]) -> Double { distance(a, b) / max(norm(b), 1e-300) }

    /// Σ (i + 1)(xᵢ − 1)² in 6 variables from −1 (x* = 1), gtol s·1e-8.
    @Test(arguments: solvers)
    func sameIterationsOnAScaledQuadratic(_ name: String) throws {
        let quadratic = DiagonalQuadraticWithHessian(
            curvatures: (1...6).map { 2 * Double($0) }, center: [Double](repeating: 1, count: 6))
        let x0 = [Double](repeating: -1, count: 6)
        let reference = try Self.run(
            name, Scaled(base: quadratic, scale: 1), from: x0, options: Options(gradientTolerance: 1e-8))
        #expect(reference.status == .convergedGradient, "\(name): \(reference.status)")
        for s in Self.scales {
            let result = try Self.run(
                name, Scaled(base: quadratic, scale: s), from: x0, options: Options(gradientTolerance: s * 1e-8))
            #expect(result.status == .convergedGradient, "\(name) s = \(s): \(result.status) \(result.detail ?? "")")
            #expect(result.iterations == reference.iterations, "\(name) s = \(s)")
            #expect(result.valueEvaluations == reference.valueEvaluations, "\(name) s = \(s)")
            #expect(Self.relativeDistance(result.x, reference.x) <= 1e-10, "\(name) s = \(s): \(result.x)")
        }
    }

    /// Rosenbrock from (−1.2, 1), 15 iterations (no gradient test): the same path for every s.
    @Test(arguments: solvers)
    func samePathOnAScaledRosenbrock(_ name: String) throws {
        let options = Options(gradientTolerance: 0, maxIterations: 15)
        let reference = try Self.run(name, Scaled(base: Rosenbrock2WithHessian(), scale: 1), from: [-1.2, 1],
                                     options: options)
        #expect(reference.iterations == 15, "\(name): \(reference.status)")
        for s in Self.scales {
            let result = try Self.run(name, Scaled(base: Rosenbrock2WithHessian(), scale: s), from: [-1.2, 1],
                                      options: options)
            #expect(result.iterations == reference.iterations, "\(name) s = \(s): \(result.status)")
            #expect(result.valueEvaluations == reference.valueEvaluations, "\(name) s = \(s)")
            #expect(Self.relativeDistance(result.x, reference.x) <= 1e-10, "\(name) s = \(s): \(result.x)")
        }
    }
}
