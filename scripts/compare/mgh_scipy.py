"""What the scipy comparisons on the Moré–Garbow–Hillstrom problems share (compare-scipy.py,
compare-scipy-trust-region.py): the release binary, the 35 problem names, OptBench's own runs
through `compare`, the "solved" rule, and each problem's start and f*."""
import json
import os
import statistics
import subprocess

import numpy as np

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# OPTBENCH_BINARY: another build (e.g. .build/debug/optbench while the release one builds); else the release binary.
binary = os.environ.get("OPTBENCH_BINARY")
if not binary:
    subprocess.run([os.path.join(root, "scripts", "optbench"), "list"], check=True, stdout=subprocess.DEVNULL)   # set-up and build
    binary = os.path.join(root, ".build", "release", "optbench")
problems = [line.split()[0] for line in subprocess.run([binary, "list"], capture_output=True, text=True, check=True).stdout.splitlines()
            if line.startswith("  mgh/")]


def solved(converged, f, f_star):
    """OptBench's rule: converged and f − f* ≤ 1e-5·max(1, |f*|) where f* is known."""
    return converged and (f_star is None or f - f_star <= 1e-5 * max(1.0, abs(f_star)))


def optbench_rows(solvers, gtol, maxiter):
    """OptBench's `compare` rows on every MGH problem, keyed by (problem, solver label)."""
    out = subprocess.run([binary, "compare", "--solvers", ",".join(solvers), "--problems", "mgh", "--format", "json",
                          "--gtol", str(gtol), "--max-iter", str(maxiter)], capture_output=True, text=True, check=True).stdout
    return {(row["problem"], row["label"]): row for row in json.loads(out)["rows"]}


def start(problem):
    """(canonical name, x₀, f* or None) of a problem."""
    s = json.loads(subprocess.run([binary, "eval", "--problem", problem, "--start"], capture_output=True, text=True, check=True).stdout)
    return s["problem"], np.array(s["x0"]), s["f_minimum"]


def summary_cells(mine):
    """The summary cells of one scipy method against its OptBench solver, from rows with
    "scipy" and "optbench" results: solved on each side, the median evaluation ratio where both
    solved, and who took fewer evaluations. Returns (cells, rows both solved)."""
    both = [r for r in mine if r["scipy"]["solved"] and r["optbench"]["solved"]]
    ratios = [r["optbench"]["evaluations"] / r["scipy"]["evaluations"] for r in both]
    fewer_scipy = sum(r["scipy"]["evaluations"] < r["optbench"]["evaluations"] for r in both)
    fewer_ours = sum(r["optbench"]["evaluations"] < r["scipy"]["evaluations"] for r in both)
    median = f"{statistics.median(ratios):.2f}" if ratios else "—"
    cells = (f"{sum(r['scipy']['solved'] for r in mine)}/{len(mine)} | {sum(r['optbench']['solved'] for r in mine)}/{len(mine)} | "
             f"{median} ({len(both)} problems) | {fewer_scipy} / {fewer_ours} / {len(both) - fewer_scipy - fewer_ours}")
    return cells, both


class Evaluator:
    """f and ∇f of an OptBench problem for scipy, through one long-lived `optbench eval --stdin`
    (NaN and ±∞, written as null, come back as ∞ for f and NaN for ∇f); `count` counts the calls."""

    def __init__(self, problem):
        self.process = subprocess.Popen([binary, "eval", "--problem", problem, "--stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        self.count = 0

    def __call__(self, x):
        self.count += 1
        self.process.stdin.write(json.dumps([float(v) for v in x]) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        f = answer["f"] if answer["f"] is not None else np.inf
        return f, np.array([g if g is not None else np.nan for g in answer["g"]])

    def close(self):
        self.process.stdin.close()
        self.process.wait()
