import Foundation
import Optim
import Problems

/// A finished run of one solver on one problem, and its renderings: a human text report
/// (trace table + summary), JSON (the whole result, trace included) and CSV (the trace).
public struct RunReport {
    public let problem: TestProblem
    public let result: OptimizationResult

    /// The problem's own measures of the result (e.g. a network's accuracy), computed once.
    public let metrics: [(name: String, value: Double)]
    /// OpenBLAS's thread count when the report was made (the run's: see `BLASThreads`).
    public let blasThreads: Int

    /// The solver's short name and options (nil when the report was made from a bare result).
    public let identity: SolverIdentity?

    public init(problem: TestProblem, result: OptimizationResult, identity: SolverIdentity? = nil) {
        self.problem = problem
        self.result = result
        self.identity = identity
        metrics = problem.metrics?(result.x) ?? []
        blasThreads = BLASThreads.current
    }

    /// Why the run stopped, in detail, with advice where there is some: a line search that
    /// fails on another process's function most often meets a wrong gradient.
    public var detail: String? {
        guard result.status == .lineSearchFailed, problem.isExternal, problem.gradientSource == nil else {
            return result.detail
        }
        let advice =
            "if the program's gradient may be wrong, check it: optbench check-grad --problem "
                + "\(ShellWords.quote(problem.name)) --x0 …"
        return (result.detail.map { $0 + "; " } ?? "") + advice
    }

    static func formatMetric(_ name: String, _ value: Double) -> String {
        if name == "parameters" { return String(Int(value)) }
        if name.hasSuffix("accuracy") { return String(format: "%.4f  (%.2f%%)", value, 100 * value) }
        return String(format: "%.6g", value)
    }

    /// ‖x − x*‖/max(1, ‖x*‖) when x* is known (not for f + λ‖x‖₁, whose minimizer is not f's).
    public var distanceToMinimizer: Double? { result.minimizesProblem ? problem.distanceToMinimizer(result.x) : nil }

    /// f − f* when f* is known (not for f + λ‖x‖₁, whose minimum is not f's).
    public var gap: Double? { result.minimizesProblem ? problem.minimum.map { result.value - $0 } : nil }

    // MARK: Text

    /// The header line of the trace table.
    public static let traceHeader = [
        ("iter", 6), ("f", 16), ("‖∇f‖∞", 12), ("step", 11), ("f evals", 8), ("∇f evals", 8), ("seconds", 10),
    ]
    .map { padLeft($0.0, $0.1) }.joined(separator: " ")

    /// One row of the trace table.
    public static func traceRow(_ e: TraceEntry) -> String {
        let step = e.iteration == 0 ? "" : String(format: "%.3e", e.stepLength)
        return String(format: "%6d %16.9e %12.5e ", e.iteration, e.value, e.gradientNorm) + padLeft(step, 11)
            + String(format: " %8d %8d %10.4f", e.valueEvaluations, e.gradientEvaluations, e.seconds)
            + (e.violation.map { String(format: " %11.3e", $0) } ?? "")
    }

    /// The lines before the trace (a constrained problem's trace has the violation last, and
    /// its ‖∇f‖∞ column is the solver's KKT measure).
    public static func preamble(problem: TestProblem, solver: String) -> String {
        let constrained = problem.constraints.map {
            "constraints \($0.count) (\($0.isLinear.filter { $0 }.count) linear)\n"
        } ?? ""
        let header = problem.constraints == nil ? traceHeader
            : traceHeader.replacingOccurrences(of: "      ‖∇f‖∞", with: "        KKT") + " " + padLeft("violation", 11)
        return "problem  \(problem.name)  (n = \(problem.dimension))\n\(constrained)solver   \(solver)\n\n\(header)"
    }

