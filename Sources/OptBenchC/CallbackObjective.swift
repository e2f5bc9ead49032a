import CLapack
import COptBench
import Optim

/// The callbacks of an `optbench_problem`, as the C caller set them.
struct CallbackSet {
    var dimension: Int
    var valueGradient: optbench_value_gradient_fn?
    var valueGradientUser: UnsafeMutableRawPointer?
    var value: optbench_value_fn?
    var valueUser: UnsafeMutableRawPointer?
    var hessianVector: optbench_hessian_vector_fn?
    var hessianVectorUser: UnsafeMutableRawPointer?
    var hessian: optbench_hessian_fn?
    var hessianUser: UnsafeMutableRawPointer?
    var residualCount = 0
    var residuals: optbench_residuals_fn?
    var jacobian: optbench_jacobian_fn?
    var residualsUser: UnsafeMutableRawPointer?
    /// f evaluations inside one value-gradient call besides f(x) (the caller's differences; 0: analytic).
    var gradientCost = 0

    init(dimension: Int) { self.dimension = dimension }

    /// The objective for one run, of the class whose conformances match the callbacks given
    /// (`HessianObjective`, `HessianVectorObjective`, `LeastSquaresObjective`), so the catalog's
    /// capability checks and the solvers see exactly what the caller provided. An existential:
    /// `minimize` opens it as its dynamic class, so the driver's `CountedObjective` has the
    /// conformances too (with the static type `CallbackObjective` it would have none).
    func objective() -> any Objective {
        let leastSquares = residuals != nil && jacobian != nil
        switch (hessianVector != nil, hessian != nil, leastSquares) {
        case (true, _, false): return HessianVectorCallbackObjective(self)
        case (false, true, false): return HessianCallbackObjective(self)
        case (false, false, false): return CallbackObjective(self)
        case (true, _, true): return LeastSquaresHessianVectorCallbackObjective(self)
        case (false, true, true): return LeastSquaresHessianCallbackObjective(self)
        case (false, false, true): return LeastSquaresCallbackObjective(self)
        }
    }
}

/// An objective whose evaluations are C function pointers, called in-process with pointers
/// straight into the solver's buffers (no copies). One instance per run: it keeps the failure
/// of its run and work buffers, and is not evaluated from two threads at once.
///
/// A callback that returns nonzero sets `failure` (`FallibleObjective`): `minimize` ends the
/// run with status `evaluationFailed` (`interrupted` for `OPTBENCH_INTERRUPT`) at the last
/// accepted iterate, and later evaluations return NaN without calling back. The capabilities
/// beyond f and ∇f are the subclasses' conformances; the methods live here.
class CallbackObjective: DifferencedObjective, FallibleObjective {
    let callbacks: CallbackSet
    let dimension: Int
    /// The caller's declared difference cost (`optbench_problem_set_gradient_cost`), when f alone
    /// can be asked for (a value callback); else 0.
    let valueEvaluationsPerGradient: Int
    private(set) var failure: EvaluationFailure?
    /// Calls into C so far, to name the failing one.
    private var calls = 0
    /// ∇f of f-only evaluations without a value callback.
    private let scratchGradient: UnsafeMutableBufferPointer<Double>
    /// r and J when f and ∇f come from the residuals (no value-gradient callback).
    private let scratchResiduals: UnsafeMutableBufferPointer<Double>
    private let scratchJacobian: UnsafeMutableBufferPointer<Double>

    required init(_ callbacks: CallbackSet) {
        self.callbacks = callbacks
        dimension = callbacks.dimension
        let valueAlone = callbacks.value != nil && callbacks.valueGradient != nil
        valueEvaluationsPerGradient = valueAlone ? callbacks.gradientCost : 0
        scratchGradient = .allocate(capacity: callbacks.valueGradient != nil && callbacks.value == nil ? dimension : 0)
        let fromResiduals = callbacks.valueGradient == nil
        scratchResiduals = .allocate(capacity: fromResiduals ? callbacks.residualCount : 0)
        scratchJacobian = .allocate(capacity: fromResiduals ? callbacks.residualCount * dimension : 0)
        Messages.callbackError.set(nil)
    }

    deinit {
        scratchGradient.deallocate()
        scratchResiduals.deallocate()
        scratchJacobian.deallocate()
    }

    /// Runs one callback; false (and `failure` set) when it returned nonzero.
    @inline(__always) func call(_ name: String, _ body: () -> Int32) -> Bool {
        calls += 1
        let code = body()
        if code == 0 { return true }
        let message = Messages.callbackError.take()
            ?? (code == OPTBENCH_INTERRUPT ? "interrupted in the \(name) callback (evaluation \(calls))"
                : "the \(name) callback returned \(code) at evaluation \(calls)")
        failure = EvaluationFailure(message, isInterruption: code == OPTBENCH_INTERRUPT)
        return false
    }

