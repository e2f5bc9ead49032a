/// Runs a `FormulaProgram` in the arithmetic `T`: the forward sweep gives f, the reverse sweep
/// (reverse-mode automatic differentiation, the adjoint of every instruction accumulated from
/// the last to the first) gives ∇f for a few times the cost of f. With `T = Dual` the forward
/// sweep carries one directional derivative (∇f·v) and both sweeps together carry the
/// derivative of ∇f along v, ∇²f·v (forward over reverse).
///
/// Loops run block by block, `lanes` indices at a time. The reverse sweep of a loop
/// recomputes each block's forward values and then runs that block backwards, so memory stays
/// a few blocks whatever n is; a loop whose adjoint is a known constant (f = Σ … + …) runs its
/// reverse right after its forward, in the same pass (`FormulaProgram.fusedLoops`).
///
/// Buffers are allocated once, when the evaluator is made; an evaluation allocates nothing
/// (but for the factor buffer of a `prod` the first time its range grows). Not thread-safe.
final class FormulaEvaluator<T: ADScalar> {
    let program: FormulaProgram
    private let values: [UnsafeMutablePointer<T>]
    private let adjoints: [UnsafeMutablePointer<T>]
    /// Loop index values by level: the first index of the block being run.
    private let indices: UnsafeMutablePointer<Int>
    /// Lanes in use by each block in the current pass.
    private var active: [Int]
    /// Per `prod` body: the factors of the current product and Π of all the others.
    private var products: [Int: (factors: UnsafeMutablePointer<T>, capacity: Int)] = [:]
    private var x = UnsafePointer<T>(bitPattern: 8)!
    private var gradient: UnsafeMutablePointer<T>?

    init(program: FormulaProgram) {
        self.program = program
        let lanes = program.registerBlock.map { program.blocks[$0].lanes }
        values = lanes.map {
            let p = UnsafeMutablePointer<T>.allocate(capacity: $0); p.initialize(repeating: T(0), count: $0); return p
        }
        adjoints = lanes.map {
            let p = UnsafeMutablePointer<T>.allocate(capacity: $0); p.initialize(repeating: T(0), count: $0); return p
        }
        let depth = (program.blocks.map(\.level).max() ?? 0) + 1
        indices = UnsafeMutablePointer<Int>.allocate(capacity: depth)
        indices.initialize(repeating: 0, count: depth)
        active = program.blocks.map { _ in 1 }
    }

    deinit {
        for (register, p) in values.enumerated() {
            p.deinitialize(count: program.blocks[program.registerBlock[register]].lanes); p.deallocate()
        }
        for (register, p) in adjoints.enumerated() {
            p.deinitialize(count: program.blocks[program.registerBlock[register]].lanes); p.deallocate()
        }
        for (_, buffer) in products { buffer.factors.deinitialize(count: buffer.capacity); buffer.factors.deallocate() }
        indices.deallocate()
    }

    /// f(x); `x` holds n values.
    func value(at x: UnsafePointer<T>) -> T {
        self.x = x
        gradient = nil
        run(0, fuse: false)
        return values[program.output][0]
    }

    /// f(x), and ∇f(x) written into `gradient` (n values, overwritten; with `support`, the program's
    /// `loadedVariables`, only those entries are written and the others are left as they were).
    func valueAndGradient(at x: UnsafePointer<T>, gradient: UnsafeMutablePointer<T>, support: [Int]? = nil) -> T {
        self.x = x
        self.gradient = gradient
        if let support {
            for k in support { gradient[k] = T(0) }
        } else {
            gradient.update(repeating: T(0), count: program.dimension)
        }
        for register in program.blocks[0].cleared { adjoints[register][0] = T(0) }
        run(0, fuse: true)
        let f = values[program.output][0]
        adjoints[program.output][0] = adjoints[program.output][0] + T(1)
        reverse(0, skipFused: true)
        self.gradient = nil
        return f
    }

    // MARK: Forward

