/// The products constrained solvers ask for (`ConstraintFunctions`: Jᵀw with c, and Jv), formed from a
/// dense row-major m × n Jacobian, for constraint sources that give only c and J: a program
/// (`ProgramConstraints`) and C callbacks (the C ABI).
package enum DenseConstraintJacobian {
    /// out += Σᵢ wᵢ ∇cᵢ with wᵢ = `weight(i, values[i])`, row i of `jacobian` being ∇cᵢᵀ.
    package static func addTransposeProduct(
        _ jacobian: UnsafeMutableBufferPointer<Double>, count m: Int, dimension n: Int,
        values: UnsafeMutableBufferPointer<Double>, weight: (_ i: Int, _ value: Double) -> Double,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        for i in 0..<m {
            let w = weight(i, values[i])
            if w != 0 { for j in 0..<n { out[j] += w * jacobian[i * n + j] } }
        }
    }

    /// out = J v (m elements).
    package static func product(
        _ jacobian: UnsafeMutableBufferPointer<Double>, count m: Int, dimension n: Int,
        direction v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) {
        for i in 0..<m {
            var sum = 0.0
            for j in 0..<n { sum += jacobian[i * n + j] * v[j] }
            out[i] = sum
        }
    }
}
