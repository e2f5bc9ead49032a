import CLapack
@testable import Optim

func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

func distance(_ a: [Double], _ b: [Double]) -> Double { norm(zip(a, b).map { $0 - $1 }) }

func frobenius(_ m: Matrix) -> Double { m.elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// Q⁻¹ by LAPACKE dpotrf + dpotri (lower triangle, row-major), both triangles filled: the
/// reference inverse the BFGS matrix is measured against.
func spdInverse(_ q: Matrix) -> Matrix {
    var a = q.elements
    let n = Int32(q.rows)
    precondition(LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), n, &a, n) == 0)
    precondition(LAPACKE_dpotri(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), n, &a, n) == 0)
    var inverse = Matrix(rows: q.rows, columns: q.rows, elements: a)
    for i in 0..<q.rows { for j in (i + 1)..<max(i + 1, q.rows) { inverse[i, j] = inverse[j, i] } }
    return inverse
}

/// The iterates x₁ … x_k of a run from 0, collected by re-running with maxIterations = 1 … k
/// (runs are deterministic; the callback does not see x).
func iterates<S: Solver>(_ q: TestQuadratic, _ solver: S, count: Int) throws -> [[Double]] {
    try (1...count).map { k in
        try minimize(q, from: Array(repeating: 0, count: q.dimension), using: solver,
                     options: Options(gradientTolerance: 0, maxIterations: k)).x
    }
}
