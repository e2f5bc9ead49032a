#!/usr/bin/env python3
"""scipy's Powell on the cases PowellTests checks (Tests/OptimTests/Solvers/PowellTests.swift).

Runs scipy.optimize.minimize(method='Powell') (scipy 1.17.1, installed by this script into
.build/venv-reference with pip when missing) and prints, per case, scipy's nit, nfev, status, the
final point and f as exact hexadecimal floats, and f after every iteration with the evaluations
spent by then (what the callback receives: OptBench's trace has one entry per iteration, and
scipy's nit is OptBench's iteration count).

    python3 scripts/reference/reference-powell.py            # all cases
    python3 scripts/reference/reference-powell.py --swift    # as Swift literals for the test
"""
import math
import sys

from scipy_venv import print_swift_rows, reexec_in_venv

SCIPY_VERSION = "1.17.1"


def rosenbrock(x):
    # Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², summed from i = 0 in order, as the Swift test objective.
    total = 0.0
    for i in range(len(x) - 1):
        a = x[i + 1] - x[i] * x[i]
        b = 1.0 - x[i]
        total = total + (100.0 * (a * a) + b * b)
    return total


def quadratic(x):
    # f = ½xᵀAx − bᵀx, A = [[4,1,0],[1,3,1],[0,1,2]], b = (1,2,3), written out term by term in the
    # order the Swift test objective uses.
    a = 4.0 * x[0] * x[0] + 3.0 * x[1] * x[1] + 2.0 * x[2] * x[2] + 2.0 * x[0] * x[1] + 2.0 * x[1] * x[2]
    return 0.5 * a - (x[0] + 2.0 * x[1] + 3.0 * x[2])


def powell_singular(x):
    # Moré, Garbow & Hillstrom 1981, problem 13: f = Σ rᵢ², r = (x₁ + 10x₂, √5(x₃ − x₄),
    # (x₂ − 2x₃)², √10(x₁ − x₄)²), summed in order.
    r1 = x[0] + 10.0 * x[1]
    r2 = math.sqrt(5.0) * (x[2] - x[3])
    d3 = x[1] - 2.0 * x[2]
    r3 = d3 * d3
    d4 = x[0] - x[3]
    r4 = math.sqrt(10.0) * (d4 * d4)
    return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4


INF = float("inf")
CASES = [
    # name, function, x0, options, bounds
    ("rosenbrock", rosenbrock, [-1.2, 1.0], {}, None),
    ("rosenbrock4", rosenbrock, [-1.2, 1.0, -1.2, 1.0], {}, None),
    ("quadratic", quadratic, [0.0, 0.0, 0.0], {}, None),
    ("powell-singular", powell_singular, [3.0, -1.0, 0.0, 1.0], {}, None),
    ("rosenbrock-bounded", rosenbrock, [-1.2, 1.0], {}, [(-1.5, 0.5), (-0.5, 1.5)]),
    ("quadratic-halfbounded", quadratic, [0.0, 0.5, 0.0], {}, [(None, 0.1), (0.2, None), (None, None)]),
    ("rosenbrock-tight", rosenbrock, [-1.2, 1.0], {"xtol": 1e-8, "ftol": 1e-12}, None),
    ("rosenbrock-maxiter", rosenbrock, [-1.2, 1.0], {"maxiter": 5}, None),
    ("rosenbrock-maxfev", rosenbrock, [-1.2, 1.0], {"maxfev": 100}, None),
    ("quadratic-direc", quadratic, [0.0, 0.0, 0.0], {"direc": [[1.0, 1.0, 0.0], [0.0, 0.5, 0.0], [0.0, 0.0, -2.0]]},
     None),
]


def run(case):
    import numpy as np
    from scipy.optimize import minimize
    name, fun, x0, options, bounds = case
    count = [0]

    def counted(x):
        count[0] += 1
        return fun(x)

    iterates = []

    def callback(intermediate_result):
        iterates.append((float(intermediate_result.fun), count[0]))

    options = dict(options)
    if "direc" in options:
        options["direc"] = np.array(options["direc"])
    result = minimize(counted, np.array(x0), method="Powell", bounds=bounds, options=options, callback=callback)
    return name, result, iterates


def main():
    reexec_in_venv(SCIPY_VERSION)
    import scipy
    swift = "--swift" in sys.argv
    print(f"# scipy {scipy.__version__}")
    for case in CASES:
        name, result, iterates = run(case)
        if swift:
            print(f'    "{name}": Reference(nit: {result.nit}, nfev: {result.nfev}, status: {result.status},')
            print(f'        x: [{", ".join(float(v).hex() for v in result.x)}],')
            print(f'        f: {float(result.fun).hex()},')
            print_swift_rows("values", iterates)
        else:
            print(f"{name}: nit {result.nit} nfev {result.nfev} status {result.status} ({result.message})")
            print(f"  x = {list(map(float, result.x))}  f = {float(result.fun)!r}")
            for k, (f, n) in enumerate(iterates[:6]):
                print(f"  iteration {k + 1}: f = {f!r} after {n} evaluations")


if __name__ == "__main__":
    main()
