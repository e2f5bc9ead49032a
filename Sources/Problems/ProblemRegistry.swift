import Foundation
import Optim

/// One numeric parameter of a registered problem.
public struct ParameterSpec: Sendable {
    public let name: String
    public let summary: String
    public let defaultValue: Double
    /// Whether the value must be a whole number.
    public let isInteger: Bool
    public let range: ClosedRange<Double>

    /// The accepted values, for messages and listings.
    public var expected: String {
        let kind = isInteger ? "an integer" : "a number"
        let lower = Self.format(range.lowerBound), upper = Self.format(range.upperBound)
        return range.upperBound == .infinity ? "\(kind) ≥ \(lower)" : "\(kind) in [\(lower), \(upper)]"
    }

    /// Integers without a fraction, other numbers in their shortest form.
    public static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) <= 0x1p53 { return String(Int64(v)) }
        return "\(v)"
    }
}

/// A problem the registry can build by name.
public struct ProblemSpec: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [ParameterSpec]
    let build: @Sendable (ProblemArguments) throws(ProblemError) -> TestProblem
}

/// The resolved arguments of one problem reference (every parameter present; not the
/// catalog's solver `ParameterValues`).
public struct ProblemArguments: Sendable {
    let values: [String: Double]
    /// The parameters the reference set itself (the others hold their defaults).
    var explicit: Set<String> = []
    public subscript(name: String) -> Double { values[name]! }
    public func integer(_ name: String) -> Int { Int(values[name]!) }
}

/// How to build a problem beyond its reference: the command line's --seed, --x0, --gradient
/// and --eval-timeout.
public struct ProblemSettings: Sendable, Equatable {
    /// The default for a `seed` parameter the reference does not set.
    public var seed: UInt64?
    /// x₀ instead of the problem's own (for programs, the start that gives the dimension).
    public var start: [Double]?
    /// ∇f by these finite differences of f instead of the problem's own gradient.
    public var gradient: DifferenceScheme?
    /// Seconds an external program may take to answer one evaluation (nil: no limit, or the
    /// problem file's "timeout").
    public var evaluationTimeout: Double?
    /// A box instead of the problem's own (a problem file's "lower"/"upper").
    public var bounds: BoundsSpec?
    /// Constraints of an `expr:` problem (`--constraint`, each a comparison).
    public var constraints: [String] = []

    public init(
        seed: UInt64? = nil, start: [Double]? = nil, gradient: DifferenceScheme? = nil,
        evaluationTimeout: Double? = nil,
        bounds: BoundsSpec? = nil
    ) {
        self.seed = seed
        self.bounds = bounds
        self.start = start
        self.gradient = gradient
        self.evaluationTimeout = evaluationTimeout
    }
}

/// The problems OptBench knows by name, and the parsing of problem references:
/// `NAME`, `NAME:key=value,key=value`, or a path to a JSON problem file (ending in .json).
public enum ProblemRegistry {
    public static let all: [ProblemSpec] = basic + MGHInfo.all.map(\.spec) + CUTEstInfo.all.map(\.spec)
        + [false, true].flatMap { noisy in MoreWildProblem.all.map { $0.spec(noisy: noisy) } }

    /// The Moré–Garbow–Hillstrom suite's references, in the paper's order.
    public static var mghSuite: [String] { MGHInfo.all.map { "mgh/\($0.slug)" } }

    /// Moré & Wild's 53 derivative-free benchmark problems (`more-wild/1` …), or their noisy
    /// twins (`more-wild-noisy/1` …).
    public static func moreWildSuite(noisy: Bool) -> [String] { MoreWildProblem.suite(noisy: noisy) }
    /// The Hock–Schittkowski problems of the installation's `problems/hs/` (`hs/NAME`), in natural order.
    public static var hockSchittkowskiSuite: [String] { bundledSuite("hs") }

    /// The NIST StRD nonlinear regression fits of the installation's `problems/nist/` (`nist/NAME-S`,
    /// S = NIST's start 1 or 2), in natural order.
    public static var nistSuite: [String] { bundledSuite("nist") }

