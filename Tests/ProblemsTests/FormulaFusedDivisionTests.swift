import Foundation
import Optim
import Testing
@testable import Problems

/// Sums that reach f only through division by constants are reversed with a known adjoint (the
/// fused loops of `FormulaCompiler.findFusedLoops`); each gradient here is the closed form.
@Suite struct FormulaFusedDivisionTests {
    static let x: [Double] = [0.5, -1, 2, 0.25, -0.75, 1.5, -2, 0.1, 3]

    /// f = Σxᵢ²/4: ∂f/∂xᵢ = xᵢ/2.
    @Test func aSumDividedByAConstant() throws {
        let f = try vectorFormula("sum(i=1..n, x[i]^2)/4", n: 9)
        let (value, g) = f.evaluate(at: Self.x)
        #expect(abs(value - Self.x.map { $0 * $0 }.reduce(0, +) / 4) <= 1e-15 * value)
        #expect(relativeError(g, Self.x.map { $0 / 2 }) <= 1e-15)
    }

    /// f = (Σxᵢ² − Σ i·xᵢ)/(2 + 3), the divisor folded to 5: ∂f/∂xᵢ = (2xᵢ − i)/5.
    @Test func aDifferenceOfSumsDividedByAFoldedConstant() throws {
        let f = try vectorFormula("(sum(i=1..n, x[i]^2) - sum(i=1..n, i*x[i]))/(2+3)", n: 9)
        let expected = Self.x.indices.map { (2 * Self.x[$0] - Double($0 + 1)) / 5 }
        #expect(relativeError(f.evaluate(at: Self.x).gradient, expected) <= 1e-15)
    }

    /// f = −Σxᵢ⁴/8/2 + 3x₁: two divisions in a row, ∂f/∂xᵢ = −xᵢ³/4 (+3 for i = 1).
    @Test func aNegatedSumDividedTwice() throws {
        let f = try vectorFormula("-sum(i=1..n, x[i]^4)/8/2 + 3*x[1]", n: 9)
        var expected = Self.x.map { -$0 * $0 * $0 / 4 }
        expected[0] += 3
        #expect(relativeError(f.evaluate(at: Self.x).gradient, expected) <= 1e-15)
    }

    /// A constant divided by a sum is not linear in it: f = 10/S, S = Σxᵢ², ∂f/∂xᵢ = −20xᵢ/S²;
    /// and a sum divided by a variable is not either: f = S/x₁, ∂f/∂xᵢ = 2xᵢ/x₁ (− S/x₁² for i = 1).
    @Test func divisionsThatAreNotLinearInTheSum() throws {
        let s = Self.x.map { $0 * $0 }.reduce(0, +)
        let reciprocal = try vectorFormula("10/sum(i=1..n, x[i]^2)", n: 9)
        #expect(relativeError(reciprocal.evaluate(at: Self.x).gradient, Self.x.map { -20 * $0 / (s * s) }) <= 1e-15)
        let byVariable = try vectorFormula("sum(i=1..n, x[i]^2)/x[1]", n: 9)
        var expected = Self.x.map { 2 * $0 / Self.x[0] }
        expected[0] -= s / (Self.x[0] * Self.x[0])
        #expect(relativeError(byVariable.evaluate(at: Self.x).gradient, expected) <= 1e-14)
    }
}
