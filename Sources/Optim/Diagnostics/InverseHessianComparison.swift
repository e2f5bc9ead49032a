/// How well an approximation H of the inverse Hessian matches the true one at a point:
/// the quantity quasi-Newton methods try to make small.
///
/// With A = ∇²f(x):
/// - `relativeError` = ‖H − A⁻¹‖_F / ‖A⁻¹‖_F, A⁻¹ by Cholesky (LAPACK dpotrf + dpotri); nil
///   when A is not positive definite (then `hessianInertia` says how it is indefinite);
/// - the extreme eigenvalues of HA (all 1 when H = A⁻¹): for H = RRᵀ (Cholesky of H), HA is
///   similar to the symmetric RᵀAR, whose eigenvalues LAPACK dsyevd computes;
/// - κ(A) and κ(H) = max|λ| / min|λ|;
/// - the inertia of A and of H (H may be indefinite: SR1's).
public struct InverseHessianComparison: Sendable {
    public let relativeError: Double?
    /// (λmin, λmax) of HA; nil when H is not positive definite.
    public let productEigenvalues: (min: Double, max: Double)?
    public let hessianCondition: Double
    public let approximationCondition: Double
    /// Signs of A's eigenvalues: (positive, negative, zero).
    public let hessianInertia: (positive: Int, negative: Int, zero: Int)
    /// Signs of H's eigenvalues: (positive, negative, zero).
    public let approximationInertia: (positive: Int, negative: Int, zero: Int)

    /// - Parameters:
    ///   - h: H, symmetric n × n.
    ///   - a: A = ∇²f(x), symmetric n × n.
    public init(approximation h: Matrix, hessian a: Matrix) throws(LinalgError) {
        guard h.isSquare, a.isSquare, h.rows == a.rows else {
            throw .shapeMismatch("H is \(h.rows)×\(h.columns), ∇²f is \(a.rows)×\(a.columns)")
        }
        let hessianEigen = try SymmetricEigen(a)
        hessianInertia = hessianEigen.inertia()
        hessianCondition = hessianEigen.conditionNumber
        let approximationEigen = try SymmetricEigen(h)
        approximationCondition = approximationEigen.conditionNumber
        approximationInertia = approximationEigen.inertia()

        if hessianInertia.negative == 0 && hessianInertia.zero == 0, let factor = try? Cholesky(a) {
            let inverse = try factor.inverse()
            var difference = 0.0, size = 0.0
            for (x, y) in zip(h.elements, inverse.elements) {
                difference += (x - y) * (x - y)
                size += y * y
            }
            relativeError = (difference / size).squareRoot()
        } else {
            relativeError = nil
        }

        if let factor = try? Cholesky(h) {
            let r = factor.lowerFactor
            var similar = r.transposed * a * r
            similar.symmetrize()
            let values = try SymmetricEigen(similar).values
            productEigenvalues = (values.first ?? .nan, values.last ?? .nan)
        } else {
            productEigenvalues = nil
        }
    }
}
