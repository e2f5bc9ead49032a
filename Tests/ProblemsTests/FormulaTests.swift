import Foundation
import Optim
import Testing
@testable import Problems

/// A formula of named scalars (as `expr:` compiles it).
func formula(_ text: String) throws -> FormulaObjective {
    try FormulaObjective(text, scope: FormulaScope(variables: .scalars(FormulaScope.variableNames(of: try FormulaParser.parse(text)))))
}

/// A formula over x[1…n].
func vectorFormula(_ text: String, n: Int, parameters: [String: Double] = [:]) throws -> FormulaObjective {
    try FormulaObjective(text, scope: FormulaScope(variables: .vector(name: "x", dimension: n), parameters: parameters))
}

/// ∇²f·v of an objective with Hessian-vector products, at x.
func hvp(_ f: some HessianVectorObjective, _ x: [Double], _ v: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: x.count)
    x.withUnsafeBufferPointer { xb in v.withUnsafeBufferPointer { vb in out.withUnsafeMutableBufferPointer { f.hessianVectorProduct(at: xb, direction: vb, into: $0) } } }
    return out
}

/// ∇f(x)·v by forward mode.
func jvp(_ f: some DirectionalDerivativeObjective, _ x: [Double], _ v: [Double]) -> (value: Double, derivative: Double) {
    x.withUnsafeBufferPointer { xb in v.withUnsafeBufferPointer { f.directionalDerivative(at: xb, direction: $0) } }
}

func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    let scale = max(1, b.map(abs).max() ?? 0)
    return zip(a, b).map { abs($0 - $1) }.max()! / scale
}

@Suite struct FormulaDerivativeTests {
    /// Every function of one argument: f, f′, f″ in closed form, and points that include the
    /// edges of its domain.
    typealias Real = @Sendable (Double) -> Double
    static let functions: [(name: String, f: Real, d1: Real, d2: Real, points: [Double])] = [
        ("exp", { exp($0) }, { exp($0) }, { exp($0) }, [-30, -1, 0, 0.5, 20]),
        ("log", { log($0) }, { 1 / $0 }, { -1 / ($0 * $0) }, [1e-8, 0.3, 1, 40]),
        ("log1p", { log1p($0) }, { 1 / (1 + $0) }, { -1 / ((1 + $0) * (1 + $0)) }, [-0.999999, -0.5, 1e-9, 3]),
        ("expm1", { expm1($0) }, { exp($0) }, { exp($0) }, [-5, -1e-9, 1e-9, 2]),
        ("sqrt", { $0.squareRoot() }, { 0.5 / $0.squareRoot() }, { -0.25 / ($0 * $0.squareRoot()) }, [1e-10, 0.25, 2, 1e6]),
        ("sin", { sin($0) }, { cos($0) }, { -sin($0) }, [-3, 0, 1, 10]),
        ("cos", { cos($0) }, { -sin($0) }, { -cos($0) }, [-3, 0, 1, 10]),
        ("tan", { tan($0) }, { 1 / (cos($0) * cos($0)) }, { 2 * tan($0) / (cos($0) * cos($0)) }, [-1.5, 0, 0.7, 1.5]),
        ("asin", { asin($0) }, { 1 / (1 - $0 * $0).squareRoot() }, { $0 / pow(1 - $0 * $0, 1.5) }, [-0.999999, -0.3, 0, 0.999]),
        ("acos", { acos($0) }, { -1 / (1 - $0 * $0).squareRoot() }, { -$0 / pow(1 - $0 * $0, 1.5) }, [-0.999, 0, 0.5, 0.999999]),
        ("atan", { atan($0) }, { 1 / (1 + $0 * $0) }, { -2 * $0 / pow(1 + $0 * $0, 2) }, [-100, -1, 0, 3]),
        ("sinh", { sinh($0) }, { cosh($0) }, { sinh($0) }, [-5, 0, 0.3, 8]),
        ("cosh", { cosh($0) }, { sinh($0) }, { cosh($0) }, [-5, 0, 0.3, 8]),
        ("tanh", { tanh($0) }, { 1 - tanh($0) * tanh($0) }, { -2 * tanh($0) * (1 - tanh($0) * tanh($0)) }, [-20, -1, 0, 0.4, 20]),
        ("abs", { abs($0) }, { $0 < 0 ? -1 : 1 }, { _ in 0 }, [-3, -1e-12, 1e-12, 2]),
        ("sigmoid", { 1 / (1 + exp(-$0)) }, { let s = 1 / (1 + exp(-$0)); return s * (1 - s) },
         { let s = 1 / (1 + exp(-$0)); return s * (1 - s) * (1 - 2 * s) }, [-800, -30, -1, 0, 2, 40]),
    ]

