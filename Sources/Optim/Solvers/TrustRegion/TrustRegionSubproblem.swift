/// A method for the trust-region subproblem (N&W eq. 4.3):
/// minimize m(p) = f + gᵀp + ½pᵀBp subject to ‖p‖₂ ≤ Δ, with g = ∇f(x) and B = ∇²f(x).
/// `TrustRegion` calls `prepare` once per accepted iterate and `solve` once per trial radius,
/// so a solver may keep what does not depend on Δ (a factorization, an eigen-decomposition)
/// across the rejected steps at the same x.
public protocol TrustRegionSubproblem: Configurable {
    /// The method for people, e.g. "dogleg".
    var summary: String { get }

    /// Why the method cannot work on `objective` (a Hessian it needs), or nil.
    func unsupportedReason<O: Objective>(for objective: O) -> Unsupported?

    /// Allocates every buffer the method will need.
    mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure)

    /// Builds the model at the state's x (a new iterate).
    mutating func prepare<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure)

    /// Writes an approximate minimizer p, ‖p‖₂ ≤ Δ (to rounding), into `step`.
    /// - Parameters:
    ///   - radius: Δ > 0.
    ///   - step: receives p, n elements.
    /// - Returns: the predicted reduction m(0) − m(p) and whether p lies on the boundary.
    mutating func solve<O: Objective>(_ state: IterationState, objective: O, radius: Double,
                                      into step: Vector) throws(SolverFailure) -> TrustRegionStep

    /// Called after every trial, accepted or not, before the state moves: the trial point and
    /// its f and ∇f are in `state.trialX` and `state.trialGradient`, x and ∇f(x) still in
    /// `state.x` and `state.gradient`. A model built from the trials (SR1) updates itself
    /// here; the default does nothing.
    /// - Parameter step: p of the trial, n elements.
    mutating func observeTrial(_ state: IterationState, step: Vector)
}

extension TrustRegionSubproblem {
    /// No parameters of its own by default.
    public static var parameters: [Parameter<Self>] { [] }
    public mutating func observeTrial(_ state: IterationState, step: Vector) {}
}

/// What a subproblem solver returns besides p.
public struct TrustRegionStep: Equatable, Sendable {
    /// m(0) − m(p) = −(gᵀp + ½pᵀBp).
    public var predictedReduction: Double
    /// True when the method stopped at ‖p‖ = Δ (so the radius may grow after a good step).
    public var onBoundary: Bool

    public init(predictedReduction: Double, onBoundary: Bool) {
        self.predictedReduction = predictedReduction
        self.onBoundary = onBoundary
    }
}

/// The roots τ₋ ≤ 0 ≤ τ₊ of ‖z + τd‖₂ = Δ for ‖z‖ ≤ Δ (d ≠ 0): of aτ² + 2bτ + c = 0 with
/// a = dᵀd, b = zᵀd, c = zᵀz − Δ², in the form without cancellation, q = −(b + sign(b)√(b² − ac)),
/// τ = q/a and c/q.
func boundaryRoots(z: Vector, d: Vector, radius: Double) -> (lower: Double, upper: Double) {
    let a = d.dot(d), b = z.dot(d), c = z.dot(z) - radius * radius
    let root = max(0, b * b - a * c).squareRoot()
    let q = -(b + (b >= 0 ? root : -root))
    guard q != 0 else { return (0, 0) }
    let (t1, t2) = (q / a, c / q)
    return (min(t1, t2), max(t1, t2))
}

/// A subproblem solver that builds a dense model of ∇²f (`DenseModel`: dogleg, Moré–Sorensen),
/// and so needs what the dense model needs.
package protocol DenseModelSubproblem: TrustRegionSubproblem {}

extension DenseModelSubproblem {
    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        DenseModel.unsupportedReason(for: objective)
    }
}
