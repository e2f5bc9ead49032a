#!/usr/bin/env python3
"""OptBench's lbfgsb against scipy's L-BFGS-B (scipy.optimize.minimize, method="L-BFGS-B": the C
translation of L-BFGS-B 3.0) on box-constrained problems, with the same bounds, m = 10 and the
same stopping rules: projected gradient ‖P(x − ∇f) − x‖∞ ≤ 1e-5 (scipy's gtol/pgtol), relative f
reduction ≤ factr·ε = 1e7 · 2.22e-16 (scipy's default ftol; OptBench's --ftol), at most 15000
iterations and 15000 evaluations, 20 evaluations per line search. scipy evaluates OptBench's own
problems through `optbench eval --stdin`, so both sides minimize exactly the same functions.

Problems and how their bounds are chosen:
  - the 35 Moré–Garbow–Hillstrom problems: x̂ = OptBench's unconstrained lbfgs solution (gtol 1e-8);
    every even-indexed variable (0, 2, …) gets the upper bound x̂ᵢ − 0.1·max(|x̂ᵢ|, 1), so x̂ is
    cut off; the other variables stay free;
  - chained Rosenbrock, n = 10, 100, 1000, 10⁴: the boxes [−2, 0.7]ⁿ (upper bounds bind) and
    [1.1, 2]ⁿ (lower bounds bind, x₀ projected);
  - random convex quadratics quadratic:n=N,cond=1e3,seed=N (n = 50, 200, 500, 1000, 2000): with
    x̂ = Q⁻¹b as found by lbfgs, each variable is given, with probability 1/3 each (numpy seed n), an
    upper bound x̂ᵢ − δᵢ, a lower bound x̂ᵢ + δᵢ (δᵢ uniform in [0.05, 0.5]·(|x̂ᵢ| + 0.1)), or the
    loose box [x̂ᵢ − 10, x̂ᵢ + 10].
Writes results/lbfgsb-vs-scipy.md.
    python3 scripts/compare/compare-scipy-lbfgsb.py            (needs scipy; run from anywhere)
"""
import json
import os
import statistics
import subprocess
import tempfile

import numpy as np
import scipy
from scipy.optimize import Bounds, minimize

from mgh_scipy import Evaluator, binary, problems as mgh_problems, root, start

m, pgtol, maxiter, maxfun, maxls = 10, 1e-5, 15000, 15000, 20
ftol = 1e7 * float(np.finfo(float).eps)
workdir = tempfile.mkdtemp(prefix="lbfgsb-vs-scipy-")


def unconstrained(problem):
    """OptBench's lbfgs solution without bounds (the point the bounds cut off)."""
    out = subprocess.run([binary, "run", "--problem", problem, "--solver", "lbfgs", "--gtol", "1e-8", "--max-iter", "20000",
                          "--format", "json", "--trace-every", "0"], capture_output=True, text=True).stdout
    return np.array(json.loads(out)["x"])


def bounds_file(lower, upper, index):
    path = os.path.join(workdir, f"bounds-{index}.json")
    clean = lambda v: [None if not np.isfinite(x) else float(x) for x in v]
    with open(path, "w") as f:
        json.dump({"lower": clean(lower), "upper": clean(upper)}, f)
    return path


def optbench(problem, path):
    out = subprocess.run([binary, "run", "--problem", problem, "--solver", "lbfgsb", "--bounds", path, "--memory", str(m), "--maxls", str(maxls),
                          "--gtol", str(pgtol), "--ftol", repr(ftol), "--max-iter", str(maxiter), "--max-evals", str(maxfun),
                          "--format", "json", "--trace-every", "0"], capture_output=True, text=True)
    if not out.stdout:
        raise SystemExit(f"optbench failed on {problem}: {out.stderr}")
    r = json.loads(out.stdout)
    return {"iterations": r["iterations"], "evaluations": r["f_evaluations"], "f": r["f"], "x": np.array(r["x"]), "status": r["status"],
            "converged": r["converged"], "active": len(r["extras"]["active_set"])}


