/// A fixed-step method that also trains by mini-batches (gradient descent with the fixed step,
/// momentum, NAG, the adaptive family): the training rule its configuration describes, with
/// batches, epochs and seed at their defaults for the caller to set.
public protocol MiniBatchMethod: Configurable {
    var miniBatchOptions: MiniBatchOptions { get }
}
