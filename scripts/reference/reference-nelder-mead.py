#!/usr/bin/env python3
"""scipy's Nelder-Mead on the cases NelderMeadTests checks (Tests/OptimTests/Solvers/NelderMeadTests.swift).

Runs scipy.optimize.minimize(method='Nelder-Mead') (scipy 1.17.1, installed by this script into
.build/venv-reference with pip when missing) and prints, per case, scipy's nit, nfev, status, the
final point and f as exact hexadecimal floats, and the best f after every iteration with the
evaluations spent so far from iteration `from` + 1 on (`best` is what the callback receives; OptBench's trace has one entry per
iteration, its iteration count is scipy's nit - 1 since scipy counts from 1).

    python3 scripts/reference/reference-nelder-mead.py            # all cases
    python3 scripts/reference/reference-nelder-mead.py --swift    # as Swift literals for the test
"""
import sys

from scipy_venv import print_swift_rows, reexec_in_venv

SCIPY_VERSION = "1.17.1"


def rosenbrock(x):
    return 100.0 * (x[1] - x[0] * x[0]) ** 2 + (1.0 - x[0]) ** 2


def quadratic(x):
    # f = ½xᵀAx − bᵀx, A = [[4,1,0],[1,3,1],[0,1,2]], b = (1,2,3), written out term by term in the
    # order the Swift test objective uses.
    a = 4.0 * x[0] * x[0] + 3.0 * x[1] * x[1] + 2.0 * x[2] * x[2] + 2.0 * x[0] * x[1] + 2.0 * x[1] * x[2]
    return 0.5 * a - (x[0] + 2.0 * x[1] + 3.0 * x[2])


CASES = [
    # name, function, x0, options, bounds
    ("rosenbrock", rosenbrock, [-1.2, 1.0], {}, None),
    ("quadratic", quadratic, [0.0, 0.0, 0.0], {}, None),
    ("quadratic-adaptive", quadratic, [0.0, 0.0, 0.0], {"adaptive": True}, None),
    ("rosenbrock-bounded", rosenbrock, [-1.2, 1.0], {}, [(-1.5, 0.5), (-0.5, 0.8)]),
    ("rosenbrock-maxiter", rosenbrock, [-1.2, 1.0], {"maxiter": 30}, None),
    ("rosenbrock-maxfev", rosenbrock, [-1.2, 1.0], {"maxfev": 46}, None),
    ("quadratic-maxfev", quadratic, [0.0, 0.0, 0.0], {"maxfev": 3}, None),
    ("rosenbrock-tight", rosenbrock, [-1.2, 1.0], {"xatol": 1e-8, "fatol": 1e-10, "maxiter": 1000}, None),
]


def run(case):
    import numpy as np
    from scipy.optimize import minimize
    name, fun, x0, options, bounds = case
    count = [0]

    def counted(x):
        count[0] += 1
        return fun(x)

    best = []

    def callback(intermediate_result):
        best.append((float(intermediate_result.fun), count[0]))

    result = minimize(counted, np.array(x0), method="Nelder-Mead", bounds=bounds, options=options,
                      callback=callback)
    return name, result, best


def main():
    reexec_in_venv(SCIPY_VERSION)
    import scipy
    swift = "--swift" in sys.argv
    print(f"# scipy {scipy.__version__}")
    runs = {}
    for case in CASES:
        name, result, best = run(case)
        runs[name] = best
        # A variant of an earlier case (same function and start) repeats its iterates up to where
        # it stops: print them from the first iteration where they differ, or after the shared part.
        skip = 0
        base = runs.get(name.split("-")[0]) if name != name.split("-")[0] else None
        if base is not None and not case[4]:
            while skip < min(len(base), len(best)) - 1 and base[skip] == best[skip]:
                skip += 1
        best = best[skip:]
        if swift:
            print(f'    "{name}": Reference(nit: {result.nit}, nfev: {result.nfev}, status: {result.status}, from: {skip},')
            print(f'        x: [{", ".join(float(v).hex() for v in result.x)}], f: {float(result.fun).hex()},')
            print_swift_rows("best", best)
        else:
            print(f"{name}: nit {result.nit} nfev {result.nfev} status {result.status} ({result.message})")
            print(f"  x = {list(map(float, result.x))}  f = {float(result.fun)!r}")
            for k, (f, n) in enumerate(best[:8]):
                print(f"  iteration {k + 1}: best f = {f!r} after {n} evaluations")


if __name__ == "__main__":
    main()
