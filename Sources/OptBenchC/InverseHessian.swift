import COptBench
import Optim

/// The quasi-Newton approximation a result carries (`optbench_result_inverse_hessian…`): C copies
/// of the solver's state after the run, as the solver keeps it — the dense Hₖ of bfgs, or the
/// pairs and γ of lbfgs / lbfgsb.
struct InverseHessianCopy {
    let kind: optbench_inverse_hessian_kind
    let dimension: Int
    /// n × n row-major (dense), k × n row-major s then y (limited memory); nil when empty.
    let dense: UnsafeMutableBufferPointer<Double>?
    let s: UnsafeMutableBufferPointer<Double>?
    let y: UnsafeMutableBufferPointer<Double>?
    let pairs: Int
    let gamma: Double
    /// 1/sᵢᵀyᵢ by pair.
    let rho: [Double]

    static var none: InverseHessianCopy {
        InverseHessianCopy(
            kind: OPTBENCH_INVERSE_HESSIAN_NONE, dimension: 0, dense: nil, s: nil, y: nil, pairs: 0, gamma: .nan,
            rho: [])
    }

    func deallocate() {
        dense?.deallocate()
        s?.deallocate()
        y?.deallocate()
    }

    /// out ← Hₖ v: the dense product, or the two-loop recursion (Nocedal 1980; N&W Algorithm
    /// 7.4) on the copied pairs with H₀ = γI. False when the result holds no approximation.
    func apply(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, dimension n: Int) -> Bool {
        switch kind {
        case OPTBENCH_INVERSE_HESSIAN_DENSE:
            guard let h = dense else { return false }
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum += h[i * n + j] * v[j] }
                out[i] = sum
            }
            return true
        case OPTBENCH_INVERSE_HESSIAN_LIMITED_MEMORY:
            let k = pairs
            for i in 0..<n { out[i] = v[i] }
            guard let s, let y else {
                for i in 0..<n { out[i] *= gamma }
                return true
            }
            func dot(_ a: UnsafeMutableBufferPointer<Double>, _ p: Int) -> Double {
                var sum = 0.0
                for i in 0..<n { sum += a[p * n + i] * out[i] }
                return sum
            }
            var alpha = [Double](repeating: 0, count: k)
            for p in stride(from: k - 1, through: 0, by: -1) {
                alpha[p] = rho[p] * dot(s, p)
                for i in 0..<n { out[i] -= alpha[p] * y[p * n + i] }
            }
            for i in 0..<n { out[i] *= gamma }
            for p in 0..<k {
                let beta = rho[p] * dot(y, p)
                for i in 0..<n { out[i] += (alpha[p] - beta) * s[p * n + i] }
            }
            return true
        default:
            return false
        }
    }
}

extension InverseHessianCopy {
    /// What `solver` holds after the run (none for solvers without an inverse-Hessian approximation).
    init(solver: any Solver) {
        guard let state = (solver as? any InverseHessianHolder)?.inverseHessianState else {
            self = .none
            return
        }
        switch state {
        case .dense(let h):
            self.init(
                kind: OPTBENCH_INVERSE_HESSIAN_DENSE, dimension: h.rows, dense: ResultHandle.copy(h.elements),
                s: nil, y: nil, pairs: 0, gamma: .nan, rho: [])
        case .limitedMemory(let s, let y, let gamma):
            let n = s.first?.count ?? 0
            let rho = zip(s, y).map { pair in 1 / zip(pair.0, pair.1).reduce(0) { $0 + $1.0 * $1.1 } }
            self.init(
                kind: OPTBENCH_INVERSE_HESSIAN_LIMITED_MEMORY, dimension: n,
                dense: nil, s: s.isEmpty ? nil : ResultHandle.copy(s.flatMap { $0 }),
                y: y.isEmpty ? nil : ResultHandle.copy(y.flatMap { $0 }), pairs: s.count, gamma: gamma, rho: rho)
        }
    }
}

private func inverse(_ handle: OpaquePointer?) -> InverseHessianCopy? {
    Handle.object(handle, as: ResultHandle.self)?.inverseHessian
}

@_cdecl("optbench_result_inverse_hessian_kind")
public func optbenchResultInverseHessianKind(_ r: OpaquePointer?) -> Int32 {
    Int32(bitPattern: (inverse(r)?.kind ?? OPTBENCH_INVERSE_HESSIAN_NONE).rawValue)
}

@_cdecl("optbench_result_inverse_hessian")
public func optbenchResultInverseHessian(_ r: OpaquePointer?) -> UnsafePointer<Double>? {
    inverse(r)?.dense.map { UnsafePointer($0.baseAddress!) }
}

@_cdecl("optbench_result_memory_pairs")
public func optbenchResultMemoryPairs(_ r: OpaquePointer?) -> Int { inverse(r)?.pairs ?? 0 }

@_cdecl("optbench_result_memory_s")
public func optbenchResultMemoryS(_ r: OpaquePointer?) -> UnsafePointer<Double>? {
    inverse(r)?.s.map { UnsafePointer($0.baseAddress!) }
}

