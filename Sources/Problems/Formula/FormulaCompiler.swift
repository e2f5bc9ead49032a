import Foundation

/// What the names of a formula mean.
struct FormulaScope: Sendable {
    enum Variables: Sendable {
        /// Named scalar variables, x₀ … in this order (`expr:` formulas).
        case scalars([String])
        /// One vector `name[1…n]` (problem files with a dimension); `n` is its length.
        case vector(name: String, dimension: Int)
    }

    var variables: Variables
    /// Named constants of a problem file ("parameters").
    var parameters: [String: Double] = [:]

    var dimension: Int {
        switch variables {
        case .scalars(let names): names.count
        case .vector(_, let n): n
        }
    }

    static let constants: [String: Double] = ["pi": Double.pi, "e": M_E]
    /// Other spellings of the inverse trigonometric functions (NIST's `arctan`, textbooks' `arcsin`).
    static let functionAliases: [String: FormulaFunction] = ["arctan": .atan, "arcsin": .asin, "arccos": .acos]
    static let unaryFunctions: [String: FormulaFunction] = Dictionary(uniqueKeysWithValues: FormulaFunction.allCases
        .filter { $0 != .negate }.map { ($0.rawValue, $0) }).merging(functionAliases) { a, _ in a }
    static let binaryFunctions: [String: FormulaBinary] = ["pow": .power, "min": .min, "max": .max]
    static var functionNames: [String] {
        (unaryFunctions.keys.filter { functionAliases[$0] == nil } + Array(binaryFunctions.keys) + ["sum", "prod"])
            .sorted()
    }

    /// A name the parser reads as one: a letter or `_`, then letters, digits or `_`.
    static func isName(_ name: String) -> Bool {
        name.first.map({ $0.isLetter || $0 == "_" }) == true
            && name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
    }

    /// Every name a formula may use that is not a variable.
    static func isReserved(_ name: String) -> Bool {
        constants[name] != nil || unaryFunctions[name] != nil || binaryFunctions[name] != nil || name == "sum"
            || name == "prod"
    }

    /// The variables of an `expr:` formula: the names that are neither functions, constants,
    /// parameters nor sum indices, in natural order (`x2` before `x10`, `a` before `b`).
    static func variableNames(of node: FormulaNode, parameters: [String: Double] = [:]) -> [String] {
        var names: Set<String> = []
        func walk(_ node: FormulaNode, bound: Set<String>) {
            switch node {
            case .number: break
            case .name(let name, _):
                if !bound.contains(name) && !isReserved(name) && parameters[name] == nil { names.insert(name) }
            case .call(_, let arguments, _): for a in arguments { walk(a, bound: bound) }
            case .element(_, let index, _): walk(index, bound: bound)
            case .negate(let a, _): walk(a, bound: bound)
            case .binary(_, let a, let b, _): walk(a, bound: bound); walk(b, bound: bound)
            case .reduction(_, let v, let lower, let upper, let body, _):
                walk(lower, bound: bound)
                walk(upper, bound: bound)
                walk(body, bound: bound.union([v]))
            }
        }
        walk(node, bound: [])
        return names.sorted(by: naturalOrder)
    }

    /// "x2" < "x10": runs of digits compare as numbers, the rest character by character.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        func chunks(_ s: String) -> [(text: String, number: Int?)] {
            var out: [(String, Int?)] = [], current = "", digits = false
            for c in s {
                let isDigit = c.isASCII && c.isNumber
                if !current.isEmpty && isDigit != digits {
                    out.append((current, digits ? Int(current) : nil)); current = ""
                }
                current.append(c)
                digits = isDigit
            }
            if !current.isEmpty { out.append((current, digits ? Int(current) : nil)) }
            return out
        }
        for (p, q) in zip(chunks(a), chunks(b)) where p.text != q.text {
            if let x = p.number, let y = q.number, x != y { return x < y }
            return p.text < q.text
        }
        return a.count < b.count
    }
}

