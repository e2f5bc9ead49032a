/// Checks a compiled formula for every value its loop indices take: that bounds are integers
/// (exact divisions) and that every `x[…]` stays within 1…n. An affine index is checked at
/// the two ends of its loop; a computed index, and every loop nested in another, for each
/// index value. The evaluator then needs no checks.
struct FormulaCheck {
    let program: FormulaProgram
    /// Index values left to enumerate before the check gives up (it would take seconds).
    private var budget = 20_000_000
    /// Loop iterations of one evaluation so far, and the most allowed (about a second of work).
    private var work = 0
    static let maxWork = 200_000_000
    /// Element operations (loop iterations × operations of the body) per evaluation: a few
    /// seconds of work at the most.
    private var operations = 0
    static let maxOperations = 2_000_000_000
    /// The longest product a `prod` may take (its reverse sweep keeps one value per factor).
    static let maxProduct = 10_000_000

    init(program: FormulaProgram) { self.program = program }

    mutating func run() throws(FormulaError) {
        let depth = (program.blocks.map(\.level).max() ?? 0) + 1
        var indices = [Int](repeating: 0, count: depth)
        try check(block: 0, &indices)
    }

    private mutating func check(block: Int, _ indices: inout [Int]) throws(FormulaError) {
        for instruction in program.blocks[block].instructions {
            guard case .loop(let kind, let body, _, let lower, let upper) = instruction.operation else { continue }
            let lo = try value(lower, indices), hi = try value(upper, indices)
            guard lo <= hi else { continue }
            let length = hi - lo + 1  // both within ±2^50: exact
            work += length
            operations += length * max(1, program.blocks[body].instructions.count)
            guard length <= Self.maxWork, work <= Self.maxWork else {
                throw FormulaError(
                    "the loops run more than \(Self.maxWork) iterations per evaluation "
                        + "(\(program.blocks[body].variable) = \(lo)…\(hi))"
                )
            }
            guard operations <= Self.maxOperations else {
                throw FormulaError(
                    "the formula takes more than \(Self.maxOperations) operations per evaluation "
                        + "(\(program.blocks[body].variable) = \(lo)…\(hi), \(program.blocks[body].instructions.count) "
                            + "operations each)"
                )
            }
            if kind == .prod && length > Self.maxProduct {
                throw FormulaError(
                    "prod over more than \(Self.maxProduct) factors (\(program.blocks[body].variable) = \(lo)…\(hi))")
            }
            try checkBody(body, lo, hi, &indices)
        }
    }

    private mutating func checkBody(_ body: Int, _ lo: Int, _ hi: Int, _ indices: inout [Int]) throws(FormulaError) {
        let block = program.blocks[body], level = block.level
        var perIndex = false
        for instruction in block.instructions {
            switch instruction.operation {
            case .gather(let stride, let offset, let site):
                let base = try value(offset, indices)
                // c·i + d is monotone in i: in range (and exact) at both ends means in range throughout.
                for i in [lo, hi] {
                    let (product, o1) = stride.multipliedReportingOverflow(by: i)
                    let (k, o2) = product.addingReportingOverflow(base)
                    try inRange(o1 || o2 ? Int.max : k, site: site, variable: block.variable, i: i)
                }
            case .gatherComputed, .loop:
                perIndex = true
            default:
                break
            }
        }
        guard perIndex else { return }
        budget -= hi - lo + 1
        guard budget >= 0 else {
            throw FormulaError(
                "the formula's nested sums and computed indices are too many to check (over 2·10⁷ index values); write "
                    + "indices as a·i + b"
            )
        }
        for i in lo...hi {
            indices[level] = i
            for instruction in block.instructions {
                if case .gatherComputed(let index, let site) = instruction.operation {
                    try inRange(try value(index, indices), site: site, variable: block.variable, i: i)
                }
            }
            try check(block: body, &indices)
        }
    }

    private func value(_ expression: IntegerExpression, _ indices: [Int]) throws(FormulaError) -> Int {
        let result = indices.withUnsafeBufferPointer { expression.checked($0.baseAddress!) }
        switch result {
        case .success(let v): return v
        case .failure(let e): throw e
        }
    }

    private func inRange(_ k: Int, site: Int, variable: String, i: Int) throws(FormulaError) {
        guard k < 1 || k > program.dimension else { return }
        let where_ = program.sites[site]
        let shown = k == Int.max ? "beyond 2^63" : String(k)
        throw FormulaError(
            "index \(shown) is outside 1…\(program.dimension) in \(where_.text) for \(variable) = \(i)",
            at: where_.column)
    }
}
