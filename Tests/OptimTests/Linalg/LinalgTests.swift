import CLapack
import Testing
@testable import Optim

/// Solves A X = B by LU with partial pivoting (LAPACKE dgesv, row-major): the independent
/// reference the Cholesky inverse is checked against. `rhs` is n × rhsCount, row-major.
func luSolve(_ a: Matrix, _ rhs: [Double], rhsCount: Int) -> (solution: [Double], info: Int32) {
    var elements = a.elements, b = rhs
    var pivots = [Int32](repeating: 0, count: a.rows)
    let n = Int32(a.rows)
    let info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, Int32(rhsCount), &elements, n, &pivots, &b, Int32(rhsCount))
    return (b, info)
}

@Suite struct LinalgTests {
    /// A symmetric positive definite test matrix: the 5 × 5 Hilbert-like Lehmer matrix
    /// aᵢⱼ = min(i, j) / max(i, j) (SPD, known to be well behaved).
    static func lehmer(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { m[i, j] = Double(min(i, j) + 1) / Double(max(i, j) + 1) } }
        return m
    }

    @Test func choleskyInverseEqualsAnIndependentLUSolveOfAXEqualsI() throws {
        let a = Self.lehmer(6)
        let inverse = try Cholesky(a).inverse()
        let identity = (0..<36).map { $0 % 7 == 0 ? 1.0 : 0.0 }
        let (reference, info) = luSolve(a, identity, rhsCount: 6)
        #expect(info == 0)
        for (x, y) in zip(inverse.elements, reference) { #expect(abs(x - y) <= 1e-12 * max(1, abs(y))) }
        // Both triangles are filled.
        #expect(inverse.asymmetry == 0)
        // And A·A⁻¹ = I.
        let product = a * inverse
        for i in 0..<6 { for j in 0..<6 { #expect(abs(product[i, j] - (i == j ? 1 : 0)) <= 1e-12) } }
    }

    @Test func eachLAPACKFailureHasItsTypedError() {
        // Leading minors 1, then 1·1 − 2·2 < 0: the second fails.
        #expect(throws: LinalgError.notPositiveDefinite(order: 2)) {
            try Cholesky(Matrix([[1, 2, 0], [2, 1, 0], [0, 0, 1]]))
        }
        #expect(throws: LinalgError.notPositiveDefinite(order: 3)) {
            try Cholesky(Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 0]]))
        }
        // LAPACK's info: positive → the routine's own failure, negative → an illegal argument.
        #expect(throws: LinalgError.singular(column: 3)) {
            try LinalgError.check(3, routine: "dpotri") { .singular(column: $0) }
        }
        #expect(throws: LinalgError.illegalArgument(routine: "dpotri", index: 4)) {
            try LinalgError.check(-4, routine: "dpotri") { .singular(column: $0) }
        }
        #expect(throws: LinalgError.shapeMismatch("Cholesky of a 2×3 matrix")) {
            try Cholesky(Matrix(rows: 2, columns: 3))
        }
        #expect(
            LinalgError.notPositiveDefinite(order: 2).description == "not positive definite (leading minor of order 2)")
        #expect(LinalgError.singular(column: 3).description == "singular (zero pivot in column 3)")
    }

    @Test func symmetricEigenvaluesInertiaAndCondition() throws {
        let e = try SymmetricEigen(Matrix([[2, 1, 0], [1, 2, 0], [0, 0, -4]]), vectors: true)
        #expect(zip(e.values, [-4.0, 1, 3]).allSatisfy { abs($0 - $1) <= 1e-14 })
        #expect(e.inertia() == (positive: 2, negative: 1, zero: 0))
        #expect(abs(e.conditionNumber - 4) <= 1e-14)
        // A v = λ v for the returned vectors (columns).
        let a = Matrix([[2, 1, 0], [1, 2, 0], [0, 0, -4]])
        let v = try #require(e.vectors)
        for j in 0..<3 { for i in 0..<3 {
            let av = (0..<3).reduce(0.0) { $0 + a[i, $1] * v[$1, j] }
            #expect(abs(av - e.values[j] * v[i, j]) <= 1e-14)
        } }
        #expect(try SymmetricEigen(Matrix([[1, 0], [0, 0]])).inertia() == (positive: 1, negative: 0, zero: 1))
        #expect(try SymmetricEigen(Matrix([[1, 0], [0, 0]])).conditionNumber == .infinity)
    }

    @Test func comparisonOfAnExactInverseIsPerfect() throws {
        let a = Self.lehmer(5)
        let c = try InverseHessianComparison(approximation: try Cholesky(a).inverse(), hessian: a)
        #expect(try #require(c.relativeError) <= 1e-13)
        let eigen = try #require(c.productEigenvalues)
        #expect(abs(eigen.min - 1) <= 1e-12 && abs(eigen.max - 1) <= 1e-12)
        #expect(abs(c.approximationCondition / c.hessianCondition - 1) <= 1e-10)
        // H = I against A: the eigenvalues of HA are those of A.
        let identity = Matrix(rows: 5, columns: 5, elements: (0..<25).map { $0 % 6 == 0 ? 1 : 0 })
        let plain = try InverseHessianComparison(approximation: identity, hessian: a)
        let values = try SymmetricEigen(a).values
        #expect(abs(try #require(plain.productEigenvalues).min - values[0]) <= 1e-13)
        #expect(abs(try #require(plain.productEigenvalues).max - values[4]) <= 1e-13)
    }

    @Test func anIndefiniteHessianReportsInertiaInsteadOfAnInverse() throws {
        let c = try InverseHessianComparison(
            approximation: Matrix([[1, 0], [0, 1]]), hessian: Matrix([[-398, 0], [0, 200]]))
        #expect(c.relativeError == nil)
        #expect(c.hessianInertia == (positive: 1, negative: 1, zero: 0))
        #expect(try #require(c.productEigenvalues).min == -398)
    }
}
