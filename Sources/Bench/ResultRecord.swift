import Foundation
import Optim
import Problems

/// The one result schema: a run's result as every report writes it — `run`'s JSON, the rows of
/// `compare`'s JSON, CSV, text and Markdown tables, the JSON Lines of shards and what `merge`
/// reads back. Each format is an ordered selection of `Field`s (`Format`), and each field is
/// encoded, and decoded, in one place; what only a method reports is the one `extras` object.
/// docs/commands.md's "JSON output of `run`" section documents the fields.
public struct ResultRecord: Sendable {
    /// The problem's name, with the seed and start of its instance when a grid has several.
    public internal(set) var problem: String
    public let dimension: Int
    /// The entry as given (`lbfgs:memory=5`): the key of a comparison's summary and profiles;
    /// for a single run, the solver's short name (or its summary when it has no identity).
    public let solver: String
    /// The solver's name, its options and line search (nil for a report made from a bare result).
    public let identity: SolverIdentity?
    /// The method in prose ("L-BFGS (m = 10) + Moré–Thuente …").
    public var method: String
    public let status: Status
    /// Why the run stopped, in detail, when there is more to say than the status.
    public internal(set) var detail: String?
    public let iterations: Int
    public let valueEvaluations: Int
    public let gradientEvaluations: Int
    public let hessianEvaluations: Int
    public let hessianVectorProducts: Int
    /// Dense Jacobians of the residuals (Gauss–Newton, LM).
    public var jacobianEvaluations = 0
    /// What one dense Hessian costs in the cost model (see `cost`).
    public let hessianCost: Int
    public let value: Double
    /// f*, when the problem knows it (in a comparison's row only when the run minimized the
    /// problem's own f: `solved` is judged against it).
    public internal(set) var minimum: Double?
    public let gradientNorm: Double
    public let seconds: Double
    /// Of `seconds`, those spent inside the objective (nil: not measured).
    public var objectiveSeconds: Double?
    public let trace: [TraceEntry]
    /// OpenBLAS's thread count during the run (see `BLASThreads`).
    public var blasThreads = BLASThreads.defaultCount
    /// What only the method reports (OWL-QN's `l1`, L-BFGS-B's `active_set`), or nil.
    public var extras: ResultExtras?
    /// A constrained run's constraint report (`ConstraintOutcome`), or nil.
    public var constraints: ConstraintOutcome?
    /// Every f the run evaluated and the count at each (`--record-values`), or nil: then the
    /// formats leave the `history` member out.
    public var history: ValueHistory?
    /// What a single run reports beyond a comparison's row (nil in rows).
    public var run: RunFields?

    /// The fields of `run`'s report that a comparison's row leaves out.
    public struct RunFields: Sendable {
        public var variables: [String]?
        public var distanceToMinimizer: Double?
        public var gradientSource: String?
        /// Of the f evaluations, those inside differenced gradients.
        public var differenceEvaluations = 0
        public var metrics: [(name: String, value: Double)]
        /// Whether x₀ was outside the box (nil: no bounds).
        public var startProjected: Bool?
        public var x: [Double]
    }

    /// f − f*, when f* is known.
    public var gap: Double? { minimum.map { value - $0 } }
    /// τ of the solved test (`Comparison.isSolved`; `compare --tau`).
    public var tau = Comparison.solvedTolerance
    /// f(x₀), from the trace's iteration 0 (nil when the record has no trace).
    public var startValue: Double? { trace.first.flatMap { $0.iteration == 0 ? $0.value : nil } }
    /// f_L where f* is unknown: the lowest f any run of the comparison reached (set by
    /// `ComparisonReport`; nil in a single run: then a converged run is solved).
    public var lowest: Double?
    /// `solved` as a report recorded it, for a row read back without its trace (a row of
    /// `compare --format json` without `--trace`): f(x₀) is then unknown and the test cannot be
    /// redone. nil: the test is done here.
    public var recordedSolved: Bool?
    public var solved: Bool {
        recordedSolved
            ?? Comparison.isSolved(
                converged: status.isConverged, start: startValue, value: value, minimum: minimum ?? lowest, tau: tau,
                violation: constraints?.violation)
    }
    /// The evaluation cost the profiles, means and wins use, in gradient-evaluation
    /// equivalents: f evaluations + ∇f evaluations + Hessian-vector products (Gauss–Newton
    /// products Jᵀ(Jv) among them, each a forward and a backward pass) + `hessianCost`
    /// per dense Hessian (see `Comparison.hessianCost`) + n per Jacobian of the residuals (it
    /// is worth its n columns Jeⱼ, each a directional derivative, the price of a gradient by
    /// forward mode; MINPACK's own accounting, n residual evaluations per differenced J, agrees).
    public var cost: Int {
        valueEvaluations + gradientEvaluations + hessianVectorProducts + hessianEvaluations * hessianCost
            + jacobianEvaluations * dimension
    }