    /// f(x), f′ by reverse mode, ∇f·v by forward mode and ∇²f·v by forward over reverse, all
    /// against the closed forms, and f′ against central differences where f is smooth there.
    @Test(arguments: 0..<16)
    func everyFunctionAgainstItsClosedForm(_ index: Int) throws {
        let (name, f, d1, d2, points) = Self.functions[index]
        let objective = try formula("\(name)(x)")
        for x in points {
            let (value, gradient) = objective.evaluate(at: [x])
            let tolerance = 1e-13
            #expect(abs(value - f(x)) <= tolerance * max(1, abs(f(x))), "\(name)(\(x))")
            #expect(abs(gradient[0] - d1(x)) <= 1e-12 * max(1, abs(d1(x))), "\(name)′(\(x)): \(gradient[0]) vs \(d1(x))")
            let forward = jvp(objective, [x], [1])
            #expect(abs(forward.derivative - d1(x)) <= 1e-12 * max(1, abs(d1(x))), "forward \(name)′(\(x))")
            let second = hvp(objective, [x], [1])[0]
            #expect(abs(second - d2(x)) <= 1e-10 * max(1, abs(d2(x))), "\(name)″(\(x)): \(second) vs \(d2(x))")
            // Central differences where the function is smooth around x with room to step.
            let h = 1e-6 * max(1, abs(x))
            if name != "abs", x - h > (["log", "sqrt"].contains(name) ? 0 : -.infinity), abs(x) + h < (["asin", "acos"].contains(name) ? 1 : .infinity),
               !(name == "log1p" && x - h <= -1), abs(d1(x)) < 1e8 {
                let numeric = (f(x + h) - f(x - h)) / (2 * h)
                #expect(abs(gradient[0] - numeric) <= 1e-6 * max(1, abs(numeric)), "\(name)′(\(x)) vs differences \(numeric)")
            }
        }
    }

    /// The operators and two-argument functions: closed-form partial derivatives.
    @Test func operatorsAndBinaryFunctions() throws {
        let cases: [(String, (Double, Double) -> Double, (Double, Double) -> (Double, Double))] = [
            ("x + y", { $0 + $1 }, { _, _ in (1, 1) }),
            ("x - y", { $0 - $1 }, { _, _ in (1, -1) }),
            ("x * y", { $0 * $1 }, { x, y in (y, x) }),
            ("x / y", { $0 / $1 }, { x, y in (1 / y, -x / (y * y)) }),
            ("x ^ y", { pow($0, $1) }, { x, y in (y * pow(x, y - 1), pow(x, y) * log(x)) }),
            ("pow(x, y)", { pow($0, $1) }, { x, y in (y * pow(x, y - 1), pow(x, y) * log(x)) }),
            ("x^3 * y^-2", { pow($0, 3) * pow($1, -2) }, { x, y in (3 * x * x / (y * y), -2 * x * x * x / (y * y * y)) }),
            ("x^2.5 + y^4", { pow($0, 2.5) + pow($1, 4) }, { x, y in (2.5 * pow(x, 1.5), 4 * y * y * y) }),
            ("min(x, y)", { min($0, $1) }, { x, y in y < x ? (0, 1) : (1, 0) }),
            ("max(x, y)", { max($0, $1) }, { x, y in y > x ? (0, 1) : (1, 0) }),
            ("-x^2 + 2^-y", { -$0 * $0 + pow(2, -$1) }, { x, y in (-2 * x, -log(2) * pow(2, -y)) }),
        ]
        for (text, f, grad) in cases {
            let objective = try formula(text)
            for point in [[1.5, 0.7], [0.3, 2.0], [2.0, 2.0], [4.0, -1.2]] where !(text.contains("^ y") || text.contains("pow")) || point[1] > 0 {
                let (value, gradient) = objective.evaluate(at: point)
                let expected = grad(point[0], point[1])
                #expect(abs(value - f(point[0], point[1])) <= 1e-13 * max(1, abs(value)), "\(text) at \(point)")
                #expect(relativeError(gradient, [expected.0, expected.1]) <= 1e-13, "\(text) at \(point): \(gradient) vs \(expected)")
                let v = [0.3, -0.8]
                #expect(abs(jvp(objective, point, v).derivative - (gradient[0] * v[0] + gradient[1] * v[1])) <= 1e-12 * max(1, abs(value)))
            }
        }
        // Ties of min/max go to the first argument (a subgradient, documented).
        #expect(try formula("min(x, y)").evaluate(at: [1, 1]).gradient == [1, 0])
        #expect(try formula("max(x, y, 2*x)").evaluate(at: [1, 0.5]).gradient == [2, 0])
    }

