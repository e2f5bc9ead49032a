#!/usr/bin/env python3
"""OptBench's `sqp` against scipy's SLSQP (Kraft's Fortran code) on the Hock–Schittkowski problems
with constraints, from the book's start points.

scipy minimizes the independent NumPy transcription of the problems in
scripts/reference/hock_schittkowski.py (the book's g ≥ 0, h = 0 and bounds; gradients and
constraint Jacobians by scipy's central differences, '3-point'), with ftol = 1e-12 and
maxiter = 500; OptBench runs `optbench run --solver sqp --problem hs/NAME` (debug build, exact
derivatives of the problem files' formulas, default settings). The script writes
results/sqp-vs-slsqp.md: both minima, the largest coordinate difference of the two minimizers,
and iterations and evaluations side by side. With --swift it prints scipy's minimizers as Swift
literals for Tests/BenchTests/SQPTests.swift.

    python3 scripts/compare/sqp-vs-slsqp.py            # scipy 1.17.1 in .build/venv-reference
    python3 scripts/compare/sqp-vs-slsqp.py --swift
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "reference"))

from scipy_venv import reexec_in_venv  # noqa: E402

SCIPY_VERSION = "1.17.1"


def slsqp(name):
    import numpy as np
    from scipy.optimize import Bounds, minimize

    from hock_schittkowski import PROBLEMS
    f, constraints, lower, upper, x0, _, f_star = PROBLEMS[name]
    scipy_constraints = [
        {"type": "ineq" if kind == ">=" else "eq", "fun": (lambda x, g=g: np.atleast_1d(g(x)))}
        for kind, g in constraints
    ]
    bounds = Bounds(lower, upper) if any(np.isfinite(lower)) or any(np.isfinite(upper)) else None
    result = minimize(f, np.array(x0, dtype=float), method="SLSQP", jac="3-point", bounds=bounds,
                      constraints=scipy_constraints, options={"ftol": 1e-12, "maxiter": 500})
    return result, f_star


def optbench(name):
    binary = os.path.join(ROOT, ".build", "debug", "optbench")
    out = subprocess.run([binary, "run", "--solver", "sqp", "--problem", f"hs/{name}", "--format", "json"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


def main():
    reexec_in_venv(SCIPY_VERSION)
    import numpy as np
    import scipy

    from hock_schittkowski import PROBLEMS
    names = [n for n, p in PROBLEMS.items() if p[1]]
    if "--swift" in sys.argv:
        for name in names:
            result, _ = slsqp(name)
            print(f'        "{name}": [{", ".join(float(v).hex() for v in result.x)}],')
        return
    rows = []
    for name in names:
        result, f_star = slsqp(name)
        ours = optbench(name)
        difference = float(np.max(np.abs(np.array(ours["x"]) - result.x)))
        rows.append(
            f"| {name} | {f_star:.10g} | {result.fun:.10g} | {ours['f']:.10g} | {difference:.1e} | "
            f"{result.nit} | {result.nfev} | {result.njev} | {result.status} | "
            f"{ours['iterations']} | {ours['f_evaluations']} | {ours['gradient_evaluations']} | {ours['status']} |")
        print(rows[-1], flush=True)
    with open(os.path.join(ROOT, "results", "sqp-vs-slsqp.md"), "w") as handle:
        handle.write(
            f"# `sqp` against scipy {scipy.__version__}'s SLSQP on the Hock–Schittkowski problems\n\n"
            "Made by `scripts/compare/sqp-vs-slsqp.py` (its docstring says how). scipy's f evaluations include\n"
            "its central differences (`nfev`; `njev` is its gradient count), OptBench's are of f with ∇f.\n"
            "max |Δx| is the largest coordinate difference of the two minimizers.\n\n"
            "| problem | f* (book) | SLSQP f | sqp f | max \\|Δx\\| | SLSQP nit | nfev | njev | status | "
            "sqp iterations | f evals | ∇f evals | status |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
        handle.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