/// Turns a syntax tree into a `FormulaProgram`: resolves names, moves everything that does
/// not depend on a loop's index out of the loop, shares repeated subexpressions, folds
/// constants, and checks every bound and every index against 1…n for all the loop indices
/// that can occur.
struct FormulaCompiler {
    let scope: FormulaScope
    private var program: FormulaProgram
    /// Blocks of the loops being compiled, outermost first (the top block is 0).
    private var stack: [Int] = [0]
    /// Loop indices in scope: name → level.
    private var indices: [String: Int] = [:]
    /// Per block: instruction key → register (common subexpressions).
    private var shared: [[String: Int]] = [[:]]
    /// Registers that hold constants, with their values.
    private var constants: [Int: Double] = [:]

    static func compile(_ node: FormulaNode, scope: FormulaScope) throws(FormulaError) -> FormulaProgram {
        var compiler = FormulaCompiler(scope: scope)
        let output = try compiler.compile(node)
        compiler.program.output = output
        compiler.findFusedLoops()
        FormulaAdjointPlan.apply(&compiler.program)
        var check = FormulaCheck(program: compiler.program)
        try check.run()
        compiler.program.fitLanes()
        return compiler.program
    }

    private init(scope: FormulaScope) {
        self.scope = scope
        program = FormulaProgram(
            dimension: scope.dimension, blocks: [FormulaProgram.Block(level: 0, lanes: 1)], registerBlock: [], output: 0
        )
    }

    private var currentBlock: Int { stack[stack.count - 1] }

    // MARK: Emitting

    /// Appends `operation` to block `block` (or returns the register that already holds it).
    private mutating func emit(
        _ operation: FormulaProgram.Operation, in block: Int, operands: [Int] = [], key: String? = nil
    ) -> Int {
        if let key, let existing = shared[block][key] { return existing }
        let register = program.registerBlock.count
        program.registerBlock.append(block)
        var instruction = FormulaProgram.Instruction(operation: operation, result: register)
        instruction.operandsInBlock = (operands.count > 0 && program.registerBlock[operands[0]] == block,
                                       operands.count > 1 && program.registerBlock[operands[1]] == block)
        program.blocks[block].instructions.append(instruction)
        if let key { shared[block][key] = register }
        return register
    }

    private mutating func constant(_ value: Double) -> Int {
        let register = emit(.constant(value), in: 0, key: "c\(value.bitPattern)")
        constants[register] = value
        return register
    }

    /// The block of the deepest of these registers (where an operation on them belongs).
    private func block(of registers: [Int]) -> Int {
        registers.map { program.registerBlock[$0] }.max { program.blocks[$0].level < program.blocks[$1].level } ?? 0
    }

    private mutating func unary(_ f: FormulaFunction, _ a: Int) -> Int {
        if let v = constants[a] { return constant(FormulaFunctionValues.apply(f, v)) }
        return emit(.unary(f, a), in: block(of: [a]), operands: [a], key: "u\(f.rawValue),\(a)")
    }

    private mutating func binary(_ f: FormulaBinary, _ a: Int, _ b: Int) -> Int {
        if let p = constants[a], let q = constants[b] { return constant(FormulaFunctionValues.apply(f, p, q)) }
        if f == .power, let k = constants[b], k == k.rounded(), abs(k) <= 64 {
            let exponent = Int(k)
            if exponent == 1 { return a }
            return emit(.integerPower(a, exponent), in: block(of: [a]), operands: [a], key: "p\(exponent),\(a)")
        }
        return emit(.binary(f, a, b), in: block(of: [a, b]), operands: [a, b], key: "b\(f.rawValue),\(a),\(b)")
    }

    // MARK: Expressions