    /// Runs the instructions of `block` over its active lanes; in block 0 with `fuse`, the
    /// fused loops also run their reverse sweep.
    private func run(_ block: Int, fuse: Bool = false) {
        let count = active[block], level = program.blocks[block].level
        for instruction in program.blocks[block].instructions {
            let r = values[instruction.result]
            switch instruction.operation {
            case .constant(let v):
                r[0] = T(v)
            case .load(let k):
                r[0] = x[k]
            case .gather(let stride, let offset, _):
                let first = stride &* indices[level] &+ offset.value(indices) &- 1
                if stride == 1 {
                    for k in 0..<count { r[k] = x[first &+ k] }
                } else {
                    for k in 0..<count { r[k] = x[first &+ stride &* k] }
                }
            case .gatherComputed(let index, _):
                let start = indices[level]
                for k in 0..<count {
                    indices[level] = start &+ k
                    r[k] = x[index.value(indices) &- 1]
                }
                indices[level] = start
            case .index(let at):
                let start = indices[at]
                if at == level {
                    for k in 0..<count { r[k] = T(Double(start &+ k)) }
                } else {
                    r[0] = T(Double(start))
                }
            case .broadcast(let a):
                let v = values[a][0]
                for k in 0..<count { r[k] = v }
            case .unary(let f, let a):
                forwardUnary(f, r, values[a], instruction.operandsInBlock.0, count)
            case .binary(let f, let a, let b):
                forwardBinary(
                    f, r, values[a], instruction.operandsInBlock.0, values[b], instruction.operandsInBlock.1, count)
            case .integerPower(let a, let e):
                let p = values[a]
                let n = instruction.operandsInBlock.0 ? count : 1
                switch e {
                case 2: for k in 0..<n { r[k] = p[k] * p[k] }
                case 3: for k in 0..<n { r[k] = p[k] * p[k] * p[k] }
                case 4: for k in 0..<n { let s = p[k] * p[k]; r[k] = s * s }
                default: for k in 0..<n { r[k] = T.pow(p[k], e) }
                }
                broadcastIfNeeded(r, n, count)
            case .loop(let kind, let body, let output, let lower, let upper):
                let adjoint = fuse && kind == .sum ? program.fusedLoops[instruction.result] : nil
                r[0] = runLoop(
                    kind, body: body, output: output, lower: lower, upper: upper, fusedAdjoint: adjoint.map { T($0) })
            }
        }
    }

    /// When every operand was a broadcast value, lane 0 holds the result: copy it to the rest.
    @inline(__always) private func broadcastIfNeeded(_ r: UnsafeMutablePointer<T>, _ computed: Int, _ count: Int) {
        if computed < count { for k in 1..<count { r[k] = r[0] } }
    }

    /// Σ or Π of the body's output over the loop's range; with `fusedAdjoint` (sums only)
    /// each block is reversed right after it runs, with that adjoint on every lane.
    private func runLoop(
        _ kind: FormulaReduction, body: Int, output: Int, lower: IntegerExpression, upper: IntegerExpression,
        fusedAdjoint: T?
    ) -> T {
        let lo = lower.value(indices), hi = upper.value(indices)
        let level = program.blocks[body].level, lanes = program.blocks[body].lanes
        var total = kind == .sum ? T(0) : T(1)
        var start = lo
        while start <= hi {
            let count = min(lanes, hi - start + 1)
            indices[level] = start
            active[body] = count
            run(body)
            let out = values[output]
            if kind == .sum {
                total = total + Self.sum(out, count)
            } else {
                for k in 0..<count { total = total * out[k] }
            }
            if let fusedAdjoint {
                clearAdjoints(body, count)
                let o = adjoints[output]
                for k in 0..<count { o[k] = fusedAdjoint }
                reverse(body)
            }
            start += count
        }
        return total
    }

