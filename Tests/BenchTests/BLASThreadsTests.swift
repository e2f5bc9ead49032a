import Foundation
import Optim
import Problems
import Testing
@testable import Bench

/// Results do not depend on the BLAS thread count the process happens to have: every run
/// pins it to its `threads` (1 unless the request says). Threaded OpenBLAS sums in a different order, so
/// without the pin these runs differ (on the 2-core development machine: the MLP's f in the
/// 9th digit after 631 instead of 642 iterations, BFGS on penalty-2 131 instead of 140
/// iterations); with it they are identical to the bit.
@Suite(.serialized) struct BLASThreadsTests {
    /// The same run (50 iterations at most: a debug build is slow), started with OpenBLAS set
    /// to `ambient` threads beforehand.
    static func run(_ reference: String, _ solver: String, ambient: Int) throws -> RunReport {
        let request = RunRequest(solver: solver, assignments: [Assignment("max-iter", "50")])
        let prepared = try PreparedRun(request, problem: try ProblemRegistry.resolve(reference))
        BLASThreads.set(ambient)
        return try prepared.execute()
    }

    static func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }

    @Test(arguments: [("mlp", "lbfgs"), ("mgh/penalty-2", "bfgs")])
    func resultsAreBitIdenticalWhateverTheAmbientThreadCount(_ reference: String, _ solver: String) throws {
        #expect(RunRequest(solver: solver).threads == 1)
        let one = try Self.run(reference, solver, ambient: 1), two = try Self.run(reference, solver, ambient: 2)
        #expect(one.blasThreads == 1 && two.blasThreads == 1)
        #expect(one.result.iterations == 50 && two.result.iterations == 50)
        #expect(one.result.value.bitPattern == two.result.value.bitPattern)
        #expect(Self.bits(one.result.x) == Self.bits(two.result.x))
        #expect(one.result.x.count == (reference == "mlp" ? 2410 : 10))
    }

    @Test func comparisonRowsRecordThePinnedCount() throws {
        BLASThreads.set(2)
        let outcome = try Comparison.run(
            problems: ["mgh/penalty-2"], solvers: try Comparison.solvers("bfgs"), options: Options(), jobs: 2)
        #expect(outcome.rows.map(\.blasThreads) == [1])
        #expect(
            ComparisonReport(rows: outcome.rows, solvers: ["bfgs"], skipped: [], interrupted: false).csv.split(
                separator: "\n")[1].hasSuffix(",1,"))
    }
}
