#!/usr/bin/env python3
"""The large-scale comparison of issue 15: OptBench's L-BFGS (m = 5, 10, 20) and nonlinear CG
(PR+ and Hager–Zhang) on every problem of the `cutest` suite at n ≈ 10⁴, beside scipy's
L-BFGS-B (m = 10) and CG driving the same problems through `optbench eval --stdin`, and
BFGS beside L-BFGS and CG on the same set at n ≈ 1000 (dense BFGS is n² per iteration).

OptBench's grid runs as `compare --shard k/2 --format jsonl` (two shards, one per core) and
is joined by `optbench merge`, which also draws the performance and data profiles. Each run
reports the seconds spent inside the objective; the rest is the solver's own work. For scipy,
the objective time is the time inside the Python callback, which includes the pipe to
`optbench eval` (JSON of n numbers each way): it is reported as measured, and the solver's
own time is the total minus it.

    python3 scripts/compare/cutest-comparison.py            # writes results/cutest-comparison.md and its SVGs
    python3 scripts/compare/cutest-comparison.py --quick    # n ≈ 1000 and fewer iterations, for a smoke test
    OPTBENCH=/path/to/optbench python3 scripts/compare/cutest-comparison.py   # that binary, not the checkout's build
    python3 scripts/compare/cutest-comparison.py --optbench-only 100000   # OptBench alone at n ≈ 10⁵ → results/cutest-n100000.md
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import minimize

from solved_rule import solved  # compare's rule (Comparison.isSolved)

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
parser = argparse.ArgumentParser()
parser.add_argument("--quick", action="store_true")
parser.add_argument("--optbench-only", type=int, metavar="N",
                    help="only OptBench's L-BFGS and CG grid at the allowed n closest to N (no scipy), into results/cutest-nN.md")
args = parser.parse_args()

binary = os.environ.get("OPTBENCH")   # a binary to use as is (e.g. a copy that later builds cannot replace mid-run)
if not binary:
    subprocess.run([os.path.join(root, "scripts", "optbench"), "list"], check=True, stdout=subprocess.DEVNULL)   # set-up and build
    binary = os.path.join(root, ".build", "release", "optbench")
names = [line.split()[0] for line in subprocess.run([binary, "list"], capture_output=True, text=True, check=True).stdout.splitlines()
         if line.startswith("  cutest/")]
GTOL = 1e-5
MAXITER = 2000 if args.quick else 10000
TARGET = 1000 if args.quick else 10000
SOLVERS = ["lbfgs:memory=5", "lbfgs", "lbfgs:memory=20", "cg", "cg:beta=hz"]
SMALL_SOLVERS = ["bfgs", "lbfgs", "cg"]


def valid_n(name, target):
    """The n closest to `target` that the problem's SIF rule allows (even, a multiple of 3, …)."""
    for delta in sorted(range(-64, 65), key=abs):
        n = target + delta
        r = subprocess.run([binary, "eval", "--problem", f"{name}:n={n}", "--start"], capture_output=True, text=True)
        if r.returncode == 0:
            return n, json.loads(r.stdout)
    return None, None



def optbench_grid(references, solvers, folder, tag):
    """The grid in two shards (one per core), merged; rows keyed by (reference, label)."""
    parts = []
    procs = []
    for k in (1, 2):
        part = os.path.join(folder, f"{tag}-{k}.jsonl")
        parts.append(part)
        procs.append(subprocess.Popen([binary, "compare", "--solvers", ",".join(solvers), "--problems", ",".join(references), "--jobs", "1",
                                       "--shard", f"{k}/2", "--output", part, "--gtol", str(GTOL), "--max-iter", str(MAXITER)]))
    for p in procs:
        if p.wait() != 0:
            sys.exit(f"compare shard failed ({p.args})")
    profile = os.path.join(root, "results", f"cutest-{tag}-profile.svg")
    data = os.path.join(root, "results", f"cutest-{tag}-data-profile.svg")
    merged = subprocess.run([binary, "merge", *parts, "--format", "json", "--profile", profile, "--data-profile", data],
                            capture_output=True, text=True, check=True).stdout
    rows = {}
    for line in open(parts[0]).read().splitlines() + open(parts[1]).read().splitlines():
        record = json.loads(line)
        if "skipped" not in record:
            rows[(record["reference"], record["label"])] = record
    return rows, json.loads(merged)


