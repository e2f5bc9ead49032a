import Foundation
import Optim
import Problems

/// `optbench hessian`: runs BFGS, L-BFGS or SR1 and, at every k-th iterate, compares its inverse
/// Hessian approximation Hₖ (for SR1, Bₖ⁻¹) with the true ∇²f(xₖ)⁻¹ (`InverseHessianComparison`). ∇²f is the
/// problem's analytic Hessian, or central differences of its gradient when it has none. The
/// diagnostics evaluate the problem outside the solver's counted objective, so the run's
/// evaluation counts are those of the solver alone.
public enum HessianDiagnostics {
    /// Dense work is n² memory and n³ time per recorded iterate.
    public static let maxDimension = 2000

    public struct Row: Sendable {
        public let iteration: Int
        public let value: Double
        public let gradientNorm: Double
        public let comparison: InverseHessianComparison
    }

    public struct Report {
        public let problem: TestProblem
        public let result: OptimizationResult
        public let rows: [Row]
        /// How ∇²f was obtained.
        public let hessianSource: String
        /// OpenBLAS's thread count during the run (see `BLASThreads`).
        public let blasThreads: Int
    }

    public enum Failure: Error {
        case request(RequestError)
        case tooLarge(Int)
        case run(MinimizeError)
        case linearAlgebra(LinalgError)

        /// One line for people, parameter keys spelled by `spelling`.
        public func message(spelling: (String) -> String) -> String {
            switch self {
            case .request(let e): e.message(spelling: spelling)
            case .tooLarge(let n): "hessian diagnostics work densely: n = \(n) is above the limit \(maxDimension)"
            case .run(let e): e.description
            case .linearAlgebra(let e): "linear algebra failed: \(e)"
            }
        }
    }

    /// Runs a quasi-Newton solver on `problem` and compares its Hₖ with ∇²f⁻¹ along the way.
    /// - Parameters:
    ///   - request: the solver, its line search and parameters, and the stopping rules (keys
    ///     of `StoppingRules`); training parameters are refused.
    ///   - every: record iterate k when k is a multiple of `every` (and always the last).
    ///   - stop: asked after every iteration; true ends the run as `interrupted` (Ctrl-C).
    ///   - threads: the run's threads (`Options.threads`, OpenBLAS's count).
    public static func run(
        problem: TestProblem, request: SolverRequest, every: Int, threads: Int = Options().threads,
        stop: @escaping () -> Bool = { false }
    ) throws(Failure) -> Report {
        guard every >= 1 else {
            throw .request(.invalidValue(key: "every", value: String(every), expected: "an integer ≥ 1"))
        }
        let stoppingKeys = Set(StoppingRules.parameters.map(\.key))
        var solverRequest = request
        solverRequest.assignments = request.assignments.filter { !stoppingKeys.contains($0.key) }
        let choice: SolverChoice
        var options: Options
        do throws(RequestError) {
            for a in solverRequest.assignments where TrainingSchedule.parameters.contains(where: { $0.key == a.key }) {
                throw RequestError.trainingNotAvailable(key: a.key, command: "hessian")
            }
            choice = try SolverCatalog.resolve(solverRequest)
            guard choice.descriptor.approximatesInverseHessian else {
                throw RequestError.noInverseHessian(solver: request.solver)
            }
            if let refusal = choice.refusal(for: problem) { throw refusal }
            options = try StoppingRules.options(
                from: request.assignments.filter { stoppingKeys.contains($0.key) }, traceEvery: 0,
                command: "hessian")
        } catch {
            throw .request(error)
        }
        guard problem.dimension <= maxDimension else { throw .tooLarge(problem.dimension) }
        options.threads = threads
        BLASThreads.set(threads)
        guard let quasiNewton = choice.makeSolver() as? any QuasiNewtonSolver else {
            throw .request(.noInverseHessian(solver: request.solver))
        }
        return try diagnose(problem: problem, solver: quasiNewton, options: options, every: every, stop: stop)
    }

