#!/usr/bin/env python3
"""Side by side with scipy's second-order methods: scipy.optimize.minimize (trust-ncg, dogleg,
trust-exact, Newton-CG, and trust-constr with its SR1 Hessian approximation) and OptBench
(newton-cg-tr, dogleg, trust-exact, newton-cg, sr1) on the 35
Moré–Garbow–Hillstrom problems, from the same starting points, ‖∇f‖ ≤ 1e-6 and at most 1000
iterations. scipy evaluates OptBench's own problems through `optbench eval --stdin`: a line of
n numbers gives f and ∇f, a line of 2n numbers (x then v) also ∇²f(x)·v, so both sides use the
same f, ∇f and Hessian products; scipy's dense Hessian (dogleg, trust-exact) is n such products,
counted as one Hessian. Writes results/trust-region-vs-scipy.md.
    python3 scripts/compare/compare-scipy-trust-region.py            (needs scipy; run from anywhere)
"""
import json
import os
import subprocess

import numpy as np
import scipy
from scipy.optimize import SR1, minimize

from mgh_scipy import SOLVED_RULE, binary, f_start, optbench_rows, problems, root, solved, start, summary_cells

pairs = [("trust-ncg", "newton-cg-tr"), ("dogleg", "dogleg"), ("trust-exact", "trust-exact"), ("Newton-CG", "newton-cg"),
         ("trust-constr+SR1", "sr1")]
gtol, maxiter = 1e-6, 1000
ours = optbench_rows([o for _, o in pairs], gtol, maxiter)

