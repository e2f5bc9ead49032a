/// A LAPACK routine's `info` turned into what it means.
public enum LinalgError: Error, Equatable, CustomStringConvertible {
    /// Cholesky: the leading minor of order `order` is not positive definite.
    case notPositiveDefinite(order: Int)
    /// A triangular factor has an exactly zero diagonal element at `column` (1-based), so the
    /// matrix is singular.
    case singular(column: Int)
    /// The symmetric eigensolver failed to converge (LAPACK info `info`).
    case didNotConverge(info: Int)
    /// LAPACK rejected argument `index` of `routine` (a programming error in the caller).
    case illegalArgument(routine: String, index: Int)
    /// Shapes that do not fit together.
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let k): "not positive definite (leading minor of order \(k))"
        case .singular(let c): "singular (zero pivot in column \(c))"
        case .didNotConverge(let info): "the eigenvalue algorithm did not converge (LAPACK info \(info))"
        case .illegalArgument(let r, let i): "\(r): illegal value in argument \(i)"
        case .shapeMismatch(let what): "shape mismatch: \(what)"
        }
    }

    /// Maps a LAPACK `info` (< 0: bad argument; > 0: routine-specific) to an error.
    static func check(_ info: Int32, routine: String, positive: (Int) -> LinalgError) throws(LinalgError) {
        if info < 0 { throw .illegalArgument(routine: routine, index: Int(-info)) }
        if info > 0 { throw positive(Int(info)) }
    }
}
