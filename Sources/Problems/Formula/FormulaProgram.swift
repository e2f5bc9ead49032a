/// A compiled formula: straight-line instructions over registers, in blocks. Block 0 is the
/// formula's top level; each `sum`/`prod` runs a block of its own (its body) over its index
/// range, `lanes` indices at a time — every instruction of a vector body works on a block of
/// that many consecutive index values, so the interpreter dispatches once per operation per
/// block rather than once per element. A body holding a loop of its own runs one index at a
/// time (lanes = 1) and its inner loop is the vectorized one.
///
/// Registers belong to one block; an instruction's operands come from its own block (one
/// value per lane) or from an enclosing block (one value, broadcast to every lane: what does
/// not depend on a loop's index is computed once, outside the loop).
struct FormulaProgram: Sendable {
    /// n: x has n elements (1-based in the formula).
    let dimension: Int
    var blocks: [Block]
    /// The block each register belongs to.
    var registerBlock: [Int]
    /// The register holding f (in block 0).
    var output: Int
    /// Top-level loops whose result enters f linearly with a constant coefficient: their
    /// reverse sweep can run right after their forward sweep, block by block, with that
    /// coefficient as the adjoint (result register → coefficient).
    var fusedLoops: [Int: Double] = [:]

    /// The variables (0-based) the program loads, sorted, when it reads x only by fixed loads (no
    /// indexed reads in sums): then ∇f is zero outside them. nil when it gathers.
    var loadedVariables: [Int]? {
        var loaded = Set<Int>()
        for block in blocks {
            for instruction in block.instructions {
                switch instruction.operation {
                case .load(let k): loaded.insert(k)
                case .gather, .gatherComputed: return nil
                default: break
                }
            }
        }
        return loaded.sorted()
    }
    /// Where each `x[…]` inside a loop was written, for messages about its index range.
    var sites: [Site] = []

    /// Indices a vector body handles per pass: enough to amortize one dispatch per operation,
    /// few enough that a body's registers stay in the L2 cache (16 KiB each). Measured on
    /// chained Rosenbrock at n = 10⁶ (optbench-perf formula): 128 lanes 3.8×, 512 3.5×,
    /// 1024 3.3×, 2048 3.0×, 4096 2.8× the hand-written time; 2048 keeps ten registers
    /// within 160 KiB.
    static let vectorLanes = 2048

    struct Site: Sendable {
        let text: String
        let column: Int
    }

    struct Block: Sendable {
        var instructions: [Instruction] = []
        /// Nesting level: 0 for the top, 1 + the level of the block a loop sits in.
        var level: Int
        /// Indices handled per pass (1 at the top and in bodies holding loops).
        var lanes: Int
        /// The name of the loop index (bodies only), for messages.
        var variable = ""
        /// Registers whose adjoints must start at zero in each reverse pass of the block
        /// (`FormulaAdjointPlan`); the others are assigned by their first contribution.
        var cleared: [Int] = []
    }

    struct Instruction: Sendable {
        var operation: Operation
        var result: Int
        /// For each operand, whether it lives in this instruction's block (one value per
        /// lane) rather than in an enclosing one (broadcast).
        var operandsInBlock: (Bool, Bool) = (false, false)
        /// Whether the result depends on x (only then does the reverse sweep visit it).
        var isActive = true
        /// How the reverse sweep delivers this instruction's contribution to each operand's
        /// adjoint (`FormulaAdjointPlan`).
        var writes: (AdjointWrite, AdjointWrite) = (.add, .add)
    }

    /// How a contribution reaches an operand's adjoint.
    enum AdjointWrite: Sendable {
        /// The operand does not depend on x: its adjoint is never needed.
        case skip
        /// The first contribution in the reverse sweep: it sets the adjoint (no zeroing needed).
        case assign
        case add
    }