    /// `FOLDER/NAME` for each `NAME.json` of the installation's `problems/FOLDER/`, in natural order.
    private static func bundledSuite(_ folder: String) -> [String] {
        guard let directory = problemsDirectory(),
            let files = try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + folder)
        else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { folder + "/" + $0.dropLast(5) }
            .sorted(by: FormulaScope.naturalOrder)
    }

    /// The large-scale CUTEst suite's references (each at its SIF file's default n), by name.
    public static var cutestSuite: [String] { CUTEstInfo.all.map { "cutest/\($0.name)" } }

    static let basic: [ProblemSpec] = [
        ProblemSpec(
            name: "rosenbrock",
            summary: "chained Rosenbrock Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², start (−1.2, 1, …), x* = (1, …, 1), f* = 0",
            parameters: [
                ParameterSpec(name: "n", summary: "dimension", defaultValue: 2, isInteger: true, range: 2...1e7)
            ],
            build: { p throws(ProblemError) in
                // x₀ and x*, and what one evaluation holds (x, ∇f and their text), before any of it.
                var estimate = MemoryEstimate()
                estimate.add("start and minimizer", doubles: 2 * Double(p.integer("n")))
                estimate.add("an evaluation", doubles: 4 * Double(p.integer("n")))
                guard estimate.fits else {
                    throw .memory(problem: "rosenbrock:n=\(p.integer("n"))", estimate: estimate)
                }
                let f = Rosenbrock(dimension: p.integer("n"))
                return TestProblem(name: "rosenbrock:n=\(p.integer("n"))", objective: f, start: f.standardStart,
                                   minimizer: Array(repeating: 1, count: f.dimension), minimum: 0)
            }),
        ProblemSpec(
            name: "quadratic",
            summary:
                "½xᵀQx − bᵀx, Q = V diag(λ) Vᵀ with log-spaced λ in [lmin, lmin·cond] and random orthogonal V, "
                    + "b ~ N(0, I), start 0",
            parameters: [
                ParameterSpec(name: "n", summary: "dimension", defaultValue: 50, isInteger: true, range: 1...4000),
                ParameterSpec(
                    name: "cond", summary: "condition number of Q", defaultValue: 1000, isInteger: false,
                    range: 1...1e16),
                ParameterSpec(
                    name: "seed", summary: "random seed (default: --seed, else 1)", defaultValue: 1, isInteger: true,
                    range: 0...9_007_199_254_740_992),
                ParameterSpec(
                    name: "lmin", summary: "smallest eigenvalue of Q (f's scale)", defaultValue: 1, isInteger: false,
                    range: 1e-30...1e30),
            ],
            build: { p throws(ProblemError) in
                let n = p.integer("n"), seed = UInt64(p.integer("seed")), lmin = p["lmin"]
                let name = "quadratic:n=\(n),cond=\(ParameterSpec.format(p["cond"])),seed=\(seed)"
                    + (lmin == 1 ? "" : ",lmin=\(ParameterSpec.format(lmin))")
                let estimate = Quadratic.memoryEstimate(dimension: n)
                guard estimate.fits else { throw .memory(problem: name, estimate: estimate) }
                do {
                    let q = try Quadratic.random(
                        dimension: n, conditionNumber: p["cond"], smallestEigenvalue: lmin, seed: seed)
                    return TestProblem(name: name, objective: q, start: Array(repeating: 0, count: n),
                                       minimizer: q.minimizer, minimum: q.minimum)
                } catch {
                    throw .badParameter(problem: "quadratic", parameter: "cond", value: ParameterSpec.format(p["cond"]),
                                        expected: "a condition number LAPACKE can factor (\(error))")
                }
            }),
        ProblemSpec(
            name: "mlp",
            summary:
                "neural-network loss over flattened θ; `mlp` alone is problems/mlp-digits.json (64-32-10 tanh, "
                    + "softmax, UCI digits); with parameters, Gaussian clusters",
            parameters: [
                ParameterSpec(
                    name: "samples", summary: "generated samples", defaultValue: 10_000, isInteger: true,
                    range: 10...200_000),
                ParameterSpec(name: "features", summary: "inputs", defaultValue: 64, isInteger: true, range: 1...4096),
                ParameterSpec(
                    name: "hidden", summary: "hidden tanh units", defaultValue: 256, isInteger: true, range: 1...4096),
                ParameterSpec(
                    name: "classes", summary: "classes (softmax outputs)", defaultValue: 10, isInteger: true,
                    range: 2...10_000),
                ParameterSpec(
                    name: "seed", summary: "random seed (default: --seed, else 1)", defaultValue: 1, isInteger: true,
                    range: 0...9_007_199_254_740_992),
            ],
            build: { p throws(ProblemError) in
                try MLPSpecification.generated(
                    samples: p.integer("samples"), features: p.integer("features"), hidden: p.integer("hidden"),
                    classes: p.integer("classes"), seed: UInt64(p.integer("seed"))
                ).build()
            }),
    ]

    /// Registered names for messages: the basic problems, sorted, then the suite as a pattern.
    public static var names: [String] {
        basic.map(\.name).sorted() + [
            "mgh/NAME (35 problems: optbench list)", "cutest/NAME (\(CUTEstInfo.all.count) problems: optbench list)",
        ]
    }

    /// Builds the problem a reference names, started at `settings.start` when given, with ∇f
    /// by finite differences when `settings.gradient` says so.
    /// - Parameter reference: `NAME[:key=value,…]`, `expr:FORMULA`, `exec:COMMAND…`, `pipe`, or
    ///   a path ending in `.json`.
    public static func resolve(_ reference: String, settings: ProblemSettings) throws(ProblemError) -> TestProblem {
        var problem = try resolveUnbounded(reference, settings: settings)
        if let spec = settings.bounds { problem = try problem.bounded(by: spec) }
        return problem
    }

    /// `resolve(_:settings:)` without the settings' bounds (a problem file's own are kept).
    private static func resolveUnbounded(
        _ reference: String, settings: ProblemSettings
    ) throws(ProblemError) -> TestProblem {
        if reference.hasPrefix("exec:") || reference == "pipe" {
            let sides = settings.constraints.isEmpty
                ? nil : try ProgramConstraintSides.comparisons(settings.constraints)
            if reference == "pipe" {
                return try ProgramProblem.caller(
                    start: settings.start, differences: settings.gradient, timeout: settings.evaluationTimeout,
                    constraints: sides)
            }
            return try ProgramProblem.command(
                String(reference.dropFirst(5)), start: settings.start, differences: settings.gradient,
                timeout: settings.evaluationTimeout, constraints: sides)
        }
        var problem: TestProblem
        if !settings.constraints.isEmpty {
            guard reference.hasPrefix("expr:") else { throw .constraintsNeedFormula(reference: reference) }
            problem = try FormulaProblem.expression(String(reference.dropFirst(5)), constraints: settings.constraints)
        } else if reference.lowercased().hasSuffix(".json") {
            problem = try ProblemFile.load(path: reference, settings: settings)
            if problem.isExternal { return problem }
        } else {
            problem = try resolve(reference, seed: settings.seed)
        }
        if let start = settings.start { problem = try problem.starting(at: start) }
        if let scheme = settings.gradient { problem = problem.differencing(scheme) }
        return problem
    }

    /// Builds the problem a reference names, at its own start, with its own gradient.
    /// - Parameters:
    ///   - reference: `NAME[:key=value,…]`, `expr:FORMULA` or a path ending in `.json`.
    ///   - seed: the default for a `seed` parameter the reference does not set.
    public static func resolve(_ reference: String, seed: UInt64? = nil) throws(ProblemError) -> TestProblem {
        if reference.hasPrefix("expr:") { return try FormulaProblem.expression(String(reference.dropFirst(5))) }
        if reference.hasPrefix("exec:") || reference == "pipe" {
            return try resolve(reference, settings: ProblemSettings(seed: seed))
        }
        if reference.lowercased().hasSuffix(".json") { return try ProblemFile.load(path: reference) }
        if reference.hasPrefix("hs/") {
            let name = reference.dropFirst(3)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber }), let directory = problemsDirectory(),
                FileManager.default.fileExists(atPath: directory + "/hs/\(name).json")
            else {
                throw .unknownProblem(reference, known: hockSchittkowskiSuite)
            }
            // A bundled problem is a formula: it never runs a program.
            return try ProblemFile.load(path: directory + "/hs/\(name).json", kinds: ["expression"])
        }
        if reference.hasPrefix("nist/") {
            let name = reference.dropFirst(5)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
                let directory = problemsDirectory(),
                FileManager.default.fileExists(atPath: directory + "/nist/\(name).json")
            else {
                throw .unknownProblem(reference, known: nistSuite)
            }
            // A bundled fit to data: a formula, never a program.
            return try ProblemFile.load(path: directory + "/nist/\(name).json", kinds: ["expression"])
        }
        if reference == "mlp" {
            guard let directory = problemsDirectory() else {
                throw .file(
                    path: "problems/mlp-digits.json", field: nil,
                    message:
                        "not found in the installation (the checkout's problems/ for a build in .build/, or "
                            + "<prefix>/share/optbench/problems beside <prefix>/bin); set OPTBENCH_PROBLEMS to the "
                                + "problems folder"
                )
            }
            // A bundled problem is a network on its data: it never runs a program.
            return try ProblemFile.load(path: directory + "/mlp-digits.json", kinds: ["mlp"])
        }
        let (name, assignments) = try split(reference)
        guard let spec = all.first(where: { $0.name == name }) else {
            throw .unknownProblem(name, known: names)
        }
        var values: [String: Double] = [:]
        for p in spec.parameters { values[p.name] = p.defaultValue }
        if let seed, let spec = spec.parameters.first(where: { $0.name == "seed" }) {
            guard Double(exactly: seed) != nil, spec.range.contains(Double(seed)) else {
                throw .badParameter(problem: name, parameter: "seed", value: String(seed), expected: spec.expected)
            }
            values["seed"] = Double(seed)
        }
        for (key, text) in assignments {
            guard let p = spec.parameters.first(where: { $0.name == key }) else {
                throw .unknownParameter(problem: name, parameter: key, known: spec.parameters.map(\.name))
            }
            // An integer must be exact: 9007199254740993 would silently become …992 as a Double.
            let exact = !p.isInteger || Int64(text).map { Double(exactly: $0) != nil } ?? true
            guard exact, let v = Double(text), v.isFinite, p.range.contains(v), !p.isInteger || v == v.rounded() else {
                throw .badParameter(problem: name, parameter: key, value: text, expected: p.expected)
            }
            values[key] = v
        }
        return try spec.build(ProblemArguments(values: values, explicit: Set(assignments.map(\.0))))
    }

    /// The installation's `problems/` folder: $OPTBENCH_PROBLEMS, else the first of these that
    /// holds mlp-digits.json, relative to the executable (after links) and never to the current
    /// folder, whose files anyone may have put there: the checkout's `problems/` for a build in
    /// `<checkout>/.build/<triple>/<configuration>/` (three to five folders up), or
    /// `<prefix>/share/optbench/problems` for a binary installed in `<prefix>/bin`.
    public static func problemsDirectory() -> String? {
        if let configured = ProcessInfo.processInfo.environment["OPTBENCH_PROBLEMS"], !configured.isEmpty {
            return configured
        }
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        return installedProblemsDirectories(executable: executable.path).first {
            FileManager.default.fileExists(atPath: $0 + "/mlp-digits.json")
        }
    }

    /// The folders `problemsDirectory` looks in, in order, for the binary at `executable`.
    public static func installedProblemsDirectories(executable: String) -> [String] {
        let binary = URL(fileURLWithPath: executable).deletingLastPathComponent()
        var candidates: [String] = []
        // <prefix>/bin/optbench → <prefix>/share/optbench/problems
        candidates.append(binary.deletingLastPathComponent().appendingPathComponent("share/optbench/problems").path)
        // <checkout>/.build/<configuration>/optbench or <checkout>/.build/<triple>/<configuration>/optbench
        var folder = binary
        for _ in 0..<3 {
            if folder.lastPathComponent == ".build" {
                candidates.append(folder.deletingLastPathComponent().appendingPathComponent("problems").path)
                break
            }
            folder = folder.deletingLastPathComponent()
        }
        return candidates
    }

    /// "name:k=v,k=v" → (name, [(k, v)]).
    public static func split(_ reference: String) throws(ProblemError) -> (String, [(String, String)]) {
        let parts = reference.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw .malformedReference(reference, reason: "the problem name is empty") }
        guard parts.count == 2 else { return (name, []) }
        var assignments: [(String, String)] = []
        for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                throw .malformedReference(reference, reason: "'\(item)' is not key=value")
            }
            let key = String(kv[0]).trimmingCharacters(in: .whitespaces)
            if assignments.contains(where: { $0.0 == key }) {
                throw .malformedReference(reference, reason: "parameter '\(key)' is given twice")
            }
            assignments.append((key, String(kv[1]).trimmingCharacters(in: .whitespaces)))
        }
        return (name, assignments)
    }
}
