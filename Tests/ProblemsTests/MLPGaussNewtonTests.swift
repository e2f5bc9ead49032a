import Foundation
import Optim
@testable import Problems
import Testing

/// The Gauss–Newton products of the squared-error MLP, Gv = (1/N)J_zᵀ(J_z v) + λv_W, against
/// references formed independently of the R-operator code.
@Suite struct MLPGaussNewtonTests {
    static func product(_ f: MLPObjective, _ theta: [Double], _ v: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: theta.count)
        theta.withUnsafeBufferPointer { t in
            v.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { f.gaussNewtonProduct(at: t, direction: d, into: $0) }
            }
        }
        return out
    }

    static func hessianProduct(_ f: MLPObjective, _ theta: [Double], _ v: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: theta.count)
        theta.withUnsafeBufferPointer { t in
            v.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { f.hessianVectorProduct(at: t, direction: d, into: $0) }
            }
        }
        return out
    }

    static func random(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in rng.normal() }
    }

    /// 1 on the weights, 0 on the biases (the L2 term's support).
    static func weightMask(_ architecture: MLPArchitecture) -> [Double] {
        var mask = [Double](repeating: 0, count: architecture.parameterCount)
        for l in 1...architecture.layerCount {
            for i in architecture.weightOffset(l)..<architecture.biasOffset(l) { mask[i] = 1 }
        }
        return mask
    }

    /// J_z by central differences of the outputs (N·n_L × n, column-major), then
    /// (1/N)J_zᵀ(J_z v) + λv_W by plain loops.
    @Test(arguments: [Activation.tanh, .sigmoid, .identity])
    func productMatchesTheFiniteDifferenceJacobian(_ activation: Activation) {
        let (f, theta) = smallNetwork(activation, .identity, l2: 0.3)
        let n = theta.count, rows = f.sampleCount * f.architecture.sizes.last!
        let jacobian = centralDifferenceJacobian({ f.outputs(at: $0) }, at: theta)
        let mask = Self.weightMask(f.architecture)
        for seed in 1...3 as ClosedRange<UInt64> {
            let v = Self.random(n, seed: seed)
            let jv = (0..<rows).map { i in (0..<n).reduce(0) { $0 + jacobian[i + $1 * rows] * v[$1] } }
            let reference = (0..<n).map { j in
                (0..<rows).reduce(0) { $0 + jacobian[$1 + j * rows] * jv[$1] } / Double(f.sampleCount) + 0.3 * mask[j]
                    * v[j]
            }
            let product = Self.product(f, theta, v)
            let scale = max(1, reference.map(abs).max()!)
            let error = zip(product, reference).map { abs($0 - $1) }.max()!
            #expect(error <= 1e-7 * scale, "\(activation), seed \(seed): error \(error), scale \(scale)")
        }
    }

    /// vᵀGv = (1/N)‖J_z v‖² + λ‖v_W‖² ≥ 0 on random directions, where the exact Hessian of the
    /// same tanh network is indefinite along some of them.
    @Test func productIsPositiveSemidefinite() {
        let (f, theta) = smallNetwork(.tanh, .identity, l2: 0, seed: 5)
        var indefinite = false
        for seed in 1...40 as ClosedRange<UInt64> {
            let v = Self.random(theta.count, seed: seed)
            let curvature = zip(v, Self.product(f, theta, v)).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(curvature >= 0, "seed \(seed): vᵀGv = \(curvature)")
            if zip(v, Self.hessianProduct(f, theta, v)).reduce(0, { $0 + $1.0 * $1.1 }) < 0 { indefinite = true }
        }
        #expect(indefinite, "the exact Hessian was never indefinite: the PSD check proves nothing here")
    }

    /// Where the outputs are affine in θ — no hidden layer: linear regression — the squared
    /// error is quadratic and G is its exact Hessian: the R-operator's products agree.
    @Test func linearModelProductIsTheExactHessian() {
        var rng = SeededGenerator(seed: 9)
        let architecture = MLPArchitecture(sizes: [3, 2], activations: [], head: .identity)
        let f = MLPObjective(
            architecture: architecture, l2: 0.2, inputs: (0..<18).map { _ in rng.normal() },
            targets: (0..<12).map { _ in rng.normal() })
        let theta = Self.random(architecture.parameterCount, seed: 3)
        for seed in 4...6 as ClosedRange<UInt64> {
            let v = Self.random(theta.count, seed: seed)
            let g = Self.product(f, theta, v), h = Self.hessianProduct(f, theta, v)
            #expect(zip(g, h).allSatisfy { abs($0 - $1) <= 1e-13 * max(1, abs($1)) }, "\(g) vs \(h)")
        }
    }

    /// A network with hidden layers — identity activations included — is not affine in θ, and
    /// ∇²L = G + (1/N)Σ (zᵢ − tᵢ)·∇²zᵢ: equal where the residuals vanish (targets = the
    /// network's own outputs), different elsewhere.
    @Test(arguments: [Activation.identity, .tanh])
    func deepNetworkProductIsTheHessianExactlyWhereResidualsVanish(_ activation: Activation) {
        let (fitted, theta) = smallNetwork(activation, .identity, l2: 0.1, seed: 7)
        let zeroResidual = MLPObjective(
            architecture: fitted.architecture, l2: 0.1, inputs: fitted.inputs.array, targets: fitted.outputs(at: theta))
        let v = Self.random(theta.count, seed: 8)
        let g = Self.product(zeroResidual, theta, v), h = Self.hessianProduct(zeroResidual, theta, v)
        #expect(zip(g, h).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
        let gap = zip(Self.product(fitted, theta, v), Self.hessianProduct(fitted, theta, v)).map { abs($0 - $1) }.max()!
        #expect(gap > 1e-3, "with residuals, G and ∇²L should differ; gap \(gap)")
    }

    /// Both least-squares solvers run matrix-free on a small regression network. lm reaches the
    /// minimum L-BFGS finds to 10 digits (Newton-CG, on exact Hessian products, stops at a worse
    /// stationary point, f = 0.66675 against 0.66394, from the same start). Gauss–Newton gets there
    /// too, but at a linear rate: the residuals stay large (f* ≈ 0.66), so G misses the
    /// residual-weighted curvature — N&W §10.3 — and 300 iterations leave a relative gap of 3·10⁻⁵.
    @Test func gaussNewtonAndLMTrainASmallRegressionNetwork() throws {
        let (f, theta) = smallNetwork(.tanh, .identity, l2: 0.1, seed: 2)
        let reference = try minimize(
            f, from: theta, using: LBFGS(lineSearch: MoreThuente()),
            options: Options(gradientTolerance: 1e-10, maxIterations: 5000))
        #expect(reference.status == .convergedGradient)
        let lm = try minimize(f, from: theta, using: LevenbergMarquardt(reductionTolerance: 1e-15))
        #expect(lm.status.isConverged, "\(lm.status)")
        #expect(abs(lm.value - reference.value) <= 1e-10 * reference.value, "\(lm.value) vs \(reference.value)")
        let gn = try minimize(
            f, from: theta, using: GaussNewton(lineSearch: MoreThuente()), options: Options(maxIterations: 300))
        #expect(
            gn.status == .iterationLimit && gn.value >= reference.value
                && gn.value - reference.value <= 1e-4 * reference.value, "\(gn.value)")
        for result in [gn, lm] { #expect(result.hessianVectorProducts > 0 && result.jacobianEvaluations == 0) }
        let (softmax, start) = smallNetwork(.tanh, .softmax, l2: 0.1)
        #expect(!softmax.capabilities.contains(.residuals) && f.capabilities.contains(.residuals))
        #expect(throws: MinimizeError.unsupported(.missingCapability(.residuals))) {
            try minimize(softmax, from: start, using: LevenbergMarquardt())
        }
    }

    /// The network behind a wrapper that counts its own calls: the run's reported counts are
    /// exactly the calls made — each Gauss–Newton product one Hessian-vector product.
    final class Tally: GaussNewtonProductObjective {
        let base: MLPObjective
        var evaluations = 0, products = 0
        init(_ base: MLPObjective) { self.base = base }
        var dimension: Int { base.dimension }
        var isSumOfSquares: Bool { base.isSumOfSquares }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            evaluations += 1
            return base.valueAndGradient(at: x, gradient: gradient)
        }
        func gaussNewtonProduct(
            at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
            into out: UnsafeMutableBufferPointer<Double>
        ) {
            products += 1
            base.gaussNewtonProduct(at: x, direction: v, into: out)
        }
    }

    @Test func productsAreCountedExactly() throws {
        let (f, theta) = smallNetwork(.tanh, .identity, l2: 0.1, seed: 4)
        for solver in [LevenbergMarquardt() as any Solver, GaussNewton(lineSearch: MoreThuente())] {
            let tally = Tally(f)
            let result = try minimize(tally, from: theta, using: solver, options: Options(maxIterations: 20))
            #expect(result.hessianVectorProducts == tally.products && tally.products > 20)
            #expect(result.gradientEvaluations == tally.evaluations && result.valueEvaluations == tally.evaluations)
        }
    }
}