    private mutating func compile(_ node: FormulaNode) throws(FormulaError) -> Int {
        switch node {
        case .number(let v, _):
            return constant(v)
        case .name(let name, let column):
            return try resolve(name, column: column)
        case .element(let name, let index, let column):
            return try element(name, index, node: node, column: column)
        case .negate(let a, _):
            return unary(.negate, try compile(a))
        case .binary(let op, let a, let b, _):
            let p = try compile(a), q = try compile(b)
            switch op {
            case .add: return binary(.add, p, q)
            case .subtract: return binary(.subtract, p, q)
            case .multiply: return binary(.multiply, p, q)
            case .divide: return binary(.divide, p, q)
            case .power: return binary(.power, p, q)
            }
        case .call(let name, let arguments, let column):
            return try call(name, arguments, column: column)
        case .reduction(let kind, let variable, let lower, let upper, let body, let column):
            return try reduction(kind, variable, lower, upper, body, column: column)
        }
    }

    private mutating func resolve(_ name: String, column: Int) throws(FormulaError) -> Int {
        if let level = indices[name] { return emit(.index(level: level), in: stack[level], key: "i\(level)") }
        if let value = scope.parameters[name] { return constant(value) }
        if let value = FormulaScope.constants[name] { return constant(value) }
        switch scope.variables {
        case .scalars(let names):
            if let k = names.firstIndex(of: name) { return emit(.load(k), in: 0, key: "l\(k)") }
        case .vector(let vector, let n):
            if name == "n" { return constant(Double(n)) }
            if name == vector {
                throw FormulaError("\(vector) is a vector of \(n) variables: write \(vector)[i]", at: column)
            }
        }
        if FormulaScope.unaryFunctions[name] != nil || FormulaScope.binaryFunctions[name] != nil || name == "sum"
            || name == "prod"
        {
            throw FormulaError("\(name) is a function: write \(name)(…)", at: column)
        }
        throw FormulaError("unknown name '\(name)'; \(validNames)", at: column)
    }

    /// What the names may be, for messages.
    private var validNames: String {
        var parts: [String] = []
        switch scope.variables {
        case .scalars(let names): parts.append("variables: \(names.joined(separator: ", "))")
        case .vector(let name, _): parts.append("variables: \(name)[1…n], n")
        }
        if !indices.isEmpty { parts.append("indices: \(indices.keys.sorted().joined(separator: ", "))") }
        if !scope.parameters.isEmpty {
            parts.append("parameters: \(scope.parameters.keys.sorted().joined(separator: ", "))")
        }
        parts.append("constants: e, pi")
        parts.append("functions: \(FormulaScope.functionNames.joined(separator: ", "))")
        return parts.joined(separator: "; ")
    }

    private mutating func call(_ name: String, _ arguments: [FormulaNode], column: Int) throws(FormulaError) -> Int {
        if let f = FormulaScope.unaryFunctions[name] {
            guard arguments.count == 1 else {
                throw FormulaError("\(name) takes 1 argument, not \(arguments.count)", at: column)
            }
            return unary(f, try compile(arguments[0]))
        }
        if let f = FormulaScope.binaryFunctions[name] {
            if f == .power {
                guard arguments.count == 2 else {
                    throw FormulaError("pow takes 2 arguments, not \(arguments.count)", at: column)
                }
                return binary(.power, try compile(arguments[0]), try compile(arguments[1]))
            }
            guard arguments.count >= 2 else {
                throw FormulaError("\(name) takes 2 or more arguments, not \(arguments.count)", at: column)
            }
            var result = try compile(arguments[0])
            for argument in arguments.dropFirst() { result = binary(f, result, try compile(argument)) }
            return result
        }
        if name == "sum" || name == "prod" {
            throw FormulaError("\(name) is written \(name)(i=LO..HI, BODY)", at: column)
        }
        throw FormulaError(
            "unknown function '\(name)'; functions: \(FormulaScope.functionNames.joined(separator: ", "))", at: column)
    }

    // MARK: Vector elements

