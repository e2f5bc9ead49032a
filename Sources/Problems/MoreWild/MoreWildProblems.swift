import Foundation
import Optim

/// The 53 problems of Moré & Wild, "Benchmarking derivative-free optimization algorithms",
/// SIAM J. Optim. 20(1), 2009, pp. 172–191 (their `dfo.dat`, `dfovec.m`, `dfoxs.m`, `calfun.m`):
/// 22 nonlinear least-squares functions f = Σ rᵢ², 18 of them Moré–Garbow–Hillstrom's and four
/// from CUTEr (`MoreWildFunction`), each at the n and m of the table and starting at x₀ or
/// 10x₀. `more-wild/k` is f itself (their "smooth" problems), `more-wild-noisy/k` the same f
/// times 1 + 10⁻³φ(x) (`MoreWildNoisyObjective`, their deterministic noise).
struct MoreWildProblem: Sendable {
    /// 1 … 53, the row of `dfo.dat`.
    let number: Int
    /// `dfovec`'s function number, 1 … 22.
    let function: Int
    let n: Int
    let m: Int
    /// x₀ is 10^`scale` times the standard start (0 or 1).
    let scale: Int

    /// `dfo.dat`: (function, n, m, scale) for the 53 problems, in order.
    static let table: [(Int, Int, Int, Int)] = [
        (1, 9, 45, 0), (1, 9, 45, 1), (2, 7, 35, 0), (2, 7, 35, 1), (3, 7, 35, 0), (3, 7, 35, 1), (4, 2, 2, 0),
        (4, 2, 2, 1), (5, 3, 3, 0), (5, 3, 3, 1), (6, 4, 4, 0), (6, 4, 4, 1), (7, 2, 2, 0), (7, 2, 2, 1), (8, 3, 15, 0),
        (8, 3, 15, 1), (9, 4, 11, 0), (10, 3, 16, 0), (11, 6, 31, 0), (11, 6, 31, 1), (11, 9, 31, 0), (11, 9, 31, 1),
        (11, 12, 31, 0), (11, 12, 31, 1), (12, 3, 10, 0), (13, 2, 10, 0), (14, 4, 20, 0), (14, 4, 20, 1),
        (15, 6, 6, 0), (15, 7, 7, 0), (15, 8, 8, 0), (15, 9, 9, 0), (15, 10, 10, 0), (15, 11, 11, 0), (16, 10, 10, 0),
        (17, 5, 33, 0), (18, 11, 65, 0), (18, 11, 65, 1), (19, 8, 8, 0), (19, 10, 12, 0), (19, 11, 14, 0),
        (19, 12, 16, 0), (20, 5, 5, 0), (20, 6, 6, 0), (20, 8, 8, 0), (21, 5, 5, 0), (21, 5, 5, 1), (21, 8, 8, 0),
        (21, 10, 10, 0), (21, 12, 12, 0), (21, 12, 12, 1), (22, 8, 8, 0), (22, 8, 8, 1),
    ]

    static let all: [MoreWildProblem] = table.enumerated().map { i, row in
        MoreWildProblem(number: i + 1, function: row.0, n: row.1, m: row.2, scale: row.3)
    }

    /// The problems' references, in the table's order.
    static func suite(noisy: Bool) -> [String] { all.map { $0.name(noisy: noisy) } }

    /// `dfovec`'s functions 1 … 18 by their number in Moré, Garbow & Hillstrom (1981).
    static let mghNumbers = [32, 33, 34, 1, 7, 13, 2, 8, 15, 10, 20, 12, 6, 16, 35, 27, 17, 19]

    /// The MGH problem behind functions 1 … 18 (nil for 19 … 22).
    var mgh: MGHInfo? {
        guard function <= Self.mghNumbers.count else { return nil }
        return MGHInfo.all.first { $0.definition.number == Self.mghNumbers[function - 1] }
    }

    var code: (any ResidualCode)? {
        function <= Self.mghNumbers.count
            ? MGHFunction(rawValue: Self.mghNumbers[function - 1]) : MoreWildFunction(rawValue: function)
    }

    var title: String { mgh?.title ?? MoreWildFunction(rawValue: function)?.title ?? "?" }

    /// `dfoxs.m`'s start before the factor: MGH's standard x₀ but for Watson (0.5 in every
    /// coordinate, where MGH starts at 0, which 10× would not move) and Osborne 1 (x₃ = 1, where
    /// MGH has −1).
    var standardStart: [Double] {
        switch function {
        case 11: return Array(repeating: 0.5, count: n)
        case 17: return [0.5, 1.5, 1, 0.01, 0.02]
        default: return mgh?.start(n) ?? MoreWildFunction(rawValue: function)?.start(n: n) ?? []
        }
    }

    /// f* where Moré, Garbow & Hillstrom report it for this n and m (nil otherwise).
    var minimum: Double? { mgh?.minimum(n, m) }

    func name(noisy: Bool) -> String { (noisy ? "more-wild-noisy/" : "more-wild/") + String(number) }

    func spec(noisy: Bool) -> ProblemSpec {
        let origin = mgh.map { "MGH \($0.definition.number)" } ?? "CUTEr"
        let fStar = noisy ? (minimum == 0 ? "f* = 0" : "f* unknown")
            : (minimum.map { "f* = \(NumberStyle.format($0)) (MGH)" } ?? "f* not reported")
        let summary = "\(title) (\(origin)): n = \(n), m = \(m), x₀ × \(scale == 0 ? 1 : 10), \(fStar)"
            + (noisy ? "; f·(1 + 10⁻³φ(x))" : "")
        let problem = self
        return ProblemSpec(
            name: name(noisy: noisy), summary: summary, parameters: [],
            build: { _ throws(ProblemError) in try problem.build(noisy: noisy) })
    }

    func build(noisy: Bool) throws(ProblemError) -> TestProblem {
        guard let code else {
            throw .badParameter(problem: name(noisy: noisy), parameter: "function", value: String(function),
                                expected: "1 … 22")
        }
        let smooth = MGHObjective(function: code, n: n, m: m)
        let factor = scale == 0 ? 1.0 : 10
        // The noisy f is f* where f vanishes; elsewhere its minimum is not known.
        let fStar = noisy ? (minimum == 0 ? 0 : nil) : minimum
        return TestProblem(
            name: name(noisy: noisy), objective: noisy ? MoreWildNoisyObjective(smooth) : smooth,
            start: standardStart.map { $0 * factor }, minimizer: nil, minimum: fStar)
    }
}
