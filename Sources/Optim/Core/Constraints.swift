/// General constraints lᵢ ≤ cᵢ(x) ≤ uᵢ, i = 1…m, beside a problem's box bounds: an equality
/// where lᵢ = uᵢ, a one-sided inequality where the other side is ∞ (−∞ for lᵢ, +∞ for uᵢ), a
/// range where both are finite and differ.
///
/// What constrained solvers need of c: its values, its Jacobian J(x) (row i = ∇cᵢ(x)ᵀ) dense or as
/// products Jv and Jᵀw (large problems never form J), and — for methods that use second
/// derivatives of the Lagrangian — products with Σ wᵢ∇²cᵢ(x) (`ConstraintHessianProducts`).
///
/// Multipliers follow one sign convention everywhere in OptBench: the Lagrangian is
/// L(x, λ) = f(x) + λᵀc(x), so at a KKT point ∇f + Jᵀλ = 0 (on a box: its projection), with
/// λᵢ ≥ 0 when the upper side uᵢ is active, λᵢ ≤ 0 when the lower side lᵢ is, either sign for an
/// equality, and λᵢ = 0 when cᵢ is strictly inside.
///
/// Instances that keep work buffers are classes and are not evaluated from two threads at once.
public protocol ConstraintFunctions: AnyObject {
    /// n, the number of variables.
    var dimension: Int { get }
    /// m, the number of constraints.
    var count: Int { get }
    /// lᵢ, −∞ where cᵢ has no lower side; m entries.
    var lower: [Double] { get }
    /// uᵢ, +∞ where cᵢ has no upper side; m entries (lᵢ = uᵢ for an equality).
    var upper: [Double] { get }
    /// Whether cᵢ is affine in x (its Jacobian row constant); m entries.
    var isLinear: [Bool] { get }
    /// Each constraint as people wrote it, for reports (`x^2 + y^2 <= 1`); m entries.
    var descriptions: [String] { get }

    /// c(x) into `values` (m elements).
    func values(at x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>)
    /// J(x), row-major m × n (element (i, j) = ∂cᵢ/∂xⱼ at `i·n + j`), fully overwritten.
    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>)
    /// c(x) into `values` and J(x)ᵀw into `out` (n elements) at the same point, without forming J.
    /// Each weight wᵢ = `weight(i, cᵢ(x))` may depend on its own constraint's value (an augmented
    /// Lagrangian's wᵢ = max(0, μᵢ + ρ(cᵢ − uᵢ))), so one pass gives both.
    func valuesAndTransposeProduct(
        at x: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>, weight: (_ i: Int, _ value: Double) -> Double)
    /// J(x)v into `out` (m elements), without forming J.
    func product(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>)
}

/// Constraints that also give products with the weighted sum of their Hessians,
/// (Σᵢ wᵢ∇²cᵢ(x))v: with w = λ and ∇²f·v, the Hessian of the Lagrangian times v (interior-point and
/// SQP methods with exact second derivatives).
public protocol ConstraintHessianProducts: ConstraintFunctions {
    /// (Σᵢ wᵢ∇²cᵢ(x))v into `out` (n elements).
    func weightedHessianProduct(
        at x: UnsafeBufferPointer<Double>, weights w: UnsafeBufferPointer<Double>,
        direction v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>)
}

extension ConstraintFunctions {
    /// Whether constraint i is an equality (lᵢ = uᵢ).
    public func isEquality(_ i: Int) -> Bool { lower[i] == upper[i] }

    /// The constraints' measures at x with multipliers λ (`ConstraintMeasures.of`).
    public func measures(values c: [Double], multipliers λ: [Double]) -> ConstraintMeasures {
        ConstraintMeasures.of(values: c, lower: lower, upper: upper, multipliers: λ)
    }
}

/// How far a point is from satisfying the constraints, and how far (x, λ) is from their
/// complementarity conditions, each as a maximum over the constraints in the constraints' own
/// units (no scaling).
public struct ConstraintMeasures: Sendable, Equatable {
    /// maxᵢ max(lᵢ − cᵢ, cᵢ − uᵢ, 0): 0 exactly when x satisfies every constraint.
    public var violation: Double
    /// maxᵢ max(min(λᵢ⁺, |uᵢ − cᵢ|), min(λᵢ⁻, |cᵢ − lᵢ|)) with λ⁺ = max(λ, 0), λ⁻ = max(−λ, 0):
    /// 0 exactly when every multiplier vanishes or the side its sign points to is active (a
    /// multiplier pushing against an absent side counts in full). The min form keeps it finite
    /// and in units of min(|λ|, |c|) (Birgin & Martínez 2014, eq. 4.9's Vᵢ, for both sides).
    public var complementarity: Double

    public init(violation: Double, complementarity: Double) {
        self.violation = violation
        self.complementarity = complementarity
    }