    /// Σₖ p[k] with four partial sums (so the loop vectorizes).
    @inline(__always) private static func sum(_ p: UnsafeMutablePointer<T>, _ count: Int) -> T {
        var s0 = T(0), s1 = T(0), s2 = T(0), s3 = T(0)
        var k = 0
        while k + 4 <= count {
            s0 = s0 + p[k]; s1 = s1 + p[k + 1]; s2 = s2 + p[k + 2]; s3 = s3 + p[k + 3]
            k += 4
        }
        while k < count { s0 = s0 + p[k]; k += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Zeroes the adjoints that the block's reverse pass adds to before anything assigns them.
    private func clearAdjoints(_ block: Int, _ count: Int) {
        for register in program.blocks[block].cleared { adjoints[register].update(repeating: T(0), count: count) }
    }

    @inline(__always)
    private func map(
        _ r: UnsafeMutablePointer<T>, _ a: UnsafeMutablePointer<T>, _ aLanes: Bool, _ count: Int, _ f: (T) -> T
    ) {
        if aLanes {
            for k in 0..<count { r[k] = f(a[k]) }
        } else {
            let v = f(a[0])
            for k in 0..<count { r[k] = v }
        }
    }

    private func forwardUnary(
        _ f: FormulaFunction, _ r: UnsafeMutablePointer<T>, _ a: UnsafeMutablePointer<T>, _ lanes: Bool, _ count: Int
    ) {
        switch f {
        case .negate: map(r, a, lanes, count) { -$0 }
        case .exp: map(r, a, lanes, count) { T.exp($0) }
        case .log: map(r, a, lanes, count) { T.log($0) }
        case .log1p: map(r, a, lanes, count) { T.log1p($0) }
        case .expm1: map(r, a, lanes, count) { T.expm1($0) }
        case .sqrt: map(r, a, lanes, count) { T.sqrt($0) }
        case .sin: map(r, a, lanes, count) { T.sin($0) }
        case .cos: map(r, a, lanes, count) { T.cos($0) }
        case .tan: map(r, a, lanes, count) { T.tan($0) }
        case .asin: map(r, a, lanes, count) { T.asin($0) }
        case .acos: map(r, a, lanes, count) { T.acos($0) }
        case .atan: map(r, a, lanes, count) { T.atan($0) }
        case .sinh: map(r, a, lanes, count) { T.sinh($0) }
        case .cosh: map(r, a, lanes, count) { T.cosh($0) }
        case .tanh: map(r, a, lanes, count) { T.tanh($0) }
        case .abs: map(r, a, lanes, count) { $0.value < 0 ? -$0 : ($0.value > 0 ? $0 : T(0)) }
        case .sigmoid: map(r, a, lanes, count) { T.sigmoid($0) }
        }
    }

    @inline(__always)
    private func zip(
        _ r: UnsafeMutablePointer<T>, _ a: UnsafeMutablePointer<T>, _ aLanes: Bool, _ b: UnsafeMutablePointer<T>,
        _ bLanes: Bool,
        _ count: Int, _ f: (T, T) -> T
    ) {
        switch (aLanes, bLanes) {
        case (true, true): for k in 0..<count { r[k] = f(a[k], b[k]) }
        case (true, false): let q = b[0]; for k in 0..<count { r[k] = f(a[k], q) }
        case (false, true): let p = a[0]; for k in 0..<count { r[k] = f(p, b[k]) }
        case (false, false): let v = f(a[0], b[0]); for k in 0..<count { r[k] = v }
        }
    }

    private func forwardBinary(
        _ f: FormulaBinary, _ r: UnsafeMutablePointer<T>, _ a: UnsafeMutablePointer<T>, _ aLanes: Bool,
        _ b: UnsafeMutablePointer<T>, _ bLanes: Bool, _ count: Int
    ) {
        switch f {
        case .add: zip(r, a, aLanes, b, bLanes, count) { $0 + $1 }
        case .subtract: zip(r, a, aLanes, b, bLanes, count) { $0 - $1 }
        case .multiply: zip(r, a, aLanes, b, bLanes, count) { $0 * $1 }
        case .divide: zip(r, a, aLanes, b, bLanes, count) { $0 / $1 }
        case .power: zip(r, a, aLanes, b, bLanes, count) { T.pow($0, $1) }
        case .min: zip(r, a, aLanes, b, bLanes, count) { $1.value < $0.value ? $1 : $0 }
        case .max: zip(r, a, aLanes, b, bLanes, count) { $1.value > $0.value ? $1 : $0 }
        }
    }

    // MARK: Reverse

    /// Runs `block` backwards over its active lanes: each instruction adds its result's
    /// adjoint, times its partial derivatives, to its operands' adjoints (summed over the
    /// lanes for an operand of an enclosing block). Forward values must be current.
    private func reverse(_ block: Int, skipFused: Bool = false) {
        let count = active[block], level = program.blocks[block].level
        for instruction in program.blocks[block].instructions.reversed() where instruction.isActive {
            let r = values[instruction.result], rbar = adjoints[instruction.result]
            let (wa, wb) = instruction.writes
            switch instruction.operation {
            case .constant, .index:
                break
            case .load(let k):
                gradient![k] = gradient![k] + rbar[0]
            case .gather(let stride, let offset, _):
                let g = gradient!
                let first = stride &* indices[level] &+ offset.value(indices) &- 1
                if stride == 1 {
                    for k in 0..<count { g[first &+ k] = g[first &+ k] + rbar[k] }
                } else {
                    for k in 0..<count { g[first &+ stride &* k] = g[first &+ stride &* k] + rbar[k] }
                }
            case .gatherComputed(let index, _):
                let g = gradient!, start = indices[level]
                for k in 0..<count {
                    indices[level] = start &+ k
                    let j = index.value(indices) &- 1
                    g[j] = g[j] + rbar[k]
                }
                indices[level] = start
            case .broadcast(let a):
                accumulate(adjoints[a], false, wa, count) { k in rbar[k] }
            case .unary(let f, let a):
                reverseUnary(f, r, rbar, values[a], adjoints[a], instruction.operandsInBlock.0, wa, count)
            case .binary(let f, let a, let b):
                reverseBinary(
                    f, r, rbar, values[a], adjoints[a], instruction.operandsInBlock.0, wa, values[b], adjoints[b],
                    instruction.operandsInBlock.1, wb, count)
            case .integerPower(let a, let e):
                let p = values[a], lanes = instruction.operandsInBlock.0, step = lanes ? 1 : 0
                switch e {
                case 2: accumulate(adjoints[a], lanes, wa, count) { k in rbar[k] * (p[k &* step] + p[k &* step]) }
                case 3: accumulate(adjoints[a], lanes, wa, count) { k in rbar[k] * 3 * p[k &* step] * p[k &* step] }
                case 4:
                    accumulate(adjoints[a], lanes, wa, count) { k in
                        rbar[k] * 4 * p[k &* step] * p[k &* step] * p[k &* step]
                    }
                case 0: break
                default:
                    let c = T(Double(e))
                    accumulate(adjoints[a], lanes, wa, count) { k in rbar[k] * c * T.pow(p[k &* step], e - 1) }
                }
            case .loop(let kind, let body, let output, let lower, let upper):
                if skipFused && program.fusedLoops[instruction.result] != nil { continue }
                reverseLoop(
                    kind, body: body, output: output, lower: lower, upper: upper, result: r[0], adjoint: rbar[0])
            }
        }
    }

    /// Delivers term(k), for every lane k of the result, to an operand's adjoint as `write`
    /// says; into an operand of an enclosing block (one value, broadcast forward), the sum of
    /// the terms over the lanes.
    @inline(__always)
    private func accumulate(
        _ adj: UnsafeMutablePointer<T>, _ lanes: Bool, _ write: FormulaProgram.AdjointWrite, _ count: Int,
        _ term: (Int) -> T
    ) {
        switch (write, lanes) {
        case (.skip, _):
            return
        case (.assign, true):
            for k in 0..<count { adj[k] = term(k) }
        case (.add, true):
            for k in 0..<count { adj[k] = adj[k] + term(k) }
        case (_, false):
            var s = T(0)
            for k in 0..<count { s = s + term(k) }
            adj[0] = write == .assign ? s : adj[0] + s
        }
    }

    private func reverseUnary(_ f: FormulaFunction, _ r: UnsafeMutablePointer<T>, _ rbar: UnsafeMutablePointer<T>,
                              _ a: UnsafeMutablePointer<T>, _ abar: UnsafeMutablePointer<T>, _ lanes: Bool,
                              _ w: FormulaProgram.AdjointWrite, _ count: Int) {
        // The operand's value on lane k: its own lane, or its single broadcast value.
        let step = lanes ? 1 : 0
        @inline(__always) func at(_ k: Int) -> T { a[k &* step] }
        switch f {
        case .negate: accumulate(abar, lanes, w, count) { k in -rbar[k] }
        case .exp: accumulate(abar, lanes, w, count) { k in rbar[k] * r[k] }
        case .log: accumulate(abar, lanes, w, count) { k in rbar[k] / at(k) }
        case .log1p: accumulate(abar, lanes, w, count) { k in rbar[k] / (1 + at(k)) }
        case .expm1: accumulate(abar, lanes, w, count) { k in rbar[k] * (r[k] + 1) }
        case .sqrt: accumulate(abar, lanes, w, count) { k in rbar[k] / (r[k] + r[k]) }
        case .sin: accumulate(abar, lanes, w, count) { k in rbar[k] * T.cos(at(k)) }
        case .cos: accumulate(abar, lanes, w, count) { k in -(rbar[k] * T.sin(at(k))) }
        case .tan: accumulate(abar, lanes, w, count) { k in rbar[k] * (1 + r[k] * r[k]) }
        case .asin: accumulate(abar, lanes, w, count) { k in rbar[k] / T.sqrt(1 - at(k) * at(k)) }
        case .acos: accumulate(abar, lanes, w, count) { k in -(rbar[k] / T.sqrt(1 - at(k) * at(k))) }
        case .atan: accumulate(abar, lanes, w, count) { k in rbar[k] / (1 + at(k) * at(k)) }
        case .sinh: accumulate(abar, lanes, w, count) { k in rbar[k] * T.cosh(at(k)) }
        case .cosh: accumulate(abar, lanes, w, count) { k in rbar[k] * T.sinh(at(k)) }
        case .tanh: accumulate(abar, lanes, w, count) { k in rbar[k] * (1 - r[k] * r[k]) }
        case .abs:
            accumulate(abar, lanes, w, count) { k in at(k).value < 0 ? -rbar[k] : (at(k).value > 0 ? rbar[k] : T(0)) }
        case .sigmoid: accumulate(abar, lanes, w, count) { k in rbar[k] * r[k] * (1 - r[k]) }
        }
    }

    private func reverseBinary(
        _ f: FormulaBinary, _ r: UnsafeMutablePointer<T>, _ rbar: UnsafeMutablePointer<T>,
        _ a: UnsafeMutablePointer<T>, _ abar: UnsafeMutablePointer<T>, _ aLanes: Bool,
        _ wa: FormulaProgram.AdjointWrite,
        _ b: UnsafeMutablePointer<T>, _ bbar: UnsafeMutablePointer<T>, _ bLanes: Bool,
        _ wb: FormulaProgram.AdjointWrite,
        _ count: Int
    ) {
        let sa = aLanes ? 1 : 0, sb = bLanes ? 1 : 0
        @inline(__always) func p(_ k: Int) -> T { a[k &* sa] }
        @inline(__always) func q(_ k: Int) -> T { b[k &* sb] }
        switch f {
        case .add:
            accumulate(abar, aLanes, wa, count) { k in rbar[k] }
            accumulate(bbar, bLanes, wb, count) { k in rbar[k] }
        case .subtract:
            accumulate(abar, aLanes, wa, count) { k in rbar[k] }
            accumulate(bbar, bLanes, wb, count) { k in -rbar[k] }
        case .multiply:
            accumulate(abar, aLanes, wa, count) { k in rbar[k] * q(k) }
            accumulate(bbar, bLanes, wb, count) { k in rbar[k] * p(k) }
        case .divide:
            accumulate(abar, aLanes, wa, count) { k in rbar[k] / q(k) }
            accumulate(bbar, bLanes, wb, count) { k in -(rbar[k] * r[k] / q(k)) }
        case .power:
            // ∂(aᵇ)/∂a = b·aᵇ⁻¹ (0 where b = 0, also at a = 0), ∂(aᵇ)/∂b = aᵇ·ln a (0 where aᵇ is 0).
            accumulate(abar, aLanes, wa, count) { k in q(k).value == 0 ? T(0) : rbar[k] * q(k) * T.pow(p(k), q(k) - 1) }
            accumulate(bbar, bLanes, wb, count) { k in r[k].value == 0 ? T(0) : rbar[k] * r[k] * T.log(p(k)) }
        case .min:
            // The derivative goes to the argument chosen (the first on a tie).
            accumulate(abar, aLanes, wa, count) { k in q(k).value < p(k).value ? T(0) : rbar[k] }
            accumulate(bbar, bLanes, wb, count) { k in q(k).value < p(k).value ? rbar[k] : T(0) }
        case .max:
            accumulate(abar, aLanes, wa, count) { k in q(k).value > p(k).value ? T(0) : rbar[k] }
            accumulate(bbar, bLanes, wb, count) { k in q(k).value > p(k).value ? rbar[k] : T(0) }
        }
    }

    /// The reverse sweep of a loop whose result has adjoint `adjoint`: each block is run
    /// forward again, its output lanes get their adjoint (the loop's for a sum; for a product
    /// the loop's times the product of all the other factors), and the block runs backwards.
    private func reverseLoop(
        _ kind: FormulaReduction, body: Int, output: Int, lower: IntegerExpression, upper: IntegerExpression,
        result: T, adjoint: T
    ) {
        let lo = lower.value(indices), hi = upper.value(indices)
        guard lo <= hi else { return }
        let level = program.blocks[body].level, lanes = program.blocks[body].lanes
        var others: UnsafeMutablePointer<T>?
        if kind == .prod { others = productsOfOthers(body: body, output: output, lo: lo, hi: hi) }
        var start = lo
        while start <= hi {
            let count = min(lanes, hi - start + 1)
            indices[level] = start
            active[body] = count
            run(body)
            clearAdjoints(body, count)
            let o = adjoints[output]
            if let others {
                for k in 0..<count { o[k] = adjoint * others[start - lo + k] }
            } else {
                for k in 0..<count { o[k] = adjoint }
            }
            reverse(body)
            start += count
        }
    }

    /// Π_{j≠i} factor_j for every i of the range, from prefix and suffix products (exact with
    /// zero factors, unlike dividing the product by each factor).
    private func productsOfOthers(body: Int, output: Int, lo: Int, hi: Int) -> UnsafeMutablePointer<T> {
        let length = hi - lo + 1
        var buffer = products[body] ?? (UnsafeMutablePointer<T>.allocate(capacity: 0), 0)
        if buffer.capacity < length {
            buffer.factors.deinitialize(count: buffer.capacity)
            buffer.factors.deallocate()
            buffer = (UnsafeMutablePointer<T>.allocate(capacity: length), length)
            buffer.factors.initialize(repeating: T(0), count: length)
            products[body] = buffer
        }
        let w = buffer.factors
        let level = program.blocks[body].level, lanes = program.blocks[body].lanes
        var start = lo
        while start <= hi {
            let count = min(lanes, hi - start + 1)
            indices[level] = start
            active[body] = count
            run(body)
            for k in 0..<count { w[start - lo + k] = values[output][k] }
            start += count
        }
        // w[i] ← Π_{j<i} f_j · Π_{j>i} f_j, in place: suffix products first, then prefixes.
        var suffix = T(1)
        for i in stride(from: length - 1, through: 0, by: -1) {
            let f = w[i]
            w[i] = suffix
            suffix = suffix * f
        }
        // Now w[i] = Π_{j>i} f_j; the prefixes need the factors again: run the body again.
        var prefix = T(1)
        start = lo
        while start <= hi {
            let count = min(lanes, hi - start + 1)
            indices[level] = start
            active[body] = count
            run(body)
            for k in 0..<count {
                let position = start - lo + k
                let f = values[output][k]
                w[position] = prefix * w[position]
                prefix = prefix * f
            }
            start += count
        }
        return w
    }
}
