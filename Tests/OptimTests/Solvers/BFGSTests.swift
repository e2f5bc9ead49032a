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
}

@Suite struct LBFGSTests {
    @Test(arguments: [InitialHessianScaling.firstPairStep, .firstPair])
    func withMemoryNItReproducesBFGS(_ scaling: InitialHessianScaling) throws {
        // Same H₀ (γ from the first pair, κ = 1: L-BFGS has no κ) and m ≥ n: the two-loop
        // recursion applies exactly the BFGS matrix.
        let q = try TestQuadratic.random(dimension: 10, conditionNumber: 100, seed: 6)
        let bfgs = try iterates(q, BFGS(lineSearch: ExactQuadratic(), scaling: scaling, scalingFactor: 1), count: 10)
        let lbfgs = try iterates(q, LBFGS(memory: 10, lineSearch: ExactQuadratic(), scaling: scaling), count: 10)
        for k in 0..<10 {
            #expect(distance(bfgs[k], lbfgs[k]) <= 1e-10 * norm(q.minimizer), "iteration \(k + 1)")
        }
        // And with an inexact line search on a non-quadratic, over the first iterations.
        for k in 1...12 {
            let options = Options(gradientTolerance: 0, maxIterations: k)
            let a = try minimize(
                Rosenbrock2(), from: [-1.2, 1],
                using: BFGS(lineSearch: MoreThuente(), scaling: scaling, scalingFactor: 1),
                options: options)
            let b = try minimize(
                Rosenbrock2(), from: [-1.2, 1], using: LBFGS(memory: 20, lineSearch: MoreThuente(), scaling: scaling),
                options: options)
            #expect(distance(a.x, b.x) <= 1e-9, "Rosenbrock iteration \(k)")
            #expect(a.valueEvaluations == b.valueEvaluations)
        }
    }
}
