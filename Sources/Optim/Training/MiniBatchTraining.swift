import Foundation

/// Mini-batch training by epochs with SGD, heavy-ball momentum or Nesterov momentum:
///   vₜ = γvₜ₋₁ + η∇f_B(θₜ₋₁ [− γvₜ₋₁ for Nesterov]),   θₜ = θₜ₋₁ − vₜ,
/// over mini-batches B of a fresh seeded shuffle each epoch (the last batch of an epoch may
/// be smaller), with optional step decay η ← decay·η every `decayEvery` epochs.
public struct MiniBatchOptions: Sendable {
    public enum Rule: String, Sendable { case sgd, momentum, nesterov }

    public var rule: Rule
    /// η > 0.
    public var learningRate: Double
    /// γ ∈ [0, 1) (ignored for SGD).
    public var momentum: Double
    public var batchSize: Int
    public var epochs: Int
    /// Factor applied to η every `decayEvery` epochs (1: no decay).
    public var decay: Double
    public var decayEvery: Int
    public var seed: UInt64
    /// Wall-clock limit in seconds, checked between batches.
    public var timeLimit: Double?
    /// κ > 1 of the divergence bound: the run stops as `diverged` when the full training loss
    /// after an epoch exceeds f₀ + (κ − 1)·|f₀|, κ·f₀ for a loss ≥ 0, with f₀ = f(θ₀).
    /// Default 4, the factor fastai's learning-rate finder stops at (Smith 2017, "Cyclical
    /// learning rates", §3.3; fastai `LRFinder`): an epoch that ends at four times the
    /// untrained network's loss has undone all progress and more.
    public var divergenceFactor: Double

    public init(rule: Rule, learningRate: Double, momentum: Double = 0.9, batchSize: Int = 32, epochs: Int = 20,
                decay: Double = 1, decayEvery: Int = 1, seed: UInt64 = 1, timeLimit: Double? = nil, divergenceFactor: Double = 4) {
        self.rule = rule
        self.learningRate = learningRate
        self.momentum = momentum
        self.batchSize = batchSize
        self.epochs = epochs
        self.decay = decay
        self.decayEvery = decayEvery
        self.seed = seed
        self.timeLimit = timeLimit
        self.divergenceFactor = divergenceFactor
    }

    public func validate() throws(InvalidParameter) {
        try InvalidParameter.require(learningRate > 0 && learningRate.isFinite, "learningRate", learningRate, "a number > 0")
        try InvalidParameter.require(momentum >= 0 && momentum < 1, "momentum", momentum, "0 ≤ γ < 1")
        try InvalidParameter.require(batchSize >= 1, "batchSize", batchSize, "an integer ≥ 1")
        try InvalidParameter.require(epochs >= 1, "epochs", epochs, "an integer ≥ 1")
        try InvalidParameter.require(decay > 0 && decay <= 1, "decay", decay, "0 < decay ≤ 1")
        try InvalidParameter.require(decayEvery >= 1, "decayEvery", decayEvery, "an integer ≥ 1")
        if let timeLimit { try InvalidParameter.require(timeLimit > 0, "timeLimit", timeLimit, "a number of seconds > 0") }
        try InvalidParameter.require(divergenceFactor > 1 && divergenceFactor.isFinite, "divergenceFactor", divergenceFactor, "a number > 1")
    }

    public var summary: String {
        let name = switch rule {
        case .sgd: "SGD"
        case .momentum: "heavy-ball momentum"
        case .nesterov: "Nesterov momentum"
        }
        let gamma = rule == .sgd ? "" : ", γ = \(NumberStyle.format(momentum))"
        let schedule = decay < 1 ? ", η × \(NumberStyle.format(decay)) every \(decayEvery) epochs" : ""
        return "\(name) (η = \(NumberStyle.format(learningRate))\(gamma), batch \(batchSize), \(epochs) epochs\(schedule))"
    }
}

