import Optim

/// Constraints written as formulas (problem-file "constraints", `--constraint`): one compiled
/// program per cᵢ, in the objective's scope. Row i of J is ∇cᵢ by one reverse sweep of cᵢ's program
/// (the formula compiler's adjoint, as for f's gradient), Jv by forward sweeps in dual numbers, and
/// (Σwᵢ∇²cᵢ)v by forward-over-reverse sweeps, one per constraint with wᵢ ≠ 0. One instance must
/// not be evaluated from two threads at once. A constraint that reads x only at fixed indices
/// (no indexed reads in a `sum`) has its row's support from its program (`loadedVariables`), and
/// Jᵀw then costs O(nnz(J)), not O(m·n): the circle chain's xᵢ² + xᵢ₊₁² ≤ 2 has two per row.
final class FormulaConstraints: ConstraintHessianProducts {
    private let programs: [FormulaObjective]
    /// Row i's support when cᵢ's program loads x at fixed indices only; nil: dense.
    private let supports: [[Int]?]
    let lower: [Double]
    let upper: [Double]
    let isLinear: [Bool]
    let descriptions: [String]
    let dimension: Int
    /// ∇cᵢ or (∇²cᵢ)v before it is added in, n entries.
    private let row: Vector

    init(programs: [FormulaProgram], parsed: [ParsedConstraint], linear: [Bool], dimension: Int) {
        self.programs = programs.map { FormulaObjective(program: $0) }
        supports = programs.map(\.loadedVariables)
        lower = parsed.map(\.lower)
        upper = parsed.map(\.upper)
        descriptions = parsed.map(\.text)
        isLinear = linear
        self.dimension = dimension
        row = Vector(count: max(dimension, 1))
    }

    var count: Int { programs.count }

    func values(at x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>) {
        for (i, program) in programs.enumerated() { values[i] = program.value(at: x) }
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        for (i, program) in programs.enumerated() {
            let rowBuffer = UnsafeMutableBufferPointer(rebasing: jacobian[(i * n)..<((i + 1) * n)])
            _ = program.valueAndGradient(at: x, gradient: rowBuffer)
        }
    }

    func valuesAndTransposeProduct(
        at x: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>, weight: (_ i: Int, _ value: Double) -> Double
    ) {
        let gradient = UnsafeMutableBufferPointer(rebasing: row.storage[0..<dimension])
        for (i, program) in programs.enumerated() {
            if let support = supports[i] {
                let c = program.valueAndGradient(at: x, gradient: gradient, support: support)
                values[i] = c
                let w = weight(i, c)
                if w != 0 { for j in support { out[j] += w * gradient[j] } }
                continue
            }
            let c = program.valueAndGradient(at: x, gradient: gradient)
            values[i] = c
            let w = weight(i, c)
            if w != 0 { for j in 0..<dimension { out[j] += w * gradient[j] } }
        }
    }

    func product(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        for (i, program) in programs.enumerated() {
            out[i] = program.directionalDerivative(at: x, direction: v).derivative
        }
    }

    func weightedHessianProduct(
        at x: UnsafeBufferPointer<Double>, weights w: UnsafeBufferPointer<Double>,
        direction v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) {
        out.update(repeating: 0)
        let product = UnsafeMutableBufferPointer(rebasing: row.storage[0..<dimension])
        for (i, program) in programs.enumerated() where w[i] != 0 && !isLinear[i] {
            program.hessianVectorProduct(at: x, direction: v, into: product)
            for j in 0..<dimension { out[j] += w[i] * product[j] }
        }
    }
}

extension FormulaConstraints {
    /// Compiles `texts` for `scope` (the objective's).
    /// - Throws: the index of the constraint at fault and its `FormulaError` (with the column).
    static func compile(
        _ parsed: [ParsedConstraint], scope: FormulaScope
    ) throws(IndexedFormulaError) -> FormulaConstraints {
        var programs: [FormulaProgram] = []
        for (i, constraint) in parsed.enumerated() {
            do { programs.append(try FormulaCompiler.compile(constraint.expression, scope: scope)) } catch {
                throw IndexedFormulaError(index: i, error: error)
            }
        }
        let linear = parsed.map { FormulaConstraintParser.isLinear($0.expression, parameters: scope.parameters) }
        return FormulaConstraints(programs: programs, parsed: parsed, linear: linear, dimension: scope.dimension)
    }
}

/// A `FormulaError` in the i-th of several formulas (constraints).
struct IndexedFormulaError: Error {
    let index: Int
    let error: FormulaError
}
