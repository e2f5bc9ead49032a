import Testing
@testable import Optim

/// BFGS's `trialStep` (results/bfgs-initial-hessian.md): after the first iteration the first trial
/// step is 1, or scipy's min(1, 1.01·2(fₖ − fₖ₋₁)/φ'(0)) (N&W eq. 3.60), always or only after an
/// accepted α = 1 — checked against f and the slopes the search is handed, recomputed here.
@Suite struct BFGSTrialStepTests {
    @Test(arguments: [BFGSTrialStep.unit, .previousDecrease, .previousDecreaseAfterUnit])
    func firstTrialStepFollowsTheRule(_ rule: BFGSTrialStep) throws {
        let log = SearchLog()
        var solver = BFGS(lineSearch: RecordingSearch(base: MoreThuente(), log: log))
        solver.trialStep = rule
        var values: [Double] = [], steps: [Double] = []
        _ = try minimize(
            Rosenbrock2(), from: [-1.2, 1], using: &solver, options: Options(gradientTolerance: 0, maxIterations: 12),
            inspect: { state, _ in
                values.append(state.value)
                steps.append(state.stepLength)
            })
        #expect(log.calls.count == 12)
        for k in 1..<log.calls.count {
            let (slope, initial) = log.calls[k]
            let interpolated = 1.01 * 2 * (values[k] - values[k - 1]) / slope
            let applies = rule == .previousDecrease || (rule == .previousDecreaseAfterUnit && steps[k] == 1)
            let expected = applies && interpolated > 0 ? min(1, interpolated) : 1
            #expect(initial == expected, "\(rule) iteration \(k)")
        }
        if rule != .unit { #expect(log.calls.dropFirst().contains { $0.1 < 1 }, "\(rule) never interpolated") }
    }
}