    private static func diagnose<S: QuasiNewtonSolver>(problem: TestProblem, solver: S, options: Options, every: Int,
                                                       stop: @escaping () -> Bool) throws(Failure) -> Report {
        var solver = solver
        let n = problem.dimension
        let exactHessian = problem.objective as? any HessianObjective
        var rows: [Row] = []
        var failure: LinalgError?
        var lastRecorded = -1
        func record(_ state: IterationState, _ solver: S) {
            guard failure == nil else { return }
            let x = state.x.array
            let hessian: Matrix
            if let exactHessian {
                var elements = [Double](repeating: 0, count: n * n)
                x.withUnsafeBufferPointer { xb in
                    elements.withUnsafeMutableBufferPointer { exactHessian.hessian(at: xb, into: $0) }
                }
                hessian = Matrix(rows: n, columns: n, elements: elements)
            } else {
                hessian = centralDifferenceHessian(problem.objective, at: x)
            }
            do {
                let comparison = try InverseHessianComparison(
                    approximation: solver.materializedInverseHessian(dimension: n), hessian: hessian)
                rows.append(
                    Row(
                        iteration: state.iteration, value: state.value, gradientNorm: state.gradient.maxAbs,
                        comparison: comparison))
                lastRecorded = state.iteration
            } catch {
                failure = error
            }
        }
        var lastState: IterationState?
        let result: OptimizationResult
        do {
            result = try minimize(
                problem.objective, from: problem.start, bounds: problem.bounds, using: &solver, options: options,
                inspect: { state, solver in
                    lastState = state
                    if state.iteration % every == 0 { record(state, solver) }
                }, callback: { _ in stop() ? .interrupt : .proceed })
        } catch {
            throw .run(error)
        }
        if let state = lastState, lastRecorded != result.iterations { record(state, solver) }
        if let failure { throw .linearAlgebra(failure) }
        return Report(
            problem: problem, result: result, rows: rows,
            hessianSource: exactHessian?.hessianSource ?? "central differences of the gradient",
            blasThreads: BLASThreads.current)
    }
}

extension HessianDiagnostics.Report {
    private func cells(_ row: HessianDiagnostics.Row) -> (error: String, low: String, high: String, inertia: String) {
        let c = row.comparison
        func triple(_ t: (positive: Int, negative: Int, zero: Int)) -> String {
            "(\(t.positive), \(t.negative), \(t.zero))"
        }
        let hessianCell = triple(c.hessianInertia)
        let inertia =
            hessianCell + String(repeating: " ", count: max(0, 23 - hessianCell.count)) + triple(c.approximationInertia)
        // No inverse: ∇²f is indefinite (a negative eigenvalue) or singular (positive semidefinite with zeros).
        return (
            c.relativeError.map { String(format: "%.3e", $0) }
                ?? (c.hessianInertia.negative > 0 ? "indefinite" : "singular"),
            c.productEigenvalues.map { String(format: "%.4g", $0.min) } ?? "—",
            c.productEigenvalues.map { String(format: "%.4g", $0.max) } ?? "—", inertia
        )
    }