    /// Right-associative ^ that binds tighter than unary minus, numbers, constants.
    @Test func precedenceAndConstants() throws {
        #expect(try formula("x + 2^3^2").value(at: [0]) == 512)
        #expect(try formula("x - 2^2").value(at: [0]) == -4)
        #expect(try formula("-x^2").value(at: [3]) == -9)
        #expect(try formula("(-x)^2").value(at: [3]) == 9)
        #expect(try formula("x*pi + e").value(at: [2]) == 2 * Double.pi + M_E)
        #expect(try formula("1e-3*x + .5 + 2.5E+1").value(at: [1000]) == 26.5)
        #expect(try formula("a - b/c*d").value(at: [10, 8, 4, 2]) == 6)
    }

    @Test func variablesAreInNaturalOrder() throws {
        #expect(FormulaScope.variableNames(of: try FormulaParser.parse("x10 + x2 + b + a + y + x1")) == ["a", "b", "x1", "x2", "x10", "y"])
        let f = try formula("x10 - x2")
        #expect(f.value(at: [1, 5]) == 4)   // x2 = 1, x10 = 5
    }
}

@Suite struct FormulaAgainstHandWrittenTests {
    static func randomPoints(_ n: Int, count: Int, seed: UInt64) -> [[Double]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in (0..<n).map { _ in 4 * rng.uniform() - 2 } }
    }

    /// Chained Rosenbrock f = Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 1 … n − 1, written out: f, ∇f and
    /// the tridiagonal ∇²f (dense, row-major; empty unless `hessian`).
    static func chainedRosenbrock(_ x: [Double], hessian: Bool) -> (f: Double, g: [Double], h: [Double]) {
        let n = x.count
        var f = 0.0, g = [Double](repeating: 0, count: n), h = [Double](repeating: 0, count: hessian ? n * n : 0)
        for i in 0..<(n - 1) {
            let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
            f += 100 * a * a + b * b
            g[i] += -400 * x[i] * a - 2 * b
            g[i + 1] += 200 * a
            guard hessian else { continue }
            h[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
            h[(i + 1) * n + i + 1] += 200
            h[i * n + i + 1] = -400 * x[i]
            h[(i + 1) * n + i] = -400 * x[i]
        }
        return (f, g, h)
    }

    /// Rosenbrock written as a formula (scalar and sum forms) against its f, ∇f and ∇²f written
    /// out by hand. n = 5000 crosses several blocks of the vectorized loop.
    @Test(arguments: [2, 7, 5000])
    func rosenbrockEqualsItsClosedForm(_ n: Int) throws {
        let objectives: [FormulaObjective] = (n == 2 ? [try formula("(1-x)^2 + 100*(y-x^2)^2")] : [])
            + [try vectorFormula("sum(i=1..n-1, 100*(x[i+1]-x[i]^2)^2 + (1-x[i])^2)", n: n)]
        for (k, x) in Self.randomPoints(n, count: 3, seed: UInt64(n)).enumerated() {
            let (f0, g0, h) = Self.chainedRosenbrock(x, hessian: n <= 7)
            for objective in objectives {
                let (f, g) = objective.evaluate(at: x)
                #expect(abs(f - f0) <= 1e-12 * abs(f0), "n = \(n), point \(k)")
                #expect(relativeError(g, g0) <= 1e-12, "n = \(n), point \(k)")
                let v = Self.randomPoints(n, count: 1, seed: 99)[0]
                var hv0 = [Double](repeating: 0, count: n)
                if n <= 7 {
                    for i in 0..<n { hv0[i] = (0..<n).reduce(0) { $0 + h[i * n + $1] * v[$1] } }
                    var dense = [Double](repeating: 0, count: n * n)
                    x.withUnsafeBufferPointer { xb in dense.withUnsafeMutableBufferPointer { objective.hessian(at: xb, into: $0) } }
                    #expect(relativeError(dense, h) <= 1e-12, "dense Hessian, n = \(n)")
                } else {
                    // ∇²f·v of chained Rosenbrock, written out: the tridiagonal Hessian.
                    for i in 0..<n {
                        var d = 0.0, s = 0.0
                        if i > 0 { d += 200; s += -400 * x[i - 1] * v[i - 1] }
                        if i < n - 1 { d += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2; s += -400 * x[i] * v[i + 1] }
                        hv0[i] = d * v[i] + s
                    }
                }
                #expect(relativeError(hvp(objective, x, v), hv0) <= 1e-12, "∇²f·v, n = \(n)")
            }
        }
    }

    /// Himmelblau (x² + y − 11)² + (x + y² − 7)²: gradient and Hessian derived by hand.
    @Test func himmelblau() throws {
        let f = try formula("(x^2 + y - 11)^2 + (x + y^2 - 7)^2")
        for p in Self.randomPoints(2, count: 5, seed: 3) {
            let (x, y) = (p[0], p[1]), a = x * x + y - 11, b = x + y * y - 7
            let g = [4 * x * a + 2 * b, 2 * a + 4 * y * b]
            let h = [12 * x * x + 4 * y - 42, 4 * x + 4 * y, 4 * x + 4 * y, 4 * x + 12 * y * y - 26]
            try expectDerivatives(f, p, value: a * a + b * b, gradient: g, hessian: h)
        }
    }

    /// Beale (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².
    @Test func beale() throws {
        let f = try formula("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2")
        for p in Self.randomPoints(2, count: 5, seed: 4) {
            let (x, y) = (p[0], p[1])
            let c = [1.5, 2.25, 2.625]
            var value = 0.0, g = [0.0, 0.0], h = [0.0, 0.0, 0.0, 0.0]
            for k in 1...3 {
                let yk = pow(y, Double(k)), r = c[k - 1] - x + x * yk
                let rx = yk - 1, ry = Double(k) * x * pow(y, Double(k - 1))
                let rxy = Double(k) * pow(y, Double(k - 1)), ryy = Double(k * (k - 1)) * x * pow(y, Double(max(k - 2, 0)))
                value += r * r
                g[0] += 2 * r * rx
                g[1] += 2 * r * ry
                h[0] += 2 * rx * rx
                h[1] += 2 * (rx * ry + r * rxy)
                h[3] += 2 * (ry * ry + r * ryy)
            }
            h[2] = h[1]
            try expectDerivatives(f, p, value: value, gradient: g, hessian: h)
        }
    }

    /// A formula with exp, log, sin and tanh: eˣ sin y + log(1 + x²) tanh y.
    @Test func transcendental() throws {
        let f = try formula("exp(x)*sin(y) + log(1 + x^2)*tanh(y)")
        for p in Self.randomPoints(2, count: 5, seed: 5) {
            let (x, y) = (p[0], p[1]), t = tanh(y), s = 1 - t * t, l = log(1 + x * x), lx = 2 * x / (1 + x * x)
            let lxx = (2 - 2 * x * x) / ((1 + x * x) * (1 + x * x))
            let g = [exp(x) * sin(y) + lx * t, exp(x) * cos(y) + l * s]
            let h = [exp(x) * sin(y) + lxx * t, exp(x) * cos(y) + lx * s, exp(x) * cos(y) + lx * s, -exp(x) * sin(y) - 2 * l * t * s]
            try expectDerivatives(f, p, value: exp(x) * sin(y) + l * t, gradient: g, hessian: h)
        }
    }

    func expectDerivatives(_ f: FormulaObjective, _ p: [Double], value: Double, gradient: [Double], hessian: [Double],
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (v, g) = f.evaluate(at: p)
        #expect(abs(v - value) <= 1e-12 * max(1, abs(value)), sourceLocation: sourceLocation)
        #expect(relativeError(g, gradient) <= 1e-12, "\(g) vs \(gradient)", sourceLocation: sourceLocation)
        var h = [Double](repeating: 0, count: 4)
        p.withUnsafeBufferPointer { xb in h.withUnsafeMutableBufferPointer { f.hessian(at: xb, into: $0) } }
        #expect(relativeError(h, hessian) <= 1e-12, "\(h) vs \(hessian)", sourceLocation: sourceLocation)
    }
}

