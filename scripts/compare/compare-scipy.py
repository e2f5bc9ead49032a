#!/usr/bin/env python3
"""Side by side with scipy: scipy.optimize.minimize (CG, BFGS, L-BFGS-B) and OptBench (cg, bfgs,
lbfgs) on the 35 Moré–Garbow–Hillstrom problems, from the same starting points, with the same
gradient tolerance (‖∇f‖∞ ≤ 1e-6) and iteration limit (1000). scipy evaluates OptBench's own
problems through `optbench eval --stdin`, so both sides minimize exactly the same functions.
"Solved" as in OptBench: converged, f(x₀) − f ≥ (1 − τ)(f(x₀) − f*) (Moré & Wild) and, where f* ≠ 0, f − f* ≤ τ|f*|, τ = 1e-5. Writes results/scipy-vs-optbench.md.
    python3 scripts/compare/compare-scipy.py            (needs scipy; run from anywhere)
"""
import os
import sys

import numpy as np
import scipy
from scipy.optimize import minimize

from mgh_scipy import SOLVED_RULE, Evaluator, f_start, optbench_rows, problems, root, solved, start, summary_cells

pairs = [("CG", "cg"), ("BFGS", "bfgs"), ("L-BFGS-B", "lbfgs")]
gtol, maxiter = 1e-6, 1000
ours = optbench_rows([o for _, o in pairs], gtol, maxiter)

rows = []
for problem in problems:
    name, x0, f_star = start(problem)
    f0 = f_start(problem)
    fg = Evaluator(problem)
    for method, solver in pairs:
        fg.count = 0
        options = {"maxiter": maxiter, "gtol": gtol}
        if method == "L-BFGS-B":
            options = {"maxiter": maxiter, "gtol": gtol, "maxcor": 10, "ftol": 0, "maxfun": 100 * maxiter}
        elif method in ("CG", "BFGS"):
            options["norm"] = np.inf
        with np.errstate(all="ignore"):
            r = minimize(fg, x0, jac=True, method=method, options=options)
        mine = ours[(name, solver)]
        rows.append({
            "problem": name, "method": method, "solver": solver, "f_star": f_star,
            "scipy": {"iterations": int(r.nit), "evaluations": fg.count, "f": float(r.fun), "solved": solved(bool(r.success), float(r.fun), f_star, f0)},
            "optbench": {"iterations": mine["iterations"], "evaluations": mine["f_evaluations"], "f": mine["f"], "solved": mine["solved"]},
        })
    fg.close()

lines = [f"# scipy vs OptBench on the Moré–Garbow–Hillstrom problems",
         "",
         f"Regenerate: `python3 scripts/compare/compare-scipy.py` (scipy {scipy.__version__}, numpy {np.__version__}).",
         "",
         f"Same 35 problems and starting points (scipy calls `optbench eval --stdin`), ‖∇f‖∞ ≤ {gtol:g}, at most {maxiter} iterations.",
         "scipy: `minimize(method=…)` with `norm=inf` (CG, BFGS; `gtol` on ‖∇f‖∞) or `gtol` (the projected gradient's ∞-norm) and `maxcor=10` (L-BFGS-B); OptBench: defaults",
         "(Moré–Thuente line search, c2 = 0.9, 0.1 for cg). Evaluations count f-and-∇f calls (each side evaluates both together).",
         f"Solved: {SOLVED_RULE}, f* the paper's.",
         "",
         "## Summary",
         "",
         "| scipy | OptBench | solved (scipy) | solved (OptBench) | median evaluations ratio OptBench/scipy (both solved) | fewer evaluations (scipy / OptBench / tie) |",
         "|---|---|---:|---:|---:|---:|"]
for method, solver in pairs:
    cells, _ = summary_cells([r for r in rows if r["method"] == method])
    lines.append(f"| {method} | {solver} | {cells} |")
lines += ["", "## Per problem", "",
          "| problem | scipy method | iterations | evaluations | f | solved | OptBench | iterations | evaluations | f | solved |",
          "|---|---|---:|---:|---:|---|---|---:|---:|---:|---|"]
for r in rows:
    s, o = r["scipy"], r["optbench"]
    lines.append(f"| {r['problem']} | {r['method']} | {s['iterations']} | {s['evaluations']} | {s['f']:.6e} | {'yes' if s['solved'] else 'no'} | "
                 f"{r['solver']} | {o['iterations']} | {o['evaluations']} | {o['f']:.6e} | {'yes' if o['solved'] else 'no'} |")
open(os.path.join(root, "results", "scipy-vs-optbench.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines[:16]))