    private mutating func element(
        _ name: String, _ index: FormulaNode, node: FormulaNode, column: Int
    ) throws(FormulaError) -> Int {
        guard case .vector(let vector, let n) = scope.variables else {
            throw FormulaError(
                "\(name)[…] needs a vector variable: give the formula in a problem file with \"dimension\"; in expr: "
                    + "name each variable (x, y, x1, …)",
                at: column)
        }
        guard name == vector else {
            throw FormulaError("unknown vector '\(name)'; the variables are \(vector)[1…n]", at: column)
        }
        let expression = try integer(index)
        let level = expression.level
        if level == 0 {
            var none = 0
            let k: Int
            switch expression.checked(&none) {
            case .failure(let e): throw e
            case .success(let v): k = v
            }
            guard k >= 1 && k <= n else {
                throw FormulaError("index \(k) is outside 1…\(n) in \(node.text)", at: column)
            }
            return emit(.load(k - 1), in: 0, key: "l\(k - 1)")
        }
        program.sites.append(FormulaProgram.Site(text: node.text, column: column))
        let site = program.sites.count - 1
        let block = stack[level]
        if let affine = expression.affine(in: level), affine.coefficient != 0 {
            return emit(.gather(stride: affine.coefficient, offset: affine.offset, site: site), in: block,
                        key: "g\(affine.coefficient),\(affine.offset)")
        }
        return emit(.gatherComputed(expression, site: site), in: block, key: "gc\(expression)")
    }

    /// An integer expression: bounds of a sum, an index of x.
    private func integer(_ node: FormulaNode) throws(FormulaError) -> IntegerExpression {
        switch node {
        case .number(let v, let column):
            guard abs(v) < 1e15 else {
                throw FormulaError(
                    "\(NumberText.format(v)) is too large for an index or a bound (its magnitude must be below 10^15)",
                    at: column)
            }
            guard v == v.rounded() else {
                throw FormulaError(
                    "\(NumberText.format(v)) is not an integer (bounds and indices must be integers)", at: column)
            }
            return .constant(Int(v))
        case .name(let name, let column):
            if let level = indices[name] { return .index(level: level) }
            if case .vector(_, let n) = scope.variables, name == "n" { return .constant(n) }
            if let v = scope.parameters[name] {
                guard v == v.rounded(), abs(v) < 1e15 else {
                    throw FormulaError(
                        "parameter \(name) = \(NumberText.format(v)) is not an integer, so it cannot be an index or a "
                            + "bound",
                        at: column)
                }
                return .constant(Int(v))
            }
            if name == "n" {
                throw FormulaError(
                    "'n' is the dimension of a problem file with \"dimension\"; here bounds are made of integers, sum "
                        + "indices and integer parameters",
                    at: column)
            }
            let n = if case .vector = scope.variables { "n, " } else { "" }
            throw FormulaError(
                "'\(name)' cannot be part of an index or a bound: they are made of integers, \(n)sum indices and "
                    + "integer parameters",
                at: column)
        case .negate(let a, _):
            return .multiply(.constant(-1), try integer(a))
        case .binary(let op, let a, let b, let column):
            let p = try integer(a), q = try integer(b)
            switch op {
            case .add: return IntegerExpression.sum(p, q)
            case .subtract: return IntegerExpression.sum(p, .multiply(.constant(-1), q))
            case .multiply: return IntegerExpression.product(p, q)
            case .divide: return .divide(p, q, column: column)
            case .power: throw FormulaError("'^' is not allowed in an index or a bound", at: column)
            }
        case .call(let name, let arguments, let column) where name == "min" || name == "max":
            guard arguments.count >= 2 else {
                throw FormulaError("\(name) takes 2 or more arguments, not \(arguments.count)", at: column)
            }
            var result = try integer(arguments[0])
            for argument in arguments.dropFirst() {
                let next = try integer(argument)
                result = name == "min" ? .minimum(result, next) : .maximum(result, next)
            }
            return result
        default:
            throw FormulaError(
                "\(node.text) cannot be part of an index or a bound (integers, n, sum indices, + − * /, min, max)",
                at: node.column)
        }
    }

    // MARK: Loops

