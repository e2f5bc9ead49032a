import Optim

/// A formula as an objective: f and ∇f by the compiled program's forward and reverse sweeps,
/// ∇f·v by a forward sweep in dual numbers, ∇²f·v by both sweeps in dual numbers (forward
/// over reverse; the dense Hessian is n of those). Buffers are made once; one instance must
/// not be evaluated from two threads at once. Not final: the Moré–Garbow–Hillstrom formulas
/// subclass it to add their residuals (`MGHFormulaObjective`).
public class FormulaObjective: HessianVectorObjective, DirectionalDerivativeObjective {
    let program: FormulaProgram
    private let real: FormulaEvaluator<Double>
    /// The dual-number evaluator and its point and gradient buffers, made on first use.
    private var dual: DualWorkspace?

    init(program: FormulaProgram) {
        self.program = program
        real = FormulaEvaluator(program: program)
    }

    public var dimension: Int { program.dimension }

    /// f and ∇f written into `gradient` at `support` only (`FormulaProgram.loadedVariables`).
    func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>, support: [Int]
    ) -> Double {
        guard let point = x.baseAddress, let out = gradient.baseAddress else { return .nan }
        return real.valueAndGradient(at: point, gradient: out, support: support)
    }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double { real.value(at: x.baseAddress!) }

    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        real.valueAndGradient(at: x.baseAddress!, gradient: gradient.baseAddress!)
    }

    /// The dual evaluator with x + v·ε loaded.
    private func dualPoint(
        _ x: UnsafeBufferPointer<Double>, _ v: UnsafeBufferPointer<Double>
    ) -> (FormulaEvaluator<Dual>, UnsafeMutablePointer<Dual>, UnsafeMutablePointer<Dual>) {
        let workspace = DualWorkspace.made(&dual, program)
        for i in 0..<dimension { workspace.point[i] = Dual(x[i], v[i]) }
        return (workspace.evaluator, workspace.point, workspace.gradient)
    }

    public func directionalDerivative(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>
    ) -> (value: Double, derivative: Double) {
        let (evaluator, point, _) = dualPoint(x, v)
        let f = evaluator.value(at: point)
        return (f.value, f.derivative)
    }

    public func hessianVectorProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                                     into out: UnsafeMutableBufferPointer<Double>) {
        let (evaluator, point, gradient) = dualPoint(x, v)
        _ = evaluator.valueAndGradient(at: point, gradient: gradient)
        for i in 0..<dimension { out[i] = gradient[i].derivative }
    }

    public var hessianSource: String { "forward-over-reverse automatic differentiation (exact)" }
}

extension FormulaObjective {
    /// Compiles `text` for `scope`.
    /// - Throws: `FormulaError` with the column and what was expected.
    convenience init(_ text: String, scope: FormulaScope) throws(FormulaError) {
        let program = try FormulaCompiler.compile(try FormulaParser.parse(text), scope: scope)
        self.init(program: program)
    }
}

/// A program's dual-number evaluator with its point and gradient buffers (one per variable of the
/// program), for ∇f·v and ∇²f·v; made on first use, freed with its objective.
final class DualWorkspace {
    let evaluator: FormulaEvaluator<Dual>
    let point: UnsafeMutablePointer<Dual>, gradient: UnsafeMutablePointer<Dual>

    init(program: FormulaProgram) {
        let width = max(program.dimension, 1)
        evaluator = FormulaEvaluator(program: program)
        point = .allocate(capacity: width)
        point.initialize(repeating: Dual(0), count: width)
        gradient = .allocate(capacity: width)
        gradient.initialize(repeating: Dual(0), count: width)
    }

    deinit {
        point.deallocate()
        gradient.deallocate()
    }

    /// `slot`'s workspace, made for `program` when there is none yet.
    static func made(_ slot: inout DualWorkspace?, _ program: FormulaProgram) -> DualWorkspace {
        if let slot { return slot }
        let workspace = DualWorkspace(program: program)
        slot = workspace
        return workspace
    }
}
