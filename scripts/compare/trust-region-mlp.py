#!/usr/bin/env python3
"""Hessian-free Newton on the digits MLP (problems/mlp-digits.json, 2410 weights): newton-cg-tr
(Steihaug–Toint CG, Hessian-vector products by the R-operator) and the line-search newton-cg
against L-BFGS, full batch, default settings, ‖∇f‖∞ ≤ 1e-6, at most 1000 iterations. Wall time is
the median of three runs (one BLAS thread). Writes results/trust-region-mlp.md.
    python3 scripts/compare/trust-region-mlp.py
"""
import json
import os
import platform
import statistics
import subprocess

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
subprocess.run([os.path.join(root, "scripts", "optbench"), "list"], check=True, stdout=subprocess.DEVNULL)   # set-up and build
binary = os.path.join(root, ".build", "release", "optbench")
problem = os.path.join(root, "problems", "mlp-digits.json")
solvers = ["newton-cg-tr", "newton-cg", "lbfgs"]

lines = ["# Hessian-free Newton against L-BFGS on the digits MLP",
         "",
         "Regenerate: `python3 scripts/compare/trust-region-mlp.py`. Problem `problems/mlp-digits.json` (64-32-10 tanh, softmax + cross-entropy,",
         f"L2 1e-3, 80/20 training/test split of the 1797 samples, 2410 weights), full batch, defaults, ‖∇f‖∞ ≤ 1e-6, ≤ 1000 iterations; wall time: median of 3 runs, {platform.machine()}.",
         "Hv: Hessian-vector products (Pearlmutter's R-operator, about two gradients' work each).",
         "",
         "| solver | status | iterations | f, ∇f evaluations | Hv | f | train accuracy | test accuracy | wall time (s) |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
for solver in solvers:
    runs = [json.loads(subprocess.run([binary, "run", "--solver", solver, "--problem", problem, "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout) for _ in range(3)]
    r = runs[0]
    seconds = statistics.median(run["seconds"] for run in runs)
    m = r["metrics"]
    lines.append(f"| {solver} | {r['status']} | {r['iterations']} | {r['f_evaluations']} | {r['hessian_vector_products']} | {r['f']:.6f} | "
                 f"{100 * m['train_accuracy']:.2f}% | {100 * m['test_accuracy']:.2f}% | {seconds:.2f} |")
open(os.path.join(root, "results", "trust-region-mlp.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