    /// The deepest loop level whose index `node` reads (indices bound inside it excluded).
    private func freeLevel(_ node: FormulaNode, bound: Set<String> = []) -> Int {
        switch node {
        case .number: return 0
        case .name(let name, _): return bound.contains(name) ? 0 : (indices[name] ?? 0)
        case .call(_, let arguments, _): return arguments.map { freeLevel($0, bound: bound) }.max() ?? 0
        case .element(_, let index, _): return freeLevel(index, bound: bound)
        case .negate(let a, _): return freeLevel(a, bound: bound)
        case .binary(_, let a, let b, _): return max(freeLevel(a, bound: bound), freeLevel(b, bound: bound))
        case .reduction(_, let variable, let lower, let upper, let body, _):
            return max(
                freeLevel(lower, bound: bound), freeLevel(upper, bound: bound),
                freeLevel(body, bound: bound.union([variable])))
        }
    }

    private mutating func reduction(
        _ kind: FormulaReduction, _ variable: String, _ lowerNode: FormulaNode, _ upperNode: FormulaNode,
        _ bodyNode: FormulaNode, column: Int
    ) throws(FormulaError) -> Int {
        if FormulaScope.isReserved(variable) || scope.parameters[variable] != nil || variable == "n" {
            throw FormulaError(
                "'\(variable)' cannot name a \(kind.rawValue) index: it already means something", at: column)
        }
        if case .scalars(let names) = scope.variables, names.contains(variable) {
            throw FormulaError("'\(variable)' is a variable and cannot also be a \(kind.rawValue) index", at: column)
        }
        // The loop runs where its free indices are known: outside every loop it does not need.
        let node = FormulaNode.reduction(
            kind, variable: variable, lower: lowerNode, upper: upperNode, body: bodyNode, column: column)
        let level = freeLevel(node)
        // The same loop written twice in one scope is computed once.
        let key = "loop \(node.text)"
        if let existing = shared[stack[level]][key] { return existing }
        let savedStack = stack, savedIndices = indices
        stack = Array(stack[0...level])
        indices = indices.filter { $0.value <= level }
        let lower = try integer(lowerNode), upper = try integer(upperNode)
        let body = program.blocks.count
        program.blocks.append(
            FormulaProgram.Block(level: level + 1, lanes: FormulaProgram.vectorLanes, variable: variable))
        shared.append([:])
        stack.append(body)
        indices[variable] = level + 1
        var output = try compile(bodyNode)
        if program.registerBlock[output] != body { output = emit(.broadcast(output), in: body, operands: [output]) }
        // A body that holds a loop runs one index at a time; its inner loop is vectorized.
        if program.blocks[body].instructions.contains(where: { if case .loop = $0.operation { true } else { false } }) {
            program.blocks[body].lanes = 1
        }
        stack = savedStack
        indices = savedIndices
        return emit(.loop(kind, body: body, output: output, lower: lower, upper: upper), in: stack[level], key: key)
    }

    // MARK: Fusion

