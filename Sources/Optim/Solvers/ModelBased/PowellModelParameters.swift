/// The parameters BOBYQA (Powell 2009) and NEWUOA (Powell 2006) share, with PDFO's names and
/// meanings: ρ_end, the number of interpolation points m and maxfev. (ρ_beg differs: BOBYQA's
/// default depends on the box.)
enum PowellModelParameters {
    static func shared<Root>(
        rhoend: WritableKeyPath<Root, Double> & Sendable, points: WritableKeyPath<Root, Int?> & Sendable,
        maxfev: WritableKeyPath<Root, Int?> & Sendable
    ) -> [Parameter<Root>] {
        [
            .real("rhoend", rhoend, .above(0), "final trust radius: the run ends when ρ reaches it",
                  relation: "≤ rhobeg"),
            .integer("points", points, 1...Int.max, "interpolation points m, n + 2 ≤ m ≤ (n+1)(n+2)/2",
                     unset: "2n + 1"),
            .integer("maxfev", maxfev, 1...Int.max,
                     "f evaluations allowed (the start's included), never exceeded (PDFO's maxfev)",
                     unset: "--max-evals, checked between iterations"),
        ]
    }
}