    func value(at x: UnsafeBufferPointer<Double>) -> Double {
        if failure != nil { return .nan }
        if let value = callbacks.value {
            var f = Double.nan
            return call("value") { value(x.baseAddress, &f, callbacks.valueUser) } ? f : .nan
        }
        if callbacks.valueGradient != nil { return valueAndGradient(at: x, gradient: scratchGradient) }
        guard residualsAt(x, into: scratchResiduals) else { return .nan }
        return sumOfSquares(scratchResiduals)
    }

    /// ∇f at the point f was just evaluated at: the value-gradient callback (the caller's
    /// differences reuse its f(x)); its f is dropped.
    func gradient(at x: UnsafeBufferPointer<Double>, value: Double, into gradient: UnsafeMutableBufferPointer<Double>) {
        _ = valueAndGradient(at: x, gradient: gradient)
    }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        if failure == nil {
            if let valueGradient = callbacks.valueGradient {
                var f = Double.nan
                if call(
                    "value-gradient",
                    { valueGradient(x.baseAddress, &f, gradient.baseAddress, callbacks.valueGradientUser) })
                {
                    return f
                }
            } else if residualsAt(x, into: scratchResiduals), jacobianAt(x, into: scratchJacobian) {
                // f = Σ rᵢ², ∇f = 2Jᵀr (J column-major m × n).
                let m = Int32(callbacks.residualCount), n = Int32(dimension)
                cblas_dgemv(CblasColMajor, CblasTrans, m, n, 2, scratchJacobian.baseAddress, max(m, 1),
                            scratchResiduals.baseAddress, 1, 0, gradient.baseAddress, 1)
                return sumOfSquares(scratchResiduals)
            }
        }
        gradient.update(repeating: .nan)
        return .nan
    }

    private func sumOfSquares(_ r: UnsafeMutableBufferPointer<Double>) -> Double {
        var sum = 0.0
        for v in r { sum += v * v }
        return sum
    }

    // MARK: capabilities (declared by the subclasses)

    var hessianSource: String { callbacks.hessian != nil ? "analytic" : "assembled from Hessian-vector products" }

    func hessian(at x: UnsafeBufferPointer<Double>, into hessian: UnsafeMutableBufferPointer<Double>) {
        if failure == nil {
            if let dense = callbacks.hessian {
                if call("hessian", { dense(x.baseAddress, hessian.baseAddress, callbacks.hessianUser) }) { return }
            } else if callbacks.hessianVector != nil {
                assembleColumns(dimension: dimension, into: hessian) { v, out in
                    hessianVectorProduct(at: x, direction: v, into: out)
                }
                if failure == nil { return }
            }
        }
        hessian.update(repeating: .nan)
    }

    func hessianVectorProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                              into out: UnsafeMutableBufferPointer<Double>) {
        if failure == nil, let product = callbacks.hessianVector,
            call(
                "hessian-vector",
                { product(x.baseAddress, v.baseAddress, out.baseAddress, callbacks.hessianVectorUser) })
        {
            return
        }
        out.update(repeating: .nan)
    }

    var residualCount: Int { callbacks.residualCount }

    func residuals(at x: UnsafeBufferPointer<Double>, into residuals: UnsafeMutableBufferPointer<Double>) {
        if !residualsAt(x, into: residuals) { residuals.update(repeating: .nan) }
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        if !jacobianAt(x, into: jacobian) { jacobian.update(repeating: .nan) }
    }

    private func residualsAt(_ x: UnsafeBufferPointer<Double>, into r: UnsafeMutableBufferPointer<Double>) -> Bool {
        guard failure == nil, let residuals = callbacks.residuals else { return false }
        return call("residuals") { residuals(x.baseAddress, r.baseAddress, callbacks.residualsUser) }
    }

    private func jacobianAt(_ x: UnsafeBufferPointer<Double>, into j: UnsafeMutableBufferPointer<Double>) -> Bool {
        guard failure == nil, let jacobian = callbacks.jacobian else { return false }
        return call("jacobian") { jacobian(x.baseAddress, j.baseAddress, callbacks.residualsUser) }
    }
}

/// With a dense Hessian.
final class HessianCallbackObjective: CallbackObjective, HessianObjective {}
/// With Hessian-vector products (and the dense Hessian: given, or assembled from n products).
final class HessianVectorCallbackObjective: CallbackObjective, HessianVectorObjective {}
/// With residuals and their Jacobian.
final class LeastSquaresCallbackObjective: CallbackObjective, LeastSquaresObjective {}
final class LeastSquaresHessianCallbackObjective: CallbackObjective, LeastSquaresObjective, HessianObjective {}
final class LeastSquaresHessianVectorCallbackObjective: CallbackObjective, LeastSquaresObjective, HessianVectorObjective
{}