    /// Top-level sums whose result reaches f only through +, −, negation and multiplication or
    /// division by constants: their adjoint is that constant, known before any sweep.
    private mutating func findFusedLoops() {
        let top = program.blocks[0].instructions
        var coefficient: [Int: Double] = [program.output: 1]
        var nonlinear: Set<Int> = []
        // Registers read from inside loop bodies: their adjoints depend on x.
        for block in program.blocks.dropFirst() {
            for instruction in block.instructions {
                for operand in FormulaCompiler.operands(of: instruction.operation)
                where program.registerBlock[operand] == 0 {
                    nonlinear.insert(operand)
                }
            }
        }
        for instruction in top.reversed() {
            // Every reader of this register comes later and has been visited: if any used it
            // non-linearly, so does f, and neither it nor its operands are linear terms.
            let c = nonlinear.contains(instruction.result) ? nil : coefficient[instruction.result]
            func add(_ register: Int, _ factor: Double) {
                if let c { coefficient[register, default: 0] += c * factor } else { nonlinear.insert(register) }
            }
            switch instruction.operation {
            case .binary(.add, let a, let b): add(a, 1); add(b, 1)
            case .binary(.subtract, let a, let b): add(a, 1); add(b, -1)
            case .unary(.negate, let a): add(a, -1)
            case .binary(.multiply, let a, let b) where constants[a] != nil: add(b, constants[a]!); nonlinear.insert(a)
            case .binary(.multiply, let a, let b) where constants[b] != nil: add(a, constants[b]!); nonlinear.insert(b)
            case .binary(.divide, let a, let b) where constants[b] != nil:
                add(a, 1 / constants[b]!); nonlinear.insert(b)
            default: for operand in FormulaCompiler.operands(of: instruction.operation) { nonlinear.insert(operand) }
            }
        }
        for instruction in top {
            if case .loop(.sum, _, _, _, _) = instruction.operation, !nonlinear.contains(instruction.result),
               let c = coefficient[instruction.result], c.isFinite {
                program.fusedLoops[instruction.result] = c
            }
        }
    }

    /// The registers an operation reads (a loop reads none: its body reads for it).
    static func operands(of operation: FormulaProgram.Operation) -> [Int] {
        switch operation {
        case .constant, .load, .gather, .gatherComputed, .index, .loop: []
        case .broadcast(let a), .unary(_, let a), .integerPower(let a, _): [a]
        case .binary(_, let a, let b): [a, b]
        }
    }
}

/// Values of the functions on plain numbers, for constant folding (the evaluator applies the
/// same `ADScalar` operations).
enum FormulaFunctionValues {
    static func apply(_ f: FormulaFunction, _ a: Double) -> Double {
        switch f {
        case .negate: -a
        case .exp: Double.exp(a)
        case .log: Double.log(a)
        case .log1p: Double.log1p(a)
        case .expm1: Double.expm1(a)
        case .sqrt: a.squareRoot()
        case .sin: Double.sin(a)
        case .cos: Double.cos(a)
        case .tan: Double.tan(a)
        case .asin: Double.asin(a)
        case .acos: Double.acos(a)
        case .atan: Double.atan(a)
        case .sinh: Double.sinh(a)
        case .cosh: Double.cosh(a)
        case .tanh: Double.tanh(a)
        case .abs: Swift.abs(a)
        case .sigmoid: Double.sigmoid(a)
        }
    }

    static func apply(_ f: FormulaBinary, _ a: Double, _ b: Double) -> Double {
        switch f {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: Double.pow(a, b)
        case .min: Swift.min(a, b)
        case .max: Swift.max(a, b)
        }
    }
}

/// Numbers in messages: integers without a fraction, others in shortest form.
enum NumberText {
    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}

extension FormulaNode {
    /// The formula written back, with the parentheses precedence needs.
    var text: String { render(0) }

    private func render(_ context: Int) -> String {
        func wrap(_ s: String, _ precedence: Int) -> String { precedence < context ? "(\(s))" : s }
        switch self {
        case .number(let v, _): return NumberText.format(v)
        case .name(let name, _): return name
        case .call(let name, let arguments, _):
            return "\(name)(\(arguments.map { $0.render(0) }.joined(separator: ", ")))"
        case .element(let name, let index, _): return "\(name)[\(index.render(0))]"
        case .negate(let a, _): return wrap("-" + a.render(3), 3)
        case .binary(let op, let a, let b, _):
            switch op {
            case .add, .subtract: return wrap("\(a.render(1)) \(op.rawValue) \(b.render(2))", 1)
            case .multiply, .divide: return wrap("\(a.render(2))\(op.rawValue)\(b.render(3))", 2)
            case .power: return wrap("\(a.render(5))^\(b.render(4))", 4)
            }
        case .reduction(let kind, let v, let lower, let upper, let body, _):
            return "\(kind.rawValue)(\(v)=\(lower.render(0))..\(upper.render(0)), \(body.render(0)))"
        }
    }
}
