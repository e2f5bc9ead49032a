/// The shape of a multi-layer perceptron and the layout of its parameters θ.
///
/// Layer ℓ = 1…L maps Hₗ₋₁ (batch × nₗ₋₁) to Hₗ = fₗ(Hₗ₋₁Wₗ + bₗ) with Wₗ of shape nₗ₋₁ × nₗ.
/// θ holds, for ℓ = 1…L in order, Wₗ row-major (element (i, j) at offset(Wₗ) + i·nₗ + j),
/// then bₗ — the layout of docs/design.md, fixed and tested.
public struct MLPArchitecture: Sendable, Equatable {
    /// n₀ (inputs), n₁ … n_L (outputs).
    public let sizes: [Int]
    /// f₁ … f_{L−1}.
    public let activations: [Activation]
    public let head: Head

    public init(sizes: [Int], activations: [Activation], head: Head) {
        precondition(
            sizes.count >= 2 && sizes.allSatisfy { $0 >= 1 }, "an MLP needs at least an input and an output layer")
        precondition(activations.count == sizes.count - 2, "one activation per hidden layer")
        self.sizes = sizes
        self.activations = activations
        self.head = head
    }

    public var layerCount: Int { sizes.count - 1 }

    /// Offset of Wₗ in θ (ℓ = 1…L).
    public func weightOffset(_ l: Int) -> Int {
        var offset = 0
        for k in 1..<l { offset += sizes[k - 1] * sizes[k] + sizes[k] }
        return offset
    }

    /// Offset of bₗ in θ.
    public func biasOffset(_ l: Int) -> Int { weightOffset(l) + sizes[l - 1] * sizes[l] }

    /// Σₗ (nₗ₋₁ + 1)·nₗ.
    public var parameterCount: Int { weightOffset(layerCount + 1) }
}