rows = []
for problem in problems:
    name, x0, f_star = start(problem)
    f0 = f_start(problem)
    n = len(x0)
    filter_ = subprocess.Popen([binary, "eval", "--problem", problem, "--stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    counts = {"fg": 0, "hvp": 0, "hess": 0}
    def ask(numbers):
        filter_.stdin.write(json.dumps([float(v) for v in numbers]) + "\n")
        filter_.stdin.flush()
        return json.loads(filter_.stdout.readline())
    def fg(x):
        counts["fg"] += 1
        answer = ask(x)
        f = answer["f"] if answer["f"] is not None else np.inf
        return f, np.array([g if g is not None else np.nan for g in answer["g"]])
    def product(x, v):
        return np.array([h if h is not None else np.nan for h in ask(list(x) + list(v))["hvp"]])
    def hessp(x, v):
        counts["hvp"] += 1
        return product(x, v)
    def hess(x):
        counts["hess"] += 1
        h = np.column_stack([product(x, e) for e in np.eye(n)])
        return 0.5 * (h + h.T)
    for method, solver in pairs:
        counts.update(fg=0, hvp=0, hess=0)
        if method == "Newton-CG":
            # Newton-CG stops on the step (xtol), not on ∇f: a tiny xtol leaves gtol-like stopping to the callback.
            options, extra = {"maxiter": maxiter, "xtol": 1e-14}, {"hessp": hessp}
        elif method == "trust-constr+SR1":
            # scipy's SR1 (init_scale='auto', skipping rule 1e-8) inside trust-constr, which without constraints runs
            # Byrd–Omojokun's trust region with projected CG (Steihaug's stopping rules) on B; xtol (its radius floor)
            # near OptBench's ε·max(1, ‖x‖), and only its gtol stop (status 1) counts as converged.
            options, extra = {"maxiter": maxiter, "gtol": gtol, "xtol": 1e-15}, {"hess": SR1()}
        elif method == "trust-ncg":
            options, extra = {"maxiter": maxiter, "gtol": gtol}, {"hessp": hessp}
        else:
            options, extra = {"maxiter": maxiter, "gtol": gtol}, {"hess": hess}
        class Done(Exception):
            pass
        last = {}
        def callback(intermediate_result):
            last["x"], last["f"] = intermediate_result.x, intermediate_result.fun
            if method == "Newton-CG":
                converged = np.max(np.abs(fg(intermediate_result.x)[1])) <= gtol
                counts["fg"] -= 1   # the stopping test's own evaluation is not the method's
                if converged:
                    last["converged"] = True
                    raise StopIteration
        error = None
        with np.errstate(all="ignore"):
            try:
                r = minimize(fg, x0, jac=True, method=method.split("+")[0], options=options, callback=callback, **extra)
                nit, fun, success = int(r.nit), float(r.fun), bool(r.success) and (method != "trust-constr+SR1" or r.status == 1)
                if method == "Newton-CG":
                    success = last.get("converged", False)
            except Exception as e:   # scipy's dogleg refuses an indefinite Hessian
                error = type(e).__name__
                nit, fun, success = -1, float(last.get("f", np.nan)), False
        mine = ours[(name, solver)]
        rows.append({
            "problem": name, "n": n, "method": method, "solver": solver,
            "scipy": {"iterations": nit, "evaluations": counts["fg"], "hessians": counts["hess"], "products": counts["hvp"], "f": fun,
                      "solved": solved(success, fun, f_star, f0), "error": error},
            "optbench": {"iterations": mine["iterations"], "evaluations": mine["f_evaluations"], "hessians": mine["hessian_evaluations"],
                         "products": mine["hessian_vector_products"], "f": mine["f"], "solved": mine["solved"], "status": mine["status"]},
        })
    filter_.stdin.close()
    filter_.wait()

lines = ["# scipy vs OptBench: trust-region and Newton-CG methods on the Moré–Garbow–Hillstrom problems",
         "",
         f"Regenerate: `python3 scripts/compare/compare-scipy-trust-region.py` (scipy {scipy.__version__}, numpy {np.__version__}).",
         "",
         f"Same 35 problems and starting points (scipy calls `optbench eval --stdin`, whose 2n-number lines give ∇²f(x)·v), at most {maxiter} iterations.",
         f"scipy: `minimize(method=…, jac=True)` with `hessp` (trust-ncg, Newton-CG) or `hess` (dogleg, trust-exact; n products = one Hessian), `gtol={gtol:g}`",
         "(on ‖∇f‖₂; Newton-CG has no gradient test, so a callback stops it at ‖∇f‖∞ ≤ 1e-6, xtol = 1e-14); OptBench: defaults, ‖∇f‖∞ ≤ 1e-6.",
         "Evaluations count f-and-∇f calls; H = dense Hessians, Hv = Hessian-vector products. scipy's dogleg raises an error on an",
         "indefinite Hessian (counted unsolved; OptBench's dogleg shifts it, N&W Alg. 3.3). Where an MGH problem has a dense Hessian only,",
         "OptBench's Hessian-free methods form ∇²f once per iterate (one H) and multiply by it (no evaluation); scipy's get each product from one 2n-number eval line.",
         "SR1: scipy's `SR1()` (B₀ scaled by yᵀy/|yᵀs| at the first update, the skipping rule with r = 1e-8) is a Hessian update strategy for",
         "`trust-constr`, which on an unconstrained problem runs a trust region with projected CG on B (Steihaug's stopping rules, its own radius",
         f"rules; `xtol=1e-15`, converged only by its `gtol={gtol:g}` on ‖∇f‖∞); OptBench's `sr1` is N&W Alg. 6.2 with the Moré–Sorensen subproblem on B.",
         "So the SR1 rows compare the same update in two trust-region methods, not the same algorithm.",
         "mgh/biggs-exp6 × trust-exact: results/trust-exact-biggs-exp6.md (a legitimate other stationary region, not a defect).",
         f"Solved: {SOLVED_RULE}, f* the paper's.",
         "",
         "## Summary",
         "",
         "| scipy | OptBench | solved (scipy) | solved (OptBench) | median evaluations ratio OptBench/scipy (both solved) | fewer evaluations (scipy / OptBench / tie) | second-order work scipy / OptBench (both solved, total) |",
         "|---|---|---:|---:|---:|---:|---:|"]
for method, solver in pairs:
    cells, both = summary_cells([r for r in rows if r["method"] == method])
    def total(side):
        return f"{sum(r[side]['hessians'] for r in both)} H + {sum(r[side]['products'] for r in both)} Hv"
    lines.append(f"| {method} | {solver} | {cells} | {total('scipy')} / {total('optbench')} |")
lines += ["", "## Per problem", "",
          "| problem | n | scipy method | iterations | evaluations | H | Hv | f | solved | OptBench | iterations | evaluations | H | Hv | f | solved |",
          "|---|---:|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---|"]
for r in rows:
    s, o = r["scipy"], r["optbench"]
    verdict = "yes" if s["solved"] else ("no" if s["error"] is None else f"no ({s['error']})")
    lines.append(f"| {r['problem']} | {r['n']} | {r['method']} | {s['iterations'] if s['iterations'] >= 0 else '—'} | {s['evaluations']} | {s['hessians']} | {s['products']} | {s['f']:.6e} | {verdict} | "
                 f"{r['solver']} | {o['iterations']} | {o['evaluations']} | {o['hessians']} | {o['products']} | {o['f']:.6e} | {'yes' if o['solved'] else 'no (' + o['status'] + ')'} |")
open(os.path.join(root, "results", "trust-region-vs-scipy.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines[:18]))