    enum Operation: Sendable {
        case constant(Double)
        /// xₖ (0-based k), a value outside any loop, or constant inside one.
        case load(Int)
        /// x[stride·i + offset] over the lanes (1-based index), i the block's loop index;
        /// `site` indexes `sites`.
        case gather(stride: Int, offset: IntegerExpression, site: Int)
        /// x[index] with an index that is not affine in the loop index: computed per lane.
        case gatherComputed(IntegerExpression, site: Int)
        /// The loop index at `level` as a number (one value per lane at the innermost level).
        case index(level: Int)
        /// A value of an enclosing block, repeated on every lane (a body whose result does not
        /// depend on its index).
        case broadcast(Int)
        case unary(FormulaFunction, Int)
        case binary(FormulaBinary, Int, Int)
        /// aᵏ for a constant integer k.
        case integerPower(Int, Int)
        /// Σ or Π of `output` (a register of `body`) over `lower`…`upper`.
        case loop(FormulaReduction, body: Int, output: Int, lower: IntegerExpression, upper: IntegerExpression)
    }
}

/// Functions of one argument.
enum FormulaFunction: String, Sendable, CaseIterable {
    case negate, exp, log, log1p, expm1, sqrt, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, abs, sigmoid
}

/// Functions of two arguments.
enum FormulaBinary: String, Sendable {
    case add, subtract, multiply, divide, power, min, max
}

extension FormulaProgram {
    /// Bytes the evaluator's registers may take (values and adjoints, in dual numbers for
    /// Hessian-vector products: 32 bytes per lane).
    static let laneMemory = 256 << 20

    /// Every register of a vector block holds `lanes` values and as many adjoints. For a long
    /// loop body that adds up (10⁴ terms · 2048 lanes · 32 bytes = 650 MB), so vector blocks
    /// share the budget `laneMemory`: their lanes shrink (to a power of two, at least 16) until
    /// it is met. Fewer lanes cost dispatch time, not correctness.
    mutating func fitLanes() {
        let vectorRegisters = registerBlock.reduce(0) { $0 + (blocks[$1].lanes > 1 ? 1 : 0) }
        guard vectorRegisters > 0 else { return }
        var lanes = Self.vectorLanes
        while lanes > 16 && vectorRegisters * lanes * 32 > Self.laneMemory { lanes /= 2 }
        for b in blocks.indices where blocks[b].lanes > 1 { blocks[b].lanes = lanes }
    }
}

