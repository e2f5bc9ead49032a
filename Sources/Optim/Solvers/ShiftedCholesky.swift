/// Cholesky with added multiple of the identity, N&W Algorithm 3.3: factors A + τI for the
/// least τ of the sequence τ₀ = 0 if min aᵢᵢ > 0 else β − min aᵢᵢ, then τ ← max(2τ, β),
/// β = 10⁻³·max(1, max|aᵢᵢ|), for which LAPACKE dpotrf succeeds (`choleskyFactorInPlace`).
/// - Parameters:
///   - a: the symmetric n × n matrix, row-major, both triangles; on return its lower triangle
///     holds L with LLᵀ = A + τI, its strict upper triangle still holds A's.
///   - diagonal: n elements of work space; receives A's diagonal.
/// - Returns: τ.
/// - Throws: `.factorizationFailed` when τ overflows first.
func factorWithAddedIdentity(_ a: UnsafeMutablePointer<Double>, diagonal: UnsafeMutablePointer<Double>,
                             dimension n: Int) throws(SolverFailure) -> Double {
    var smallest = Double.infinity, largest = 0.0
    for i in 0..<n {
        diagonal[i] = a[i * n + i]
        smallest = min(smallest, diagonal[i])
        largest = max(largest, abs(diagonal[i]))
    }
    let beta = 1e-3 * max(1, largest)
    var tau = smallest > 0 ? 0 : beta - smallest
    // The factorization overwrites the lower triangle; the strict upper triangle keeps the
    // original off-diagonal elements and the diagonal is restored before each try.
    while true {
        for i in 0..<n {
            for j in 0..<i { a[i * n + j] = a[j * n + i] }
            a[i * n + i] = diagonal[i] + tau
        }
        if choleskyFactorInPlace(a, dimension: n) == 0 { return tau }
        tau = max(2 * tau, beta)
        guard tau.isFinite else { throw .factorizationFailed(shift: tau) }
    }
}
