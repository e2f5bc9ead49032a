"""Turns the points measured by scripts/bench/bench-growth (`optbench-perf growth`, one JSON object
a line) into results/cost-growth.md, results/cost-growth.csv and results/cost-growth.svg (drawn
by `optbench-perf growth-chart` from the CSV), each written to a temporary file and renamed, so a
failed run leaves the old results whole.

For every size it keeps the window whose solver's own time is the median of all the rounds'
windows (the MLP: the median window), fits growth exponents by least squares of log t on log n, and places each
size in the cache level its working set fits in (the cache sizes read from sysfs).

    python3 scripts/bench/cost_growth.py WORKDIR OPTBENCH_PERF BUILD WINDOW_SECONDS
"""
import csv
import datetime
import io
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MEMORY = 10  # L-BFGS pairs (optbench-perf growth lbfgs)


def caches():
    """{level: bytes} of the data caches cpu0 uses (L1d, L2, L3), from sysfs, and a text that
    names the CPUs sharing each."""
    found, shared = {}, []
    base = "/sys/devices/system/cpu/cpu0/cache"
    for entry in sorted(os.listdir(base)):
        if not entry.startswith("index"):
            continue
        read = lambda name: open(os.path.join(base, entry, name)).read().strip()
        if read("type") in ("Data", "Unified"):
            size, name = read("size"), f"L{read('level')}"
            found[name] = int(size.rstrip("KM")) * {"K": 1024, "M": 1024 ** 2}.get(size[-1], 1)
            shared.append(f"{name} {fmt_bytes(found[name])} (CPUs {read('shared_cpu_list')})")
    return found, ", ".join(shared)


# Bytes each size touches per iteration or evaluation: L-BFGS's 2m stored vectors plus x, ∇f,
# the trial point and gradient (2m + 4 vectors); CG's x, ∇f, trial x and ∇f, d and y (6); BFGS's
# dense n × n H; the MLP's inputs X (N × 64), targets (N × 10), Aₗ, Hₗ, Gₗ of the hidden
# (N × h) and output (N × 10) layers, and θ and ∇L (75h + 10 each).
WORKING_SET = {
    "lbfgs": lambda p: (2 * MEMORY + 4) * 8 * p["n"],
    "cg": lambda p: 6 * 8 * p["n"],
    "bfgs": lambda p: 8 * p["n"] ** 2,
    "mlp": lambda p: 8 * p["samples"] * (64 + 10 + 3 * p["hidden"] + 3 * 10) + 16 * (75 * p["hidden"] + 10),
}
WORKING_SET_TEXT = {
    "lbfgs": "(2m + 4)·8n = 192n bytes",
    "cg": "6 vectors: 48n bytes",
    "bfgs": "H: 8n² bytes",
    "mlp": "8N(104 + 3h) + 16(75h + 10) bytes",
}
THEORY = {"lbfgs": 1, "cg": 1, "bfgs": 2, "mlp": 1}
NAMES = {"lbfgs": "L-BFGS (m = 10)", "cg": "CG (PR+)", "bfgs": "BFGS"}


def level(nbytes, sizes):
    for name in ("L1", "L2", "L3"):
        if name in sizes and nbytes <= sizes[name]:
            return name
    return "memory"


def merged(points):
    """The points of one size from every round joined into one: their windows' lists concatenated."""
    joined = {}
    for p in points:
        key = (p["kind"], p.get("n"), p.get("samples"), p.get("hidden"))
        if key not in joined:
            joined[key] = p
        else:
            for field, value in p.items():
                if isinstance(value, list):
                    joined[key][field] = joined[key][field] + value
    return list(joined.values())


