import Foundation
import ArgumentParser
import Bench
import Optim
import Problems

/// `--solver` and `--line-search` (run, hessian). The solver's and line search's own
/// parameters are descriptor flags, parsed by `CommandLineParameters`.
struct SolverOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Solver: \(SolverCatalog.solverNames) (see 'optbench list').", valueName: "name"))
    var solver = SolverDescriptor.defaultName
    @Option(
        name: .customLong("line-search"),
        help: ArgumentHelp(
            "Line search of solvers that take one: \(SolverCatalog.lineSearchNames) (default: the solver's).",
            valueName: "name"))
    var lineSearch: String?
}

/// `--x0` (run, compare, hessian, eval): the start instead of the problem's own.
struct StartOption: ParsableArguments {
    @Option(
        name: .customLong("x0"), parsing: .unconditional,
        help: ArgumentHelp(
            "Start at these numbers (comma-separated, e.g. --x0=-1.2,1) or at the JSON array in this file (default: "
                + "the problem's start; an expr: formula's is 0).",
            valueName: "numbers|file"))
    var x0: String?

    /// The file named by --x0, when it names one (an input the outputs must not overwrite).
    var files: [String] { x0.flatMap { StartPoint.namesFile($0) ? [$0] : nil } ?? [] }

    /// The numbers given, or nil.
    func point() throws(UsageFailure) -> [Double]? {
        guard let x0 else { return nil }
        do { return try StartPoint.parse(x0) } catch { throw UsageFailure("--x0: \(error.message)") }
    }
}

/// `--initial-simplex FILE` (run): Nelder–Mead's starting vertices.
struct InitialSimplexOption: ParsableArguments {
    @Option(
        name: .customLong("initial-simplex"),
        help: ArgumentHelp(
            "nelder-mead: start from the n + 1 points in this file (a JSON array of points, each an array of n "
                + "numbers, or CSV with one point per line) instead of x0 and x0 with each coordinate scaled by 1.05.",
            valueName: "file"))
    var path: String?

    /// The file, when given (an input the outputs must not overwrite).
    var files: [String] { path.map { [$0] } ?? [] }

    /// The points, or nil.
    func points() throws(UsageFailure) -> [[Double]]? {
        guard let path else { return nil }
        do { return try SimplexFile.load(path: path) } catch {
            throw UsageFailure("--initial-simplex: \(error.message)")
        }
    }
}

/// `--direc FILE` (run): Powell's starting direction set.
struct DirectionsOption: ParsableArguments {
    @Option(
        name: .customLong("direc"),
        help: ArgumentHelp(
            "powell: start from the n directions in this file (a JSON array of n arrays of n numbers, or CSV with "
                + "one direction per line; a zero row is never searched) instead of the unit vectors.",
            valueName: "file"))
    var path: String?

    /// The file, when given (an input the outputs must not overwrite).
    var files: [String] { path.map { [$0] } ?? [] }

    /// The directions, or nil.
    func directions() throws(UsageFailure) -> [[Double]]? {
        guard let path else { return nil }
        do { return try SimplexFile.load(path: path, rows: "direction") } catch {
            throw UsageFailure("--direc: \(error.message)")
        }
    }
}

/// `--constraint 'COMPARISON'` (run, compare; repeatable): constraints of an `expr:` problem, or the
/// sides of an `exec:`/`pipe` program's constraints (`c >= 25`).
struct ConstraintOption: ParsableArguments {
    @Option(
        name: .customLong("constraint"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "A constraint of an expr: problem, repeatable: a comparison of formulas ('x^2 + y^2 <= 1', 'x + y >= 1', "
                + "'x*y == 2', '0 <= x - y <= 3'); for exec: and pipe, the sides of the program's next c "
                + "('c >= 25', 'c == 40'). Solvers that take constraints: "
                    + "\(SolverDescriptor.all.filter(\.acceptsConstraints).map(\.name).joined(separator: ", ")).",
            valueName: "comparison"))
    var texts: [String] = []
}

