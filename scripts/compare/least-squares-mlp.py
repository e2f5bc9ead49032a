#!/usr/bin/env python3
"""Least-squares solvers training a regression MLP (problems/mlp-diabetes.json: 10-16-1 tanh,
identity head + squared error, L2 0.1, 193 weights): lm and gauss-newton matrix-free (CG on the
Gauss–Newton products Jᵀ(Jv)) against lbfgs and newton-cg-tr (exact Hessian-vector products),
full batch, defaults, ‖∇f‖∞ ≤ 1e-6, at most 1000 iterations; wall time the median of three runs
(one BLAS thread). Then the loss each reaches within a budget of gradient-equivalents (compare's
cost: f + ∇f evaluations + Hessian-vector products, Gauss–Newton products counted as those), from
runs stopped after k iterations. Writes results/least-squares-mlp.md.
    python3 scripts/compare/least-squares-mlp.py
"""
import json
import os
import platform
import statistics
import subprocess

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
subprocess.run([os.path.join(root, "scripts", "optbench"), "list"], check=True, stdout=subprocess.DEVNULL)   # set-up and build
binary = os.path.join(root, ".build", "release", "optbench")
problem = os.path.join(root, "problems", "mlp-diabetes.json")
solvers = ["lm", "gauss-newton", "lbfgs", "newton-cg-tr"]
env = dict(os.environ, OPENBLAS_NUM_THREADS="1")


def run(solver, *extra):
    done = subprocess.run([binary, "run", "--solver", solver, "--problem", problem, "--format", "json", *extra],
                          capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1):   # 1: the run ended without converging (the iteration limit)
        raise SystemExit(f"{solver} {extra}: {done.stderr}")
    return json.loads(done.stdout)


def cost(r):
    return r["f_evaluations"] + r["gradient_evaluations"] + r["hessian_vector_products"]


lines = ["# Least-squares solvers training a regression MLP",
         "",
         "Regenerate: `python3 scripts/compare/least-squares-mlp.py`. Problem `problems/mlp-diabetes.json` (10-16-1 tanh, identity head,",
         "loss (1/N)Σ½(z − t)² + (λ/2)‖W‖², λ = 0.1, 353 training samples, 193 weights), full batch, defaults, ‖∇f‖∞ ≤ 1e-6,",
         f"≤ 1000 iterations; wall time: median of 3 runs, {platform.machine()}, one BLAS thread.",
         "`lm` and `gauss-newton` run matrix-free: CG on Gauss–Newton products Gv = (1/N)J_zᵀ(J_z v) + λv_W, one forward,",
         "one R-forward and one backward pass each (counted as Hessian-vector products, `Hv`); `newton-cg-tr` uses exact",
         "Hessian-vector products (R-operator). Cost: f + ∇f evaluations + Hv, in gradient-equivalents as `compare` prices them.",
         "",
         "| solver | status | iterations | f evals | ∇f evals | Hv | cost | f | train RMSE | test RMSE | wall time (s) |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for solver in solvers:
    runs = [run(solver) for _ in range(3)]
    r = runs[0]
    m = r["metrics"]
    seconds = statistics.median(x["seconds"] for x in runs)
    lines.append(f"| {solver} | {r['status']} | {r['iterations']} | {r['f_evaluations']} | {r['gradient_evaluations']} | "
                 f"{r['hessian_vector_products']} | {cost(r)} | {r['f']:.9f} | {m['train_RMSE']:.4f} | {m['test_RMSE']:.4f} | {seconds:.3f} |")

budgets = [25, 50, 100, 200, 400, 800]
iterations = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]
best = {}
for solver in solvers:
    points = [(cost(r), r["f"]) for r in (run(solver, "--max-iter", str(k)) for k in iterations)]
    best[solver] = [min((f for c, f in points if c <= b), default=None) for b in budgets]
lines += ["",
          "Loss reached within a budget of gradient-equivalents (the lowest f of the runs stopped after k = 1, 2, 3, 4, 6, …, 512",
          "iterations whose cost is within the budget; — when even one iteration costs more):",
          "",
          "| solver | " + " | ".join(f"≤ {b}" for b in budgets) + " |",
          "|---|" + "---:|" * len(budgets)]
for solver in solvers:
    lines.append(f"| {solver} | " + " | ".join("—" if f is None else f"{f:.6f}" for f in best[solver]) + " |")
with open(os.path.join(root, "results", "least-squares-mlp.md"), "w", encoding="utf-8") as out:
    out.write("\n".join(lines) + "\n")
print("\n".join(lines))