    /// A table, one row per recorded iterate, and the run's summary.
    public var text: String {
        var lines = [
            "problem  \(problem.name)  (n = \(problem.dimension))",
            "solver   \(result.solver)",
            "∇²f      \(hessianSource)",
            "",
            "  iter                f        ‖∇f‖∞  ‖H−∇²f⁻¹‖/‖∇²f⁻¹‖  λmin(H∇²f)  λmax(H∇²f)     κ(∇²f)        κ(H)  "
                + "inertia ∇²f (+, −, 0)  inertia H",
        ]
        for row in rows {
            let c = cells(row)
            lines.append(
                String(format: "%6d %16.9e %12.5e ", row.iteration, row.value, row.gradientNorm)
                    + RunReport.padLeft(c.error, 18) + " " + RunReport.padLeft(c.low, 11) + " "
                    + RunReport.padLeft(c.high, 11)
                    + String(
                        format: " %10.3e  %10.3e  ", row.comparison.hessianCondition,
                        row.comparison.approximationCondition) + c.inertia)
        }
        lines.append("")
        lines.append("status        \(result.status.rawValue) — \(result.status.explanation)")
        if let detail = result.detail { lines.append("detail        \(detail)") }
        lines.append(
            "iterations    \(result.iterations), evaluations f \(result.valueEvaluations), ∇f "
                + "\(result.gradientEvaluations)"
        )
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: String {
        typealias W = JSONWriter
        let rowsJSON =
            "["
            + rows.map { row in
                let c = row.comparison
                return W.object([
                    ("iteration", String(row.iteration)), ("f", W.number(row.value)),
                    ("gradient_norm", W.number(row.gradientNorm)),
                    ("relative_error", c.relativeError.map(W.number) ?? "null"),
                    ("product_eigenvalue_min", c.productEigenvalues.map { W.number($0.min) } ?? "null"),
                    ("product_eigenvalue_max", c.productEigenvalues.map { W.number($0.max) } ?? "null"),
                    ("hessian_condition", W.number(c.hessianCondition)),
                    ("approximation_condition", W.number(c.approximationCondition)),
                    (
                        "hessian_inertia",
                        "[\(c.hessianInertia.positive),\(c.hessianInertia.negative),\(c.hessianInertia.zero)]"
                    ),
                    (
                        "approximation_inertia",
                        "[\(c.approximationInertia.positive),\(c.approximationInertia.negative),"
                            + "\(c.approximationInertia.zero)]"
                    ),
                ])
            }.joined(separator: ",") + "]"
        return W.object([
            ("problem", W.string(problem.name)), ("dimension", String(problem.dimension)),
            ("solver", W.string(result.solver)),
            ("hessian", W.string(hessianSource)),
            ("status", W.string(result.status.rawValue)), ("detail", result.detail.map(W.string) ?? "null"),
            ("iterations", String(result.iterations)),
            ("f_evaluations", String(result.valueEvaluations)),
            ("gradient_evaluations", String(result.gradientEvaluations)),
            ("blas_threads", String(blasThreads)), ("rows", rowsJSON),
        ]) + "\n"
    }

    public var csv: String {
        var out =
            "iteration,f,gradient_norm,relative_error,product_eigenvalue_min,product_eigenvalue_max,hessian_condition,"
                + "approximation_condition,inertia_positive,inertia_negative,inertia_zero,"
                    + "approximation_inertia_positive,approximation_inertia_negative,approximation_inertia_zero\n"
        for row in rows {
            let c = row.comparison
            let fields: [String] = [
                String(row.iteration), RunReport.csvNumber(row.value), RunReport.csvNumber(row.gradientNorm),
                c.relativeError.map(RunReport.csvNumber) ?? "",
                c.productEigenvalues.map { RunReport.csvNumber($0.min) } ?? "",
                c.productEigenvalues.map { RunReport.csvNumber($0.max) } ?? "", RunReport.csvNumber(c.hessianCondition),
                RunReport.csvNumber(c.approximationCondition), String(c.hessianInertia.positive),
                String(c.hessianInertia.negative),
                String(c.hessianInertia.zero), String(c.approximationInertia.positive),
                String(c.approximationInertia.negative),
                String(c.approximationInertia.zero),
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The relative error against the iteration (iterates where ∇²f is not positive definite are gaps).
    public var chart: LineChart {
        let gaps = rows.contains { $0.comparison.relativeError == nil }
        return LineChart(
            title:
                "\(result.solver.split(separator: "+").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "") on "
                    + "\(problem.name)",
            xLabel: "iteration", yLabel: "‖H − ∇²f⁻¹‖_{F} / ‖∇²f⁻¹‖_{F}",
            series: [
                LineChart.Series(
                    label: "relative error",
                    points: rows.map { row in
                        (Double(row.iteration), row.comparison.relativeError ?? .nan)
                    })
            ],
            note: gaps ? "gaps: iterates where ∇²f is not positive definite (no inverse)" : nil, integerX: true,
            emptyMessage: rows.isEmpty
                ? "no data to draw: no iterate was recorded"
                : "no data to draw: ∇²f is not positive definite at any recorded iterate (no inverse)")
    }
}
