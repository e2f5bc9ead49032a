import Foundation
import Optim
import Problems
import Testing
@testable import Bench

/// `compare --shard k/N` and `merge`: the parts cover the grid once, and merged shards give
/// the rows of the unsharded run.
@Suite struct ShardTests {
    static let solvers = try! Comparison.solvers("lbfgs,bfgs,cg")
    static let options = Options(gradientTolerance: 1e-6, maxIterations: 500, traceEvery: 1)

    static func plan(starts: Int = 2) throws -> Comparison.Plan {
        try Comparison.Plan(
            problems: try Comparison.problems("mgh/b*,rosenbrock:n=50"), solvers: solvers, starts: starts)
    }

    @Test func shardSyntax() {
        #expect(Comparison.Shard("3/7") == Comparison.Shard(index: 3, count: 7))
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/3", "1/3/4", ""] {
            #expect(Comparison.Shard(bad) == nil, "\(bad)")
        }
    }

    /// Every cell in exactly one part, for N = 1…8, the same parts on every call; the parts'
    /// estimated work within one cell's work of each other (what LPT guarantees at most).
    @Test func partsCoverTheGridOnceAndBalance() throws {
        let plan = try Self.plan()
        #expect(plan.cellCount == 10 * 2 * 3)
        for count in 1...8 {
            let parts = (1...count).map { plan.cells(in: Comparison.Shard(index: $0, count: count)) }
            #expect(parts.flatMap { $0 }.sorted() == Array(0..<plan.cellCount), "N = \(count)")
            #expect(parts == (1...count).map { plan.cells(in: Comparison.Shard(index: $0, count: count)) })
            let loads = parts.map { $0.map { plan.estimatedWork(cell: $0) }.reduce(0, +) }
            let largest = (0..<plan.cellCount).map { plan.estimatedWork(cell: $0) }.max()!
            #expect(loads.max()! - loads.min()! <= largest, "N = \(count): \(loads)")
        }
        // BFGS keeps an n × n matrix: n² estimated work; L-BFGS and CG n.
        let rosenbrock = try #require(plan.problems.firstIndex(of: "rosenbrock:n=50"))
        let cell = rosenbrock * 2 * 3
        #expect(
            plan.estimatedWork(cell: cell) == 51 && plan.estimatedWork(cell: cell + 1) == 2501
                && plan.estimatedWork(cell: cell + 2) == 51)
    }

    /// The parts are those of the plain LPT scan (each cell to the first part with the least
    /// work), which the heap replaced (issue 30), for N below, at and above the cell count —
    /// and N = Int.max is answered without a part per N.
    @Test func partsAreThoseOfThePlainScan() throws {
        let plan = try Self.plan()
        func scan(_ shard: Comparison.Shard) -> [Int] {
            let order = (0..<plan.cellCount).sorted { a, b in
                let wa = plan.estimatedWork(cell: a), wb = plan.estimatedWork(cell: b)
                return wa != wb ? wa > wb : a < b
            }
            var load = Array(repeating: 0.0, count: shard.count), mine: [Int] = []
            for cell in order {
                var part = 0
                for p in 1..<shard.count where load[p] < load[part] { part = p }
                load[part] += plan.estimatedWork(cell: cell)
                if part == shard.index - 1 { mine.append(cell) }
            }
            return mine.sorted()
        }
        for count in [1, 2, 3, 5, 7, 13, 59, 60, 61, 100] {
            for index in 1...count {
                let shard = Comparison.Shard(index: index, count: count)
                #expect(plan.cells(in: shard) == scan(shard), "\(shard)")
            }
        }
        #expect(plan.cells(in: Comparison.Shard(index: 1, count: .max)).count == 1)
        #expect(plan.cells(in: Comparison.Shard(index: .max, count: .max)).isEmpty)
    }

    /// The cell numbering is problem × start × solver, and rows name their start.
    @Test func cellsAndInstanceNames() throws {
        let plan = try Comparison.Plan(
            problems: ["mgh/beale", "rosenbrock"], solvers: Self.solvers, seeds: [4, 9], starts: 3)
        #expect(plan.cellCount == 2 * 2 * 3 * 3)
        let (instance, solver) = plan.cell(2 * 2 * 3 * 3 - 1)
        #expect(instance == Comparison.Instance(problem: 1, seed: 9, start: 2) && solver.label == "cg")
        #expect(
            plan.cell(4).instance == Comparison.Instance(problem: 0, seed: 4, start: 1)
                && plan.cell(4).solver.label == "bfgs")
        #expect(instance.label("rosenbrock") == "rosenbrock#seed9#start2")
        #expect(Comparison.Instance(problem: 0, seed: nil, start: 0).label("mgh/beale") == "mgh/beale")
        #expect(
            Comparison.Instance(problem: 0, seed: 3, start: 1).label("quadratic:n=5,cond=10,seed=3")
                == "quadratic:n=5,cond=10,seed=3#start1")
    }

    /// Merging the JSON Lines of N shards gives the unsharded rows, in order, field for field
    /// (timings aside), for N = 1, 3 and 7.
    @Test(arguments: [1, 3, 7]) func mergedShardsEqualTheUnshardedRun(count: Int) throws {
        BLASThreads.set(BLASThreads.defaultCount)
        let plan = try Self.plan()
        let whole = plan.run(options: Self.options, jobs: 2)
        let definition = Comparison.GridDefinition(plan: plan, lineSearch: nil, arguments: ["--gtol", "1e-6"])
        let provenance = Provenance.current()
        var inputs: [ComparisonMerge.Input] = []
        for k in 1...count {
            let shard = Comparison.Shard(index: k, count: count)
            let outcomes = plan.run(cells: plan.cells(in: shard), options: Self.options, jobs: 1)
            let text = outcomes.map {
                ComparisonRecord.line($0, plan: plan, definition: definition, shard: shard, provenance: provenance)
                    + "\n"
            }.joined()
            inputs.append(ComparisonMerge.Input(name: "shard-\(k).jsonl", text: text))
        }
        let merged = try ComparisonMerge(inputs.reversed(), allowPartial: false)
        #expect(merged.missing.isEmpty && merged.skipped == whole.skipped)
        try #require(merged.rows.count == whole.rows.count && whole.rows.count == plan.cellCount)
        for (a, b) in zip(merged.rows, whole.rows) {
            #expect(
                a.problem == b.problem && a.solver == b.solver && a.dimension == b.dimension && a.status == b.status
                    && a.detail == b.detail)
            #expect(
                a.iterations == b.iterations && a.valueEvaluations == b.valueEvaluations
                    && a.gradientEvaluations == b.gradientEvaluations)
            #expect(
                a.hessianEvaluations == b.hessianEvaluations && a.hessianVectorProducts == b.hessianVectorProducts
                    && a.hessianCost == b.hessianCost)
            #expect(
                a.value.bitPattern == b.value.bitPattern && a.gradientNorm.bitPattern == b.gradientNorm.bitPattern
                    && a.minimum == b.minimum)
            #expect(
                a.method == b.method && a.identity?.name == b.identity?.name && a.extras == b.extras && a.cost == b.cost
                    && a.solved == b.solved)
            #expect(
                a.trace.map(\.value) == b.trace.map(\.value)
                    && a.trace.map(\.valueEvaluations) == b.trace.map(\.valueEvaluations))
        }
        let lines = merged.lines.map { try? ComparisonRecord.decode($0).cell }
        #expect(lines == (0..<plan.cellCount).map { $0 })
    }

    static func records(_ plan: Comparison.Plan, arguments: [String] = [], cells: [Int]) -> String {
        let definition = Comparison.GridDefinition(plan: plan, lineSearch: nil, arguments: arguments)
        let outcomes = plan.run(cells: cells, options: Self.options, jobs: 1)
        return outcomes.map {
            ComparisonRecord.line(
                $0, plan: plan, definition: definition, shard: Comparison.Shard(index: 1, count: 1),
                provenance: .current()) + "\n"
        }.joined()
    }

    @Test func mergeRefusals() throws {
        let plan = try Comparison.Plan(problems: ["mgh/beale", "mgh/rosenbrock"], solvers: Self.solvers)
        let all = Self.records(plan, cells: Array(0..<6))
        let part = Self.records(plan, cells: [0, 1, 2])
        func message(_ inputs: [ComparisonMerge.Input], partial: Bool = false) -> String {
            do { _ = try ComparisonMerge(inputs, allowPartial: partial); return "" } catch { return error.message }
        }
        #expect(
            message([.init(name: "a", text: part)]).hasPrefix(
                "3 of 6 cells missing (a shard not given or not finished): mgh/rosenbrock × lbfgs; mgh/rosenbrock × "
                    + "bfgs; mgh/rosenbrock × cg"
            ))
        #expect(try ComparisonMerge([.init(name: "a", text: part)], allowPartial: true).missing.count == 3)
        #expect(
            message([.init(name: "a", text: all), .init(name: "b", text: part)]).hasPrefix(
                "cells given twice: mgh/beale × lbfgs (a:1 and b:1)"))
        let other = Self.records(plan, arguments: ["--gtol", "1e-3"], cells: [3])
        #expect(
            message([.init(name: "a", text: part), .init(name: "b", text: other)]).hasPrefix(
                "b:1: a row of another comparison"))
        #expect(
            message([.init(name: "a", text: "\n" + part + "{\"cell\": 1}\n")])
                == "a:5: not a row of compare --format jsonl: missing field grid")
        #expect(
            message([.init(name: "a", text: "[1]\n")])
                == "a:1: not a row of compare --format jsonl: expected a JSON object, found an array")
        #expect(message([.init(name: "a", text: "\n\n")]) == "no rows: the files hold no compare --format jsonl output")
        let outside = part.replacingOccurrences(of: "\"cell\":0,", with: "\"cell\":60,")
        #expect(
            message([.init(name: "a", text: outside)])
                == "a:1: not a row of compare --format jsonl: field cell: 60 is outside the grid's 6 cells")
    }

    @Test func randomStartsAreSeededAndWithinTheirRadius() {
        let x0 = [-1.2, 1, 0, 250]
        let a = RandomStart.point(around: x0, problem: "mgh/wood", seed: 0, index: 1)
        #expect(a == RandomStart.point(around: x0, problem: "mgh/wood", seed: 0, index: 1))
        #expect(a != RandomStart.point(around: x0, problem: "mgh/wood", seed: 0, index: 2))
        #expect(a != RandomStart.point(around: x0, problem: "mgh/wood", seed: 1, index: 1))
        #expect(a != RandomStart.point(around: x0, problem: "mgh/beale", seed: 0, index: 1))
        for (x, c) in zip(a, x0) { #expect(abs(x - c) <= 0.1 * max(1, abs(c)) && x != c) }
    }

    /// Moré–Wild: dₛ(κ) = share of problems passed within κ simplex gradients (n + 1 = 3 here),
    /// read off hand-made rows whose traces hold iteration 0 only (a run ending at f* = 0 passes
    /// at its whole cost); the axis ends at the largest budget spent, 40/3.
    @Test func dataProfileCountsProblemsSolvedWithinABudget() {
        let rows = [
            ComparisonTests.row("p", "a", evaluations: 10, seconds: 0, solved: true),
            ComparisonTests.row("q", "a", evaluations: 40, seconds: 0, solved: true),
            ComparisonTests.row("r", "a", evaluations: 5, seconds: 0, solved: false),
            ComparisonTests.row("p", "b", evaluations: 20, seconds: 0, solved: true),
            ComparisonTests.row("q", "b", evaluations: 30, seconds: 0, solved: false),
            ComparisonTests.row("r", "b", evaluations: 20, seconds: 0, solved: true),
        ]
        let chart = ComparisonReport(rows: rows, solvers: ["a", "b"], skipped: [], interrupted: false).dataProfile()
        let a = chart.series[0].points, b = chart.series[1].points
        let third: Double = 1.0 / 3, twoThirds: Double = 2.0 / 3
        let levels: [Double] = [0, 0, third, third, twoThirds, twoThirds]
        let ax: [Double] = a.map(\.x), ay: [Double] = a.map(\.y), bx: [Double] = b.map(\.x), by: [Double] = b.map(\.y)
        let k10 = 10.0 / 3, k20 = 20.0 / 3, k40 = 40.0 / 3
        #expect(ax == [0, k10, k10, k40, k40, k40] && ay == levels)
        #expect(bx == [0, k20, k20, k20, k20, k40] && by == levels)
    }

    /// The commit recorded is the checkout's HEAD (the test binary lives in its .build).
    @Test func provenanceNamesTheCheckoutsCommit() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "git", "-C", URL(fileURLWithPath: #filePath).deletingLastPathComponent().path, "rev-parse", "HEAD",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let head = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let provenance = Provenance.current()
        #expect(provenance.commit == head && head.count == 40)
        #expect(
            provenance.blasLibrary.hasPrefix("OpenBLAS") && provenance.blasThreads >= 1 && !provenance.cpuModel.isEmpty)
        #expect(provenance.date.hasSuffix("Z") && provenance.date.count == 20)
    }
}