/// Integer arithmetic for bounds and indices: literals, n, loop indices, + − × (exact) ÷,
/// min and max.
indirect enum IntegerExpression: Sendable, Equatable {
    case constant(Int)
    /// The current value of the loop index at `level`.
    case index(level: Int)
    case add(IntegerExpression, IntegerExpression)
    case multiply(IntegerExpression, IntegerExpression)
    /// Exact division; `column` locates it for the message when it is not exact.
    case divide(IntegerExpression, IntegerExpression, column: Int)
    case minimum(IntegerExpression, IntegerExpression)
    case maximum(IntegerExpression, IntegerExpression)

    /// The deepest loop level it reads (0: none).
    var level: Int {
        switch self {
        case .constant: 0
        case .index(let l): l
        case .add(let a, let b), .multiply(let a, let b), .divide(let a, let b, _), .minimum(let a, let b),
            .maximum(let a, let b):
            Swift.max(a.level, b.level)
        }
    }

    /// Its value for the loop indices in `indices` (indexed by level). Division is assumed
    /// exact (`checked` verifies that when the formula is compiled).
    func value(_ indices: UnsafePointer<Int>) -> Int {
        switch self {
        case .constant(let v): v
        case .index(let l): indices[l]
        case .add(let a, let b): a.value(indices) &+ b.value(indices)
        case .multiply(let a, let b): a.value(indices) &* b.value(indices)
        case .divide(let a, let b, _): a.value(indices) / b.value(indices)
        case .minimum(let a, let b): Swift.min(a.value(indices), b.value(indices))
        case .maximum(let a, let b): Swift.max(a.value(indices), b.value(indices))
        }
    }

    /// The largest magnitude an index, a bound or any step of computing one may take: far
    /// beyond any dimension, and small enough that c·i + d stays exact in 64 bits.
    static let limit = 1 << 50

    /// Its value, or why it has none: a division that is not exact (or by zero), or a value
    /// beyond ±`limit`.
    func checked(_ indices: UnsafePointer<Int>) -> Result<Int, FormulaError> {
        let result = unbounded(indices)
        if case .success(let v) = result, v < -Self.limit || v > Self.limit {
            return .failure(FormulaError("an index or bound reaches \(v), beyond ±2^50"))
        }
        return result
    }

    private func unbounded(_ indices: UnsafePointer<Int>) -> Result<Int, FormulaError> {
        switch self {
        case .constant(let v): return .success(v)
        case .index(let l): return .success(indices[l])
        case .add(let a, let b): return Self.combine(a, b, indices) { $0.addingReportingOverflow($1) }
        case .multiply(let a, let b): return Self.combine(a, b, indices) { $0.multipliedReportingOverflow(by: $1) }
        case .minimum(let a, let b): return Self.combine(a, b, indices) { (Swift.min($0, $1), false) }
        case .maximum(let a, let b): return Self.combine(a, b, indices) { (Swift.max($0, $1), false) }
        case .divide(let a, let b, let column):
            switch (a.checked(indices), b.checked(indices)) {
            case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
            case (.success(let p), .success(let q)):
                guard q != 0, q != -1 || p != Int.min, p % q == 0 else {
                    return .failure(
                        FormulaError("\(p)/\(q) is not an integer (bounds and indices must be integers)", at: column))
                }
                return .success(p / q)
            }
        }
    }

    private static func combine(_ a: IntegerExpression, _ b: IntegerExpression, _ indices: UnsafePointer<Int>,
                                _ f: (Int, Int) -> (partialValue: Int, overflow: Bool)) -> Result<Int, FormulaError> {
        switch (a.checked(indices), b.checked(indices)) {
        case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
        case (.success(let p), .success(let q)):
            let (v, overflow) = f(p, q)
            return overflow ? .failure(FormulaError("integer overflow in an index or bound")) : .success(v)
        }
    }

    /// c·i + d for the loop index i at `level`, when it is that (c a constant; d free of i).
    func affine(in level: Int) -> (coefficient: Int, offset: IntegerExpression)? {
        switch self {
        case .constant: return (0, self)
        case .index(let l): return l == level ? (1, .constant(0)) : (0, self)
        case .add(let a, let b):
            guard let p = a.affine(in: level), let q = b.affine(in: level) else { return nil }
            let (c, overflow) = p.coefficient.addingReportingOverflow(q.coefficient)
            return overflow || abs(c) > Self.limit ? nil : (c, Self.sum(p.offset, q.offset))
        case .multiply(let a, let b):
            guard let p = a.affine(in: level), let q = b.affine(in: level) else { return nil }
            // A coefficient too large to be exact is left to the per-index (checked) path.
            func scaled(_ k: Int, _ c: Int) -> Int? {
                let (v, overflow) = k.multipliedReportingOverflow(by: c)
                return overflow || abs(v) > Self.limit ? nil : v
            }
            if p.coefficient == 0, case .constant(let k) = p.offset {
                guard let c = scaled(k, q.coefficient) else { return nil }
                return (c, Self.product(.constant(k), q.offset))
            }
            if q.coefficient == 0, case .constant(let k) = q.offset {
                guard let c = scaled(k, p.coefficient) else { return nil }
                return (c, Self.product(p.offset, .constant(k)))
            }
            return p.coefficient == 0 && q.coefficient == 0 ? (0, self) : nil
        case .divide, .minimum, .maximum:
            return self.level < level || !mentions(level) ? (0, self) : nil
        }
    }

    private func mentions(_ level: Int) -> Bool {
        switch self {
        case .constant: false
        case .index(let l): l == level
        case .add(let a, let b), .multiply(let a, let b), .divide(let a, let b, _), .minimum(let a, let b),
            .maximum(let a, let b):
            a.mentions(level) || b.mentions(level)
        }
    }

    /// a + b, folded when both are constants and the sum stays within ±`limit` (else the
    /// check reports it).
    static func sum(_ a: IntegerExpression, _ b: IntegerExpression) -> IntegerExpression {
        if case .constant(let p) = a, case .constant(let q) = b, abs(p) <= limit, abs(q) <= limit, abs(p + q) <= limit {
            return .constant(p + q)
        }
        if case .constant(0) = a { return b }
        if case .constant(0) = b { return a }
        return .add(a, b)
    }

    /// a·b, folded like `sum`.
    static func product(_ a: IntegerExpression, _ b: IntegerExpression) -> IntegerExpression {
        if case .constant(let p) = a, case .constant(let q) = b {
            let (v, overflow) = p.multipliedReportingOverflow(by: q)
            if !overflow && abs(v) <= limit { return .constant(v) }
        }
        if case .constant(1) = a { return b }
        if case .constant(1) = b { return a }
        return .multiply(a, b)
    }
}
