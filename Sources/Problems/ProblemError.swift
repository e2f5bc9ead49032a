import Optim

/// Why a problem reference or problem file was rejected. Every message names the problem,
/// parameter, file or field and says what was expected.
public enum ProblemError: Error, Equatable, CustomStringConvertible {
    case unknownProblem(String, known: [String])
    case unknownParameter(problem: String, parameter: String, known: [String])
    case badParameter(problem: String, parameter: String, value: String, expected: String)
    case malformedReference(String, reason: String)
    /// A problem file: `field` is nil when the whole file is at fault.
    case file(path: String, field: String?, message: String)
    /// An `expr:` formula that cannot be read or compiled.
    case formula(FormulaError)
    /// A constraint given with `--constraint` (the text as given) that cannot be read or compiled.
    case constraint(String, FormulaError)
    /// `--constraint` with a problem that is not an `expr:` formula.
    case constraintsNeedFormula(reference: String)
    /// An `exec:` command or `pipe` that cannot be used as given.
    case program(reference: String, reason: String)
    /// A start (--x0) whose length is not the problem's dimension.
    case startLength(problem: String, given: Int, expected: Int)
    /// A problem whose data and buffers would not fit in this machine's memory (estimated
    /// before anything is allocated).
    case memory(problem: String, estimate: MemoryEstimate)
    /// Bounds (--bounds) that do not fit the problem.
    case bounds(problem: String, BoundsError)

    public var description: String {
        switch self {
        case .unknownProblem(let name, let known):
            "unknown problem '\(name)'; expected one of: \(known.joined(separator: ", ")), or a path to a .json "
                + "problem file"
        case .unknownParameter(let problem, let parameter, let known):
            "problem '\(problem)' has no parameter '\(parameter)'; its parameters are: \(known.joined(separator: ", "))"
        case .badParameter(let problem, let parameter, let value, let expected):
            "problem '\(problem)': \(parameter)=\(value) is invalid; expected \(expected)"
        case .malformedReference(let reference, let reason):
            "problem reference '\(reference)': \(reason) (expected NAME or NAME:key=value,key=value)"
        case .file(let path, let field?, let message):
            "\(path): field '\(field)': \(message)"
        case .file(let path, nil, let message):
            "\(path): \(message)"
        case .formula(let error):
            "expr: \(error)"
        case .constraint(let text, let error):
            "--constraint '\(text)': \(error)"
        case .constraintsNeedFormula(let reference):
            "--constraint takes an expr:, exec: or pipe problem, not '\(reference)' (a problem file of kind "
                + "expression or program takes \"constraints\")"
        case .program(let reference, let reason):
            "\(reference): \(reason)"
        case .startLength(let problem, let given, let expected):
            "\(given) numbers, expected \(expected) (the dimension of \(problem))"
        case .bounds(let problem, let error):
            "\(error) (\(problem))"
        case .memory(let problem, let estimate):
            "\(problem) needs \(estimate.description); \(MemoryEstimate.machineDescription)"
        }
    }
}
