#!/usr/bin/env python3
"""OptBench's cmaes against the cma package 4.5.0 (N. Hansen's pycma): f evaluations to reach
f < 1e-8 on the sphere, an ellipsoid of condition 1e6 and Rosenbrock at n = 10, median over
seeds 1..11, written to results/cmaes-vs-cma.md.

Both start from the same x0 with sigma0 = 0.5 and their default population (lambda = 10). A run
counts the evaluations made up to the end of the first generation whose best f is below 1e-8
(OptBench: its trace, one entry per generation, which includes the evaluation of x0; cma: its
countevals when it stops on ftarget = 1e-8). cma runs twice: with its defaults (active CMA:
negative weights on the worst offspring) and with CMA_active=False, the positive weights only
that OptBench's cmaes uses. Different random streams: the medians compare, single runs do not.

Creates .build/venv-cma with cma==4.5.0 and numpy on first use; OptBench is imported from python/
and its library found as optbench._library.find_library does (build it first:
swift build -c release --product OptBenchC, or set OPTBENCH_LIB).

    python3 scripts/compare/cmaes-vs-cma.py
"""
import os
import platform
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CMA_VERSION = "4.5.0"
SEEDS = range(1, 12)
N = 10
TARGET = 1e-8
OUTPUT = os.path.join(ROOT, "results", "cmaes-vs-cma.md")


def reexec_in_venv():
    """Runs on in .build/venv-cma with cma CMA_VERSION (scripts/reference/scipy_venv.py)."""
    sys.path.insert(0, os.path.join(ROOT, "scripts", "reference"))
    from scipy_venv import reexec_in_pinned_venv
    reexec_in_pinned_venv("venv-cma", "cma", CMA_VERSION)


def sphere(x):
    return float(sum(v * v for v in x))


def ellipsoid(x):
    n = len(x)
    return float(sum(10.0 ** (6.0 * i / (n - 1)) * x[i] * x[i] for i in range(n)))


def rosenbrock(x):
    return float(sum(100.0 * (x[i + 1] - x[i] * x[i]) ** 2 + (1.0 - x[i]) ** 2 for i in range(len(x) - 1)))


PROBLEMS = [("sphere", sphere, 1.0), ("ellipsoid (cond 1e6)", ellipsoid, 1.0), ("rosenbrock", rosenbrock, 0.0)]


def optbench_evaluations(optbench, f, x0, seed, active=True):
    options = {"sigma": 0.5, "seed": seed, "max-iter": 100000, "positive_only": not active}
    result = optbench.minimize(f, x0, method="cmaes", options=options)
    trace = result.trace
    for value, evaluations in zip(trace["f"], trace["f_evaluations"]):
        if value < TARGET:
            return int(evaluations)
    return None


def cma_evaluations(cma, f, x0, seed, active):
    options = {"seed": seed, "verbose": -9, "ftarget": TARGET, "CMA_active": active, "maxfevals": 1e6,
               "verb_log": 0, "verb_disp": 0}
    es = cma.CMAEvolutionStrategy(list(x0), 0.5, options)
    while not es.stop():
        solutions = es.ask()
        es.tell(solutions, [f(x) for x in solutions])
    return int(es.countevals) if es.best.f < TARGET or "ftarget" in es.stop() else None


def summary(counts):
    solved = [c for c in counts if c is not None]
    median = statistics.median(solved) if solved else float("nan")
    return median, len(solved)


def main():
    reexec_in_venv()
    import warnings
    warnings.filterwarnings("ignore")
    import cma
    import numpy as np
    sys.path.insert(0, os.path.join(ROOT, "python"))
    import optbench
    from optbench import _library

    rows = []
    for name, f, start in PROBLEMS:
        x0 = np.full(N, start)
        ours = [optbench_evaluations(optbench, f, x0, s) for s in SEEDS]
        ours_positive = [optbench_evaluations(optbench, f, x0, s, active=False) for s in SEEDS]
        active = [cma_evaluations(cma, f, x0, s, True) for s in SEEDS]
        positive = [cma_evaluations(cma, f, x0, s, False) for s in SEEDS]
        rows.append((name, start, summary(ours), summary(active), summary(ours_positive), summary(positive)))
        print(name, ours, active, ours_positive, positive, file=sys.stderr)

    def cell(stat):
        median, solved = stat
        return "%d (%d/11)" % (median, solved) if solved else "— (0/11)"

    lines = [
        "# OptBench's cmaes against cma %s" % CMA_VERSION,
        "",
        "Regenerate: `python3 scripts/compare/cmaes-vs-cma.py` (creates `.build/venv-cma` with cma==%s; uses"
        % CMA_VERSION,
        "OptBench's Python package in-process, library `%s`)." % os.path.relpath(_library.find_library(), ROOT),
        "",
        "f evaluations until the end of the first generation whose best f is below 1e-8, median over seeds 1–11",
        "(in parentheses: the runs that got there), n = 10, x₀ = (1, …, 1) (Rosenbrock: 0), σ₀ = 0.5, λ = 10 (both",
        "defaults). OptBench's count includes its evaluation of x₀. Both at their defaults (active CMA: negative",
        "weights; OptBench's `cmaes` has cma's defaults) and with positive weights only (`cmaes --positive-only`,",
        "`CMA_active=False`). Different random streams, so only the medians compare (fed the same deviates, the",
        "runs agree to rounding: CMAESTests). Ellipsoid: f = Σ 10^(6i/(n−1)) xᵢ².",
        "",
        "| problem | OptBench cmaes | cma (default, active) | OptBench / cma | OptBench --positive-only "
        "| cma (CMA_active=False) | OptBench / cma positive |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, _, ours, active, ours_positive, positive in rows:
        ratio = ours[0] / active[0] if ours[1] and active[1] else float("nan")
        ratio_positive = ours_positive[0] / positive[0] if ours_positive[1] and positive[1] else float("nan")
        lines.append("| %s | %s | %s | %.2f | %s | %s | %.2f |" % (
            name, cell(ours), cell(active), ratio, cell(ours_positive), cell(positive), ratio_positive))
    lines += ["", "Python %s, numpy %s, cma %s, %s." % (platform.python_version(), np.__version__, cma.__version__,
                                                         platform.machine())]
    with open(OUTPUT, "w") as out:
        out.write("\n".join(lines) + "\n")
    print("wrote", OUTPUT, file=sys.stderr)


if __name__ == "__main__":
    main()
