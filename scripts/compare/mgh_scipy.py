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


from solved_rule import TAU, solved  # noqa: E402,F401  (compare's rule, shared with cutest-comparison.py)


SOLVED_RULE = ("converged and, where f* is known, f(x₀) − f ≥ (1 − τ)(f(x₀) − f*) (Moré & Wild 2009) and, "
               "where f* ≠ 0, f − f* ≤ τ|f*|, with τ = 1e-5 (OptBench compare's rule)")


def minpack_lm(problem, x0, **options):
    """MINPACK's lmder through scipy's least_squares(method='lm', **options) (`scipy_least_squares`)."""
    return scipy_least_squares(problem, x0, "lm", **options)


def scipy_least_squares(problem, x0, method, **options):
    """scipy's least_squares(method=method, **options) on a problem's own residuals and Jacobian, evaluated
    by `optbench eval --stdin --residuals` (a non-finite value arrives as null: r = ∞, J = NaN), so scipy fits
    exactly the function OptBench does."""
    from scipy.optimize import least_squares
    bridge = subprocess.Popen([binary, "eval", "--problem", problem, "--stdin", "--residuals"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)

    def ask(x):
        bridge.stdin.write(json.dumps([float(v) for v in x]) + "\n")
        bridge.stdin.flush()
        return json.loads(bridge.stdout.readline())

    def residuals(x):
        return np.array([v if v is not None else np.inf for v in ask(x)["r"]])

    def jacobian(x):
        return np.array([[v if v is not None else np.nan for v in row] for row in ask(x)["J"]])

    try:
        with np.errstate(all="ignore"):
            return least_squares(residuals, x0, jac=jacobian, method=method, **options)
    finally:
        bridge.stdin.close()
        bridge.wait()


def f_start(problem):
    """f(x₀) of a problem at its standard start."""
    return json.loads(subprocess.run([binary, "eval", "--problem", problem], capture_output=True, text=True,
                                     check=True).stdout)["f"]


def optbench_rows(solvers, gtol, maxiter):
    """OptBench's `compare` rows on every MGH problem, keyed by (problem, solver label)."""
    out = subprocess.run([binary, "compare", "--solvers", ",".join(solvers), "--problems", "mgh", "--format", "json",
                          "--gtol", str(gtol), "--max-iter", str(maxiter)], capture_output=True, text=True, check=True).stdout
    return {(row["problem"], row["label"]): row for row in json.loads(out)["rows"]}


def start(problem):
    """(canonical name, x₀, f* or None) of a problem (f(x₀): `f_start`)."""
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
