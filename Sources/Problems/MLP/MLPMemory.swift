import Optim

extension MLPSpecification {
    /// The memory an MLP problem holds once built, estimated from its sizes alone (before the
    /// data are generated or the network's buffers allocated):
    /// - data: the samples as read or generated, N × (d + t);
    /// - standardized copies: the objectives' inputs and targets, N × (d + n_L), counted twice
    ///   because each part is assembled in an array before it is copied into its buffer;
    /// - activations: Aₗ, Hₗ and Gₗ of every layer for every sample, 3·N·Σₗ nₗ (`MLPObjective`);
    /// - parameters: θ₀, the returned θ and two gradients, 4·Σₗ (nₗ₋₁ + 1)·nₗ.
    /// The solver's own vectors are its own estimate (`unsupportedReason`).
    /// - Parameters:
    ///   - samples: N.
    ///   - targetColumns: t (1 for class labels).
    ///   - sizes: n₀ (features) … n_L (outputs).
    static func memoryEstimate(samples: Int, targetColumns: Int, sizes: [Int]) -> MemoryEstimate {
        let n = Double(samples), features = Double(sizes[0]), outputs = Double(sizes.last!)
        var units = 0.0, parameters = 0.0
        for l in 1..<sizes.count {
            units += Double(sizes[l])
            parameters += (Double(sizes[l - 1]) + 1) * Double(sizes[l])
        }
        var estimate = MemoryEstimate()
        estimate.add("data", doubles: n * (features + Double(targetColumns)))
        estimate.add("standardized copies", doubles: 2 * n * (features + outputs))
        estimate.add("activations", doubles: 3 * n * units)
        estimate.add("parameters", doubles: 4 * parameters)
        return estimate
    }
}
