import Testing

@testable import Optim

/// A run of PDFO 2.2.0's bobyqa or newuoa (Powell's Fortran), recorded by
/// `scripts/reference/reference-bobyqa.py` / `reference-newuoa.py --swift`: its evaluation count,
/// exit flag, final point and f, and its first evaluated points (x₀ first).
struct PDFOReference {
    let nfev: Int
    /// PDFO's exit flag: 0 the trust radius reached rhoend, 3 maxfev.
    let status: Int
    let x: [Double]
    let f: Double
    /// The first evaluated points, in order (x₀ first).
    let points: [[Double]]

    /// Expects OptBench's run to be this one: the recorded points bit for bit (the whole run follows
    /// PDFO's: same count, same end), the evaluation count, x, f and the status, and ∇f never asked for.
    func expectReproduced(by result: OptimizationResult, recorder: BOBYQATests.Recorder, _ name: String) {
        let first = points.indices.first { $0 >= recorder.points.count || recorder.points[$0] != points[$0] }
        #expect(first == nil, "\(name): evaluated point \((first ?? 0) + 1) differs from PDFO's")
        #expect(result.valueEvaluations == nfev, "\(name): f evaluations")
        #expect(recorder.points.count == nfev)
        #expect(result.gradientEvaluations == 0 && recorder.gradientRequests == 0, "\(name): never asks for ∇f")
        #expect(result.x == x, "\(name): x \(result.x) vs \(x)")
        #expect(result.value == f, "\(name): f")
        #expect(result.status == (status == 0 ? .convergedStep : .evaluationLimit), "\(name): status")
    }

    /// NaN where x₁ > 0 is PDFO's barrier 2¹⁰⁰: the run went on (the PDFO case) and says how often.
    static func expectBarrierCounted(by result: OptimizationResult, recorder: BOBYQATests.Recorder) {
        let nans = recorder.points.filter { $0[0] > 0 }.count
        let counted = result.extras?.entries.first { $0.name == "barrier_evaluations" }?.value.integer
        #expect(nans > 0 && counted == nans, "\(nans) NaN evaluations, \(String(describing: counted)) counted")
        #expect(result.value.isFinite && result.x[0] <= 0)
    }
}
