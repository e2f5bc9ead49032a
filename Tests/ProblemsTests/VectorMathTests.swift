import Foundation
import Testing
@testable import Problems

/// Distance in units in the last place between two doubles of the same sign.
func ulps(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    guard a.sign == b.sign, a.isFinite, b.isFinite else { return .infinity }
    return abs(Double(Int64(bitPattern: a.bitPattern) &- Int64(bitPattern: b.bitPattern)))
}

@Suite struct VectorMathTests {
    /// A dense grid plus pseudo-random points over `range`.
    static func points(_ range: ClosedRange<Double>, count: Int) -> [Double] {
        var state: UInt64 = 12345
        let grid = (0...count).map {
            range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count)
        }
        let random = (0..<count).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return range.lowerBound + (range.upperBound - range.lowerBound) * Double(state >> 11) * 0x1p-53
        }
        return grid + random
    }

    @Test func expIsWithinOneUlpOfLibm() {
        var worst = 0.0
        for y in Self.points(-708...0, count: 200_000) + Self.points(-1...0, count: 100_000) + [
            0, -1e-300, -0.5 * .ulpOfOne,
        ] {
            worst = max(worst, ulps(VectorMath.expNonPositive(y), Foundation.exp(y)))
        }
        #expect(worst <= 1, "worst \(worst) ulps")
        #expect(VectorMath.expNonPositive(-709) == 0 && VectorMath.expNonPositive(-.infinity) == 0)
        #expect(VectorMath.expNonPositive(.nan).isNaN)
    }

    @Test func tanhIsWithinThreeUlpsOfLibm() {
        var worst = 0.0
        for x in Self.points(-30...30, count: 300_000) + Self.points(-1e-3...1e-3, count: 50_000) + [
            0, 1e-300, -1e-300, 5e-324, 40, -40, 1e300,
        ] {
            worst = max(worst, ulps(VectorMath.tanh(x), Foundation.tanh(x)))
        }
        #expect(worst <= 3, "worst \(worst) ulps")
        #expect(
            VectorMath.tanh(.infinity) == 1 && VectorMath.tanh(-.infinity) == -1 && VectorMath.tanh(-0.0).sign == .minus
        )
        #expect(VectorMath.tanh(.nan).isNaN)
    }

    @Test func sigmoidIsWithinTwoUlpsOfItsLibmFormula() {
        var worst = 0.0
        for a in Self.points(-700...700, count: 200_000) + Self.points(-20...20, count: 200_000) {
            let reference = a >= 0 ? 1 / (1 + Foundation.exp(-a)) : Foundation.exp(a) / (1 + Foundation.exp(a))
            worst = max(worst, ulps(VectorMath.sigmoid(a), reference))
        }
        #expect(worst <= 2, "worst \(worst) ulps")
    }

    @Test func bufferFormsMatchTheScalarOnes() {
        let x =
            Self.points(-20...0, count: 999) + Self.points(0...20, count: 999) + [
                0, -0.0, 1e-300, -800, .infinity, -.infinity,
            ]
        var out = [Double](repeating: 0, count: x.count)
        let nonPositive = x.map { min($0, 0) }
        VectorMath.expNonPositive(nonPositive, into: &out, count: x.count)
        #expect(zip(out, nonPositive).allSatisfy { $0.bitPattern == VectorMath.expNonPositive($1).bitPattern })
        VectorMath.tanh(x, into: &out, count: x.count)
        #expect(zip(out, x).allSatisfy { $0.bitPattern == VectorMath.tanh($1).bitPattern })
        VectorMath.sigmoid(x, into: &out, count: x.count)
        #expect(zip(out, x).allSatisfy { $0.bitPattern == VectorMath.sigmoid($1).bitPattern })
    }
}
