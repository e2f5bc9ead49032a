import Foundation

/// Mini-batch training by epochs with SGD, heavy-ball momentum, Nesterov momentum
///   vₜ = γvₜ₋₁ + η∇f_B(θₜ₋₁ [− γvₜ₋₁ for Nesterov]),   θₜ = θₜ₋₁ − vₜ,
/// or an adaptive rule (Adam, RMSProp, …: `AdaptiveRule`) with g = ∇f_B(θₜ₋₁), over
/// mini-batches B of a fresh seeded shuffle each epoch (the last batch of an epoch may be
/// smaller). η follows `control`'s schedule over the epochs (epoch e, from 0, uses ηₑ), and
/// each mini-batch gradient may be clipped in norm.
public struct MiniBatchOptions: Sendable {
    public enum Rule: Sendable {
        case sgd, momentum, nesterov
        case adaptive(any AdaptiveRule)
    }

    public var rule: Rule
    /// η > 0, its schedule over epochs, and the clipping of mini-batch gradients.
    public var control: StepControl
    /// γ ∈ [0, 1) (momentum and Nesterov only).
    public var momentum: Double
    public var batchSize: Int
    public var epochs: Int
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
                schedule: LearningRateSchedule = LearningRateSchedule(), clipNorm: Double? = nil, seed: UInt64 = 1,
                timeLimit: Double? = nil, divergenceFactor: Double = 4) {
        self.rule = rule
        self.control = StepControl(learningRate: learningRate, schedule: schedule, clipNorm: clipNorm)
        self.momentum = momentum
        self.batchSize = batchSize
        self.epochs = epochs
        self.seed = seed
        self.timeLimit = timeLimit
        self.divergenceFactor = divergenceFactor
    }

    /// The base learning rate η.
    public var learningRate: Double {
        get { control.learningRate }
        set { control.learningRate = newValue }
    }

    /// Checks the schedule (its table), the step control, the rule's own parameters and the
    /// time and divergence bounds; the error names the parameter.
    public func validate() throws(InvalidParameter) { try validateParameters() }

    public var summary: String {
        let gamma = ", γ = \(NumberStyle.format(momentum))"
        let (name, extra) = switch rule {
        case .sgd: ("SGD", "")
        case .momentum: ("heavy-ball momentum", gamma)
        case .nesterov: ("Nesterov momentum", gamma)
        case .adaptive(let update): (update.summary, "")
        }
        return "\(name) (\(control.summary(unit: "epochs"))\(extra), batch \(batchSize), \(epochs) epochs)"
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
    guard x0.count == objective.dimension else {
        throw .dimensionMismatch(objective: objective.dimension, start: x0.count)
    }
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
    let gamma: Double, nesterov: Bool
    var adaptiveUpdate: ((UnsafePointer<Double>, UnsafePointer<Double>, Double, UnsafeMutablePointer<Double>) -> Void)?
    switch options.rule {
    case .sgd: (gamma, nesterov) = (0, false)
    case .momentum: (gamma, nesterov) = (options.momentum, false)
    case .nesterov: (gamma, nesterov) = (options.momentum, true)
    case .adaptive(let update): (gamma, nesterov, adaptiveUpdate) = (0, false, update.updater(dimension: n))
    }
    let clipping = options.control.clipNorm != nil
    var trace: [TraceEntry] = []

    func record(step: Double) -> TraceEntry {
        let f = objective.valueAndGradient(at: theta.readOnly, gradient: fullGradient.storage)
        fullEvaluations += 1
        let entry = TraceEntry(
            iteration: epoch, value: f, gradientNorm: fullGradient.maxAbs, stepLength: step,
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
        let eta = options.control.rate(at: epoch)
        var start = 0
        while start < samples {
            if let limit = options.timeLimit, elapsed() >= limit { status = .timeLimit; break training }
            let count = min(options.batchSize, samples - start)
            let evaluationPoint: Vector
            if nesterov {
                Kernels.addScaled(theta.readOnly, -gamma, velocity.readOnly, into: lookahead.storage)
                evaluationPoint = lookahead
            } else {
                evaluationPoint = theta
            }
            let f = order.withUnsafeBufferPointer { all in
                objective.valueAndGradient(
                    at: evaluationPoint.readOnly, samples: UnsafeBufferPointer(rebasing: all[start..<(start + count)]),
                    training: true, gradient: gradient.storage)
            }
            batchGradients += 1
            guard f.isFinite, gradient.maxAbs.isFinite else {
                status = .nonFiniteValue
                detail =
                    "the mini-batch loss or gradient is not finite in epoch \(epoch + 1) (the learning rate is too "
                        + "large?)"
                break training
            }
            if clipping { Kernels.scal(options.control.clipFactor(norm: gradient.norm2), gradient.storage) }
            if let adaptiveUpdate {
                adaptiveUpdate(theta.pointer, gradient.pointer, eta, theta.pointer)
            } else {
                Momentum.heavyBallUpdate(x: theta.pointer, velocity: velocity.pointer, gradient: gradient.pointer,
                                         learningRate: eta, momentum: gamma, into: theta.pointer, count: n)
            }
            start += count
        }
        epoch += 1
        last = record(step: eta)
        if !(last.value.isFinite && last.gradientNorm.isFinite) {
            status = .nonFiniteValue
            detail = "the training loss is not finite after epoch \(epoch)"
        } else if last.value > bound {
            status = .diverged
            detail = String(
                format:
                    "the training loss after epoch %d, %.6g, is above %g × f(θ₀) = %.6g (the learning rate is too "
                        + "large?)",
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
    return OptimizationResult(
        solver: options.summary, x: accepted.array, value: acceptedEntry.value,
        gradient: acceptedGradient.array, gradientNorm: acceptedEntry.gradientNorm,
        iterations: acceptedEntry.iteration, valueEvaluations: fullEvaluations, gradientEvaluations: batchGradients,
        hessianEvaluations: 0, seconds: elapsed(), status: status, detail: detail, trace: trace)
}

extension MiniBatchOptions: Configurable {
    /// How long and in what batches training runs (the rule and its step are the method's).
    public static var parameters: [Parameter<MiniBatchOptions>] {
        [.integer("epochs", \.epochs, 1...Int.max, "train by mini-batches for this many epochs"),
         .integer("batch-size", \.batchSize, 1...Int.max, "mini-batch size")]
    }

    public func validateRest() throws(InvalidParameter) {
        try control.validateParameters()
        switch rule {
        case .momentum, .nesterov: try Momentum.momentumParameter.check(.real(momentum))
        case .adaptive(let update): try update.validateParameters()
        case .sgd: break
        }
        if let timeLimit {
            try InvalidParameter.require(timeLimit > 0, "timeLimit", timeLimit, "a number of seconds > 0")
        }
        try InvalidParameter.require(
            divergenceFactor > 1 && divergenceFactor.isFinite, "divergenceFactor", divergenceFactor,
            "a number > 1")
    }
}
