import Foundation
import Testing
@testable import Optim

/// The first 20 iterates of every adaptive rule (and of momentum, NAG and fixed-step gradient
/// descent with schedules and clipping) on 2-D Rosenbrock from (−1.2, 1) equal an independent
/// NumPy transcription of the documented updates (scripts/reference/reference-adaptive.py, whose output
/// is committed as results/adaptive-iterates.txt) to 10⁻¹² relative.
@Suite struct AdaptiveReferenceTests {
    /// Each case of the script, built through the library (a new solver per call).
    static func solver(_ name: String) -> any Solver {
        let all: [String: any Solver] = [
            "adam": AdaptiveSolver(Adam(), control: StepControl(learningRate: 0.01)),
            "adam-l2": AdaptiveSolver(Adam(weightDecay: 0.1), control: StepControl(learningRate: 0.01)),
            "adamw": AdaptiveSolver(Adam(weightDecay: 0.1, decoupled: true), control: StepControl(learningRate: 0.01)),
            "adam-beta2": AdaptiveSolver(Adam(beta2: 0.5), control: StepControl(learningRate: 0.01)),
            "amsgrad": AdaptiveSolver(Adam(beta2: 0.5, amsgrad: true), control: StepControl(learningRate: 0.01)),
            "rmsprop": AdaptiveSolver(RMSProp(), control: StepControl(learningRate: 0.01)),
            "rmsprop-centered": AdaptiveSolver(
                RMSProp(alpha: 0.9, weightDecay: 0.05, momentum: 0.5, centered: true),
                control: StepControl(learningRate: 0.01)),
            "adagrad": AdaptiveSolver(Adagrad(), control: StepControl(learningRate: 0.1)),
            "adagrad-wd": AdaptiveSolver(Adagrad(weightDecay: 0.1), control: StepControl(learningRate: 0.1)),
            "adadelta": AdaptiveSolver(Adadelta(), control: StepControl(learningRate: 1)),
            "adadelta-wd": AdaptiveSolver(Adadelta(rho: 0.95, weightDecay: 0.1), control: StepControl(learningRate: 1)),
            "nadam": AdaptiveSolver(Nadam(), control: StepControl(learningRate: 0.01)),
            "nadam-wd": AdaptiveSolver(Nadam(weightDecay: 0.1), control: StepControl(learningRate: 0.01)),
            "adam-cosine-warmup-clip": AdaptiveSolver(
                Adam(),
                control: StepControl(
                    learningRate: 0.05, schedule: LearningRateSchedule(.cosine, period: 15, warmup: 4), clipNorm: 50)),
            "momentum-exponential-clip": Momentum(
                learningRate: 1e-3, momentum: 0.9,
                schedule: LearningRateSchedule(.exponential, factor: 0.5, period: 5), clipNorm: 100),
            "nag-inverse-time-warmup": Momentum(
                .nesterov, learningRate: 5e-4, momentum: 0.9,
                schedule: LearningRateSchedule(.inverseTime, factor: 0.5, period: 2, warmup: 3)),
            "gd-step-clip": GradientDescent(
                lineSearch: FixedStep(
                    learningRate: 1e-3, schedule: LearningRateSchedule(.step, factor: 0.5, period: 3),
                    clipNorm: 10)),
        ]
        return all[name]!
    }

    static let names = [
        "adam", "adam-l2", "adamw", "adam-beta2", "amsgrad", "rmsprop", "rmsprop-centered", "adagrad", "adagrad-wd",
        "adadelta", "adadelta-wd", "nadam", "nadam-wd", "adam-cosine-warmup-clip", "momentum-exponential-clip",
        "nag-inverse-time-warmup", "gd-step-clip",
    ]

    /// The script's output: case → the iterates x₁ … x₂₀.
    static let reference: [String: [[Double]]] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "results/adaptive-iterates.txt"
            ).path
        var table: [String: [[Double]]] = [:]
        for line in (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n") ?? [] {
            let fields = line.split(separator: " ")
            table[String(fields[0]), default: []].append(fields[2...].map { Double($0)! })
        }
        return table
    }()

    /// x₁ … x₂₀ of `solver` (gtol 0: no stopping rule fires first).
    static func iterates<S: Solver>(_ solver: S) throws -> [[Double]] {
        var solver = solver
        var xs: [[Double]] = []
        _ = try minimize(
            Rosenbrock2(), from: [-1.2, 1], using: &solver, options: Options(gradientTolerance: 0, maxIterations: 20),
            inspect: { state, _ in if state.iteration > 0 { xs.append(state.x.array) } })
        return xs
    }

    @Test func everyCaseOfTheScriptIsTested() {
        #expect(Set(Self.reference.keys) == Set(Self.names))
        #expect(Self.reference.values.allSatisfy { $0.count == 20 })
    }

    @Test(arguments: names)
    func firstTwentyIteratesMatchNumPy(_ name: String) throws {
        let expected = try #require(Self.reference[name])
        let actual = try Self.iterates(Self.solver(name))
        #expect(actual.count == 20)
        for (t, (x, y)) in zip(actual, expected).enumerated() {
            let error = zip(x, y).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            #expect(error <= 1e-12, "\(name): x\(t + 1) = \(x), NumPy \(y)")
        }
    }

    /// The variants the script covers do change the iterates (so each case tests something).
    @Test func variantsDifferFromTheirBase() throws {
        let last = { (name: String) in Self.reference[name]!.last! }
        for (variant, base) in [
            ("adam-l2", "adam"), ("adamw", "adam"), ("adamw", "adam-l2"), ("amsgrad", "adam-beta2"),
            ("rmsprop-centered", "rmsprop"), ("adagrad-wd", "adagrad"), ("adadelta-wd", "adadelta"),
            ("nadam-wd", "nadam"),
        ] {
            #expect(zip(last(variant), last(base)).map { abs($0 - $1) }.max()! > 1e-6, "\(variant) vs \(base)")
        }
    }
}
