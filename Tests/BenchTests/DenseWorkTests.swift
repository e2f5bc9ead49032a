import Optim
import Testing
@testable import Bench

/// The notice before a dense run: the textbook operation counts, the bytes of the matrices,
/// and the threshold, against hand computations (the rate is given, not measured).
@Suite struct DenseWorkTests {
    @Test func theDenseSolversSayWhatTheyCost() {
        // Those that keep or factor an n × n matrix (newton-cg and newton-cg-tr need a Hessian
        // problem but use only its products).
        let dense = Set(SolverDescriptor.all.filter { $0.denseWork != nil }.map(\.name))
        #expect(dense == ["bfgs", "newton", "dogleg", "trust-exact", "sr1", "gauss-newton", "lm", "sqp"])
        #expect(SolverDescriptor.all.filter { $0.denseWork != nil }.allSatisfy { $0.keepsDenseMatrix })
    }

    @Test func sr1AtFiveThousandNamesItsCostAndMemory() throws {
        let sr1 = try #require(SolverDescriptor.named("sr1"))
        // n³/3 = 4.1667e10 operations at 1e10 per second: 4.2 s; four 5000² matrices: 800 MB.
        let notice = try #require(sr1.denseNotice(dimension: 5000, rate: 1e10))
        #expect(notice.hasPrefix("sr1 at n = 5000 keeps 4 dense n × n matrices (" + MemoryEstimate.format(8e8) + ")"))
        #expect(notice.contains("at least 4.2e+10 floating-point operations per iteration"), "\(notice)")
        #expect(notice.contains("at least 4.2 s per iteration at this machine's 10 GFLOP/s"), "\(notice)")
    }

    @Test func smallOrFastRunsGetNoNoticeAndDoNotTimeTheMachine() throws {
        let newton = try #require(SolverDescriptor.named("newton"))
        var timed = 0
        func rate() -> Double { timed += 1; return 1e10 }
        // n < 500: no notice, the machine not timed.
        #expect(newton.denseNotice(dimension: 499, rate: rate()) == nil && timed == 0)
        // n = 2000: n³/3 = 2.67e9 operations, 0.27 s at 1e10/s, under the half second; 64 MB.
        #expect(newton.denseNotice(dimension: 2000, rate: rate()) == nil && timed == 1)
        // n = 2500: 5.2e9, 0.52 s: a notice.
        #expect(newton.denseNotice(dimension: 2500, rate: rate()) != nil)
        // bfgs at its limit: 5n² = 1.25e8 operations, 200 MB — nothing to say.
        let bfgs = try #require(SolverDescriptor.named("bfgs")), lbfgs = try #require(SolverDescriptor.named("lbfgs"))
        #expect(bfgs.denseNotice(dimension: 5000, rate: 1e10) == nil)
        #expect(lbfgs.denseNotice(dimension: 1_000_000, rate: 1e10) == nil)
    }

    @Test func secondsReadAsPeopleSayThem() {
        #expect(ProgressSeconds.format(4.16) == "4.2 s")
        #expect(ProgressSeconds.format(42.4) == "42 s")
        #expect(ProgressSeconds.format(600) == "10.0 min")
        #expect(ProgressSeconds.format(9000) == "2.5 h")
    }

    @Test func theMeasuredRateIsAPositiveFiniteNumber() {
        let rate = FlopRate.dgemm()
        // A 400³ dgemm on any machine this runs on: between 10⁷ and 10¹⁴ operations a second.
        #expect(rate > 1e7 && rate < 1e14, "\(rate)")
    }
}
