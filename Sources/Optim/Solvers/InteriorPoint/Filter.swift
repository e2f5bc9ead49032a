import Foundation

/// The filter of Wächter & Biegler 2006, §2.3: pairs (θ, φ) that forbid every trial point with
/// both θ ≥ θⱼ and φ ≥ φⱼ, and all of θ ≥ θ_max (eq. 21's initialization F₀ = {θ ≥ θ_max}), with the
/// acceptance tests of Algorithm A (steps) and the constants of §3.
package struct Filter: Sendable {
    /// γ_θ, γ_φ: the margins of eq. (18) and of the filter's entries (eq. 22).
    package static let thetaMargin = 1e-5
    package static let phiMargin = 1e-8
    /// δ, s_θ, s_φ of the switching condition (eq. 19).
    package static let switchingFactor = 1.0
    package static let thetaExponent = 1.1
    package static let phiExponent = 2.3
    /// η_φ of the Armijo condition (eq. 20).
    package static let armijo = 1e-8
    /// γ_α of the minimum step (eq. 23).
    package static let minimumStepFactor = 0.05

    package private(set) var entries: [(theta: Double, phi: Double)] = []
    package var maxInfeasibility = Double.infinity

    package init(capacity: Int = 256) { entries.reserveCapacity(capacity) }

    /// Empties the filter but for θ ≥ θ_max (a new barrier problem, A-3).
    package mutating func reset() { entries.removeAll(keepingCapacity: true) }

    /// Adds ((1 − γ_θ)θ, φ − γ_φθ) at the current iterate (eq. 22).
    package mutating func augment(theta: Double, phi: Double) {
        entries.append(((1 - Self.thetaMargin) * theta, phi - Self.phiMargin * theta))
    }

    /// Whether (θ, φ) lies in the forbidden region.
    package func forbids(theta: Double, phi: Double) -> Bool {
        if theta >= maxInfeasibility { return true }
        return entries.contains { theta >= $0.theta && phi >= $0.phi }
    }

    /// The switching condition (eq. 19) at step α with slope ∇φᵀd and infeasibility θ.
    package static func switches(alpha: Double, slope: Double, theta: Double) -> Bool {
        slope < 0 && alpha * pow(-slope, phiExponent) > switchingFactor * pow(theta, thetaExponent)
    }

    /// α_min of eq. (23) (θ_min: the infeasibility below which f-type steps are possible).
    package static func minimumStep(slope: Double, theta: Double, thetaMin: Double) -> Double {
        guard slope < 0 else { return minimumStepFactor * thetaMargin }
        var bound = min(thetaMargin, phiMargin * theta / -slope)
        if theta <= thetaMin {
            bound = min(bound, switchingFactor * pow(theta, thetaExponent) / pow(-slope, phiExponent))
        }
        return minimumStepFactor * bound
    }

    /// Steps for a trial point (θₜ, φₜ) at step α from (θ, φ) with slope ∇φᵀd:
    /// nil when rejected; else whether it was an f-type step (switching and Armijo, eq. 19–20),
    /// after which the filter is not augmented.
    package func accepts(
        trialTheta: Double, trialPhi: Double, alpha: Double, theta: Double, phi: Double, slope: Double,
        thetaMin: Double
    ) -> Bool? {
        guard trialTheta.isFinite, trialPhi.isFinite, !forbids(theta: trialTheta, phi: trialPhi) else { return nil }
        if theta <= thetaMin && Self.switches(alpha: alpha, slope: slope, theta: theta) {
            return trialPhi <= phi + Self.armijo * alpha * slope ? true : nil
        }
        let decreases = trialTheta <= (1 - Self.thetaMargin) * theta || trialPhi <= phi - Self.phiMargin * theta
        return decreases ? false : nil
    }
}
