import Foundation
import Testing
@testable import Optim

/// The schedules' values at given counts, worked out by hand.
@Suite struct LearningRateScheduleTests {
    static func values(_ s: LearningRateSchedule, _ ts: [Int]) -> [Double] { ts.map { s.multiplier(at: $0) } }

    @Test func decayValues() {
        #expect(Self.values(LearningRateSchedule(), [0, 7, 1000]) == [1, 1, 1])
        #expect(
            Self.values(LearningRateSchedule(.step, factor: 0.5, period: 2), [0, 1, 2, 3, 4, 5]) == [
                1, 1, 0.5, 0.5, 0.25, 0.25,
            ])
        #expect(
            Self.values(LearningRateSchedule(.exponential, factor: 0.25, period: 2), [0, 1, 2, 4]) == [
                1, 0.5, 0.25, 0.0625,
            ])
        #expect(
            Self.values(LearningRateSchedule(.inverseTime, factor: 0.5, period: 2), [0, 2, 4, 12]) == [
                1, 2.0 / 3, 0.5, 0.25,
            ])
        let cosine = Self.values(LearningRateSchedule(.cosine, period: 4), [0, 1, 2, 3, 4, 9])
        let expected = [1, (1 + 0.5.squareRoot()) / 2, 0.5, (1 - 0.5.squareRoot()) / 2, 0, 0]
        #expect(zip(cosine, expected).allSatisfy { abs($0 - $1) <= 1e-16 })
    }

    /// Linear warm-up over W counts, (t + 1)/(W + 1), multiplies the decay.
    @Test func warmupMultipliesTheDecay() {
        #expect(Self.values(LearningRateSchedule(warmup: 3), [0, 1, 2, 3, 10]) == [0.25, 0.5, 0.75, 1, 1])
        #expect(
            Self.values(LearningRateSchedule(.step, factor: 0.5, period: 1, warmup: 2), [0, 1, 2]) == [
                1.0 / 3, 2.0 / 3 * 0.5, 0.25,
            ])
    }

    @Test func badSettingsAreRefusedWithTheRange() {
        #expect(throws: InvalidParameter(name: "decay", value: "0", expected: "a number in (0, 1]")) {
            try StepControl(learningRate: 1, schedule: LearningRateSchedule(.step, factor: 0)).validateParameters()
        }
        #expect(throws: InvalidParameter(name: "decay-every", value: "0", expected: "an integer ≥ 1")) {
            try StepControl(learningRate: 1, schedule: LearningRateSchedule(.cosine, period: 0)).validateParameters()
        }
        #expect(throws: InvalidParameter(name: "warmup", value: "-1", expected: "an integer ≥ 0")) {
            try StepControl(learningRate: 1, schedule: LearningRateSchedule(warmup: -1)).validateParameters()
        }
        #expect(throws: InvalidParameter(name: "clip", value: "0", expected: "a number > 0")) {
            try StepControl(learningRate: 1, clipNorm: 0).validateParameters()
        }
        #expect(throws: InvalidParameter(name: "lr", value: "nan", expected: "a number > 0")) {
            try StepControl(learningRate: .nan).validateParameters()
        }
    }

    /// The longest warm-up the range allows does not overflow: ηₜ rises by 1/(W + 1) per count.
    @Test func theLongestWarmupIsFinite() {
        let schedule = LearningRateSchedule(warmup: Int.max)
        #expect(schedule.multiplier(at: 0) == 1 / (Double(Int.max) + 1))
        #expect(schedule.multiplier(at: Int.max - 1) == 1)
    }

    /// Clipping scales g to norm c when it is longer, and leaves it alone otherwise.
    @Test func clippingScalesLongGradientsOnly() {
        let control = StepControl(learningRate: 1, clipNorm: 5)
        let scratch = Vector(count: 2)
        let long = Vector([6, 8]), short = Vector([3, 0])
        let clipped = control.clipped(long, scratch: scratch)
        #expect([clipped[0], clipped[1]] == [3, 4] && long.array == [6, 8])
        #expect(control.clipped(short, scratch: scratch) == UnsafePointer(short.pointer))
    }
}
