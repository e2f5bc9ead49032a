import Optim

/// A hidden-layer activation f, applied elementwise, with f' and f'' for backpropagation and
/// the R-operator.
public enum Activation: String, Sendable, CaseIterable {
    case sigmoid, tanh, relu
    case leakyRelu = "leaky-relu"
    case identity

    /// Slope of leaky ReLU for negative inputs.
    public static let leakSlope = 0.01

    /// out[i] = f(a[i]).
    func apply(_ a: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .sigmoid: VectorMath.sigmoid(a, into: out, count: count)
        case .tanh: VectorMath.tanh(a, into: out, count: count)
        case .relu: for i in 0..<count { out[i] = a[i] > 0 ? a[i] : 0 }
        case .leakyRelu: for i in 0..<count { out[i] = a[i] > 0 ? a[i] : Self.leakSlope * a[i] }
        case .identity: for i in 0..<count { out[i] = a[i] }
        }
    }

    /// A ← A + 1bᵀ and out = f(A) for the rows × columns matrix A, row by row: each row gets its
    /// bias and its activation while it is in cache, one sweep over A instead of two.
    func apply(addingBias b: UnsafePointer<Double>, to a: UnsafeMutablePointer<Double>, rows: Int, columns: Int,
               into out: UnsafeMutablePointer<Double>) {
        for r in 0..<rows {
            let row = a + r * columns
            for j in 0..<columns { row[j] += b[j] }
            apply(row, into: out + r * columns, count: columns)
        }
    }

    /// out[i] ← out[i]·f'(a[i]), with h = f(a) given (sigmoid' = h(1 − h), tanh' = 1 − h²).
    func multiplyByDerivative(_ out: UnsafeMutablePointer<Double>, preActivation a: UnsafePointer<Double>,
                              activation h: UnsafePointer<Double>, count: Int) {
        switch self {
        case .sigmoid: for i in 0..<count { out[i] *= h[i] * (1 - h[i]) }
        case .tanh: for i in 0..<count { out[i] *= 1 - h[i] * h[i] }
        case .relu: for i in 0..<count { out[i] = a[i] > 0 ? out[i] : 0 }
        case .leakyRelu: for i in 0..<count { out[i] *= a[i] > 0 ? 1 : Self.leakSlope }
        case .identity: break
        }
    }

    /// f'(a) from a and h = f(a).
    @inline(__always) func derivative(_ a: Double, _ h: Double) -> Double {
        switch self {
        case .sigmoid: h * (1 - h)
        case .tanh: 1 - h * h
        case .relu: a > 0 ? 1 : 0
        case .leakyRelu: a > 0 ? 1 : Self.leakSlope
        case .identity: 1
        }
    }

    /// f''(a) from h = f(a) (0 for the piecewise-linear ones).
    @inline(__always) func secondDerivative(_ h: Double) -> Double {
        switch self {
        case .sigmoid: h * (1 - h) * (1 - 2 * h)
        case .tanh: -2 * h * (1 - h * h)
        case .relu, .leakyRelu, .identity: 0
        }
    }

    /// Initialization scale: Glorot uniform for sigmoid/tanh/identity (Glorot & Bengio 2010),
    /// He normal for the ReLUs (He et al. 2015).
    var usesHeInitialization: Bool { self == .relu || self == .leakyRelu }
}

/// The output layer with its matching loss, averaged over the samples of a batch.
public enum Head: String, Sendable, CaseIterable {
    /// Softmax + cross-entropy; targets are class indices 0…K−1.
    case softmax
    /// Sigmoid + binary cross-entropy on each of K independent outputs; targets 0/1.
    case sigmoid
    /// Identity + squared error ½‖ŷ − t‖² per sample; real targets.
    case identity
}