    /// The row of `result`, a run of the solver `entry` on `problem`.
    public init(problem: TestProblem, entry: Comparison.SolverEntry, result: OptimizationResult) {
        self.init(problem: problem, result: result, solver: entry.label, identity: entry.choice.identity)
    }

    /// The record of `result` on `problem` (`solver`: the label; `identity` nil for a bare result).
    public init(problem: TestProblem, result: OptimizationResult, solver: String, identity: SolverIdentity?) {
        self.init(
            problem: problem.name, dimension: problem.dimension, solver: solver, identity: identity,
            status: result.status, detail: result.detail,
            iterations: result.iterations, valueEvaluations: result.valueEvaluations,
            gradientEvaluations: result.gradientEvaluations,
            hessianEvaluations: result.hessianEvaluations, hessianVectorProducts: result.hessianVectorProducts,
            hessianCost: Comparison.hessianCost(of: problem.objective), value: result.value,
            minimum: result.minimizesProblem ? problem.minimum : nil, gradientNorm: result.gradientNorm,
            seconds: result.seconds, trace: result.trace)
        if identity == nil { method = result.solver }
        jacobianEvaluations = result.jacobianEvaluations
        objectiveSeconds = result.objectiveSeconds
        extras = result.extras
        constraints = result.constraints
        history = result.valueHistory
    }

    public init(
        problem: String, dimension: Int, solver: String, identity: SolverIdentity?, status: Status, detail: String?,
        iterations: Int,
        valueEvaluations: Int, gradientEvaluations: Int, hessianEvaluations: Int, hessianVectorProducts: Int,
        hessianCost: Int,
        value: Double, minimum: Double?, gradientNorm: Double, seconds: Double, trace: [TraceEntry]
    ) {
        self.problem = problem
        self.dimension = dimension
        self.solver = solver
        self.identity = identity
        method = identity?.method ?? solver
        self.status = status
        self.detail = detail
        self.iterations = iterations
        self.valueEvaluations = valueEvaluations
        self.gradientEvaluations = gradientEvaluations
        self.hessianEvaluations = hessianEvaluations
        self.hessianVectorProducts = hessianVectorProducts
        self.hessianCost = hessianCost
        self.value = value
        self.minimum = minimum
        self.gradientNorm = gradientNorm
        self.seconds = seconds
        self.trace = trace
    }

    // MARK: The field table

    /// Every field a result can have, in the canonical order of the JSON formats; the raw value
    /// is the name every format uses (JSON member, CSV column).
    public enum Field: String, CaseIterable, Sendable {
        case problem, dimension, variables, label, solver, options
        case lineSearch = "line_search", lineSearchOptions = "line_search_options", method
        case status, converged, detail, solved, iterations
        case f, fMinimum = "f_minimum", gradientNorm = "gradient_norm", distanceToMinimizer = "distance_to_minimizer"
        case fEvaluations = "f_evaluations", gradientEvaluations = "gradient_evaluations", hessianEvaluations =
            "hessian_evaluations"
        case differenceEvaluations = "difference_evaluations"
        case hessianVectorProducts = "hessian_vector_products", jacobianEvaluations = "jacobian_evaluations"
        case hessianCost = "hessian_cost", cost
        case gradientSource = "gradient_source", seconds, objectiveSeconds = "objective_seconds", blasThreads =
            "blas_threads"
        case metrics, startProjected = "start_projected", extras, x, trace, history
        case constraints
        /// The constraint violation at x (`ConstraintOutcome.violation`), a column of constrained comparisons.
        case violation
    }

    /// One format: which fields, in which order, and how times and the trace are written.
    public struct Format: Sendable {
        public let fields: [Field]
        /// Seconds to the microsecond (reports), or exact (shards, so that a merge computes
        /// what the unsharded comparison did).
        public let roundsSeconds: Bool
        /// The trace as one object per iteration (`run`), or column by column (shards).
        public let traceByColumns: Bool

