#!/usr/bin/env python3
"""PDFO 2.2.0's bobyqa on the cases BOBYQATests checks (Tests/OptimTests/Solvers/BOBYQATests.swift).

Runs pdfo.bobyqa (Powell's Fortran BOBYQA as PDFO ships it; installed by this script into
.build/venv-pdfo with pip when missing) and prints, per case, PDFO's nfev, exit flag, the final
point and f, and the first evaluated points (as exact hexadecimal floats with --swift).

    python3 scripts/reference/reference-bobyqa.py            # all cases, readable
    python3 scripts/reference/reference-bobyqa.py --swift    # as Swift literals for the test

Each objective is written term by term in the order the Swift test's closure uses, so both sides
compute the same f to the last bit at the same x.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PDFO_VERSION = "2.2.0"
POINTS = 40  # evaluated points printed per case


def reexec_in_venv():
    venv = os.path.join(ROOT, ".build", "venv-pdfo")
    python = os.path.join(venv, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    probe = subprocess.run([python, "-c", "from importlib.metadata import version; print(version('pdfo'))"], capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != PDFO_VERSION:
        subprocess.check_call([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                               "pdfo==" + PDFO_VERSION, "numpy<2"])  # its Fortran modules are built on NumPy 1
    os.execv(python, [python] + sys.argv)


def rosenbrock(x):
    a = x[1] - x[0] * x[0]
    b = 1.0 - x[0]
    return 100.0 * (a * a) + b * b


def quadratic(x):
    # f = ½xᵀAx − bᵀx, A = [[4,1,0],[1,3,1],[0,1,2]], b = (1,2,3); x* = A⁻¹b = (2, 1, 13)/9, f* = −43/18.
    a = 4.0 * x[0] * x[0] + 3.0 * x[1] * x[1] + 2.0 * x[2] * x[2] + 2.0 * x[0] * x[1] + 2.0 * x[1] * x[2]
    return 0.5 * a - (x[0] + 2.0 * x[1] + 3.0 * x[2])


def wood(x):
    # Moré, Garbow & Hillstrom (1981) problem 14: f = Σ rᵢ², r = (10(x₂ − x₁²), 1 − x₁,
    # √90 (x₄ − x₃²), 1 − x₃, √10 (x₂ + x₄ − 2), (x₂ − x₄)/√10); f* = 0 at (1, 1, 1, 1).
    r1 = 10.0 * (x[1] - x[0] * x[0])
    r2 = 1.0 - x[0]
    r3 = 90.0 ** 0.5 * (x[3] - x[2] * x[2])
    r4 = 1.0 - x[2]
    r5 = 10.0 ** 0.5 * (x[1] + x[3] - 2.0)
    r6 = (x[1] - x[3]) / 10.0 ** 0.5
    return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4 + r5 * r5 + r6 * r6


def rosenbrock_nan(x):
    # Rosenbrock, but NaN where x₁ > 0: PDFO ends the run at the best point so far (exit flag -2).
    return float("nan") if x[0] > 0.0 else rosenbrock(x)


INF = float("inf")
CASES = [
    # name, function, x0, lower, upper, options
    ("rosenbrock", rosenbrock, [-1.2, 1.0], [-INF, -INF], [INF, INF], {"rhobeg": 0.5, "rhoend": 1e-6}),
    ("quadratic", quadratic, [0.0, 0.0, 0.0], [-INF] * 3, [INF] * 3,
     {"rhobeg": 1.0, "rhoend": 1e-6, "npt": 10}),
    ("quadratic-2n+1", quadratic, [0.0, 0.0, 0.0], [-INF] * 3, [INF] * 3, {"rhobeg": 1.0, "rhoend": 1e-6}),
    ("wood", wood, [-3.0, -1.0, -3.0, -1.0], [-INF] * 4, [INF] * 4, {"rhobeg": 1.0, "rhoend": 1e-6}),
    ("rosenbrock-bounded", rosenbrock, [-1.2, 1.0], [-1.5, -0.5], [0.5, 2.0], {"rhobeg": 0.5, "rhoend": 1e-6}),
    ("rosenbrock-maxfev", rosenbrock, [-1.2, 1.0], [-INF, -INF], [INF, INF],
     {"rhobeg": 0.5, "rhoend": 1e-6, "maxfev": 30}),
    ("rosenbrock-nan", rosenbrock_nan, [-1.2, 1.0], [-INF, -INF], [INF, INF], {"rhobeg": 0.5, "rhoend": 1e-6}),
]


def run(case):
    import numpy as np
    import pdfo
    name, fun, x0, lower, upper, options = case
    points = []

    def recorded(x):
        points.append([float(v) for v in x])
        return fun(x)

    bounds = list(zip(lower, upper))
    result = pdfo.bobyqa(recorded, np.array(x0), bounds=bounds, options=dict(options, quiet=True))
    return name, result, points


def print_cases(cases, run_case):
    """Runs each case with run_case (returning name, PDFO's result, the evaluated points) and prints
    it, readable or (with --swift) as the Swift literal of the test's reference table."""
    from importlib.metadata import version
    swift = "--swift" in sys.argv
    print(f"# pdfo {version('pdfo')}")
    for case in cases:
        name, result, points = run_case(case)
        if swift:
            print(f'    "{name}": Reference(nfev: {result.nfev}, status: {result.status},')
            x = [float(v).hex() for v in result.x]
            if len(x) <= 4:
                print(f'        x: [{", ".join(x)}],')
            else:
                print("        x: [")
                for k in range(0, len(x), 4):
                    print("            " + " ".join(v + "," for v in x[k:k + 4]))
                print("        ],")
            print(f'        f: {float(result.fun).hex()},')
            print("        points: [")
            for p in points[:POINTS]:
                row = "            [" + ", ".join(v.hex() for v in p) + "],"
                if len(row) <= 120:
                    print(row)
                else:   # a long point: four coordinates a line (the repository's 120 columns)
                    print("            [")
                    for k in range(0, len(p), 4):
                        print("                " + " ".join(v.hex() + "," for v in p[k:k + 4]))
                    print("            ],")
            print("        ]),")
        else:
            print(f"{name}: nfev {result.nfev}, status {result.status} ({result.message.strip()})")
            print(f"    x = {[float(v) for v in result.x]}, f = {float(result.fun)!r}")
            for k, p in enumerate(points[:POINTS]):
                print(f"    {k + 1:4d} {p}")


def main():
    reexec_in_venv()
    print_cases(CASES, run)


if __name__ == "__main__":
    main()
