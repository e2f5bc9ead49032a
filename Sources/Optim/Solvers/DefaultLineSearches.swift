// The solvers with the line search they take when none is named — the same defaults as the
// CLI's descriptors (Sources/Bench/Catalog/Solvers.swift), so `LBFGS()` in Swift and
// `--solver lbfgs` on the command line run the same method (BenchTests checks this).

extension LBFGS where Search == MoreThuente {
    /// L-BFGS with Moré–Thuente (c1 = 1e-4, c2 = 0.9).
    public init(memory: Int = 10, curvatureThreshold: Double = .ulpOfOne, scaling: InitialHessianScaling = .latestPair)
    {
        self.init(memory: memory, lineSearch: MoreThuente(), curvatureThreshold: curvatureThreshold, scaling: scaling)
    }
}

extension BFGS where Search == MoreThuente {
    /// BFGS with Moré–Thuente (c1 = 1e-4, c2 = 0.9).
    public init(scaling: InitialHessianScaling = .firstPairStep) {
        self.init(lineSearch: MoreThuente(), scaling: scaling)
    }
}

extension NonlinearCG where Search == MoreThuente {
    /// Nonlinear CG with Moré–Thuente at c2 = 0.1, which keeps the directions descent
    /// directions (N&W §5.2, Lemma 5.6), and the first trial step of N&W eq. 3.60.
    public init(beta: BetaRule = .polakRibierePlus, initialStep: InitialStepRule = .previousDecrease,
                restartEvery: Int? = nil, powellRestart: Bool = true) {
        self.init(beta: beta, lineSearch: MoreThuente(c2: 0.1), initialStep: initialStep,
                  restartEvery: restartEvery, powellRestart: powellRestart)
    }
}
