import Foundation
import Optim

/// What a dense method keeps and does per iteration at dimension n: `matrices` n × n matrices of
/// doubles, and about `coefficient`·n^`power` floating-point operations in `dominant` (the
/// textbook counts: Cholesky n³/3, Golub & Van Loan §4.2; symmetric eigendecomposition with
/// vectors ≈ 9n³, §8.3; Householder QR of an m × n matrix 2mn² − 2n³/3 ≥ 4n³/3, §5.2; a BFGS
/// update of H by dsyr2 + dsyr + dsymv ≈ 5n²). `run` and `compare` say so before a run at a
/// size where it costs seconds per iteration or gigabytes, instead of starting silently.
public struct DenseWork: Sendable {
    public let matrices: Double
    public let coefficient: Double
    public let power: Int
    public let dominant: String

    /// Gauss–Newton's and Levenberg–Marquardt's: J (m × n, m ≥ n) and its pivoted QR.
    static let pivotedQR = DenseWork(
        matrices: 2, coefficient: 4.0 / 3, power: 3, dominant: "a pivoted QR of J, 2mn² − 2n³/3")

    /// Floating-point operations per iteration at dimension `n` (a lower bound: the objective's
    /// own evaluations, and repeated factorizations, come on top).
    public func operations(dimension n: Int) -> Double { coefficient * pow(Double(n), Double(power)) }

    /// Bytes of the n × n matrices at dimension `n`.
    public func bytes(dimension n: Int) -> Double { matrices * Double(n) * Double(n) * 8 }

    /// The notice for a run of `solver` at dimension `n` when an iteration takes at least
    /// `slowSeconds` at `rate` operations a second, or its matrices take at least `largeBytes`;
    /// nil when the run is small. `rate` is read only then (`FlopRate.dgemm()` times the machine).
    public func notice(
        solver: String, dimension n: Int, rate: @autoclosure () -> Double,
        slowSeconds: Double = 0.5, largeBytes: Double = 1_073_741_824
    ) -> String? {
        let operations = operations(dimension: n), bytes = bytes(dimension: n)
        // Below n = 500 nothing dense costs a second here; no need to time the machine.
        guard n >= 500 else { return nil }
        let flopRate = rate()
        let seconds = operations / flopRate
        guard seconds >= slowSeconds || bytes >= largeBytes else { return nil }
        let count = matrices == 1 ? "a dense n × n matrix" : "\(NumberStyle.format(matrices)) dense n × n matrices"
        return "\(solver) at n = \(n) keeps \(count) (\(MemoryEstimate.format(bytes))) and does at least "
            + String(format: "%.1e", operations) + " floating-point operations per iteration (\(dominant)): "
            + "at least " + ProgressSeconds.format(seconds) + " per iteration at this machine's "
            + String(format: "%.0f", flopRate / 1e9) + " GFLOP/s (dgemm); lbfgs keeps O(n)"
    }
}

/// Seconds as a notice reads them: "0.8 s", "12 s", "3.5 min", "2.1 h".
enum ProgressSeconds {
    static func format(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        if seconds < 120 { return String(format: "%.0f s", seconds) }
        if seconds < 7200 { return String(format: "%.1f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }
}

extension SolverDescriptor {
    /// The notice before a run of this solver at dimension `n`, when it is dense and the run is
    /// slow or large (`DenseWork.notice`); nil otherwise.
    public func denseNotice(dimension n: Int, rate: @autoclosure () -> Double) -> String? {
        denseWork?.notice(solver: name, dimension: n, rate: rate())
    }
}

extension Comparison.Plan {
    /// The notices before a comparison: for each dense solver, at the largest problem it meets.
    public func denseNotices(rate: () -> Double) -> [String] {
        guard let n = dimensions.max() else { return [] }
        var measured: Double?
        func once() -> Double {
            if let measured { return measured }
            let value = rate()
            measured = value
            return value
        }
        var seen = Set<String>()
        return solvers.map(\.choice.descriptor).filter { seen.insert($0.name).inserted }.compactMap {
            $0.denseNotice(dimension: n, rate: once())
        }
    }
}
