#!/usr/bin/env python3
"""Why OptBench's trust-exact stops at f ≈ 0.243 on mgh/biggs-exp6:m=13 while scipy's reaches ~0:
both run Moré–Sorensen, but scipy's `IterativeSubproblem` ends its λ iteration once
|‖p‖ − Δ| ≤ k_easy·Δ (k_easy = 0.1, k_hard = 0.2 by default) and OptBench's at 1e-10·Δ. Runs scipy's
trust-exact with its defaults and with k_easy = k_hard = 1e-10, and OptBench's trust-exact, on the same
f, ∇f and ∇²f (`optbench eval --stdin`), and reports f along the first iterates, where each run ends,
and the eigenvalues of ∇²f there. Writes results/trust-exact-biggs-exp6.md.
    python3 scripts/compare/trust-exact-biggs-exp6.py            (needs scipy; run from anywhere)
"""
import json
import os
import subprocess

import numpy as np
import scipy
import scipy.optimize._trustregion_exact as exact
from scipy.optimize import minimize

from mgh_scipy import binary, root, start

problem = "mgh/biggs-exp6:m=13"
name, x0, f_star = start(problem)
n = len(x0)
evaluator = subprocess.Popen([binary, "eval", "--problem", problem, "--stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def ask(numbers):
    evaluator.stdin.write(json.dumps([float(v) for v in numbers]) + "\n")
    evaluator.stdin.flush()
    return json.loads(evaluator.stdout.readline())


def fg(x):
    answer = ask(x)
    return answer["f"], np.array(answer["g"])


def hess(x):
    h = np.column_stack([ask(list(x) + list(e))["hvp"] for e in np.eye(n)])
    return 0.5 * (h + h.T)


def describe(label, iterates, x, status):
    values = [fg(v)[0] for v in iterates]
    eig = np.linalg.eigvalsh(hess(x))
    return (f"| {label} | {len(iterates) - 1} | {status} | {', '.join(f'{v:.6f}' for v in values[1:6])} | {values[-1]:.6e} | "
            f"{np.max(np.abs(fg(x)[1])):.1e} | {', '.join(f'{v:.4g}' for v in x)} | {eig[0]:.2e}, {eig[1]:.2e} |")


rows = []
original = exact.IterativeSubproblem.__init__
for k_easy, k_hard in [(0.1, 0.2), (1e-10, 1e-10)]:
    def init(self, x, fun, jac, hess, hessp=None, k_easy=k_easy, k_hard=k_hard, **rest):
        original(self, x, fun, jac, hess, hessp, k_easy=k_easy, k_hard=k_hard, **rest)
    exact.IterativeSubproblem.__init__ = init
    accepted = [x0]

    def callback(intermediate_result):
        if not np.array_equal(intermediate_result.x, accepted[-1]):   # scipy calls back after rejected steps too
            accepted.append(intermediate_result.x.copy())
    r = minimize(fg, x0, jac=True, hess=hess, method="trust-exact", options={"gtol": 1e-6, "maxiter": 1000}, callback=callback)
    rows.append(describe(f"scipy trust-exact, k_easy = {k_easy:g}, k_hard = {k_hard:g}", accepted, r.x,
                         "converged" if r.success else r.message.split(".")[0].lower()))
exact.IterativeSubproblem.__init__ = original

trace = json.loads(subprocess.run([binary, "run", "--solver", "trust-exact", "--problem", problem, "--trace-every", "1", "--format", "json"],
                                  capture_output=True, text=True).stdout)
first = [e["f"] for e in trace["trace"]][:6]
x_end = np.array(trace["x"])
eig = np.linalg.eigvalsh(hess(x_end))
rows.append(f"| OptBench trust-exact (λ iteration to 1e-10·Δ) | {trace['iterations']} | {trace['status']} | "
            f"{', '.join(f'{v:.6f}' for v in first[1:6])} | {trace['f']:.6e} | {trace['gradient_norm']:.1e} | "
            f"{', '.join(f'{v:.4g}' for v in x_end)} | {eig[0]:.2e}, {eig[1]:.2e} |")
f0 = fg(x0)[0]
evaluator.stdin.close()
evaluator.wait()

lines = [f"# trust-exact on {name}: a different stationary region, not a defect",
         "",
         f"Regenerate: `python3 scripts/compare/trust-exact-biggs-exp6.py` (scipy {scipy.__version__}, numpy {np.__version__}).",
         "",
         f"Same f, ∇f and ∇²f on both sides (`optbench eval --stdin`), start x₀ = ({', '.join(f'{v:g}' for v in x0)}), f(x₀) = {f0:.6f},",
         "‖∇f‖ ≤ 1e-6, at most 1000 iterations. f* = 0 at x = (1, 10, 1, 5, 4, 3); the model is x₃e^(−t x₁) − x₄e^(−t x₂) + x₆e^(−t x₅).",
         "",
         "| run | iterations | status | f at iterates 1–5 | f at the end | ‖∇f‖∞ | x at the end | two smallest eigenvalues of ∇²f there |",
         "|---|---:|---|---|---:|---:|---|---|"] + rows + [
         "",
         "scipy's trust-exact reaches f* only with its loose subproblem tolerance: the λ iteration stops once ‖p‖ is within 10% of Δ",
         "(k_easy = 0.1), so its steps differ from the nearly exact ones from iterate 1 on and lead elsewhere. Solving the",
         "subproblem as accurately as OptBench does (k_easy = k_hard = 1e-10), scipy follows OptBench's path (the same f at",
         "iterates 1 and 2; later ones differ in the fourth digit, as the radius rules differ slightly: scipy shrinks to ¼Δ,",
         "OptBench to ¼‖p‖) into the same region: x₁ ≈ x₅, where the exponentials with rates x₁ and x₅ merge into one with",
         "coefficient x₃ + x₆, f ≈ 0.2427, and ∇²f has two eigenvalues near zero (the merged direction is flat). OptBench meets",
         "the gradient test there; scipy (tight) is still in that valley when its 1000 iterations (accepted and rejected) run out.",
         "So the point is a legitimate approximate stationary point of a degenerate valley that the exact trust-region path",
         "reaches, not a failure of the hard case or of the λ iteration (both checked against bisection in",
         "TrustRegionSubproblemTests). No change to trust-exact follows from it; the iteration column counts accepted steps."]
open(os.path.join(root, "results", "trust-exact-biggs-exp6.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