    /// The summary block after the trace.
    public var summary: String {
        var lines = [
            "",
            "status        \(result.status.rawValue) — \(result.status.explanation)",
        ]
        if let detail { lines.append("detail        \(detail)") }
        lines.append("iterations    \(result.iterations)")
        if let l1 = result.extras?["l1"]?.record {
            lines.append(String(format: "F             %.12e  (f + λ‖x‖₁)", result.value))
            lines.append(String(format: "f             %.12e", l1["f"]?.real ?? .nan))
            lines.append(
                String(format: "λ‖x‖₁         %.12e", l1["penalty"]?.real ?? .nan)
                    + "  (λ = \(NumberStyle.format(l1["lambda"]?.real ?? .nan)))")
            lines.append("zeros         \(l1["zeros"]?.integer ?? 0) of \(result.x.count) coordinates are exactly 0")
            lines.append(String(format: "‖◇F‖∞         %.3e  (minimum-norm subgradient of F)", result.gradientNorm))
        } else {
            lines.append(String(format: "f             %.12e", result.value))
            if let gap { lines.append(String(format: "f − f*        %.3e", gap)) }
            if let c = result.constraints {
                lines += Self.constraintLines(c, bounded: problem.bounds != nil)
            } else if result.gradientNorm.isNaN && result.gradientEvaluations == 0 {
                lines.append("‖∇f‖∞         —  (derivative-free: ∇f never evaluated)")
            } else {
                lines.append(
                    String(
                        format: problem.bounds == nil
                            ? "‖∇f‖∞         %.3e" : "‖P(x−∇f)−x‖∞  %.3e  (projected gradient)",
                        result.gradientNorm))
            }
        }
        if let distanceToMinimizer {
            lines.append(String(format: "‖x − x*‖      %.3e  (relative to max(1, ‖x*‖))", distanceToMinimizer))
        }
        let hessians =
            (result.hessianEvaluations > 0 ? ", ∇²f \(result.hessianEvaluations)" : "")
            + (result.hessianVectorProducts > 0 ? ", Hv \(result.hessianVectorProducts)" : "")
            + (result.jacobianEvaluations > 0 ? ", J \(result.jacobianEvaluations)" : "")
        let differenced = result.differenceEvaluations > 0 ? " (\(result.differenceEvaluations) in differences)" : ""
        lines.append(
            "evaluations   f \(result.valueEvaluations)\(differenced), ∇f \(result.gradientEvaluations)\(hessians)")
        if let source = problem.gradientSource { lines.append("∇f            \(source)") }
        if let inside = result.objectiveSeconds {
            lines.append(
                String(format: "time          %.4f s  (objective ", result.seconds) + Self.seconds(inside)
                    + " s, solver "
                    + Self.seconds(max(0, result.seconds - inside)) + " s; BLAS threads: \(blasThreads))")
        } else {
            lines.append(String(format: "time          %.4f s  (BLAS threads: %d)", result.seconds, blasThreads))
        }
        lines += boundsLines
        let shown = result.x.prefix(6).map { String(format: "%.8g", $0) }.joined(separator: ", ")
        lines.append("x             [\(shown)\(result.x.count > 6 ? ", … (\(result.x.count) elements)" : "")]")
        if let names = problem.variables {
            lines.append("variables     \(names.prefix(6).joined(separator: ", "))\(names.count > 6 ? ", …" : "")")
        }
        for (name, value) in metrics {
            lines.append(name + String(repeating: " ", count: max(1, 14 - name.count)) + Self.formatMetric(name, value))
        }
        return lines.joined(separator: "\n")
    }

    /// The summary lines of a constrained run: the measures, λ and c(x) (the first six), counts.
    static func constraintLines(_ c: ConstraintOutcome, bounded: Bool) -> [String] {
        func shown(_ v: [Double]) -> String {
            "[" + v.prefix(6).map { String(format: "%.8g", $0) }.joined(separator: ", ")
                + (v.count > 6 ? ", … (\(v.count) elements)" : "") + "]"
        }
        return [
            String(format: "violation     %.3e  (max over %d constraints of max(l − c, c − u, 0))", c.violation,
                   c.values.count),
            String(format: "KKT           %.3e  (", c.stationarity)
                + (bounded ? "‖P(x − ∇L) − x‖∞" : "‖∇f + Jᵀλ‖∞") + " with L = f + λᵀc)",
            String(format: "complementarity %.3e", c.complementarity),
            "λ             \(shown(c.multipliers))",
            "c(x)          \(shown(c.values))",
            "constraints   c \(c.evaluations), Jᵀw \(c.jacobianProducts), J \(c.jacobianEvaluations) evaluations"
                + (c.hessianProducts > 0 ? ", Σwᵢ∇²cᵢv \(c.hessianProducts) products" : ""),
        ]
    }