/// `--bounds LO:HI` (run, compare, eval): the same box on every variable, instead of a problem
/// file's "lower"/"upper".
struct BoundsOption: ParsableArguments {
    @Option(
        name: .customLong("bounds"), parsing: .unconditional,
        help: ArgumentHelp(
            "Bound every variable to [LO, HI]; either side empty or inf for none (e.g. --bounds=-1:1, --bounds 0:); or "
                + "a JSON file {\"lower\": …, \"upper\": …}, each a number or an array with null for none. Overrides a "
                    + "problem file's lower/upper. Solvers that take bounds: "
                        + "\(SolverDescriptor.all.filter(\.acceptsBounds).map(\.name).joined(separator: ", ")).",
            valueName: "LO:HI|file"))
    var text: String?

    /// The file named by --bounds, when it names one (an input the outputs must not overwrite).
    var files: [String] {
        text.flatMap { BoundsSpec.parse($0) == nil && FileManager.default.fileExists(atPath: $0) ? [$0] : nil } ?? []
    }

    /// The box given, or nil.
    func spec() throws(UsageFailure) -> BoundsSpec? {
        guard let text else { return nil }
        if !files.isEmpty {
            do { return try BoundsSpec.load(path: text) } catch { throw UsageFailure("--bounds: \(error)") }
        }
        guard let spec = BoundsSpec.parse(text) else {
            throw UsageFailure(
                "invalid value '\(text)' for --bounds: expected LO:HI with numbers, or an empty side or inf for none "
                    + "(e.g. -1:1, 0:, :5), or a JSON file {\"lower\": …, \"upper\": …}"
            )
        }
        return spec
    }
}

/// Where ∇f comes from.
enum GradientChoice: String, ExpressibleByArgument, CaseIterable {
    case exact, fd
    case fdForward = "fd-forward"

    var scheme: DifferenceScheme? {
        switch self {
        case .exact: nil
        case .fd: .central
        case .fdForward: .forward
        }
    }
}

/// `--gradient` and `--eval-timeout` (run, compare, hessian, eval, check-grad).
struct EvaluationOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "∇f: exact (the problem's own; a program answers \"g\"), fd (central differences of f, 2n evaluations), "
                + "fd-forward (forward differences, n).",
            valueName: "source"))
    var gradient: GradientChoice = .exact
    @Option(
        name: .customLong("eval-timeout"), parsing: .unconditional,
        help: ArgumentHelp(
            "Seconds an exec:/pipe/program problem may take to answer one evaluation (default: no limit).",
            valueName: "seconds"))
    var evalTimeout: String?

    func timeout() throws(UsageFailure) -> Double? { try Self.timeout(evalTimeout) }

    /// The --eval-timeout given, checked.
    static func timeout(_ evalTimeout: String?) throws(UsageFailure) -> Double? {
        guard let evalTimeout else { return nil }
        guard let t = Double(evalTimeout), t.isFinite, t > 0, t <= 1e6 else {
            throw UsageFailure(
                "invalid value '\(evalTimeout)' for --eval-timeout: expected a number of seconds in (0, 1e6]")
        }
        return t
    }
}

/// `--seed` (run, compare, hessian, eval).
struct SeedOption: ParsableArguments {
    @Option(
        name: .customLong("seed"), parsing: .unconditional,
        help: ArgumentHelp(
            "Seed for generated problems that do not set seed= themselves, mini-batch order and dropout (default: the "
                + "problem's own; 1 for mini-batch order).",
            valueName: "integer ≥ 0"))
    var text: String?

    /// The seed given (checked by `validate`).
    var seed: UInt64? { text.flatMap { UInt64($0) } }

    func validate() throws {
        if let text, UInt64(text) == nil {
            throw ValidationError("invalid value '\(text)' for --seed: expected an integer in [0, \(UInt64.max)]")
        }
    }
}

/// `--output` (run, compare, hessian): the report goes to the file, written atomically.
struct OutputOption: ParsableArguments {
    @Option(help: ArgumentHelp("Write the report to this file (atomically) instead of stdout.", valueName: "file"))
    var output: String?

    /// Checks the file's folder before any work is done.
    func target() throws(UsageFailure) -> OutputTarget { try OutputTarget(path: output) }
}

/// The exit status of a finished run: 0 when it converged (or a mini-batch run finished its
/// epochs), 1 when it stopped for any other reason. Bad input exits 2 before any run.
enum ExitPolicy {
    static func code(for status: Status) -> Int32 {
        if status == .interrupted { return 130 }
        return status.isConverged || status == .epochsCompleted ? 0 : 1
    }
}