        /// `run --format json` (the caller appends `provenance`).
        public static let run = Format(
            fields: [
                .problem, .dimension, .variables, .solver, .options, .lineSearch, .lineSearchOptions, .method, .status,
                .converged, .detail,
                .iterations, .f, .fMinimum, .gradientNorm, .distanceToMinimizer, .fEvaluations, .gradientEvaluations,
                .differenceEvaluations, .hessianEvaluations,
                .hessianVectorProducts, .jacobianEvaluations, .gradientSource, .seconds, .objectiveSeconds,
                .blasThreads, .metrics,
                .startProjected, .extras, .constraints, .x, .trace, .history,
            ], roundsSeconds: true, traceByColumns: false)

        /// A row of `compare --format json`.
        public static let comparisonRow = Format(
            fields: [
                .problem, .dimension, .label, .solver, .options, .lineSearch, .lineSearchOptions, .method, .status,
                .detail, .solved,
                .iterations, .fEvaluations, .gradientEvaluations, .hessianEvaluations, .hessianVectorProducts,
                .jacobianEvaluations, .cost,
                .f, .fMinimum, .gradientNorm, .seconds, .objectiveSeconds, .blasThreads, .extras, .constraints,
            ], roundsSeconds: true, traceByColumns: false)

        /// A row of `compare --format json --trace`: `comparisonRow` with the dense Hessian's cost
        /// and the trace (column by column), from which `optbench report` redoes the solved test,
        /// the data profile and the convergence plots.
        public static let comparisonRowTraced = Format(
            fields: comparisonRow.fields + [.hessianCost, .trace, .history], roundsSeconds: true,
            traceByColumns: true)

        /// A row of `compare --format csv` (`detail` last: it is the long one).
        public static let comparisonCSV = Format(
            fields: [
                .problem, .dimension, .label, .solver, .status, .solved, .iterations, .fEvaluations,
                .gradientEvaluations, .hessianEvaluations,
                .hessianVectorProducts, .jacobianEvaluations, .cost, .f, .fMinimum, .gradientNorm, .seconds,
                .objectiveSeconds, .blasThreads, .detail,
            ], roundsSeconds: true, traceByColumns: false)

        /// A row of `compare --format csv` when a problem has constraints: `violation` before `detail`.
        public static let comparisonCSVConstrained = Format(
            fields: comparisonCSV.fields.dropLast() + [.violation, .detail], roundsSeconds: true,
            traceByColumns: false)

        /// The result part of a `compare --format jsonl` line (after the cell and grid members,
        /// before `provenance`); `merge` reads exactly these back.
        public static let shard = Format(
            fields: [
                .problem, .dimension, .solver, .options, .lineSearch, .lineSearchOptions, .method, .status, .detail,
                .solved, .iterations,
                .fEvaluations, .gradientEvaluations, .hessianEvaluations, .hessianVectorProducts, .jacobianEvaluations,
                .hessianCost, .cost,
                .f, .fMinimum, .gradientNorm, .seconds, .objectiveSeconds, .blasThreads, .extras, .trace, .history,
            ], roundsSeconds: false, traceByColumns: true)

        /// The CSV header line of this format.
        public var csvHeader: String { fields.map(\.rawValue).joined(separator: ",") }
    }

    /// The members of `format`, encoded as JSON, in its order (`history` only when recorded).
    public func jsonMembers(_ format: Format) -> [(String, String)] {
        format.fields.filter { $0 != .history || history != nil }.map { ($0.rawValue, json($0, format)) }
    }

    /// The record as one JSON object in `format`.
    public func json(_ format: Format) -> String { JSONWriter.object(jsonMembers(format)) }

    /// The record as one CSV line (RFC 4180 fields) in `format`.
    public func csvLine(_ format: Format) -> String {
        format.fields.map { csv($0, format) }.joined(separator: ",")
    }

    private func time(_ t: Double, _ format: Format) -> Double {
        format.roundsSeconds ? RunReport.roundedSeconds(t) : t
    }

