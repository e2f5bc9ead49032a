import Bench
import COptBench
import Optim

/// An `optbench_solver`: a solver resolved through the catalog the command line uses
/// (`SolverCatalog.resolve`, `StoppingRules`), with the stopping rules and trace frequency.
final class SolverHandle {
    let choice: SolverChoice
    let options: Options
    let description: CString
    /// BFGS's H₀ (`optbench_solver_set_initial_inverse_hessian`), validated; nil for I.
    var initialInverseHessian: Matrix?
    /// Nelder–Mead's initial simplex (`optbench_solver_set_initial_simplex`); nil for scipy's.
    var initialSimplex: [[Double]]?
    /// Powell's direction set (`optbench_solver_set_directions`); nil for the unit vectors.
    var directions: [[Double]]?

    init(choice: SolverChoice, options: Options) {
        self.choice = choice
        self.options = options
        description = CString(choice.identity.method)
    }

    /// Resolves `name` with `assignments` (keys without "--") as `optbench run --solver name
    /// --key value …` does, in the same order of checks, so the refusals are the same.
    static func resolve(name: String?, assignments given: [Assignment]) throws(RequestError) -> SolverHandle {
        var solver = name, lineSearch: String?, traceEvery: String?
        var assignments: [Assignment] = []
        for a in given {
            switch a.key {
            case "solver":
                guard solver == nil else { throw .repeated(key: "solver") }
                solver = a.value ?? ""
            case "line-search":
                guard lineSearch == nil else { throw .repeated(key: "line-search") }
                lineSearch = a.value ?? ""
            case "trace-every":
                guard traceEvery == nil else { throw .repeated(key: "trace-every") }
                traceEvery = a.value ?? ""
            default:
                assignments.append(a)
            }
        }
        var every = 1
        if let traceEvery {
            guard let k = Int(traceEvery), k >= 0 else {
                throw .invalidValue(key: "trace-every", value: traceEvery, expected: "an integer ≥ 0")
            }
            every = k
        }
        let stoppingKeys = Set(StoppingRules.parameters.map(\.key))
        let stopping = assignments.filter { stoppingKeys.contains($0.key) }
        let rest = assignments.filter { !stoppingKeys.contains($0.key) }
        let options = try StoppingRules.options(from: stopping, traceEvery: every, command: "the C API")
        if let training = rest.first(where: { a in TrainingSchedule.info.contains { $0.key == a.key } }) {
            throw .trainingNotAvailable(key: training.key, command: "the C API")
        }
        let choice = try SolverCatalog.resolve(
            SolverRequest(
                solver: solver ?? SolverDescriptor.defaultName, lineSearch: lineSearch,
                assignments: rest))
        return SolverHandle(choice: choice, options: options)
    }
}

/// How the command line spells a key in its messages.
func spell(_ key: String) -> String { "--\(key)" }

@_cdecl("optbench_solver_create")
public func optbenchSolverCreate(_ name: UnsafePointer<CChar>?, _ keys: UnsafePointer<UnsafePointer<CChar>?>?,
                                 _ values: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int,
                                 _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard let out else { return failed(OPTBENCH_EINVAL, "optbench_solver_create: out is NULL") }
    out.pointee = nil
    guard count == 0 || keys != nil else { return failed(OPTBENCH_EINVAL, "optbench_solver_create: keys is NULL") }
    var assignments: [Assignment] = []
    for i in 0..<max(count, 0) {
        guard let key = keys?[i] else { return failed(OPTBENCH_EINVAL, "optbench_solver_create: keys[\(i)] is NULL") }
        var k = String(cString: key)
        if k.hasPrefix("--") { k.removeFirst(2) }
        assignments.append(Assignment(k, values?[i].map { String(cString: $0) }))
    }
    do {
        let handle = try SolverHandle.resolve(name: name.map { String(cString: $0) }, assignments: assignments)
        out.pointee = Handle.make(handle)
        return OPTBENCH_OK
    } catch {
        return failed(OPTBENCH_EOPTION, error.message(spelling: spell))
    }
}

@_cdecl("optbench_solver_description")
public func optbenchSolverDescription(_ handle: OpaquePointer?) -> UnsafePointer<CChar> {
    Handle.object(handle, as: SolverHandle.self)?.description.c ?? Messages.empty
}

@_cdecl("optbench_solver_free")
public func optbenchSolverFree(_ handle: OpaquePointer?) { Handle.release(handle) }