def median_window(point):
    """Index of the window with the median own time (solvers) or median time (MLP)."""
    if point["kind"] == "mlp":
        times = point["seconds_per_evaluation"]
    else:
        times = [t - o for t, o in zip(point["seconds_per_iteration"], point["objective_seconds_per_iteration"])]
    return sorted(range(len(times)), key=times.__getitem__)[len(times) // 2]


def slope(xs, ys):
    """Least-squares slope b of log y = a + b log x, and its standard error
    sqrt(Σrᵢ² / (k − 2) / Σ(log xᵢ − mean)²) (None with fewer than three points)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    sxx = sum((a - mx) ** 2 for a in lx)
    b = sum((a - mx) * (c - my) for a, c in zip(lx, ly)) / sxx
    residuals = sum((c - my - b * (a - mx)) ** 2 for a, c in zip(lx, ly))
    return b, (math.sqrt(residuals / (len(lx) - 2) / sxx) if len(lx) > 2 else None)


def mlp_flops(samples, hidden):
    """Multiply-adds ×2 of the five GEMMs of one loss + gradient: forward X·W₁ (N×64·64×h) and
    H₁·W₂ (N×h·h×10); backward ∂W₂ = H₁ᵀG₂, G₁ = G₂W₂ᵀ and ∂W₁ = XᵀG₁."""
    return 2 * samples * hidden * (2 * 64 + 3 * 10)


def rows(points, sizes):
    out = []
    for p in points:
        i = median_window(p)
        ws = WORKING_SET[p["kind"]](p)
        row = {"kind": p["kind"], "n": p.get("n", ""), "samples": p.get("samples", ""), "hidden": p.get("hidden", ""),
               "working_set_bytes": ws, "cache": level(ws, sizes)}
        if p["kind"] == "mlp":
            t = p["seconds_per_evaluation"][i]
            row.update(kind="mlp-samples" if p["hidden"] == 256 and p["samples"] != 10000 else "mlp-hidden",
                       windows=len(p["seconds_per_evaluation"]), iterations="", seconds=t, objective_seconds="",
                       own_seconds="", own_seconds_min="", own_seconds_max="", evaluations_per_iteration="",
                       gflop_per_second=mlp_flops(p["samples"], p["hidden"]) / t / 1e9)
        else:
            own = [t - o for t, o in zip(p["seconds_per_iteration"], p["objective_seconds_per_iteration"])]
            row.update(windows=len(own), iterations=int(sum(p["iterations"])), seconds=p["seconds_per_iteration"][i],
                       objective_seconds=p["objective_seconds_per_iteration"][i], own_seconds=own[i],
                       own_seconds_min=min(own), own_seconds_max=max(own),
                       evaluations_per_iteration=p["evaluations_per_iteration"][i], gflop_per_second="")
        out.append(row)
    # N = 10,000 at h = 256 belongs to both MLP series: the width series holds it, the samples
    # series gets a copy so each fit sees every point of its sweep.
    shared = [r for r in out if r["kind"] == "mlp-hidden" and r["hidden"] == 256]
    out += [dict(r, kind="mlp-samples") for r in shared]
    order = ["lbfgs", "cg", "bfgs", "mlp-samples", "mlp-hidden"]
    return sorted(out, key=lambda r: (order.index(r["kind"]), r["n"] or 0, r["samples"] or 0, r["hidden"] or 0))


def series(table, kind):
    """(sizes, times, cache levels) of one sweep: own time against n, or MLP time against N or h."""
    picked = [r for r in table if r["kind"] == kind]
    if kind == "mlp-samples":
        return [r["samples"] for r in picked], [r["seconds"] for r in picked], [r["cache"] for r in picked]
    if kind == "mlp-hidden":
        return [r["hidden"] for r in picked], [r["seconds"] for r in picked], [r["cache"] for r in picked]
    return [r["n"] for r in picked], [r["own_seconds"] for r in picked], [r["cache"] for r in picked]


def fits(table):
    """Rows of the exponent table: every sweep over all its sizes and per cache level (≥ 3 sizes)."""
    labels = {"lbfgs": ("L-BFGS own work", "n", 1), "cg": ("CG own work", "n", 1), "bfgs": ("BFGS own work", "n", 2),
              "mlp-samples": ("MLP loss + gradient, h = 256", "N", 1), "mlp-hidden": ("MLP loss + gradient, N = 10,000", "h", 1)}
    out = []
    for kind, (label, var, theory) in labels.items():
        xs, ys, levels = series(table, kind)
        groups = [("all sizes", xs, ys)]
        for name in ("L1", "L2", "L3", "memory"):
            sub = [(x, y) for x, y, c in zip(xs, ys, levels) if c == name]
            if len(sub) >= 3 and len(sub) < len(xs):
                groups.append((f"in {name}" if name != "memory" else "out of cache", [a for a, _ in sub], [b for _, b in sub]))
        for regime, gx, gy in groups:
            out.append((label, regime, f"{var} = {fmt_int(min(gx))}–{fmt_int(max(gx))}", len(gx), slope(gx, gy), theory))
    return out


def fmt_int(v):
    return f"{v:,}"


def fmt_bytes(b):
    for unit, scale in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if b >= scale:
            return f"{b / scale:.3g} {unit}"
    return f"{b} B"


def fmt_time(s):
    if s >= 1e-3:
        return f"{s * 1e3:.3g} ms"
    return f"{s * 1e6:.3g} µs"


def crossing(kind, cache, hidden=256, samples=10_000):
    """The size (n; N at h = `hidden`; h at N = `samples`) at which `kind`'s working set equals
    `cache` bytes, by bisection on the (increasing) working-set formula."""
    size = {"mlp-samples": lambda x: WORKING_SET["mlp"]({"samples": x, "hidden": hidden}),
            "mlp-hidden": lambda x: WORKING_SET["mlp"]({"samples": samples, "hidden": x})}.get(kind)
    size = size or (lambda x: WORKING_SET[kind]({"n": x}))
    low, high = 0.0, 1e12
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if size(middle) < cache else (low, middle)
    return low


def cache_exits(sizes):
    """A table row per sweep: the size at which its working set passes each cache."""
    names = {"lbfgs": ("L-BFGS (m = 10)", "n"), "cg": ("CG", "n"), "bfgs": ("BFGS", "n"),
             "mlp-samples": ("MLP, h = 256", "N"), "mlp-hidden": ("MLP, N = 10,000", "h")}
    lines = []
    for kind, (name, var) in names.items():
        at = [crossing(kind, sizes[c]) if c in sizes else float("nan") for c in ("L1", "L2", "L3")]
        cells = [f"{var} ≈ {fmt_int(round(x))}" if x >= 1 else "never fits" if x == x else "?" for x in at]
        lines.append(f"| {name} | {WORKING_SET_TEXT[kind.split('-')[0]]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def per_element(row):
    """A solver's own time per element of its working set: ns per n (BFGS: per n²)."""
    return row["own_seconds"] * 1e9 / (row["n"] ** 2 if row["kind"] == "bfgs" else row["n"])


def level_table(table):
    """Per solver, the median own time per element over the sizes in each cache level."""
    lines = ["| own time per element | " + " | ".join(f"in {c}" for c in ("L1", "L2", "L3")) + " | out of cache | out of cache ÷ fastest level |",
             "|:--|--:|--:|--:|--:|--:|"]
    for kind, name in (("lbfgs", "L-BFGS, ns per n"), ("cg", "CG, ns per n"), ("bfgs", "BFGS, ns per n²")):
        cells, medians = [], []
        for c in ("L1", "L2", "L3", "memory"):
            values = sorted(per_element(r) for r in table if r["kind"] == kind and r["cache"] == c)
            if values:
                medians.append(values[len(values) // 2])
            cells.append(f"{values[len(values) // 2]:.3g} ({len(values)} sizes)" if values else "—")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {medians[-1] / min(medians):.1f}× |")
    return "\n".join(lines)


def solver_table(table, kind):
    per = "n²" if kind == "bfgs" else "n"
    lines = [f"| n | working set | fits in | total / it | in f, ∇f / it | own / it | own ns per {per} | own spread | f evals / it | iterations timed |",
             "|---:|---:|:--|---:|---:|---:|---:|---:|---:|---:|"]
    for r in (r for r in table if r["kind"] == kind):
        spread = (r["own_seconds_max"] - r["own_seconds_min"]) / r["own_seconds"]
        lines.append(f"| {fmt_int(r['n'])} | {fmt_bytes(r['working_set_bytes'])} | {r['cache']} | {fmt_time(r['seconds'])} | "
                     f"{fmt_time(r['objective_seconds'])} | {fmt_time(r['own_seconds'])} | {per_element(r):.3g} | ±{spread / 2:.0%} | "
                     f"{r['evaluations_per_iteration']:.2f} | {fmt_int(r['iterations'])} |")
    return "\n".join(lines)


def mlp_table(table, kind):
    lines = ["| N | h | working set | fits in | loss + gradient | GFLOP/s | ns per N·h |", "|---:|---:|---:|:--|---:|---:|---:|"]
    for r in (r for r in table if r["kind"] == kind):
        lines.append(f"| {fmt_int(r['samples'])} | {r['hidden']} | {fmt_bytes(r['working_set_bytes'])} | {r['cache']} | "
                     f"{fmt_time(r['seconds'])} | {r['gflop_per_second']:.1f} | {r['seconds'] * 1e9 / (r['samples'] * r['hidden']):.3g} |")
    return "\n".join(lines)


def write(path, text):
    temporary = f"{path}.tmp{os.getpid()}"
    with open(temporary, "w") as f:
        f.write(text)
    os.replace(temporary, path)


def main():
    work, perf, build, window = sys.argv[1], sys.argv[2], sys.argv[3] or "portable", float(sys.argv[4])
    points = merged([json.loads(line) for line in open(os.path.join(work, "points.jsonl"))])
    load = [open(os.path.join(work, name)).read().strip() for name in ("load-before", "load-after")]
    # What other processes took of the CPUs in the 3 s before and after the timings
    # (scripts/bench/cpu-busy, sampled while this benchmark is idle).
    before, after = (float(open(os.path.join(work, name)).read()) for name in ("busy-before", "busy-after"))
    busy = (f"**The machine was busy**: other processes used {before:.0f}% of the {os.cpu_count()} CPUs in the 3 s before "
            f"the timings and {after:.0f}% after; the times carry their use of the cores and the caches; regenerate on a quiet machine.\n\n"
            if max(before, after) > 10 else
            f"Other processes used {before:.0f}% of the {os.cpu_count()} CPUs in the 3 s before the timings and {after:.0f}% after.\n\n")
    sizes, cache_text = caches()
    windows = len(points[0]["seconds_per_iteration"])
    per_round = len(json.loads(open(os.path.join(work, "points.jsonl")).readline())["seconds_per_iteration"])
    rounds = windows // per_round
    table = rows(points, sizes)

    columns = ["kind", "n", "samples", "hidden", "working_set_bytes", "cache", "windows", "iterations", "seconds",
               "objective_seconds", "own_seconds", "own_seconds_min", "own_seconds_max", "evaluations_per_iteration", "gflop_per_second"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    # Dirty means changed sources: results/ files other benchmarks just rewrote do not count.
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "?"
    if subprocess.run(["git", "-C", ROOT, "diff", "--quiet", "HEAD", "--", ".", ":(exclude)results"]).returncode != 0:
        commit += " with uncommitted changes"
    exponent_rows = "\n".join(f"| {label} | {regime} | {span} ({count} sizes) | **{s[0]:.2f}** ± {'—' if s[1] is None else f'{s[1]:.2f}'} | {theory} |"
                              for label, regime, span, count, s, theory in fits(table))
    markdown = f"""# How cost grows with the problem size

Regenerate: `scripts/bench/bench-growth` ({datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {cpu}, {build} release build
of {commit}, OPENBLAS_NUM_THREADS=1). Data: `results/cost-growth.csv`; chart: `results/cost-growth.svg`.
- Load (`uptime`) before: `{load[0]}`
- after: `{load[1]}`

{busy}Other work on the machine shares the cores and the L3 cache: *own spread* below shows each
size's scatter, ± s.e. each fit's.

Data caches of cpu0 and the CPUs sharing each (sysfs): {cache_text}.

**Method.** `optbench-perf growth` runs each solver, as the CLI configures it (L-BFGS m = 10 and
nonlinear CG with PR+, both with Moré–Thuente; BFGS with Moré–Thuente), on chained Rosenbrock
`rosenbrock:n=…` from its standard start, and times consecutive windows of iterations of at
least {window} s and 5 iterations each, after a warm-up that is not timed (L-BFGS: m + 1 iterations,
so its memory is full; the others: 2); a run that converges is started again. The script goes
over all sizes {rounds} times, a new process per size each time, timing {per_round} windows in each.
*In f, ∇f* is the wall time inside the objective, *own* the rest of the iteration (the solver's
work and its line search's bookkeeping). Each row is the window with the median own time of the
{windows}; *own spread* is half the range of their own times over the median. The MLP rows time the
loss and gradient of a 64-h-10 tanh/softmax network on N generated samples (`optbench-perf mlp`
at N = 10⁴, h = 256), the median of {windows} windows of calls; GFLOP/s counts the five GEMMs, 2·N·h·(2·64 + 3·10) flops.
Exponents are least-squares slopes of log t on log n over the sizes named; theory: L-BFGS's own
work is O(mn), CG's O(n), BFGS's O(n²) (the rank-two update and Hg on the dense H), the MLP's
O(N·h) (its GEMMs).

## Fitted growth exponents

| time | where | sizes | fitted ± s.e. | theory |
|:--|:--|:--|---:|---:|
{exponent_rows}

## Where each working set leaves the caches

| | working set | passes L1d at | passes L2 at | passes L3 at |
|:--|:--|--:|--:|--:|
{cache_exits(sizes)}

The kinks: own time per element of the working set in each cache level (median over the sizes
there). The smallest sizes also carry the per-iteration cost that does not grow with n (the
driver, the line search's logic), which raises their time per element and lowers the exponent
fitted over them.

{level_table(table)}

## {NAMES['lbfgs']} on chained Rosenbrock, per iteration

{solver_table(table, 'lbfgs')}

## {NAMES['cg']} on chained Rosenbrock, per iteration

{solver_table(table, 'cg')}

## {NAMES['bfgs']} on chained Rosenbrock, per iteration

{solver_table(table, 'bfgs')}

## MLP loss + gradient against the samples N (h = 256)

{mlp_table(table, 'mlp-samples')}

## MLP loss + gradient against the hidden width h (N = 10,000)

{mlp_table(table, 'mlp-hidden')}
"""
    csv_path = os.path.join(work, "cost-growth.csv")
    with open(csv_path, "w") as f:
        f.write(buffer.getvalue())
    steps = ", ".join(f"{round(crossing(k, sizes['L2'])):,} / {round(crossing(k, sizes['L3'])):,} ({name})"
                      for k, name in (("lbfgs", "L-BFGS"), ("cg", "CG"), ("bfgs", "BFGS")))
    svg = subprocess.run([perf, "growth-chart", csv_path, f"leaves L2 / L3 at n ≈ {steps}"],
                         capture_output=True, text=True, check=True).stdout
    results = os.path.join(ROOT, "results")
    write(os.path.join(results, "cost-growth.csv"), buffer.getvalue())
    write(os.path.join(results, "cost-growth.svg"), svg)
    write(os.path.join(results, "cost-growth.md"), markdown)


if __name__ == "__main__":
    main()