    /// One field as JSON.
    public func json(_ field: Field, _ format: Format) -> String {
        typealias W = JSONWriter
        func options(_ list: [(key: String, value: ParameterValue)]) -> String {
            W.object(list.map { ($0.key, $0.value.json) })
        }
        switch field {
        case .problem: return W.string(problem)
        case .dimension: return String(dimension)
        case .variables: return run?.variables.map { "[" + $0.map(W.string).joined(separator: ",") + "]" } ?? "null"
        case .label: return W.string(solver)
        case .solver: return identity.map { W.string($0.name) } ?? "null"
        case .options: return identity.map { options($0.options) } ?? "null"
        case .lineSearch: return identity?.lineSearch.map(W.string) ?? "null"
        case .lineSearchOptions:
            return identity.flatMap { $0.lineSearch == nil ? nil : options($0.lineSearchOptions) } ?? "null"
        case .method: return W.string(method)
        case .status: return W.string(status.rawValue)
        case .converged: return status.isConverged ? "true" : "false"
        case .detail: return detail.map(W.string) ?? "null"
        case .solved: return solved ? "true" : "false"
        case .iterations: return String(iterations)
        case .f: return W.number(value)
        case .fMinimum: return minimum.map(W.number) ?? "null"
        case .gradientNorm: return W.number(gradientNorm)
        case .distanceToMinimizer: return run?.distanceToMinimizer.map(W.number) ?? "null"
        case .fEvaluations: return String(valueEvaluations)
        case .gradientEvaluations: return String(gradientEvaluations)
        case .differenceEvaluations: return String(run?.differenceEvaluations ?? 0)
        case .hessianEvaluations: return String(hessianEvaluations)
        case .hessianVectorProducts: return String(hessianVectorProducts)
        case .jacobianEvaluations: return String(jacobianEvaluations)
        case .hessianCost: return String(hessianCost)
        case .cost: return String(cost)
        case .gradientSource: return run?.gradientSource.map(W.string) ?? "null"
        case .seconds: return W.number(time(seconds, format))
        case .objectiveSeconds: return objectiveSeconds.map { W.number(time($0, format)) } ?? "null"
        case .blasThreads: return String(blasThreads)
        case .metrics:
            return W.object(
                (run?.metrics ?? []).map { ($0.name.replacingOccurrences(of: " ", with: "_"), W.number($0.value)) })
        case .startProjected: return run?.startProjected.map { $0 ? "true" : "false" } ?? "null"
        case .extras: return extras.map(W.extras) ?? "null"
        case .constraints: return constraints.map(Self.constraintsJSON) ?? "null"
        case .violation: return constraints.map { W.number($0.violation) } ?? "null"
        case .x: return W.array(run?.x ?? [])
        case .trace: return format.traceByColumns ? Self.traceColumns(trace) : traceRows(format)
        case .history: return history.map(Self.historyJSON) ?? "null"
        }
    }

    /// One field as a CSV cell: numbers as Swift prints them (nan, inf), nil as empty.
    public func csv(_ field: Field, _ format: Format) -> String {
        func number(_ v: Double) -> String { RunReport.csvNumber(v) }
        switch field {
        case .problem: return ComparisonReport.csvField(problem)
        case .label: return ComparisonReport.csvField(solver)
        case .solver: return identity?.name ?? ""
        case .method: return ComparisonReport.csvField(method)
        case .status: return status.rawValue
        case .converged: return String(status.isConverged)
        case .detail: return ComparisonReport.csvField(detail ?? "")
        case .solved: return String(solved)
        case .f: return number(value)
        case .fMinimum: return minimum.map(number) ?? ""
        case .violation: return constraints.map { number($0.violation) } ?? ""
        case .gradientNorm: return number(gradientNorm)
        case .distanceToMinimizer: return run?.distanceToMinimizer.map(number) ?? ""
        case .gradientSource: return ComparisonReport.csvField(run?.gradientSource ?? "")
        case .seconds: return number(time(seconds, format))
        case .objectiveSeconds: return objectiveSeconds.map { number(time($0, format)) } ?? ""
        case .startProjected: return run?.startProjected.map(String.init) ?? ""
        case .dimension, .iterations, .fEvaluations, .gradientEvaluations, .differenceEvaluations, .hessianEvaluations,
             .hessianVectorProducts,
             .jacobianEvaluations, .hessianCost, .cost, .blasThreads:
            return json(field, format)
        case .variables, .options, .lineSearch, .lineSearchOptions, .metrics, .extras, .constraints, .x, .trace,
             .history:
            // Nested values have no CSV column of their own: their JSON, quoted.
            let text = json(field, format)
            return text == "null" ? "" : ComparisonReport.csvField(text)
        }
    }