def scipy_run(problem, x0, lower, upper):
    fg = Evaluator(problem)
    with np.errstate(all="ignore"):
        r = minimize(fg, x0, jac=True, method="L-BFGS-B", bounds=Bounds(lower, upper),
                     options={"maxcor": m, "ftol": ftol, "gtol": pgtol, "maxiter": maxiter, "maxfun": maxfun, "maxls": maxls})
    fg.close()
    return {"iterations": int(r.nit), "evaluations": fg.count, "f": float(r.fun), "x": np.array(r.x), "converged": bool(r.success),
            "message": str(r.message)}


cases = []   # (set, problem, lower, upper)
for problem in mgh_problems:
    name, x0, _ = start(problem)
    xhat = unconstrained(problem)
    lower = np.full(len(x0), -np.inf)
    upper = np.array([xhat[i] - 0.1 * max(abs(xhat[i]), 1) if i % 2 == 0 else np.inf for i in range(len(x0))])
    cases.append(("MGH", problem, lower, upper))
for n in [10, 100, 1000, 10000]:
    cases.append(("Rosenbrock", f"rosenbrock:n={n}", np.full(n, -2.0), np.full(n, 0.7)))
    cases.append(("Rosenbrock", f"rosenbrock:n={n}", np.full(n, 1.1), np.full(n, 2.0)))
for n in [50, 200, 500, 1000, 2000]:
    problem = f"quadratic:n={n},cond=1e3,seed={n}"
    xhat = unconstrained(problem)
    rng = np.random.default_rng(n)
    kind = rng.integers(0, 3, n)
    delta = rng.uniform(0.05, 0.5, n) * (np.abs(xhat) + 0.1)
    lower = np.where(kind == 1, xhat + delta, xhat - 10)
    upper = np.where(kind == 0, xhat - delta, xhat + 10)
    cases.append(("quadratic", problem, lower, upper))

rows = []
for index, (group, problem, lower, upper) in enumerate(cases):
    name, x0, _ = start(problem)
    path = bounds_file(lower, upper, index)
    o = optbench(problem, path)
    s = scipy_run(problem, x0, lower, upper)
    scale = max(1.0, float(np.max(np.abs(s["x"]))))
    dx = float(np.max(np.abs(o["x"] - s["x"]))) / scale
    df = abs(o["f"] - s["f"]) / max(1.0, abs(s["f"]))
    rows.append({"group": group, "problem": name, "n": len(x0), "optbench": o, "scipy": s, "dx": dx, "df": df,
                 "same": df <= 1e-8 or (df <= 1e-6 and dx <= 1e-4)})
    print(f"{name:40s} scipy {s['iterations']:5d} it {s['evaluations']:5d} ev f={s['f']:.10e}  optbench {o['iterations']:5d} it "
          f"{o['evaluations']:5d} ev f={o['f']:.10e}  Δf={df:.1e} Δx={dx:.1e}", flush=True)

