import Optim

/// A least-squares fit to data: one residual template r(b; c) compiled once, with the fit
/// parameters b (n) and a row's columns c (k) as its variables, and f = Σᵢ wᵢ r(b; cᵢ)² over the
/// m rows (wᵢ = 1 without weights; no factor ½, as for the `"residuals"` files). The residual
/// vector handed to least-squares solvers is √wᵢ·r(b; cᵢ), so Σ of its squares is f.
///
/// Per row the row's columns are copied behind b in one point buffer and the template's program
/// is run: f by its forward sweep, ∇rᵢ by its reverse sweep (row i of J, ∇f = 2 Σ wᵢ rᵢ ∇rᵢ),
/// ∇f·v and ∇²f·v = 2 Σ wᵢ ((∇rᵢ·v) ∇rᵢ + rᵢ ∇²rᵢ v) in dual numbers (forward over reverse,
/// Griewank & Walther 2008, ch. 3–5). The reverse sweep also yields ∂r/∂c, k numbers per row that
/// are not used. Buffers are made once; an evaluation allocates nothing. Not thread-safe.
final class DataFitObjective: HessianVectorObjective, DirectionalDerivativeObjective, LeastSquaresObjective {
    let dimension: Int
    let residualCount: Int
    private let columnCount: Int
    /// m × k, row-major: row i's columns, in the order of the program's variables after b.
    private let data: UnsafeMutablePointer<Double>
    /// √wᵢ, or nil without weights.
    private let scales: UnsafeMutablePointer<Double>?
    private let real: FormulaEvaluator<Double>
    /// (b, cᵢ) and the gradient of rᵢ with respect to both, n + k each.
    private let point: UnsafeMutablePointer<Double>, rowGradient: UnsafeMutablePointer<Double>
    private let program: FormulaProgram
    private var dual: DualWorkspace?

    /// - Parameters:
    ///   - template: r compiled over n + k scalar variables, b₁ … bₙ then the k columns.
    ///   - parameters: n.
    ///   - rows: m × k values, row-major (k = template.dimension − n).
    ///   - weights: m weights wᵢ ≥ 0, or nil.
    init(template: FormulaProgram, parameters: Int, rows: [Double], weights: [Double]?) {
        program = template
        dimension = parameters
        columnCount = template.dimension - parameters
        residualCount = columnCount == 0 ? 0 : rows.count / columnCount
        data = .allocate(capacity: max(rows.count, 1))
        data.initialize(repeating: 0, count: max(rows.count, 1))
        for (i, v) in rows.enumerated() { data[i] = v }
        scales = weights.map { w in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(w.count, 1))
            p.initialize(repeating: 1, count: max(w.count, 1))
            for (i, v) in w.enumerated() { p[i] = v.squareRoot() }
            return p
        }
        real = FormulaEvaluator(program: template)
        let width = max(template.dimension, 1)
        point = .allocate(capacity: width)
        point.initialize(repeating: 0, count: width)
        rowGradient = .allocate(capacity: width)
        rowGradient.initialize(repeating: 0, count: width)
    }

    deinit {
        data.deallocate()
        scales?.deallocate()
        point.deallocate()
        rowGradient.deallocate()
    }

    /// wᵢ, 1 without weights.
    @inline(__always) private func weight(_ i: Int) -> Double {
        guard let scales else { return 1 }
        return scales[i] * scales[i]
    }

    /// Puts b in the real point buffer.
    private func load(_ x: UnsafeBufferPointer<Double>) {
        for j in 0..<dimension { point[j] = x[j] }
    }

    /// Puts row i's columns behind b in `target`.
    @inline(__always) private func loadRow<T: ADScalar>(_ i: Int, into target: UnsafeMutablePointer<T>) {
        let row = data + i * columnCount
        for c in 0..<columnCount { target[dimension + c] = T(row[c]) }
    }

    func value(at x: UnsafeBufferPointer<Double>) -> Double {
        load(x)
        var f = 0.0
        for i in 0..<residualCount {
            loadRow(i, into: point)
            let r = real.value(at: point)
            f += weight(i) * r * r
        }
        return f
    }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        load(x)
        for j in 0..<dimension { gradient[j] = 0 }
        var f = 0.0
        for i in 0..<residualCount {
            loadRow(i, into: point)
            let r = real.valueAndGradient(at: point, gradient: rowGradient)
            let w = weight(i)
            f += w * r * r
            let s = 2 * w * r
            for j in 0..<dimension { gradient[j] += s * rowGradient[j] }
        }
        return f
    }

    func residuals(at x: UnsafeBufferPointer<Double>, into residuals: UnsafeMutableBufferPointer<Double>) {
        load(x)
        for i in 0..<residualCount {
            loadRow(i, into: point)
            residuals[i] = (scales?[i] ?? 1) * real.value(at: point)
        }
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        load(x)
        let m = residualCount
        for i in 0..<m {
            loadRow(i, into: point)
            _ = real.valueAndGradient(at: point, gradient: rowGradient)
            let s = scales?[i] ?? 1
            for j in 0..<dimension { jacobian[i + j * m] = s * rowGradient[j] }
        }
    }

    /// The dual evaluator with b + v·ε loaded.
    private func dualPoint(
        _ x: UnsafeBufferPointer<Double>, _ v: UnsafeBufferPointer<Double>
    ) -> (FormulaEvaluator<Dual>, UnsafeMutablePointer<Dual>, UnsafeMutablePointer<Dual>) {
        let workspace = DualWorkspace.made(&dual, program)
        for j in 0..<dimension { workspace.point[j] = Dual(x[j], v[j]) }
        return (workspace.evaluator, workspace.point, workspace.gradient)
    }

    func directionalDerivative(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>
    ) -> (value: Double, derivative: Double) {
        let (evaluator, point, _) = dualPoint(x, v)
        var f = 0.0, derivative = 0.0
        for i in 0..<residualCount {
            loadRow(i, into: point)
            let r = evaluator.value(at: point)
            let w = weight(i)
            f += w * r.value * r.value
            derivative += 2 * w * r.value * r.derivative
        }
        return (f, derivative)
    }

    func hessianVectorProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                              into out: UnsafeMutableBufferPointer<Double>) {
        let (evaluator, point, gradient) = dualPoint(x, v)
        for j in 0..<dimension { out[j] = 0 }
        for i in 0..<residualCount {
            loadRow(i, into: point)
            let r = evaluator.valueAndGradient(at: point, gradient: gradient)
            let s = 2 * weight(i)
            for j in 0..<dimension {
                out[j] += s * (r.derivative * gradient[j].value + r.value * gradient[j].derivative)
            }
        }
    }

    var hessianSource: String { "forward-over-reverse automatic differentiation (exact)" }
}