    /// The trace as `run` writes it: [{iteration, f, gradient_norm, step, f_evaluations,
    /// gradient_evaluations, seconds}], `step` null at iteration 0.
    private func traceRows(_ format: Format) -> String {
        typealias W = JSONWriter
        return "["
            + trace.map { e in
                W.object([
                    ("iteration", String(e.iteration)), ("f", W.number(e.value)),
                    ("gradient_norm", W.number(e.gradientNorm)),
                    ("step", e.iteration == 0 ? "null" : W.number(e.stepLength)),
                    ("f_evaluations", String(e.valueEvaluations)),
                    ("gradient_evaluations", String(e.gradientEvaluations)),
                    ("seconds", W.number(time(e.seconds, format))),
                ] + (e.violation.map { [("violation", W.number($0))] } ?? []))
            }.joined(separator: ",") + "]"
    }

    /// `history`: {f_evaluations: [...], f: [...]}, one pair per evaluation of f.
    static func historyJSON(_ h: ValueHistory) -> String {
        JSONWriter.object([
            ("f_evaluations", "[" + h.evaluations.map { String($0) }.joined(separator: ",") + "]"),
            ("f", JSONWriter.array(h.values)),
        ])
    }

    /// A constrained run's `constraints` object: the measures at x, λ (L = f + λᵀc), c(x) and the
    /// constraint evaluation counts.
    static func constraintsJSON(_ c: ConstraintOutcome) -> String {
        typealias W = JSONWriter
        return W.object([
            ("count", String(c.values.count)), ("violation", W.number(c.violation)),
            ("kkt_stationarity", W.number(c.stationarity)), ("complementarity", W.number(c.complementarity)),
            ("multipliers", W.array(c.multipliers)), ("values", W.array(c.values)),
            ("evaluations", String(c.evaluations)), ("jacobian_evaluations", String(c.jacobianEvaluations)),
            ("jacobian_products", String(c.jacobianProducts)), ("hessian_products", String(c.hessianProducts)),
        ])
    }

    /// The trace column by column (iteration, f, ‖∇f‖∞, step, f and ∇f evaluations, seconds).
    static func traceColumns(_ entries: [TraceEntry]) -> String {
        typealias W = JSONWriter
        func integers(_ values: [Int]) -> String { "[" + values.map { String($0) }.joined(separator: ",") + "]" }
        return W.object([
            ("iteration", integers(entries.map(\.iteration))), ("f", W.array(entries.map(\.value))),
            ("gradient_norm", W.array(entries.map(\.gradientNorm))), ("step", W.array(entries.map(\.stepLength))),
            ("f_evaluations", integers(entries.map(\.valueEvaluations))),
            ("gradient_evaluations", integers(entries.map(\.gradientEvaluations))),
            ("seconds", W.array(entries.map(\.seconds))),
        ])
    }

    // MARK: Tables for people

    /// The columns of `compare`'s text and Markdown tables: the fields people compare, with
    /// short headers (`f evals` is `f_evaluations`, `in f` is `objective_seconds`, `f − f*` the
    /// gap to `f_minimum`).
    public static let tableHeader = [
        "problem", "n", "solver", "status", "solved", "iterations", "f evals", "∇f evals", "∇²f", "Hv", "J", "cost",
        "f", "f − f*", "‖∇f‖∞", "seconds", "in f",
    ]

    /// This record's cells under `tableHeader` (numbers rounded for reading; the exact ones
    /// are in the JSON and CSV).
    public var tableCells: [String] {
        [
            problem, String(dimension), solver, status.rawValue, solved ? "yes" : "no", String(iterations),
            String(valueEvaluations), String(gradientEvaluations), String(hessianEvaluations),
            String(hessianVectorProducts),
            String(jacobianEvaluations), String(cost), String(format: "%.6e", value),
            gap.map { String(format: "%.2e", $0) } ?? "—",
            String(format: "%.2e", gradientNorm), RunReport.seconds(seconds),
            objectiveSeconds.map(RunReport.seconds) ?? "—",
        ]
    }

    // MARK: Reading back

