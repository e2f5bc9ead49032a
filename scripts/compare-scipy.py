#!/usr/bin/env python3
"""Side by side with scipy: scipy.optimize.minimize (CG, BFGS, L-BFGS-B) and OptBench (cg, bfgs,
lbfgs) on the 35 Moré–Garbow–Hillstrom problems, from the same starting points, with the same
gradient tolerance (‖∇f‖∞ ≤ 1e-6) and iteration limit (1000). scipy evaluates OptBench's own
problems through `optbench eval --stdin`, so both sides minimize exactly the same functions.
"Solved" as in OptBench: converged and f − f* ≤ 1e-5·max(1, |f*|). Writes results/scipy-vs-optbench.md.
    python3 scripts/compare-scipy.py            (needs scipy; run from anywhere)
"""
import json
import os
import statistics
import subprocess
import sys

import numpy as np
import scipy
from scipy.optimize import minimize

from mgh_common import binary, problems, root, solved

pairs = [("CG", "cg"), ("BFGS", "bfgs"), ("L-BFGS-B", "lbfgs")]
gtol, maxiter = 1e-6, 1000


ours = {}
out = subprocess.run([binary, "compare", "--solvers", ",".join(o for _, o in pairs), "--problems", "mgh", "--format", "json",
                      "--gtol", str(gtol), "--max-iter", str(maxiter)], capture_output=True, text=True, check=True).stdout
for row in json.loads(out)["rows"]:
    ours[(row["problem"], row["label"])] = row

rows = []
for problem in problems:
    start = json.loads(subprocess.run([binary, "eval", "--problem", problem, "--start"], capture_output=True, text=True, check=True).stdout)
    x0, f_star = np.array(start["x0"]), start["f_minimum"]
    filter_ = subprocess.Popen([binary, "eval", "--problem", problem, "--stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    count = [0]
    def fg(x):
        count[0] += 1
        filter_.stdin.write(json.dumps([float(v) for v in x]) + "\n")
        filter_.stdin.flush()
        answer = json.loads(filter_.stdout.readline())
        f = answer["f"] if answer["f"] is not None else np.inf
        return f, np.array([g if g is not None else np.nan for g in answer["g"]])
    for method, solver in pairs:
        count[0] = 0
        options = {"maxiter": maxiter, "gtol": gtol}
        if method == "L-BFGS-B":
            options = {"maxiter": maxiter, "gtol": gtol, "maxcor": 10, "ftol": 0, "maxfun": 100 * maxiter}
        elif method in ("CG", "BFGS"):
            options["norm"] = np.inf
        with np.errstate(all="ignore"):
            r = minimize(fg, x0, jac=True, method=method, options=options)
        mine = ours[(start["problem"], solver)]
        rows.append({
            "problem": start["problem"], "method": method, "solver": solver, "f_star": f_star,
            "scipy": {"iterations": int(r.nit), "evaluations": count[0], "f": float(r.fun), "solved": solved(bool(r.success), float(r.fun), f_star)},
            "optbench": {"iterations": mine["iterations"], "evaluations": mine["f_evaluations"], "f": mine["f"], "solved": mine["solved"]},
        })
    filter_.stdin.close()
    filter_.wait()

lines = [f"# scipy vs OptBench on the Moré–Garbow–Hillstrom problems",
         "",
         f"Regenerate: `python3 scripts/compare-scipy.py` (scipy {scipy.__version__}, numpy {np.__version__}).",
         "",
         f"Same 35 problems and starting points (scipy calls `optbench eval --stdin`), ‖∇f‖∞ ≤ {gtol:g}, at most {maxiter} iterations.",
         "scipy: `minimize(method=…)` with `norm=inf` (CG, BFGS; `gtol` on ‖∇f‖∞) or `gtol` (the projected gradient's ∞-norm) and `maxcor=10` (L-BFGS-B); OptBench: defaults",
         "(Moré–Thuente line search, c2 = 0.9, 0.1 for cg). Evaluations count f-and-∇f calls (each side evaluates both together).",
         "Solved: converged and f − f* ≤ 1e-5·max(1, |f*|) where the paper gives f*.",
         "",
         "## Summary",
         "",
         "| scipy | OptBench | solved (scipy) | solved (OptBench) | median evaluations ratio OptBench/scipy (both solved) | fewer evaluations (scipy / OptBench / tie) |",
         "|---|---|---:|---:|---:|---:|"]
for method, solver in pairs:
    mine = [r for r in rows if r["method"] == method]
    both = [r for r in mine if r["scipy"]["solved"] and r["optbench"]["solved"]]
    ratios = [r["optbench"]["evaluations"] / r["scipy"]["evaluations"] for r in both]
    fewer_scipy = sum(r["scipy"]["evaluations"] < r["optbench"]["evaluations"] for r in both)
    fewer_ours = sum(r["optbench"]["evaluations"] < r["scipy"]["evaluations"] for r in both)
    lines.append(f"| {method} | {solver} | {sum(r['scipy']['solved'] for r in mine)}/35 | {sum(r['optbench']['solved'] for r in mine)}/35 | "
                 f"{statistics.median(ratios):.2f} ({len(both)} problems) | {fewer_scipy} / {fewer_ours} / {len(both) - fewer_scipy - fewer_ours} |")
lines += ["", "## Per problem", "",
          "| problem | scipy method | iterations | evaluations | f | solved | OptBench | iterations | evaluations | f | solved |",
          "|---|---|---:|---:|---:|---|---|---:|---:|---:|---|"]
for r in rows:
    s, o = r["scipy"], r["optbench"]
    lines.append(f"| {r['problem']} | {r['method']} | {s['iterations']} | {s['evaluations']} | {s['f']:.6e} | {'yes' if s['solved'] else 'no'} | "
                 f"{r['solver']} | {o['iterations']} | {o['evaluations']} | {o['f']:.6e} | {'yes' if o['solved'] else 'no'} |")
open(os.path.join(root, "results", "scipy-vs-optbench.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines[:16]))
