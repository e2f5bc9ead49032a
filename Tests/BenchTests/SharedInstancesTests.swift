import Optim
import Problems
import Testing
@testable import Bench

/// A comparison builds a problem once per instance and shares its data with the other workers.
@Suite struct SharedInstancesTests {
    final class Counter: @unchecked Sendable { var builds = 0 }

    @Test func aReplicableProblemIsBuiltOnceAndItsDataShared() throws {
        let shared = SharedInstances(), counter = Counter()
        let instance = Comparison.Instance(problem: 0, seed: 3, start: 0)
        func build() throws(ProblemError) -> TestProblem {
            counter.builds += 1
            return try ProblemRegistry.resolve("quadratic:n=30,cond=100,seed=3")
        }
        let problems = try (0..<3).map { _ throws(ProblemError) in try shared.problem(instance, build: build) }
        #expect(counter.builds == 1)
        let objectives = problems.map { $0.objective as! Quadratic }
        #expect(objectives[0] !== objectives[1] && objectives[1] !== objectives[2])
        let storage = objectives.map { q in q.hessian.elements.withUnsafeBufferPointer { $0.baseAddress } }
        #expect(storage[0] == storage[1] && storage[1] == storage[2])
        // The replicas evaluate as the original does (to rounding: tests running at the same
        // time may change OpenBLAS's process-wide thread count, and dsymv's split with it).
        // (Aligned buffers, as runs use: OpenBLAS's kernels round by alignment.)
        let x = Vector((0..<30).map { Double($0) / 7 - 2 })
        let values = objectives.map { q in
            let g = Vector(count: 30)
            let f = q.valueAndGradient(at: x.readOnly, gradient: g.storage)
            return [f] + g.array
        }
        for other in values.dropFirst() {
            #expect(zip(values[0], other).allSatisfy { abs($0 - $1) <= 1e-13 * max(1, abs($0)) })
        }
        // Another seed is another instance.
        _ = try shared.problem(Comparison.Instance(problem: 0, seed: 4, start: 0), build: build)
        #expect(counter.builds == 2)
    }

    @Test func aProblemThatCannotBeReplicatedIsBuiltEachTime() throws {
        let shared = SharedInstances(), counter = Counter()
        let instance = Comparison.Instance(problem: 1, seed: nil, start: 0)
        func build() throws(ProblemError) -> TestProblem {
            counter.builds += 1
            // An MGH function has no replica (rosenbrock and quadratic do: cmaes's threads use them).
            return try ProblemRegistry.resolve("mgh/wood")
        }
        for _ in 0..<3 { _ = try shared.problem(instance, build: build) }
        #expect(counter.builds == 3)
    }

    /// Two jobs give the bits one job gives on a grid of shared quadratics.
    @Test func sharedInstancesGiveTheSameRows() throws {
        let solvers = try Comparison.solvers("lbfgs,cg")
        let plan = try Comparison.Plan(
            problems: ["quadratic:n=40,cond=1000"], solvers: solvers, seeds: [1, 2], starts: 2)
        let one = plan.run(options: Options(), jobs: 1).rows, two = plan.run(options: Options(), jobs: 2).rows
        #expect(one.count == 8 && two.count == 8)
        #expect(one.map(\.value) == two.map(\.value) && one.map(\.iterations) == two.map(\.iterations))
        #expect(one.allSatisfy { $0.status == .convergedGradient })
    }
}