lines = ["# OptBench lbfgsb vs scipy L-BFGS-B on box-constrained problems", "",
         f"Regenerate: `python3 scripts/compare/compare-scipy-lbfgsb.py` (scipy {scipy.__version__}, numpy {np.__version__}).", "",
         "Same problems, bounds and starting points (x₀ projected into the box on both sides; scipy evaluates through `optbench eval --stdin`),",
         f"m = {m}, projected gradient ‖P(x − ∇f) − x‖∞ ≤ {pgtol:g}, relative f reduction ≤ factr·ε = {ftol:.4g} (scipy's default `ftol`,",
         f"OptBench's `--ftol`), at most {maxiter} iterations, {maxfun} evaluations and {maxls} per line search.",
         "Evaluations count f-and-∇f calls (both sides evaluate both together). Bounds (see the script's docstring): MGH — upper bound",
         "x̂ᵢ − 0.1·max(|x̂ᵢ|, 1) on every even-indexed variable, x̂ the unconstrained lbfgs solution; Rosenbrock — the boxes [−2, 0.7]ⁿ",
         "and [1.1, 2]ⁿ; quadratics — a random third of the variables bounded above below x̂, a third bounded below above x̂.",
         "Same solution: relative |Δf| ≤ 1e-8, or |Δf| ≤ 1e-6 and ‖Δx‖∞ ≤ 1e-4 (relative to max(1, ‖x‖∞)).", "", "## Summary", "",
         "| set | problems | converged (scipy / OptBench) | same solution | equal iterations | equal evaluations | median evaluations ratio OptBench/scipy | fewer evaluations (scipy / OptBench) |",
         "|---|---:|---:|---:|---:|---:|---:|---:|"]
for group in ["MGH", "Rosenbrock", "quadratic", "all"]:
    mine = [r for r in rows if group == "all" or r["group"] == group]
    ratios = [r["optbench"]["evaluations"] / r["scipy"]["evaluations"] for r in mine]
    lines.append(f"| {group} | {len(mine)} | {sum(r['scipy']['converged'] for r in mine)} / {sum(r['optbench']['converged'] for r in mine)} | "
                 f"{sum(r['same'] for r in mine)} | {sum(r['scipy']['iterations'] == r['optbench']['iterations'] for r in mine)} | "
                 f"{sum(r['scipy']['evaluations'] == r['optbench']['evaluations'] for r in mine)} | {statistics.median(ratios):.2f} | "
                 f"{sum(r['scipy']['evaluations'] < r['optbench']['evaluations'] for r in mine)} / "
                 f"{sum(r['optbench']['evaluations'] < r['scipy']['evaluations'] for r in mine)} |")
differing = [r["problem"] for r in rows if r["scipy"]["evaluations"] != r["optbench"]["evaluations"]]
not_same = [r["problem"] for r in rows if not r["same"]]
lines += ["", "## Where the two differ", "",
          f"Evaluation counts differ on {len(differing)} of {len(rows)} problems ({', '.join(differing) or 'none'}); the solutions differ on "
          f"{len(not_same)} ({', '.join(not_same) or 'none'}).",
          "OptBench follows `mainlb` step for step (same Cauchy search, same subspace step with the 2011 projection, `dcsrch` with `lnsrlb`'s",
          "parameters and feasible step cap, same skipping and restart rules), but does its small linear algebra differently: M by an LU",
          "inverse of [−D Lᵀ; L θSᵀS] instead of the Cholesky factors of T, and the subspace system K by LU instead of `formk`'s LELᵀ. The",
          "iterates therefore agree to rounding, and on ill-conditioned problems that rounding grows until a line search or the",
          "f-reduction test ends one iteration earlier or later; where the solutions differ (Biggs EXP6) both runs stop on the",
          "f-reduction test in a flat valley, at f values 1.4e-6 apart."]
lines += ["", "## Per problem", "",
          "| problem | n | scipy iterations | scipy evaluations | scipy f | scipy stop | OptBench iterations | OptBench evaluations | OptBench f | OptBench status | active bounds | Δf (rel.) | ‖Δx‖∞ (rel.) | same |",
          "|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---|"]
for r in rows:
    s, o = r["scipy"], r["optbench"]
    lines.append(f"| {r['problem']} | {r['n']} | {s['iterations']} | {s['evaluations']} | {s['f']:.10e} | {s['message']} | {o['iterations']} | "
                 f"{o['evaluations']} | {o['f']:.10e} | {o['status']} | {o['active']} | {r['df']:.1e} | {r['dx']:.1e} | {'yes' if r['same'] else 'no'} |")
open(os.path.join(root, "results", "lbfgsb-vs-scipy.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines[:20]))