/// Trains by mini-batches. The result's `iterations` are epochs; `trace` has one entry per
/// epoch with the full training loss f(θ) (dropout off) and ‖∇f‖∞ of that full evaluation;
/// `gradientEvaluations` counts mini-batch gradients and `valueEvaluations` the full
/// evaluations (one at θ₀, one per epoch).
///
/// The returned θ is the last accepted one — θ₀ or the end of the last epoch whose full loss
/// was finite and within the divergence bound — with its own f, ∇f and epoch number. The run
/// stops as `non-finite` at a non-finite mini-batch or full loss or gradient, as `diverged`
/// when an epoch ends past the bound (`MiniBatchOptions.divergenceFactor`), and as
/// `time-limit` between batches; in each case the epoch in progress is not returned (the
/// trace still shows the epoch that failed the checks). The callback, called at θ₀ and after
/// every accepted epoch, ends the run as `stopped-by-callback` (`.stop`) or `interrupted`
/// (`.interrupt`, Ctrl-C) with that epoch returned.
public func trainMiniBatches<O: StochasticObjective>(
    _ objective: O, from x0: [Double], options: MiniBatchOptions,
    callback: ((TraceEntry) -> CallbackAction)? = nil
) throws(MinimizeError) -> OptimizationResult {
    guard x0.count == objective.dimension else { throw .dimensionMismatch(objective: objective.dimension, start: x0.count) }
    do { try options.validate() } catch { throw .invalidParameter(error) }
    let started = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9 }

    let n = objective.dimension, samples = objective.sampleCount
    let theta = Vector(x0), velocity = Vector(count: n), gradient = Vector(count: n), lookahead = Vector(count: n)
    let fullGradient = Vector(count: n)
    /// The last accepted θ and its full gradient (copied once per epoch).
    let accepted = Vector(x0), acceptedGradient = Vector(count: n)
    var order = Array(0..<samples)
    var rng = SeededGenerator(seed: options.seed)
    var batchGradients = 0, fullEvaluations = 0, epoch = 0
    var eta = options.learningRate
    let gamma = options.rule == .sgd ? 0 : options.momentum
    var trace: [TraceEntry] = []

    func record(step: Double) -> TraceEntry {
        let f = objective.valueAndGradient(at: theta.readOnly, gradient: fullGradient.storage)
        fullEvaluations += 1
        let entry = TraceEntry(iteration: epoch, value: f, gradientNorm: fullGradient.maxAbs, stepLength: step,
                               valueEvaluations: fullEvaluations, gradientEvaluations: batchGradients, seconds: elapsed())
        trace.append(entry)
        return entry
    }

    var status = Status.epochsCompleted
    var detail: String?
    var last = record(step: 0)
    var acceptedEntry = last
    _ = acceptedGradient.storage.update(fromContentsOf: fullGradient.storage)
    let initialLoss = last.value
    let bound = initialLoss + (options.divergenceFactor - 1) * abs(initialLoss)
    if !(last.value.isFinite && last.gradientNorm.isFinite) {
        status = .nonFiniteValue
        detail = "f or ∇f is not finite at the starting point (f = \(last.value))"
    } else if let ended = (callback?(last))?.status {
        status = ended
    }
    training: while status == .epochsCompleted && epoch < options.epochs {
        rng.shuffle(&order)
        var start = 0
        while start < samples {
            if let limit = options.timeLimit, elapsed() >= limit { status = .timeLimit; break training }
            let count = min(options.batchSize, samples - start)
            let evaluationPoint: Vector
            if options.rule == .nesterov {
                Kernels.addScaled(theta.readOnly, -gamma, velocity.readOnly, into: lookahead.storage)
                evaluationPoint = lookahead
            } else {
                evaluationPoint = theta
            }
            let f = order.withUnsafeBufferPointer { all in
                objective.valueAndGradient(at: evaluationPoint.readOnly, samples: UnsafeBufferPointer(rebasing: all[start..<(start + count)]),
                                           training: true, gradient: gradient.storage)
            }
            batchGradients += 1
            guard f.isFinite, gradient.maxAbs.isFinite else {
                status = .nonFiniteValue
                detail = "the mini-batch loss or gradient is not finite in epoch \(epoch + 1) (the learning rate is too large?)"
                break training
            }
            Momentum.heavyBallUpdate(x: theta.pointer, velocity: velocity.pointer, gradient: gradient.pointer,
                                     learningRate: eta, momentum: gamma, into: theta.pointer, count: n)
            start += count
        }
        epoch += 1
        last = record(step: eta)
        if epoch % options.decayEvery == 0 { eta *= options.decay }
        if !(last.value.isFinite && last.gradientNorm.isFinite) {
            status = .nonFiniteValue
            detail = "the training loss is not finite after epoch \(epoch)"
        } else if last.value > bound {
            status = .diverged
            detail = String(format: "the training loss after epoch %d, %.6g, is above %g × f(θ₀) = %.6g (the learning rate is too large?)",
                            epoch, last.value, options.divergenceFactor, bound)
        } else {
            _ = accepted.storage.update(fromContentsOf: theta.storage)
            _ = acceptedGradient.storage.update(fromContentsOf: fullGradient.storage)
            acceptedEntry = last
            if let ended = (callback?(last))?.status { status = ended }
        }
    }
    if [.nonFiniteValue, .diverged, .timeLimit].contains(status), batchGradients > 0 {
        let returned = "θ after epoch \(acceptedEntry.iteration)" + (acceptedEntry.iteration == 0 ? " (θ₀)" : "")
        detail = (detail.map { $0 + "; " } ?? "") + "returned: \(returned), the last accepted"
    }
    return OptimizationResult(solver: options.summary, x: accepted.array, value: acceptedEntry.value,
                              gradient: acceptedGradient.array, gradientNorm: acceptedEntry.gradientNorm,
                              iterations: acceptedEntry.iteration, valueEvaluations: fullEvaluations, gradientEvaluations: batchGradients,
                              hessianEvaluations: 0, seconds: elapsed(), status: status, detail: detail, trace: trace)
}
