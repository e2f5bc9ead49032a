import Foundation

/// Tick values of the charts' axes.
enum Ticks {
    /// Round values (steps of 1, 2 or 5 × 10ᵏ) covering [a, b], about `count` of them;
    /// `integer`: steps of at least 1 (counts of evaluations or iterations).
    static func nice(from a: Double, to b: Double, count: Double = 5, integer: Bool = false) -> [Double] {
        guard a.isFinite, b.isFinite, b > a else { return a.isFinite ? [a] : [] }
        let raw = (b - a) / count
        let magnitude = pow(10, floor(log10(raw)))
        var step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        if integer { step = max(step.rounded(.up), 1) }
        // A window a few ulps wide: the step is below the numbers' resolution (t + step == t).
        guard a + step > a, b + step > b else { return [a] }
        var ticks: [Double] = []
        var t = ceil(a / step) * step
        while t <= b + 1e-9 * step {
            ticks.append(abs(t) < 1e-12 * step ? 0 : t)
            t += step
        }
        return ticks
    }

    /// τ ticks of a performance profile on a log₂ axis from 1 to `tauMax`: powers of two
    /// (every k-th, at most 10) when the range spans four octaves or more, else round linear
    /// steps from 1 so that a short range still has five or more.
    static func tau(upTo tauMax: Double) -> [Double] {
        let octaves = log2(tauMax)
        if octaves >= 4 {
            let stride = Int((octaves / 10).rounded(.up))
            return Swift.stride(from: 0, through: Int(octaves.rounded(.down)), by: stride).map { pow(2, Double($0)) }
        }
        return [1] + nice(from: 1, to: tauMax, count: 10).filter { $0 > 1 }
    }
}