@_cdecl("optbench_result_memory_y")
public func optbenchResultMemoryY(_ r: OpaquePointer?) -> UnsafePointer<Double>? {
    inverse(r)?.y.map { UnsafePointer($0.baseAddress!) }
}

@_cdecl("optbench_result_memory_gamma")
public func optbenchResultMemoryGamma(_ r: OpaquePointer?) -> Double { inverse(r)?.gamma ?? .nan }

@_cdecl("optbench_result_apply_inverse_hessian")
public func optbenchResultApplyInverseHessian(
    _ r: OpaquePointer?, _ v: UnsafePointer<Double>?, _ out: UnsafeMutablePointer<Double>?
) -> Int32 {
    guard let handle = Handle.object(r, as: ResultHandle.self) else {
        return failed(OPTBENCH_EINVAL, "the result is NULL")
    }
    guard let v, let out else {
        return failed(OPTBENCH_EINVAL, "optbench_result_apply_inverse_hessian: v or out is NULL")
    }
    guard handle.inverseHessian.apply(v, into: out, dimension: handle.result.x.count) else {
        return failed(
            OPTBENCH_EUNSUPPORTED,
            "the result holds no inverse-Hessian approximation (only bfgs, lbfgs and lbfgsb keep one): "
                + handle.result.solver)
    }
    return OPTBENCH_OK
}

@_cdecl("optbench_solver_set_initial_inverse_hessian")
public func optbenchSolverSetInitialInverseHessian(
    _ handle: OpaquePointer?, _ n: Int, _ matrix: UnsafePointer<Double>?
) -> Int32 {
    guard let solver = Handle.object(handle, as: SolverHandle.self) else {
        return failed(OPTBENCH_EINVAL, "the solver is NULL")
    }
    guard let matrix else {
        solver.initialInverseHessian = nil
        return OPTBENCH_OK
    }
    guard n > 0 else { return failed(OPTBENCH_EINVAL, "optbench_solver_set_initial_inverse_hessian: n = 0") }
    guard var method = solver.choice.makeSolver() as? any AcceptsInitialInverseHessian else {
        return failed(
            OPTBENCH_EOPTION,
            "\(solver.choice.descriptor.name) takes no initial inverse Hessian (hess-inv0); only bfgs does")
    }
    let h0 = Matrix(rows: n, columns: n, elements: Array(UnsafeBufferPointer(start: matrix, count: n * n)))
    do {
        try method.setInitialInverseHessian(h0)
    } catch {
        return failed(OPTBENCH_EOPTION, error.description)
    }
    solver.initialInverseHessian = h0
    return OPTBENCH_OK
}

@_cdecl("optbench_solver_set_initial_simplex")
public func optbenchSolverSetInitialSimplex(
    _ handle: OpaquePointer?, _ points: Int, _ n: Int, _ rows: UnsafePointer<Double>?
) -> Int32 {
    setRows(
        handle, points, n, rows, function: "optbench_solver_set_initial_simplex", rowsCalled: "points",
        matrix: "initial simplex", owner: "nelder-mead", accepts: { $0 is NelderMead },
        store: { $0.initialSimplex = $1 })
}

@_cdecl("optbench_solver_set_directions")
public func optbenchSolverSetDirections(
    _ handle: OpaquePointer?, _ count: Int, _ n: Int, _ rows: UnsafePointer<Double>?
) -> Int32 {
    setRows(
        handle, count, n, rows, function: "optbench_solver_set_directions", rowsCalled: "directions",
        matrix: "direction set", owner: "powell", accepts: { $0 is Powell }, store: { $0.directions = $1 })
}

/// A solver's starting geometry given row by row (`count` rows of n numbers, row-major; NULL
/// clears it): refused for a solver other than `owner` and for a non-finite number.
private func setRows(
    _ handle: OpaquePointer?, _ count: Int, _ n: Int, _ rows: UnsafePointer<Double>?, function: String,
    rowsCalled: String, matrix: String, owner: String, accepts: (any Solver) -> Bool,
    store: (SolverHandle, [[Double]]?) -> Void
) -> Int32 {
    guard let solver = Handle.object(handle, as: SolverHandle.self) else {
        return failed(OPTBENCH_EINVAL, "the solver is NULL")
    }
    guard let rows else {
        store(solver, nil)
        return OPTBENCH_OK
    }
    guard count > 0, n > 0 else {
        return failed(OPTBENCH_EINVAL, "\(function): \(count) \(rowsCalled) of \(n) numbers")
    }
    guard accepts(solver.choice.makeSolver()) else {
        return failed(OPTBENCH_EOPTION, "\(solver.choice.descriptor.name) takes no \(matrix); only \(owner) does")
    }
    let values = Array(UnsafeBufferPointer(start: rows, count: count * n))
    guard values.allSatisfy(\.isFinite) else {
        return failed(OPTBENCH_EOPTION, "the \(matrix) has a non-finite number")
    }
    store(solver, (0..<count).map { Array(values[($0 * n)..<(($0 + 1) * n)]) })
    return OPTBENCH_OK
}
