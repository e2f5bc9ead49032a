import Foundation
import Optim
import Problems
import Testing
@testable import Bench

/// The one result schema (`ResultRecord`): `run`'s JSON, `compare`'s rows and the JSON Lines of
/// shards are selections of one field table, so each reads back as the same record, extras
/// (OWL-QN's `l1`, L-BFGS-B's `active_set`) included, in their order.
@Suite struct ResultRecordTests {
    static func report(_ solver: String, _ assignments: [Assignment] = [], bounds: Bounds? = nil) throws -> RunReport {
        var problem = try ProblemRegistry.resolve("rosenbrock:n=4")
        problem.bounds = bounds
        return try PreparedRun(RunRequest(solver: solver, assignments: assignments, traceEvery: 1), problem: problem)
            .execute()
    }

    static func reports() throws -> [(String, RunReport)] {
        [("lbfgs", try report("lbfgs")), ("owlqn", try report("owlqn", [Assignment("l1", "0.5")])),
         ("lbfgsb", try report("lbfgsb", bounds: try Bounds(lower: [0, 0, 0, 0], upper: [0.5, 2, 2, 2])))]
    }

    /// `run`'s JSON read back by the reader `merge` uses gives the record it was written from:
    /// a comparison row of it is the run's own row, text for text, extras and trace included.
    @Test func runJSONReadsBackAsTheSameRecord() throws {
        for (name, report) in try Self.reports() {
            let text = report.json
            guard case .object(let object) = try JSON.parse(text) else {
                Issue.record("\(name): not an object"); continue
            }
            let read = try ResultRecord.decode(
                ComparisonRecord.Fields(object: object), label: nil, identity: report.identity, source: text)
            #expect(read.json(.comparisonRow) == report.record.json(.comparisonRow), "\(name)")
            #expect(
                read.value.bitPattern == report.result.value.bitPattern && read.iterations == report.result.iterations,
                "\(name)")
            #expect(read.trace.map(\.gradientNorm) == report.result.trace.map(\.gradientNorm), "\(name)")
            #expect(read.extras?.entries.map(\.name) == report.result.extras?.entries.map(\.name), "\(name)")
            #expect(read.csvLine(.comparisonCSV) == report.record.csvLine(.comparisonCSV), "\(name)")
        }
    }

    /// Extras are in `run`'s JSON only when the method produced them: OWL-QN's `l1` (F's terms,
    /// in the writer's order), L-BFGS-B's `active_set`; null for L-BFGS.
    @Test func extrasAreThereOnlyWhenTheMethodReportsThem() throws {
        let reports = Dictionary(uniqueKeysWithValues: try Self.reports())
        func extras(_ name: String) throws -> String? {
            guard case .object(let json) = try JSON.parse(try #require(reports[name]).json) else {
                Issue.record("not an object"); return nil
            }
            #expect(
                json["l1"] == nil && json["active_set"] == nil && json["extras"] != nil,
                "\(name): no top-level method fields")
            return json["extras"] == .null ? nil : try #require(reports[name]).record.json(.extras, .run)
        }
        #expect(try extras("lbfgs") == nil)
        let l1 = try #require(try extras("owlqn"))
        #expect(l1.hasPrefix(#"{"l1":{"lambda":0.5,"F":"#) && l1.contains(#","zeros":"#))
        let owlqn = try #require(reports["owlqn"]).result
        let terms = try #require(owlqn.extras?["l1"]?.record)
        #expect(terms["F"] == .real(owlqn.value))
        #expect(
            abs((terms["f"]?.real ?? .nan) + (terms["penalty"]?.real ?? .nan) - owlqn.value) <= 1e-15
                * max(1, abs(owlqn.value)))
        // On x₁ ≤ 0.5 Rosenbrock's x₁ ends on its bound: one active bound, the upper one of x[0].
        #expect(try extras("lbfgsb") == #"{"active_set":[{"index":0,"bound":"upper","value":0.5}]}"#)
    }

    /// The shard format carries the extras: merged rows have them as the unsharded rows do,
    /// with the members in the writer's order.
    @Test func shardLinesCarryTheExtrasToTheMerge() throws {
        let solvers = try Comparison.solvers("owlqn:l1=0.5,lbfgs,lbfgsb")
        let plan = try Comparison.Plan(problems: ["rosenbrock:n=4"], solvers: solvers,
                                       settings: ProblemSettings(bounds: BoundsSpec(lower: .all(-1), upper: .all(0.5))))
        let options = Options(maxIterations: 200, traceEvery: 1)
        let whole = plan.run(options: options, jobs: 1)
        #expect(whole.skipped.count == 2)   // owlqn and lbfgs take no bounds
        let free = try Comparison.Plan(problems: ["rosenbrock:n=4"], solvers: solvers)
        for (plan, count) in [(plan, 1), (free, 3)] {
            let definition = Comparison.GridDefinition(plan: plan, lineSearch: nil, arguments: [])
            let unsharded = plan.run(options: options, jobs: 1).rows
            let text = plan.run(cells: Array(0..<plan.cellCount), options: options, jobs: 1)
                .map {
                    ComparisonRecord.line(
                        $0, plan: plan, definition: definition, shard: Comparison.Shard(index: 1, count: 1),
                        provenance: .current())
                }
                .joined(separator: "\n")
            let merged = try ComparisonMerge(
                [ComparisonMerge.Input(name: "all.jsonl", text: text)], allowPartial: false)
            try #require(merged.rows.count == count && unsharded.count == count)
            for (a, b) in zip(merged.rows, unsharded) {
                // Timings aside, field for field.
                let timings = #""(objective_)?seconds":(\[[^\]]*\]|[^,}]*)"#
                #expect(a.json(.shard).replacingOccurrences(of: timings, with: "", options: .regularExpression)
                        == b.json(.shard).replacingOccurrences(of: timings, with: "", options: .regularExpression))
                #expect(a.extras?.entries.map(\.name) == b.extras?.entries.map(\.name))
            }
            let names = merged.rows.map { $0.extras?.entries.map(\.name) ?? [] }
            #expect(names == (count == 1 ? [["active_set"]] : [["l1"], [], []]))
            if count == 3 {
                let l1 = try #require(merged.rows[0].extras?["l1"]?.record)
                #expect(l1.entries.map(\.name) == ["lambda", "F", "f", "penalty", "zeros"])
                #expect(l1["F"]?.real == merged.rows[0].value)
            }
        }
    }

    /// The formats are selections of one table: every field a format names is the table's, the
    /// CSV header is its field names, and `run`'s JSON has exactly the `run` format's members
    /// and `provenance` (but `history`, which a run without --record-values leaves out).
    @Test func formatsAreSelectionsOfTheOneTable() throws {
        #expect(
            ComparisonReport.csvHeader
                == "problem,dimension,label,solver,status,solved,iterations,f_evaluations,gradient_evaluations,"
                + "hessian_evaluations,hessian_vector_products,jacobian_evaluations,cost,f,f_minimum,gradient_norm,"
                    + "seconds,objective_seconds,blas_threads,detail"
        )
        let report = try Self.report("lbfgs")
        guard case .object(let object) = try JSON.parse(report.json) else { Issue.record("not an object"); return }
        // `history` only with --record-values
        #expect(Set(object.keys) == Set(ResultRecord.Format.run.fields.map(\.rawValue) + ["provenance"])
            .subtracting(["history"]))
        for format in [ResultRecord.Format.run, .comparisonRow, .comparisonCSV, .shard] {
            #expect(Set(format.fields).count == format.fields.count)
        }
    }
}
