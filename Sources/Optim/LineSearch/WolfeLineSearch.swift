/// A line search on the Wolfe conditions φ(α) ≤ φ(0) + c1·α·φ'(0) and |φ'(α)| ≤ c2·|φ'(0)|
/// (N&W eq. 3.7), 0 < c1 < c2 < 1: Moré–Thuente and the bracketing/zoom search share these two
/// parameters, declared once here.
public protocol WolfeLineSearch: LineSearch, Configurable {
    var c1: Double { get set }
    var c2: Double { get set }
}

extension Parameter where Root: WolfeLineSearch {
    /// c1 < ½, so that the step of a quadratic's exact minimizer is accepted (N&W §3.5).
    public static var wolfeC1: Parameter { .real("c1", \.c1, .open(0, 0.5), "sufficient decrease") }
    public static var wolfeC2: Parameter {
        .real("c2", \.c2, .open(0, 1), "curvature (c1 < c2)", relation: "c1 < c2 < 1")
    }
}

extension WolfeLineSearch {
    /// c1 < c2, the relation the two ranges alone do not give.
    func requireWolfeOrder() throws(InvalidParameter) {
        try InvalidParameter.require(c2 > c1, "c2", c2, "c1 < c2 < 1")
    }
}