@Suite struct FormulaLoopTests {
    /// Nested sums with dependent bounds, products (one factor zero), hoisted inner sums,
    /// strided, reversed and computed indices: f and ∇f against loops written out here, and
    /// ∇f against central differences.
    @Test func loopsAgainstLoopsWrittenOut() throws {
        let n = 9
        var rng = SeededGenerator(seed: 21)
        let x = (0..<n).map { _ in 2 * rng.uniform() - 1 }
        let cases: [(String, ([Double]) -> Double)] = [
            ("sum(i=1..n, sum(j=1..i, x[j]*x[i]))", { x in
                var s = 0.0
                for i in 0..<n { for j in 0...i { s += x[j] * x[i] } }
                return s
            }),
            ("sum(i=1..n, (x[i] - sum(j=1..n, x[j])/n)^2)", { x in
                let m: Double = x.reduce(0, +) / Double(n)
                var s = 0.0
                for v in x { s += (v - m) * (v - m) }
                return s
            }),
            ("prod(i=1..n, 1 + x[i]^2)", { x in
                var p = 1.0
                for v in x { p *= 1 + v * v }
                return p
            }),
            ("prod(i=1..4, x[2*i] - x[2*i-1])", { x in
                var p = 1.0
                for i in 1...4 { p *= x[2 * i - 1] - x[2 * i - 2] }
                return p
            }),
            ("sum(i=1..n, i*x[n-i+1])", { x in
                var s = 0.0
                for i in 1...n { s += Double(i) * x[n - i] }
                return s
            }),
            ("sum(i=1..3, x[i*i]^2)", { x in
                var s = 0.0
                for i in 1...3 { s += x[i * i - 1] * x[i * i - 1] }
                return s
            }),
            ("sum(i=1..n, sum(j=max(1, i-2)..min(n, i+1), x[j]*x[i]))", { x in
                var s = 0.0
                for i in 1...n { for j in max(1, i - 2)...min(n, i + 1) { s += x[j - 1] * x[i - 1] } }
                return s
            }),
            ("sum(i=1..n, 1) * x[1] + sum(i=5..4, x[i])", { x in Double(n) * x[0] }),
            ("log(sum(i=1..n, exp(x[i])))", { x in log(x.reduce(0) { $0 + exp($1) }) }),
        ]
        for (text, reference) in cases {
            let f = try vectorFormula(text, n: n)
            let (value, gradient) = f.evaluate(at: x)
            #expect(abs(value - reference(x)) <= 1e-12 * max(1, abs(value)), "\(text): \(value) vs \(reference(x))")
            let numeric = (0..<n).map { j -> Double in
                var up = x, down = x
                up[j] += 1e-6
                down[j] -= 1e-6
                return (reference(up) - reference(down)) / 2e-6
            }
            #expect(relativeError(gradient, numeric) <= 1e-7, "\(text): \(gradient) vs \(numeric)")
            // Forward mode along a direction equals the reverse-mode gradient's dot product.
            let v = (0..<n).map { Double($0 % 3) - 1 }
            let dot = zip(gradient, v).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(jvp(f, x, v).derivative - dot) <= 1e-12 * max(1, abs(dot)), "\(text)")
        }
        // A product with a zero factor still has the exact gradient (no division by factors).
        let zero = try vectorFormula("prod(i=1..3, x[i])", n: 3)
        #expect(zero.evaluate(at: [0, 2, 3]).gradient == [6, 0, 0])
        #expect(zero.evaluate(at: [0, 0, 3]).gradient == [0, 0, 0])
    }

    /// A sum that does not depend on the outer index is computed once, outside the loop.
    @Test func invariantSumsAreHoisted() throws {
        let f = try vectorFormula("sum(i=1..n, (n - sum(j=1..n, cos(x[j])) + i*(1 - cos(x[i])))^2)", n: 100)
        let loops = f.program.blocks[0].instructions.filter { if case .loop = $0.operation { true } else { false } }
        #expect(loops.count == 2)
        #expect(f.program.blocks.allSatisfy { $0.lanes == FormulaProgram.vectorLanes || $0.level == 0 })
    }
}

