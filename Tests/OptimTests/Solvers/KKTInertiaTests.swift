import CLapack
import Testing

@testable import Optim

/// The inertia `ipm` reads from dsytrf's D (1 × 1 and 2 × 2 blocks) against the signs of the
/// eigenvalues LAPACKE dsyev computes of the same matrix, on saddle-point matrices [[H, Aᵀ], [A, −δI]]
/// with indefinite H (whose zero or small diagonal forces 2 × 2 pivots), and solves against the residual.
@Suite struct KKTInertiaTests {
    /// A deterministic generator (64-bit LCG, Knuth's MMIX constants) of values in [−1, 1).
    struct Numbers {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    static func eigenvalues(_ k: [Double], order: Int) -> [Double] {
        var a = k, w = [Double](repeating: 0, count: order)
        let info = LAPACKE_dsyev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "L")), Int32(order),
                                 &a, Int32(order), &w)
        #expect(info == 0)
        return w
    }

    @Test(arguments: 0..<12)
    func inertiaMatchesEigenvalueSigns(seed: Int) {
        var numbers = Numbers(state: UInt64(seed) + 1)
        let n = 2 + seed % 4, m = 1 + seed % 3, order = n + m
        let kkt = KKTFactorization(order: order)
        for i in 0..<n {
            for j in 0...i {
                // Every third H has a zero diagonal: Bunch–Kaufman then pivots 2 × 2.
                let v = i == j && seed % 3 == 0 ? 0 : numbers.next() * 3
                kkt.matrix[i + j * order] = v
                kkt.matrix[j + i * order] = v
            }
        }
        for i in 0..<m {
            for j in 0..<n {
                let v = numbers.next()
                kkt.matrix[(n + i) + j * order] = v
                kkt.matrix[j + (n + i) * order] = v
            }
        }
        let shift = seed % 2 == 0 ? 0.0 : 0.5, dual = 1e-3
        let inertia = kkt.factorize(primal: n, primalShift: shift, dualShift: dual)
        var shifted = kkt.matrix
        for i in 0..<order { shifted[i * order + i] += i < n ? shift : -dual }
        let w = Self.eigenvalues(shifted, order: order)
        #expect(inertia?.positive == w.filter { $0 > 0 }.count, "seed \(seed): \(w)")
        #expect(inertia?.negative == w.filter { $0 < 0 }.count, "seed \(seed): \(w)")
        #expect(inertia?.zero == 0)
        // K x = b solved by dsytrs: the residual against the shifted matrix.
        var b = (0..<order).map { Double($0 + 1) }
        let rhs = b
        #expect(b.withUnsafeMutableBufferPointer { kkt.solve($0) })
        for i in 0..<order {
            var r = -rhs[i]
            for j in 0..<order { r += shifted[i + j * order] * b[j] }
            #expect(abs(r) <= 1e-9 * (1 + abs(rhs[i])))
        }
    }

    /// A singular matrix (a repeated constraint row) is marked nearly singular; the same with −δ_c on
    /// the constraint block has the inertia (n, m, 0) when H is positive definite.
    @Test func repeatedConstraintIsNearlySingular() {
        // H = I₂, A = [[1, 1], [2, 2]].
        let order = 4
        let kkt = KKTFactorization(order: order)
        let rows: [[Double]] = [[1, 0, 1, 2], [0, 1, 1, 2], [1, 1, 0, 0], [2, 2, 0, 0]]
        for i in 0..<order { for j in 0..<order { kkt.matrix[i + j * order] = rows[i][j] } }
        let singular = kkt.factorize(primal: 2, primalShift: 0, dualShift: 0)
        #expect(singular?.nearlySingular == true)
        let regularized = kkt.factorize(primal: 2, primalShift: 0, dualShift: 1e-8)
        #expect(regularized == Inertia(positive: 2, negative: 2, zero: 0, nearlySingular: false))
    }
}
