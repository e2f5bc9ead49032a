import Foundation
import Testing
@testable import Optim

/// The seconds a result says were spent inside the objective.
@Suite struct ObjectiveTimeTests {
    /// An objective that sleeps 2 ms per evaluation: the time inside it is at least that per
    /// evaluation (a lower bound, so a loaded machine cannot fail it), and never more than the
    /// whole run.
    @Test func objectiveTimeCoversEveryEvaluationAndStaysWithinTheRun() throws {
        let pause: useconds_t = 2000
        let sleepy = FunctionObjective(dimension: 2) { x, gradient in
            usleep(pause)
            if let gradient {
                gradient[0] = 2 * (x[0] - 3)
                gradient[1] = 8 * (x[1] + 1)
            }
            return (x[0] - 3) * (x[0] - 3) + 4 * (x[1] + 1) * (x[1] + 1)
        }
        let result = try minimize(sleepy, from: [0, 0], using: LBFGS(lineSearch: MoreThuente()))
        let inside = try #require(result.objectiveSeconds)
        #expect(result.status == .convergedGradient && result.valueEvaluations >= 3)
        #expect(inside >= Double(result.valueEvaluations) * Double(pause) * 1e-6)
        #expect(inside <= result.seconds)
    }

    /// Products, Hessians and the cheap diagonal all count as time inside the objective.
    @Test func hessianWorkIsObjectiveTime() {
        let counted = CountedObjective(SlowQuadratic())
        let x = [1.0, 2.0], v = [0.5, -1.0]
        var out = [0.0, 0.0], h = [Double](repeating: 0, count: 4)
        x.withUnsafeBufferPointer { xp in
            v.withUnsafeBufferPointer { vp in
                out.withUnsafeMutableBufferPointer { counted.hessianVectorProduct(at: xp, direction: vp, into: $0) }
            }
            h.withUnsafeMutableBufferPointer { counted.hessian(at: xp, into: $0) }
        }
        #expect(
            counted.objectiveSeconds >= 2 * 0.002 && counted.hessianVectorProducts == 1
                && counted.hessianEvaluations == 1)
        #expect(out == [1, -2] && h == [2, 0, 0, 2])
    }
}

/// f = x·x with Hessian products that take 2 ms each.
private final class SlowQuadratic: HessianVectorObjective {
    let dimension = 2
    func value(at x: UnsafeBufferPointer<Double>) -> Double { x[0] * x[0] + x[1] * x[1] }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        gradient[0] = 2 * x[0]
        gradient[1] = 2 * x[1]
        return value(at: x)
    }
    func hessianVectorProduct(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        usleep(2000)
        out[0] = 2 * v[0]
        out[1] = 2 * v[1]
    }
}