@Suite struct FormulaErrorTests {
    @Test(arguments: [
        ("(1-x)^2 + 100*pow(y-x^2, 2", "column 27: expected ')' after the arguments of pow, found the end of the formula"),
        ("x + ", "column 5: expected a number, a name or '(', found the end of the formula"),
        ("x $ y", "column 3: unexpected character '$'"),
        ("", "the formula is empty"),
        ("2*(x+1", "column 7: expected ')' to close the '(' at column 3, found the end of the formula"),
        ("x y", "column 3: expected an operator or the end of the formula, found 'y'"),
        ("exp(x, y)", "column 1: exp takes 1 argument, not 2"),
        ("pow(x)", "column 1: pow takes 2 arguments, not 1"),
        ("foo(x)", "column 1: unknown function 'foo'; functions: abs, acos, asin, atan, cos, cosh, exp, expm1, log, log1p, max, min, pow, prod, sigmoid, sin, sinh, sqrt, sum, tan, tanh"),
        ("exp + x", "column 1: exp is a function: write exp(…)"),
        ("x[1] + y", "column 1: x[…] needs a vector variable: give the formula in a problem file with \"dimension\"; in expr: name each variable (x, y, x1, …)"),
        ("3 + 4", "the formula has no variables"),
        ("sum(i=1..3 x)", "column 12: expected ',' after the bounds of sum, found 'x'"),
        ("sum(i=1..2.5, x*i)", "column 10: 2.5 is not an integer (bounds and indices must be integers)"),
        ("sum(i=1..y, x)", "column 10: 'y' cannot be part of an index or a bound: they are made of integers, sum indices and integer parameters"),
        ("sum(i=1..n, x)", "column 10: 'n' is the dimension of a problem file with \"dimension\"; here bounds are made of integers, sum indices and integer parameters"),
        ("x[1]^2", "column 1: x[…] needs a vector variable: give the formula in a problem file with \"dimension\"; in expr: name each variable (x, y, x1, …)"),
        ("x 2", "column 3: expected an operator or the end of the formula, found '2'"),
        ("x + sum(x=1..2, x)", "column 5: 'x' is a variable and cannot also be a sum index"),
        (String(repeating: "(", count: 600) + "x" + String(repeating: ")", count: 600),
         "column 501: the formula nests deeper than 500 levels (each term of a chain a + b + … counts as one: write long sums with sum(…))"),
        (String(repeating: "-", count: 501) + "x", "column 501: the formula nests deeper than 500 levels (each term of a chain a + b + … counts as one: write long sums with sum(…))"),
        (Array(repeating: "x", count: 502).joined(separator: "+"), "column 1001: the formula nests deeper than 500 levels (each term of a chain a + b + … counts as one: write long sums with sum(…))"),
        ("sum(i=1..1000000000000, x*i)", "the loops run more than 200000000 iterations per evaluation (i = 1…1000000000000)"),
        ("prod(i=1..20000000, 1 + x/i)", "prod over more than 10000000 factors (i = 1…20000000)"),
    ])
    func expressionErrors(_ text: String, _ message: String) throws {
        #expect(throws: ProblemError.formula(FormulaError.init(message: message))) { try FormulaProblem.expression(text) }
    }

