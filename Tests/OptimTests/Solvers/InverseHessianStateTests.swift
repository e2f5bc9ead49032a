import Testing
@testable import Optim

/// `InverseHessianState` (what the C interface hands out with a result): the pairs and γ of
/// L-BFGS and L-BFGS-B, applied by the textbook two-loop recursion, give the matrices the
/// `optbench hessian` diagnostics materialize; BFGS's is its dense matrix.
@Suite struct InverseHessianStateTests {
    /// Hv by N&W Algorithm 7.4, written out independently of `LBFGSMemory`.
    static func twoLoop(_ s: [[Double]], _ y: [[Double]], _ gamma: Double, _ v: [Double]) -> [Double] {
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        var q = v, alpha = [Double](repeating: 0, count: s.count)
        for i in s.indices.reversed() {
            alpha[i] = dot(s[i], q) / dot(s[i], y[i])
            q = zip(q, y[i]).map { $0 - alpha[i] * $1 }
        }
        q = q.map { gamma * $0 }
        for i in s.indices {
            let beta = dot(y[i], q) / dot(s[i], y[i])
            q = zip(q, s[i]).map { $0 + (alpha[i] - beta) * $1 }
        }
        return q
    }

    static func dense(_ state: InverseHessianState?, dimension n: Int) -> Matrix? {
        switch state {
        case .dense(let h): return h
        case .limitedMemory(let s, let y, let gamma):
            var h = Matrix(rows: n, columns: n)
            for j in 0..<n {
                var unit = [Double](repeating: 0, count: n)
                unit[j] = 1
                for (i, value) in twoLoop(s, y, gamma, unit).enumerated() { h[i, j] = value }
            }
            return h
        case nil: return nil
        }
    }

    static func relativeDifference(_ a: Matrix, _ b: Matrix) -> Double {
        frobenius(Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map { $0 - $1 }))
            / frobenius(b)
    }

    @Test func lbfgsAndLbfgsbPairsGiveTheMaterializedMatrix() throws {
        let options = Options(gradientTolerance: 0, maxIterations: 8)
        var lbfgs = LBFGS(memory: 3, lineSearch: MoreThuente())
        #expect(lbfgs.inverseHessianState == nil)  // before a run
        _ = try minimize(Rosenbrock2(), from: [-1.2, 1], using: &lbfgs, options: options)
        let fromPairs = try #require(Self.dense(lbfgs.inverseHessianState, dimension: 2))
        #expect(Self.relativeDifference(fromPairs, lbfgs.materializedInverseHessian(dimension: 2)) <= 1e-12)

        var lbfgsb = LBFGSB(memory: 3)
        _ = try minimize(Rosenbrock2(), from: [-1.2, 1], using: &lbfgsb, options: options)
        guard case .limitedMemory(let s, _, let gamma) = lbfgsb.inverseHessianState else {
            Issue.record("lbfgsb holds no pairs")
            return
        }
        #expect(s.count == 3)
        #expect(gamma == 1 / lbfgsb.compactMatrix.theta)
        // The two-loop inverse with γ = 1/θ is the Cholesky inverse of the compact θI − WMWᵀ.
        let compactInverse = try lbfgsb.materializedInverseHessian(dimension: 2)
        let fromCompactPairs = try #require(Self.dense(lbfgsb.inverseHessianState, dimension: 2))
        #expect(Self.relativeDifference(fromCompactPairs, compactInverse) <= 1e-10)
    }

    @Test func bfgsStateIsItsDenseMatrix() throws {
        var bfgs = BFGS(lineSearch: MoreThuente())
        _ = try minimize(Rosenbrock2(), from: [-1.2, 1], using: &bfgs, options: Options(maxIterations: 5))
        guard case .dense(let h) = bfgs.inverseHessianState else {
            Issue.record("bfgs holds no dense matrix")
            return
        }
        #expect(h.elements == bfgs.inverseHessian.elements)
    }
}