    /// A record read back from a JSON object of the shard format (or `run`'s, which has the
    /// same fields but the label and cost model): every field checked and named when wrong.
    /// `identity` is the caller's (a merge re-resolves the grid's solver); `label` is the
    /// comparison's entry (nil: the object's `label`, else its `solver`).
    /// `source`, the object's JSON text, gives the order of the extras' members.
    static func decode(_ fields: ComparisonRecord.Fields, label: String?, identity: SolverIdentity?,
                       source: String) throws(ComparisonRecord.FormatError) -> ResultRecord {
        typealias FormatError = ComparisonRecord.FormatError
        func name(_ field: Field) -> String { field.rawValue }
        let statusText = try fields.string(name(.status))
        guard let status = Status(rawValue: statusText) else {
            throw FormatError(message: "field status: '\(statusText)' is not a status of this OptBench")
        }
        let given = try fields.optionalString(name(.label))
        let named = try fields.optionalString(name(.solver))
        guard let label = label ?? given ?? named else { throw FormatError(message: "missing field label") }
        let trace: [TraceEntry]
        if case .array(let items)? = fields.object[name(.trace)] {
            trace = try items.map { item throws(FormatError) -> TraceEntry in
                guard case .object(let o) = item else {
                    throw FormatError(message: "field trace: expected objects, found \(item.kindName)")
                }
                let e = ComparisonRecord.Fields(object: o)
                return TraceEntry(
                    iteration: try e.integer("iteration"), value: try e.real("f"),
                    gradientNorm: try e.real("gradient_norm"),
                    stepLength: try e.optionalReal("step") ?? 0, valueEvaluations: try e.integer("f_evaluations"),
                    gradientEvaluations: try e.integer("gradient_evaluations"), seconds: try e.real("seconds"))
            }
        } else {
            trace = try ComparisonRecord.traceEntries(ComparisonRecord.Fields(object: try fields.object(name(.trace))))
        }
        let dimension = try fields.integer(name(.dimension))
        var record = ResultRecord(
            problem: try fields.string(name(.problem)), dimension: dimension, solver: label, identity: identity,
            status: status,
            detail: try fields.optionalString(name(.detail)), iterations: try fields.integer(name(.iterations)),
            valueEvaluations: try fields.integer(name(.fEvaluations)),
            gradientEvaluations: try fields.integer(name(.gradientEvaluations)),
            hessianEvaluations: try fields.integer(name(.hessianEvaluations)),
            hessianVectorProducts: try fields.integer(name(.hessianVectorProducts)),
            hessianCost: fields.object[name(.hessianCost)] == nil ? dimension : try fields.integer(name(.hessianCost)),
            value: try fields.real(name(.f)), minimum: try fields.optionalReal(name(.fMinimum)),
            gradientNorm: try fields.real(name(.gradientNorm)),
            seconds: try fields.real(name(.seconds)), trace: trace)
        let method = try fields.optionalString(name(.method))
        record.method = method ?? identity?.method ?? label
        record.jacobianEvaluations = try fields.integer(name(.jacobianEvaluations))
        record.blasThreads = try fields.integer(name(.blasThreads))
        record.objectiveSeconds = try fields.optionalReal(name(.objectiveSeconds))
        if let value = fields.object[name(.extras)], value != .null {
            record.extras = try Self.extras(value, field: name(.extras), source: source)
        }
        if let value = fields.object[name(.history)], value != .null {
            let history = ComparisonRecord.Fields(object: try fields.object(name(.history)))
            let counts = try history.integers("f_evaluations"), values = try history.reals("f")
            guard counts.count == values.count else {
                throw FormatError(message: "field history: f_evaluations and f have different lengths")
            }
            record.history = ValueHistory(evaluations: counts, values: values)
        }
        return record
    }

    /// `extras` read back from `source` (the JSON text holding it): members in the order the
    /// writer gave them (`JSON.parse` keeps objects by name, so the order is recovered from the
    /// text: within one object names are unique), integers where the number is integral.
    static func extras(
        _ value: JSONValue, field: String, source: String
    ) throws(ComparisonRecord.FormatError) -> ResultExtras {
        guard case .object = value else {
            throw ComparisonRecord.FormatError(message: "field \(field): expected an object, found \(value.kindName)")
        }
        let text = source.range(of: "\"\(field)\":").map { source[$0.upperBound...] } ?? Substring(source)
        func position(_ key: String) -> String.Index {
            text.range(of: JSONWriter.string(key) + ":")?.lowerBound ?? text.endIndex
        }
        func convert(_ v: JSONValue) -> ResultExtras.Value {
            switch v {
            case .number(let n): (n == n.rounded() && abs(n) < 1e15) ? .integer(Int(n)) : .real(n)
            case .null: .real(.nan)
            case .bool(let b): .integer(b ? 1 : 0)
            case .string(let s): .text(s)
            case .array(let items): .list(items.map(convert))
            case .object(let members):
                .record(
                    ResultExtras(
                        members.keys.sorted { (position($0), $0) < (position($1), $1) }.map {
                            ResultExtras.Entry($0, convert(members[$0]!))
                        }))
            }
        }
        guard case .record(let extras) = convert(value) else { return ResultExtras() }
        return extras
    }
}