    @Test(arguments: [
        ("sum(i=1..n, x[i-1])", 5, "column 13: index 0 is outside 1…5 in x[i - 1] for i = 1"),
        ("sum(i=1..n, x[i+1])", 5, "column 13: index 6 is outside 1…5 in x[i + 1] for i = 5"),
        ("x[0]", 5, "column 1: index 0 is outside 1…5 in x[0]"),
        ("sum(i=1..n/2, x[2*i])", 5, "column 11: 5/2 is not an integer (bounds and indices must be integers)"),
        ("sum(i=1..n, sum(j=1..i+1, x[j]))", 5, "column 27: index 6 is outside 1…5 in x[j] for j = 6"),
        ("sum(i=1..3, x[i*i])", 5, "column 13: index 9 is outside 1…5 in x[i*i] for i = 3"),
        ("x + 1", 5, "column 1: x is a vector of 5 variables: write x[i]"),
        ("y[1]", 5, "column 1: unknown vector 'y'; the variables are x[1…n]"),
        ("sum(i=1..n, sum(j=1..n, x[i]*x[j]))", 20_000, "the loops run more than 200000000 iterations per evaluation (j = 1…20000)"),
        ("x[1] + z", 5, "column 8: unknown name 'z'; variables: x[1…n], n; constants: e, pi; functions: abs, acos, asin, atan, cos, cosh, exp, expm1, log, log1p, max, min, pow, prod, sigmoid, sin, sinh, sqrt, sum, tan, tanh"),
    ])
    func vectorErrors(_ text: String, _ n: Int, _ message: String) throws {
        do {
            _ = try vectorFormula(text, n: n)
            Issue.record("\(text) compiled")
        } catch let error as FormulaError {
            #expect(error.description == message)
        }
    }
}

