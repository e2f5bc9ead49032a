import Optim

/// A least-squares formula file (`"residuals": [r₁, …, rₘ]` instead of `"f"`): f = Σ rᵢ², with
/// no factor ½, as for the Moré–Garbow–Hillstrom problems (`LeastSquaresObjective`).
///
/// f, ∇f = 2Jᵀr, ∇f·v and ∇²f·v come from one program compiled from Σ rᵢ² (`FormulaObjective`),
/// so every solver runs on the file. The residuals and their Jacobian come from one program
/// per residual. Row i of J is ∇rᵢ, one reverse sweep of rᵢ's program; forward mode would take
/// one sweep per variable instead. The textbook rule (reverse when m < n, forward when m > n;
/// Griewank & Walther 2008, ch. 3–4) counts sweeps of one program that computes all of r, but
/// here each residual has its own program: the m reverse sweeps together run each operation
/// of r once, a small constant times the cost of evaluating r (the cheap gradient principle), whereas
/// forward mode runs every operation of r once per variable, n times the cost of r in dual
/// numbers. Reverse sweeps are cheaper for every n ≥ 2 and equal at n = 1, so they are used.
final class LeastSquaresFormulaObjective: FormulaObjective, LeastSquaresObjective {
    private let residualPrograms: [FormulaEvaluator<Double>]
    /// ∇rᵢ, before it is scattered into row i of the column-major J.
    private let row: UnsafeMutablePointer<Double>

    /// - Parameters:
    ///   - sumOfSquares: the program of Σ rᵢ².
    ///   - residuals: the program of each rᵢ, in the same scope (same variables, same n).
    init(sumOfSquares: FormulaProgram, residuals: [FormulaProgram]) {
        residualPrograms = residuals.map { FormulaEvaluator(program: $0) }
        row = .allocate(capacity: max(sumOfSquares.dimension, 1))
        row.initialize(repeating: 0, count: max(sumOfSquares.dimension, 1))
        super.init(program: sumOfSquares)
    }

    deinit { row.deallocate() }

    var residualCount: Int { residualPrograms.count }

    func residuals(at x: UnsafeBufferPointer<Double>, into residuals: UnsafeMutableBufferPointer<Double>) {
        for (i, program) in residualPrograms.enumerated() { residuals[i] = program.value(at: x.baseAddress!) }
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        let m = residualCount
        for (i, program) in residualPrograms.enumerated() {
            _ = program.valueAndGradient(at: x.baseAddress!, gradient: row)
            for j in 0..<dimension { jacobian[i + j * m] = row[j] }
        }
    }

    /// Σ rᵢ² as one formula: the squares summed pairwise (a balanced tree), so that thousands of
    /// residuals nest log₂ m levels deep, not m.
    static func sumOfSquares(_ residuals: ArraySlice<FormulaNode>) -> FormulaNode {
        if residuals.count == 1, let r = residuals.first {
            return .binary(.power, r, .number(2, column: r.column), column: r.column)
        }
        let middle = residuals.startIndex + residuals.count / 2
        let left = sumOfSquares(residuals[..<middle]), right = sumOfSquares(residuals[middle...])
        return .binary(.add, left, right, column: left.column)
    }
}
