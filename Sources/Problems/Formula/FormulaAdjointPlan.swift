/// Plans the reverse sweep of a compiled formula so that it does no needless work:
/// - instructions whose result does not depend on x (constants, loop indices, arithmetic on
///   them) are skipped, and nothing is added to their adjoints;
/// - in a loop body, a register's adjoint is *assigned* by the first contribution the reverse
///   sweep meets — that of its last reader in the block — and added to by the others, so the
///   body's adjoints need no zeroing pass; only registers read from inside nested loops (whose
///   contributions arrive block after block), and the top block's, start at zero.
enum FormulaAdjointPlan {
    static func apply(_ program: inout FormulaProgram) {
        var active = [Bool](repeating: false, count: program.registerBlock.count)
        markActive(0, &program, &active)
        for b in program.blocks.indices { plan(b, &program, active) }
    }

    /// Which registers depend on x, in execution order (a loop's body before the loop).
    private static func markActive(_ block: Int, _ program: inout FormulaProgram, _ active: inout [Bool]) {
        for i in program.blocks[block].instructions.indices {
            let instruction = program.blocks[block].instructions[i]
            let depends: Bool
            switch instruction.operation {
            case .constant, .index: depends = false
            case .load, .gather, .gatherComputed: depends = true
            case .loop(_, let body, let output, _, _):
                markActive(body, &program, &active)
                depends = active[output]
            default: depends = FormulaCompiler.operands(of: instruction.operation).contains { active[$0] }
            }
            active[instruction.result] = depends
            program.blocks[block].instructions[i].isActive = depends
        }
    }

    private static func plan(_ b: Int, _ program: inout FormulaProgram, _ active: [Bool]) {
        let instructions = program.blocks[b].instructions
        // Registers of this block read from inside loops nested in it, and loop outputs
        // (their adjoints are set by the loop before the block's reverse pass).
        var readFromInside: Set<Int> = [], setByLoop: Set<Int> = []
        for instruction in instructions {
            if case .loop(_, let body, _, _, _) = instruction.operation {
                readFromInside.formUnion(registersRead(under: body, program))
            }
        }
        if b > 0, let loop = loopOwning(b, program), case .loop(_, _, let output, _, _) = loop.operation {
            setByLoop.insert(output)
        }
        // The last reader of each register in this block: the first the reverse sweep meets.
        var lastReader: [Int: (instruction: Int, slot: Int)] = [:]
        for (i, instruction) in instructions.enumerated() {
            for (slot, operand) in FormulaCompiler.operands(of: instruction.operation).enumerated()
            where program.registerBlock[operand] == b && !(lastReader[operand]?.instruction == i) {
                lastReader[operand] = (i, slot)
            }
        }
        var cleared: [Int] = []
        for instruction in instructions where active[instruction.result] {
            let r = instruction.result
            if b == 0 || readFromInside.contains(r) || setByLoop.contains(r) || lastReader[r] == nil {
                if !setByLoop.contains(r) { cleared.append(r) }
                lastReader[r] = nil
            }
        }
        for (i, instruction) in instructions.enumerated() {
            let operands = FormulaCompiler.operands(of: instruction.operation)
            func write(_ slot: Int) -> FormulaProgram.AdjointWrite {
                guard slot < operands.count, active[operands[slot]] else { return .skip }
                if let reader = lastReader[operands[slot]], reader.instruction == i, reader.slot == slot {
                    return .assign
                }
                return .add
            }
            program.blocks[b].instructions[i].writes = (write(0), write(1))
        }
        program.blocks[b].cleared = cleared
    }

    /// Registers of enclosing blocks read by `body` or by loops nested in it.
    private static func registersRead(under body: Int, _ program: FormulaProgram) -> Set<Int> {
        var read: Set<Int> = []
        for instruction in program.blocks[body].instructions {
            for operand in FormulaCompiler.operands(of: instruction.operation)
            where program.registerBlock[operand] != body { read.insert(operand) }
            if case .loop(_, let inner, _, _, _) = instruction.operation {
                read.formUnion(registersRead(under: inner, program))
            }
        }
        return read
    }

    /// The loop instruction whose body is `block`.
    private static func loopOwning(_ block: Int, _ program: FormulaProgram) -> FormulaProgram.Instruction? {
        for candidate in program.blocks {
            for instruction in candidate.instructions {
                if case .loop(_, let body, _, _, _) = instruction.operation, body == block { return instruction }
            }
        }
        return nil
    }
}