extension FormulaError {
    init(message: String) {
        if message.hasPrefix("column "), let colon = message.firstIndex(of: ":"),
           let column = Int(message.dropFirst(7).prefix(upTo: colon)) {
            self.init(String(message[message.index(colon, offsetBy: 2)...]), at: column)
        } else {
            self.init(message)
        }
    }
}

/// Cases a review found wrong, and their neighbours.
@Suite struct FormulaReviewTests {
    /// A sum used linearly and non-linearly at once is not a linear term of f: c·S + (c·S)².
    @Test func sumUsedTwiceIsNotFused() throws {
        let f = try formula("(2*sum(i=1..3, x*i)) + (2*sum(i=1..3, x*i))^2")
        // S = 6x: f = 12x + 144x², f′ = 12 + 288x, f″ = 288.
        let (value, g) = f.evaluate(at: [0.5])
        #expect(value == 42 && g == [156])
        #expect(hvp(f, [0.5], [1]) == [288])
        let v = try vectorFormula("3*sum(i=1..n, x[i]^2) - exp(3*sum(i=1..n, x[i]^2)/100)", n: 4)
        let x = [0.1, -0.2, 0.3, 0.4], s = x.reduce(0) { $0 + $1 * $1 }
        let expected = x.map { 6 * $0 - exp(3 * s / 100) * 6 * $0 / 100 }
        #expect(relativeError(v.evaluate(at: x).gradient, expected) < 1e-14)
    }