class Bridge:
    """f and ∇f of an OptBench problem through `optbench eval --stdin`, timed."""

    def __init__(self, reference):
        self.process = subprocess.Popen([binary, "eval", "--problem", reference, "--stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)
        self.evaluations = 0
        self.seconds = 0.0

    def __call__(self, x):
        started = time.perf_counter()
        self.process.stdin.write(json.dumps(x.tolist()) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        self.seconds += time.perf_counter() - started
        self.evaluations += 1
        f = answer["f"]
        return (np.inf if f is None else f), np.array([np.nan if v is None else v for v in answer["g"]])

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def scipy_run(reference, method, x0, f_star):
    bridge = Bridge(reference)
    started = time.perf_counter()
    if method == "L-BFGS-B":
        options = {"maxcor": 10, "gtol": GTOL, "ftol": 0.0, "maxiter": MAXITER, "maxfun": 10 * MAXITER}
    else:
        options = {"gtol": GTOL, "norm": np.inf, "maxiter": MAXITER}
    r = minimize(bridge, x0, jac=True, method=method, options=options)
    seconds = time.perf_counter() - started
    bridge.close()
    gnorm = float(np.max(np.abs(r.jac))) if r.jac is not None else float("nan")
    converged = bool(r.success) and gnorm <= GTOL * (1 + 1e-12)
    f0 = json.loads(subprocess.run([binary, "eval", "--problem", reference], capture_output=True, text=True,
                                   check=True).stdout)["f"]
    return {"solved": solved(converged, float(r.fun), f_star, f0), "converged": converged, "f": float(r.fun), "gradient_norm": gnorm,
            "iterations": int(r.nit), "evaluations": 2 * bridge.evaluations, "seconds": seconds, "objective_seconds": bridge.seconds,
            "message": str(r.message)}


def seconds(t):
    return f"{t:.3f}" if t >= 0.1 else f"{t * 1000:.2f} ms"


def optbench_only(target):
    """OptBench's grid alone at n ≈ target (scipy's pipe would take hours there): the merged
    report's summary and profiles, and the time split of each solver."""
    problems = []
    for name in names:
        n, start = valid_n(name, target)
        if n is not None:
            problems.append(f"{name}:n={n}")
    tag = f"n{target}"
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        rows, merged = optbench_grid(problems, SOLVERS, folder, tag)
        wall = time.perf_counter() - started
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    out = [f"# CUTEst at n ≈ {target}: OptBench's L-BFGS and CG", "",
           f"Regenerate: `python3 scripts/compare/cutest-comparison.py --optbench-only {target}` (OptBench {version}); two shards, one per core, "
           f"merged by `optbench merge`; {wall:.0f} s of wall time.", "",
           f"{len(problems)} problems of the `cutest` suite at the allowed n closest to {target}; ‖∇f‖∞ ≤ {GTOL:g}, at most {MAXITER} iterations. "
           "Cells: ✓/✗ solved, iterations / evaluations (f and ∇f).", "",
           "| problem | " + " | ".join(f"`{s}`" for s in SOLVERS) + " |", "|---|" + "---|" * len(SOLVERS)]
    for reference in problems:
        cells = []
        for s in SOLVERS:
            r = rows.get((reference, s))
            cells.append("skipped" if r is None else f"{'✓' if r['solved'] else '✗'} {r['iterations']} / {r['f_evaluations'] + r['gradient_evaluations']}")
        out.append(f"| {reference.removeprefix('cutest/')} | " + " | ".join(cells) + " |")
    out += ["", "| solver | solved | shifted geometric mean cost | total seconds | of which in the objective | solver's own |", "|---|---:|---:|---:|---:|---:|"]
    for summary in merged["summary"]:
        mine = [r for (ref, label), r in rows.items() if label == summary["label"]]
        total = sum(r["seconds"] for r in mine)
        inside = sum(r["objective_seconds"] or 0 for r in mine)
        cost = summary["shifted_geometric_mean_cost"]
        out.append(f"| `{summary['label']}` | {summary['solved']}/{summary['runs']} | {'—' if cost is None else f'{cost:.1f}'} | {total:.1f} | {inside:.1f} | {total - inside:.1f} |")
    out += ["", f"(means over the {merged['commonly_solved']} problems every solver solved)", "",
            f"![performance profile](cutest-{tag}-profile.svg)", "", f"![data profile](cutest-{tag}-data-profile.svg)"]
    path = os.path.join(root, "results", f"cutest-{tag}.md")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {path}", file=sys.stderr)


def main():
    os.makedirs(os.path.join(root, "results"), exist_ok=True)
    problems = []
    for name in names:
        n, start = valid_n(name, TARGET)
        if n is None:
            print(f"{name}: no allowed n near {TARGET}; left out", file=sys.stderr)
            continue
        problems.append((name, f"{name}:n={n}", n, np.array(start["x0"]), start["f_minimum"]))
    small = []
    for name in names:
        n, start = valid_n(name, 1000)
        if n is not None:
            small.append((name, f"{name}:n={n}", n))

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        rows, merged = optbench_grid([p[1] for p in problems], SOLVERS, folder, "large")
        optbench_wall = time.perf_counter() - started
        small_rows, small_merged = optbench_grid([p[1] for p in small], SMALL_SOLVERS, folder, "n1000")

    scipy = {}
    for name, reference, n, x0, f_star in problems:
        for method in ("L-BFGS-B", "CG"):
            scipy[(reference, method)] = scipy_run(reference, method, x0, f_star)
            print(f"scipy {method} {reference}: {scipy[(reference, method)]['message']}", file=sys.stderr)

    # Tables.
    def cell(row):
        mark = "✓" if row["solved"] else "✗"
        return f"{mark} {row['iterations']} / {row['evaluations']}"

    out = ["# CUTEst at scale: OptBench against scipy", "",
           f"Regenerate: `python3 scripts/compare/cutest-comparison.py{' --quick' if args.quick else ''}` "
           f"(OptBench {subprocess.run([binary, '--version'], capture_output=True, text=True).stdout.strip()}; "
           f"scipy {__import__('scipy').__version__}, numpy {np.__version__}).", "",
           f"Every problem of the `cutest` suite ({len(problems)} problems) at the allowed n closest to {TARGET}, from the SIF file's start. "
           f"Stopping: ‖∇f‖∞ ≤ {GTOL:g} (scipy: `gtol` with the ∞-norm for CG, `gtol` on the projected gradient and `ftol = 0` for L-BFGS-B), "
           f"at most {MAXITER} iterations. **Solved**: converged and, where the SIF file reports f*, f(x₀) − f ≥ (1 − τ)(f(x₀) − f*) (Moré & Wild 2009) and, where f* ≠ 0, f − f* ≤ τ|f*|, with τ = 1e-5 (OptBench compare's rule). "
           "Cells: ✓/✗ solved, iterations / evaluations (f and ∇f counted separately, so a fused f+∇f call counts 2 as in OptBench's cost). "
           "scipy's L-BFGS-B and CG call f and ∇f together through `optbench eval --stdin`.", ""]
    header = ["problem", "n", "f*"] + [f"`{s}`" for s in SOLVERS] + ["scipy L-BFGS-B", "scipy CG"]
    out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, reference, n, x0, f_star in problems:
        cells = [name.removeprefix("cutest/"), str(n), "—" if f_star is None else f"{f_star:.6g}"]
        for s in SOLVERS:
            r = rows.get((reference, s))
            cells.append("skipped" if r is None else cell({"solved": r["solved"], "iterations": r["iterations"],
                                                           "evaluations": r["f_evaluations"] + r["gradient_evaluations"]}))
        for m in ("L-BFGS-B", "CG"):
            cells.append(cell(scipy[(reference, m)]))
        out.append("| " + " | ".join(cells) + " |")

    # Summary: solved, evaluations over problems both solved, time split.
    out += ["", "## Summary", "",
            "| solver | solved | median evaluations (all solved by it) | total seconds | of which in the objective | solver's own |",
            "|---|---:|---:|---:|---:|---:|"]
    for s in SOLVERS:
        mine = [rows[(p[1], s)] for p in problems if (p[1], s) in rows]
        ev = [r["f_evaluations"] + r["gradient_evaluations"] for r in mine if r["solved"]]
        total = sum(r["seconds"] for r in mine)
        inside = sum(r["objective_seconds"] or 0 for r in mine)
        out.append(f"| `{s}` | {sum(r['solved'] for r in mine)}/{len(mine)} | {f'{statistics.median(ev):.0f}' if ev else '—'} | {total:.2f} | {inside:.2f} | "
                   f"{total - inside:.2f} |")
    for m in ("L-BFGS-B", "CG"):
        mine = [scipy[(p[1], m)] for p in problems]
        ev = [r["evaluations"] for r in mine if r["solved"]]
        total = sum(r["seconds"] for r in mine)
        inside = sum(r["objective_seconds"] for r in mine)
        out.append(f"| scipy {m} | {sum(r['solved'] for r in mine)}/{len(mine)} | {f'{statistics.median(ev):.0f}' if ev else '—'} | {total:.2f} | "
                   f"{inside:.2f} (pipe included) | {total - inside:.2f} |")

    # Head to head on the problems both solved.
    out += ["", "## Head to head (problems both solved)", "", "| pair | both solved | median evaluation ratio OptBench/scipy | fewer: OptBench / scipy / equal |",
            "|---|---:|---:|---:|"]
    for ours, theirs in (("lbfgs", "L-BFGS-B"), ("cg", "CG")):
        pairs = [(rows[(p[1], ours)], scipy[(p[1], theirs)]) for p in problems if (p[1], ours) in rows]
        both = [(a, b) for a, b in pairs if a["solved"] and b["solved"]]
        ratios = [(a["f_evaluations"] + a["gradient_evaluations"]) / b["evaluations"] for a, b in both]
        fewer_ours = sum((a["f_evaluations"] + a["gradient_evaluations"]) < b["evaluations"] for a, b in both)
        fewer_theirs = sum((a["f_evaluations"] + a["gradient_evaluations"]) > b["evaluations"] for a, b in both)
        med = f"{statistics.median(ratios):.2f}" if ratios else "—"
        out.append(f"| `{ours}` vs scipy {theirs} | {len(both)} | {med} | {fewer_ours} / {fewer_theirs} / {len(both) - fewer_ours - fewer_theirs} |")

    out += ["", "## Profiles (OptBench's solvers, from `optbench merge`)", "",
            "![performance profile](cutest-large-profile.svg)", "", "![data profile](cutest-large-data-profile.svg)", "",
            f"## BFGS at n ≈ 1000 ({len(small)} problems)", "", "Dense BFGS keeps an n × n matrix (n² work per iteration), so it runs on the "
            "same problems at the allowed n closest to 1000, beside L-BFGS and CG.", "",
            "| solver | solved | shifted geometric mean cost | shifted geometric mean seconds |", "|---|---:|---:|---:|"]
    for s in small_merged["summary"]:
        cost = s["shifted_geometric_mean_cost"]
        secs = s["shifted_geometric_mean_seconds"]
        out.append(f"| `{s['label']}` | {s['solved']}/{s['runs']} | {'—' if cost is None else f'{cost:.1f}'} | {'—' if secs is None else f'{secs:.4f}'} |")
    out += ["", f"(means over the {small_merged['commonly_solved']} problems all three solved)", "",
            "![performance profile at n ≈ 1000](cutest-n1000-profile.svg)", "",
            "Failures, as the runs reported them:", ""]
    for (reference, label), r in sorted(rows.items()):
        if not r["solved"]:
            out.append(f"- {reference} × `{label}`: {r['status']}" + (f" — {r['detail']}" if r.get("detail") else "")
                       + f" (f = {r['f']:.6g})")
    for (reference, m), r in sorted(scipy.items()):
        if not r["solved"]:
            out.append(f"- {reference} × scipy {m}: {r['message']} (f = {r['f']:.6g}, ‖∇f‖∞ = {r['gradient_norm']:.2e})")
    path = os.path.join(root, "results", "cutest-comparison.md")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {path} (OptBench grid {optbench_wall:.1f} s)", file=sys.stderr)


if args.optbench_only:
    os.makedirs(os.path.join(root, "results"), exist_ok=True)
    optbench_only(args.optbench_only)
else:
    main()
