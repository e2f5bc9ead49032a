import Testing
@testable import Optim

@Suite struct BFGSTests {
    @Test func withExactStepsItTerminatesAndRecoversTheInverseHessian() throws {
        let n = 12
        let q = try TestQuadratic.random(dimension: n, conditionNumber: 50, seed: 8)
        var bfgs = BFGS(lineSearch: ExactQuadratic())
        let g0 = norm(q.b)
        let result = try minimize(
            q, from: Array(repeating: 0, count: n), using: &bfgs,
            options: Options(gradientTolerance: 0, maxIterations: n))
        #expect(norm(q.evaluate(at: result.x).gradient) <= 1e-10 * g0)
        #expect(distance(result.x, q.minimizer) <= 1e-10 * norm(q.minimizer))
        let reference = spdInverse(q.q)
        let difference = Matrix(
            rows: n, columns: n, elements: zip(bfgs.inverseHessian.elements, reference.elements).map { $0 - $1 })
        #expect(
            frobenius(difference) <= 1e-8 * frobenius(reference),
            "relative error \(frobenius(difference) / frobenius(reference))")
        #expect(bfgs.skippedUpdates == 0)
    }

    @Test func fromTheInverseHessianItTakesTheNewtonStep() throws {
        let n = 12
        let q = try TestQuadratic.random(dimension: n, conditionNumber: 50, seed: 8)
        var bfgs = BFGS(lineSearch: MoreThuente())
        try bfgs.setInitialInverseHessian(spdInverse(q.q))
        let result = try minimize(q, from: Array(repeating: 0, count: n), using: &bfgs,
                                  options: Options(gradientTolerance: 1e-9))
        #expect(result.iterations == 1)
        #expect(distance(result.x, q.minimizer) <= 1e-10 * norm(q.minimizer))
        // Without H₀, the same solver takes more steps.
        try bfgs.setInitialInverseHessian(nil)
        let plain = try minimize(q, from: Array(repeating: 0, count: n), using: &bfgs,
                                 options: Options(gradientTolerance: 1e-9))
        #expect(plain.iterations > 1)
    }

    @Test func aGivenInitialMatrixIsChecked() throws {
        var bfgs = BFGS(lineSearch: MoreThuente())
        func refusal(_ m: Matrix) -> String? {
            do { try bfgs.setInitialInverseHessian(m) } catch { return error.description }
            return nil
        }
        #expect(refusal(Matrix(rows: 2, columns: 3))?.contains("square") == true)
        #expect(refusal(Matrix([[1, 0.5], [0, 1]]))?.contains("symmetric") == true)
        #expect(refusal(Matrix([[1, 2], [2, 1]]))?.contains("positive definite") == true)
        #expect(refusal(Matrix([[1, 0], [0, .nan]]))?.contains("finite") == true)
        #expect(refusal(Matrix([[2, 1 + 1e-12], [1, 2]])) == nil)  // symmetric to rounding: averaged
        #expect(bfgs.initialInverseHessian?[0, 1] == bfgs.initialInverseHessian?[1, 0])
        // The order must be the problem's.
        #expect(throws: MinimizeError.unsupported(.initialMatrixMismatch(order: 2, dimension: 3))) {
            try minimize(DiagonalQuadratic(curvatures: [1, 2, 3], center: [0, 0, 0]), from: [1, 1, 1], using: bfgs)
        }
    }
}

@Suite struct LBFGSTests {
    /// BFGS with exact steps on ½xᵀQx − bᵀx from 0, written out on plain arrays: d = −Hg,
    /// α = −gᵀd/dᵀQd; H₀ = I for the first step, replaced by γI before the first update
    /// (γ = sᵀs/sᵀy or sᵀy/yᵀy), then H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ (N&W eq. 6.17).
    static func textbookBFGS(_ q: TestQuadratic, scaling: InitialHessianScaling, count: Int) -> [[Double]] {
        let n = q.dimension
        func times(_ v: [Double]) -> [Double] { (0..<n).map { i in (0..<n).reduce(0.0) { $0 + q.q[i, $1] * v[$1] } } }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        var h = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0 } }
        var x = [Double](repeating: 0, count: n), g = q.b.map { -$0 }, path: [[Double]] = []
        for k in 0..<count {
            let d = (0..<n).map { i in -dot(h[i], g) }
            let alpha = -dot(g, d) / dot(d, times(d))
            let s = d.map { alpha * $0 }, y = times(s)
            x = zip(x, s).map { $0 + $1 }
            g = zip(g, y).map { $0 + $1 }
            path.append(x)
            if k == 0 {
                let gamma = scaling == .firstPair ? dot(s, y) / dot(y, y) : dot(s, s) / dot(s, y)
                h = (0..<n).map { i in (0..<n).map { j in i == j ? gamma : 0 } }
            }
            h = BFGSResetTests.bfgsUpdate(h, s: s, y: y)
        }
        return path
    }

    @Test(arguments: [InitialHessianScaling.firstPairStep, .firstPair])
    func withMemoryNItReproducesBFGS(_ scaling: InitialHessianScaling) throws {
        // Same H₀ (γ from the first pair, κ = 1: L-BFGS has no κ) and m ≥ n: the two-loop recursion applies exactly
        // the BFGS matrix. Both against the textbook recurrence (not each other).
        let q = try TestQuadratic.random(dimension: 10, conditionNumber: 100, seed: 6)
        let textbook = Self.textbookBFGS(q, scaling: scaling, count: 10)
        let bfgs = try iterates(q, BFGS(lineSearch: ExactQuadratic(), scaling: scaling, scalingFactor: 1), count: 10)
        let lbfgs = try iterates(q, LBFGS(memory: 10, lineSearch: ExactQuadratic(), scaling: scaling), count: 10)
        for k in 0..<10 {
            #expect(distance(bfgs[k], textbook[k]) <= 1e-10 * norm(q.minimizer), "BFGS, iteration \(k + 1)")
            #expect(distance(lbfgs[k], textbook[k]) <= 1e-10 * norm(q.minimizer), "L-BFGS, iteration \(k + 1)")
        }
        // And with an inexact line search on a non-quadratic, over the first iterations (L-BFGS's trial
        // step, 1, on both sides).
        var unitStep = BFGS(lineSearch: MoreThuente(), scaling: scaling, scalingFactor: 1)
        unitStep.trialStep = .unit
        for k in 1...12 {
            let options = Options(gradientTolerance: 0, maxIterations: k)
            let a = try minimize(Rosenbrock2(), from: [-1.2, 1], using: unitStep, options: options)
            let b = try minimize(
                Rosenbrock2(), from: [-1.2, 1], using: LBFGS(memory: 20, lineSearch: MoreThuente(), scaling: scaling),
                options: options)
            #expect(distance(a.x, b.x) <= 1e-9, "Rosenbrock iteration \(k)")
            #expect(a.valueEvaluations == b.valueEvaluations)
        }
    }
}