    /// At the edges of their domains, forward and reverse mode agree with the one-sided truth.
    @Test func edgeDerivatives() throws {
        let power = try formula("pow(x, y)")
        #expect(power.evaluate(at: [0, 2]).gradient == [0, 0])
        #expect(hvp(power, [0, 2], [0, 1]) == [0, 0])
        let forward = [0.0, 2].withUnsafeBufferPointer { x in [1.0, 1].withUnsafeBufferPointer { power.directionalDerivative(at: x, direction: $0).derivative } }
        #expect(forward == 0)
        let absolute = try formula("abs(x) + y^2")
        let jvp = [0.0, 1].withUnsafeBufferPointer { x in [1.0, 1].withUnsafeBufferPointer { absolute.directionalDerivative(at: x, direction: $0).derivative } }
        #expect(jvp == 2 && absolute.evaluate(at: [0, 1]).gradient == [0, 2])
        let constantPower = try formula("x^0 + y")
        #expect(constantPower.evaluate(at: [0, 1]).gradient == [0, 1])
        #expect(hvp(constantPower, [0, 1], [1, 0]) == [0, 0])
    }

    /// Long loop bodies share a memory budget: fewer lanes, same numbers.
    @Test func longBodiesGetFewerLanes() throws {
        let groups = (0..<20).map { g in "(" + (0..<250).map { k in "sin(x[i] + \(g * 250 + k))" }.joined(separator: " + ") + ")" }
        let f = try vectorFormula("sum(i=1..n, " + groups.joined(separator: " + ") + ")", n: 3)
        let lanes = f.program.blocks.filter { $0.level > 0 }.map(\.lanes)
        #expect(lanes.allSatisfy { $0 < FormulaProgram.vectorLanes && $0 >= 16 }, "\(lanes)")
        let x = [0.3, -1.1, 2.0]
        let (value, g) = f.evaluate(at: x)
        let expected = x.map { xi in (0..<5000).reduce(0.0) { $0 + cos(xi + Double($1)) } }
        #expect(abs(value - x.reduce(0.0) { s, xi in (0..<5000).reduce(s) { $0 + sin(xi + Double($1)) } }) < 1e-10)
        #expect(relativeError(g, expected) < 1e-12)
    }

    @Test(arguments: [
        ("sum(i=0..16, x[1073741824*1073741824*i+1])", "an index or bound reaches 1152921504606846976, beyond ±2^50"),
        ("sum(i=0..4, x[4611686018427387904*i+1])", "column 15: 4.611686018427388e+18 is too large for an index or a bound (its magnitude must be below 10^15)"),
        // 10^15 itself is refused, as the message says (issue 30: it said "at most 10^15").
        ("sum(i=1..1000000000000000, x[1])", "column 10: 1000000000000000.0 is too large for an index or a bound (its magnitude must be below 10^15)"),
        ("x[100000000000000*100000000000000]", "integer overflow in an index or bound"),
        ("sum(i=1..100000000000000*100000000000000, x[1])", "integer overflow in an index or bound"),
        ("sum(i=1..n, x[100000000000000*i*100000000000000])", "integer overflow in an index or bound"),
        ("x[(-2147483648*4294967296)/(-1)]", "an index or bound reaches -9223372036854775808, beyond ±2^50"),
        ("sum(i=1..n, x[999999999999999*i - 999999999999998])", "column 13: index 3999999999999997 is outside 1…5 in x[999999999999999*i - 999999999999998] for i = 5"),
        ("sum(i=1..n, x[i]) + sum(j=1..20000, sum(k=1..20000, x[1]*k*j))", "the loops run more than 200000000 iterations per evaluation (k = 1…20000)"),
    ])
    func integerLimits(_ text: String, _ message: String) throws {
        do {
            _ = try vectorFormula(text, n: 5)
            Issue.record("\(text) compiled")
        } catch let error as FormulaError {
            #expect(error.description == message)
        }
    }
}
