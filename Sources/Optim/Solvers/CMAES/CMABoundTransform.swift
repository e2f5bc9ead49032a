/// The box handling of Hansen's `cma` package by default (its `BoundTransform`, the linear–quadratic
/// transformation `BoxConstraintsLinQuadTransformation`): CMA-ES samples an unbounded "genotype" y and
/// f is evaluated at the "phenotype" T(y), which is always in the box [l, u].
///
/// Per variable, with the margins aₗ = min((u − l)/2, (1 + |l|)/20) and aᵤ = min((u − l)/2, (1 + |u|)/20)
/// (1 for an infinite side), T is
///   - periodic with period r = 2(u − l + aₗ + aᵤ) when both bounds are finite: y outside
///     [s, s + r), s = l − 2aₗ − (u − l)/2, is first moved by a whole number of periods into it;
///   - a mirror at u + aᵤ (y ← 2(u + aᵤ) − y above it) and at l − aₗ (y ← 2(l − aₗ) − y below it);
///   - quadratic next to each bound: y < l + aₗ ↦ l + (y − l + aₗ)²/(4aₗ) and
///     y > u − aᵤ ↦ u − (y − u − aᵤ)²/(4aᵤ), continuously differentiable where the pieces meet;
///   - the identity on [l + aₗ, u − aᵤ] (most of the box).
/// The result is clipped into [l, u] (only rounding could leave it), and a fixed variable (l = u) is
/// l. `inverse` maps a point of the box back into [l − aₗ, u + aᵤ], where T is one to one.
struct CMABoundTransform {
    let lower: [Double]
    let upper: [Double]
    private let marginLower: [Double]
    private let marginUpper: [Double]

    init(_ bounds: Bounds) {
        lower = bounds.lower
        upper = bounds.upper
        marginLower = bounds.lower.indices.map { i in
            bounds.lower[i].isFinite ? min((bounds.upper[i] - bounds.lower[i]) / 2, (1 + abs(bounds.lower[i])) / 20) : 1
        }
        marginUpper = bounds.upper.indices.map { i in
            bounds.upper[i].isFinite ? min((bounds.upper[i] - bounds.lower[i]) / 2, (1 + abs(bounds.upper[i])) / 20) : 1
        }
    }

    /// T(y) for variable i.
    func apply(_ value: Double, at i: Int) -> Double {
        let l = lower[i], u = upper[i], al = marginLower[i], au = marginUpper[i]
        if l == u { return l }
        var y = value
        let width = u - l
        if l.isFinite && u.isFinite && (y < l - 2 * al - width / 2 || y > u + 2 * au + width / 2) {
            let period = 2 * (width + al + au), start = l - 2 * al - width / 2
            y -= period * ((y - start) / period).rounded(.down)
        }
        if y > u + au { y -= 2 * (y - u - au) }
        if y < l - al { y += 2 * (l - al - y) }
        if y < l + al { y = l + (y - (l - al)) * (y - (l - al)) / 4 / al }
        if y > u - au { y = u - (y - (u + au)) * (y - (u + au)) / 4 / au }
        return min(max(y, l), u)
    }

    /// A preimage of x (in the box) in [l − aₗ, u + aᵤ]: the inverse of the quadratic pieces.
    func inverse(_ x: Double, at i: Int) -> Double {
        let l = lower[i], u = upper[i], al = marginLower[i], au = marginUpper[i]
        if l == u { return l }
        if x < l + al { return l - al + 2 * (al * (x - l)).squareRoot() }
        if x > u - au { return u + au - 2 * (au * (u - x)).squareRoot() }
        return x
    }
}