    /// The measures of c(x) = `values` against [lower, upper] with multipliers λ.
    public static func of(values c: [Double], lower: [Double], upper: [Double], multipliers λ: [Double])
        -> ConstraintMeasures
    {
        var violation = 0.0, complementarity = 0.0
        for i in c.indices {
            violation = max(violation, lower[i] - c[i], c[i] - upper[i])
            let up = max(λ[i], 0), down = max(-λ[i], 0)
            complementarity = max(complementarity, min(up, abs(upper[i] - c[i])), min(down, abs(c[i] - lower[i])))
            if c[i].isNaN || λ[i].isNaN { violation = .nan }
        }
        return ConstraintMeasures(violation: violation, complementarity: complementarity)
    }

    /// The signed violation vᵢ = (cᵢ − uᵢ)⁺ − (lᵢ − cᵢ)⁺: ½‖v‖² is the infeasibility whose
    /// gradient is Jᵀv.
    public static func signedViolation(_ c: Double, lower: Double, upper: Double) -> Double {
        max(c - upper, 0) - max(lower - c, 0)
    }
}

/// What a constrained run reports about its constraints at the returned x: the values, the
/// multipliers, the KKT measures and the constraint evaluation counts.
public struct ConstraintOutcome: Sendable, Equatable {
    /// c(x), m entries.
    public var values: [Double]
    /// λ, m entries, with L = f + λᵀc (`ConstraintFunctions` gives the sign convention).
    public var multipliers: [Double]
    /// `ConstraintMeasures.violation` at x.
    public var violation: Double
    /// ‖∇f + Jᵀλ‖∞, projected on the box when the problem has bounds: ‖P(x − (∇f + Jᵀλ)) − x‖∞.
    public var stationarity: Double
    /// `ConstraintMeasures.complementarity` at (x, λ).
    public var complementarity: Double
    /// Evaluations of c (at one point each).
    public var evaluations: Int
    /// Dense Jacobians J(x) formed.
    public var jacobianEvaluations: Int
    /// Products Jv or Jᵀw (each at one point; a Jᵀw evaluated with c counts here and in `evaluations`).
    public var jacobianProducts: Int
    /// Products Σᵢ wᵢ∇²cᵢ(x)v (the constraints' part of a Hessian of the Lagrangian, one per product).
    public var hessianProducts: Int

    public init(values: [Double], multipliers: [Double], violation: Double, stationarity: Double,
                complementarity: Double, evaluations: Int, jacobianEvaluations: Int, jacobianProducts: Int,
                hessianProducts: Int = 0) {
        self.values = values
        self.multipliers = multipliers
        self.violation = violation
        self.stationarity = stationarity
        self.complementarity = complementarity
        self.evaluations = evaluations
        self.jacobianEvaluations = jacobianEvaluations
        self.jacobianProducts = jacobianProducts
        self.hessianProducts = hessianProducts
    }
}

/// A solver that takes general constraints (`minimize(…, constraints:)`; it finds them in
/// `IterationState.constraints`). The driver refuses constraints to every other solver. After the
/// run it gives the multipliers and measures at the returned x.
public protocol ConstrainedSolver: BoundedSolver {
    /// The constraints' report at the last accepted iterate (nil before `start`).
    var constraintOutcome: ConstraintOutcome? { get }
}

/// Counts every evaluation of the constraints a solver makes, so a run's constraint counts are
/// exact whatever the solver does (as `CountedObjective` does for f).
package final class CountedConstraints: ConstraintFunctions {
    package let base: any ConstraintFunctions
    package private(set) var evaluations = 0
    package private(set) var jacobianEvaluations = 0
    package private(set) var jacobianProducts = 0
    package private(set) var hessianProducts = 0

    package init(_ base: any ConstraintFunctions) { self.base = base }

    package var dimension: Int { base.dimension }
    package var count: Int { base.count }
    package var lower: [Double] { base.lower }
    package var upper: [Double] { base.upper }
    package var isLinear: [Bool] { base.isLinear }
    package var descriptions: [String] { base.descriptions }

    package func values(at x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>) {
        evaluations += 1
        base.values(at: x, into: values)
    }

    package func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        jacobianEvaluations += 1
        base.jacobian(at: x, into: jacobian)
    }

    package func valuesAndTransposeProduct(
        at x: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>, weight: (_ i: Int, _ value: Double) -> Double
    ) {
        evaluations += 1
        jacobianProducts += 1
        base.valuesAndTransposeProduct(at: x, values: values, into: out, weight: weight)
    }

    package func product(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        jacobianProducts += 1
        base.product(at: x, direction: v, into: out)
    }

    /// (Σ wᵢ∇²cᵢ)v when the base gives it; false (out untouched) when it does not.
    package func weightedHessianProduct(
        at x: UnsafeBufferPointer<Double>, weights w: UnsafeBufferPointer<Double>,
        direction v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) -> Bool {
        guard let products = base as? any ConstraintHessianProducts else { return false }
        hessianProducts += 1
        products.weightedHessianProduct(at: x, weights: w, direction: v, into: out)
        return true
    }
}