    /// The whole text report (preamble, every trace row recorded, summary).
    public var text: String {
        ([Self.preamble(problem: problem, solver: result.solver)] + result.trace.map(Self.traceRow) + [summary])
            .joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    /// The run as the one result record (`ResultRecord`), with the fields only a run has.
    public var record: ResultRecord {
        var record = ResultRecord(
            problem: problem, result: result, solver: identity?.name ?? result.solver, identity: identity)
        record.detail = detail
        record.minimum = problem.minimum
        record.blasThreads = blasThreads
        record.run = ResultRecord.RunFields(
            variables: problem.variables, distanceToMinimizer: distanceToMinimizer,
            gradientSource: problem.gradientSource, differenceEvaluations: result.differenceEvaluations,
            metrics: metrics,
            startProjected: problem.bounds == nil ? nil : problem.startIsOutsideBounds, x: result.x)
        return record
    }

    /// The whole result as one JSON object: the record's `run` format and `provenance`. Field
    /// names are stable (see docs/commands.md).
    public var json: String {
        JSONWriter.object(
            record.jsonMembers(.run) + [("provenance", JSONWriter.object(Provenance.current().jsonMembers))]) + "\n"
    }

    // MARK: CSV

    public static let csvHeader =
        "iteration,f,gradient_norm,step,f_evaluations,gradient_evaluations,seconds,blas_threads,status"

    /// The trace as CSV with a header row; `step` is empty at iteration 0 (no step taken yet),
    /// `blas_threads` (the run's) is on every row and `status` is filled on the last row only
    /// (why the run stopped there).
    /// A constrained run has a `violation` column before `status`.
    public var csv: String {
        let constrained = result.constraints != nil
        var out = (constrained ? Self.csvHeader.replacingOccurrences(of: ",status", with: ",violation,status")
            : Self.csvHeader) + "\n"
        for (i, e) in result.trace.enumerated() {
            let step = e.iteration == 0 ? "" : Self.csvNumber(e.stepLength)
            let status = i == result.trace.count - 1 ? result.status.rawValue : ""
            let violation = constrained ? (e.violation.map(Self.csvNumber) ?? "") + "," : ""
            out +=
                "\(e.iteration),\(Self.csvNumber(e.value)),\(Self.csvNumber(e.gradientNorm)),\(step),"
                    + "\(e.valueEvaluations),\(e.gradientEvaluations),"
                + "\(Self.csvNumber(Self.roundedSeconds(e.seconds))),\(blasThreads),\(violation)\(status)\n"
        }
        return out
    }

    /// `s` right-aligned in `width` characters.
    static func padLeft(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }

    /// Seconds as people read them, in one decimal style: microseconds below 1 s (0.000065,
    /// 0.012345), milliseconds up to 100 s (1.234), tenths beyond (123.4).
    public static func seconds(_ t: Double) -> String {
        guard t.isFinite else { return "—" }
        if t >= 100 { return String(format: "%.1f", t) }
        if t >= 1 { return String(format: "%.3f", t) }
        return String(format: "%.6f", t)
    }

    /// Seconds for machines: microsecond resolution, no binary noise (0.001837, not 0.0018367770000000002).
    public static func roundedSeconds(_ t: Double) -> Double { (t * 1e6).rounded() / 1e6 }

    static func csvNumber(_ v: Double) -> String { v.isFinite ? "\(v)" : (v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf")) }
}

extension OptimizationResult {
    /// Whether the run minimized the problem's own f, so that f* and x* apply: not when the
    /// method added a term of its own (OWL-QN's λ‖x‖₁, reported as the extras' `l1`).
    public var minimizesProblem: Bool { extras?["l1"] == nil }
}
