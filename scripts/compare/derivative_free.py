"""Moré & Wild's benchmark of derivative-free solvers (SIAM J. Optim. 20(1), 2009) on OptBench's
`more-wild` and `more-wild-noisy` problems: OptBench's derivative-free solvers (every solver whose
catalog entry says so in `optbench list --format json`) through `optbench compare`, and the peers —
scipy's Nelder–Mead (plain and adaptive), Powell and COBYLA, PDFO's NEWUOA and BOBYQA, Py-BOBYQA,
cma's CMA-ES — on the same functions, evaluated by OptBench (`optbench eval --stdin`). Every method
runs at its defaults with a budget of 100 simplex gradients, 100(n + 1) evaluations; only the
evaluations within the budget count.

The convergence test is Moré & Wild's (eq. 2.8), f(x₀) − f ≥ (1 − τ)(f(x₀) − f_L) with f the
lowest f a run had evaluated so far, f(x₀) the problem's f at its start and f_L the lowest f any
method found within the budget (or f* where the problem knows it and it is lower: compare's f_L);
t_{p,s} = the evaluations a method spent until it first passed. Writes
results/derivative-free.md (problems solved per τ, smooth and noisy) and the data profiles
d_s(κ) = |{p : t_{p,s} ≤ κ(n_p + 1)}| / |P| as results/derivative-free-{smooth,noisy}.svg.
"""
import json
import multiprocessing
import os
import subprocess
import sys
import time
import warnings

import numpy as np

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
binary = os.environ.get("OPTBENCH_BINARY")
if not binary:
    subprocess.run([os.path.join(root, "scripts", "optbench"), "list"], check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(root, ".build", "release", "optbench")

BUDGET = 100                       # simplex gradients
TAUS = [1e-1, 1e-3, 1e-5, 1e-7]
SETS = ["more-wild", "more-wild-noisy"]
# cma's σ₀ = SIGMA·max(1, ‖x₀‖∞): OptBench cmaes's default rule on a problem without bounds, so both start alike.
SIGMA = float(os.environ.get("CMA_SIGMA", "0.3"))
JOBS = int(os.environ.get("JOBS", "4"))   # peer runs at a time (each with its `optbench eval` process)


def optbench(*arguments):
    return subprocess.run([binary, *arguments], capture_output=True, text=True, check=True).stdout


class OutOfBudget(Exception):
    pass


class Bridge:
    """f of one problem through `optbench eval --stdin`; records every value, stops the run past the budget."""

    def __init__(self, problem, budget):
        self.process = subprocess.Popen([binary, "eval", "--problem", problem, "--stdin"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self.budget = budget
        self.values = []

    def __call__(self, x):
        if len(self.values) >= self.budget:
            raise OutOfBudget()
        self.process.stdin.write(json.dumps([float(v) for v in np.ravel(x)]) + "\n")
        self.process.stdin.flush()
        f = json.loads(self.process.stdout.readline())["f"]
        f = float("inf") if f is None else float(f)
        self.values.append(f)
        return f

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def peers():
    """name → run(fun, x0, budget): each at its defaults but for the budget."""
    from scipy.optimize import minimize

    def scipy_method(method, **options):
        return lambda fun, x0, budget: minimize(fun, x0, method=method, options={**options, "maxfev": budget}
                                                if method != "COBYLA" else {**options, "maxiter": budget})

    def pdfo_method(method):
        def run(fun, x0, budget):
            import pdfo
            return pdfo.pdfo(fun, x0, method=method, options={"maxfev": budget, "quiet": True})
        return run

    def pybobyqa_run(fun, x0, budget):
        import pybobyqa
        return pybobyqa.solve(fun, x0, maxfun=budget)

    def cma_run(fun, x0, budget):
        import cma
        sigma = SIGMA * max(1.0, float(np.max(np.abs(x0))))
        return cma.fmin2(fun, x0, sigma, options={"maxfevals": budget, "verbose": -9, "seed": 1, "verb_log": 0,
                                                  "verb_disp": 0})

    return {
        "scipy Nelder-Mead": scipy_method("Nelder-Mead"),
        "scipy Nelder-Mead adaptive": scipy_method("Nelder-Mead", adaptive=True),
        "scipy Powell": scipy_method("Powell"),
        "scipy COBYLA": scipy_method("COBYLA"),
        "PDFO NEWUOA": pdfo_method("newuoa"),
        "PDFO BOBYQA": pdfo_method("bobyqa"),
        "Py-BOBYQA": pybobyqa_run,
        f"cma (σ₀ = {SIGMA:g}·max(1, ‖x₀‖∞))": cma_run,
    }


def optbench_solvers():
    listing = json.loads(optbench("list", "--format", "json"))
    return [s["name"] for s in listing["solvers"] if s.get("derivative_free")]


def optbench_histories(problem_set, problems, solvers):
    """{(problem, label): [(evaluations, f)]}: every f each run evaluated, from the `history` of
    `compare --format jsonl --record-values`, one compare per n (--max-evals is 100(n + 1))."""
    by_n = {}
    for p in problems:
        by_n.setdefault(p["n"], []).append(p["name"])
    histories = {}
    for n, names in sorted(by_n.items()):
        out = optbench("compare", "--solvers", ",".join(solvers), "--problems", ",".join(names), "--format",
                       "jsonl", "--max-evals", str(BUDGET * (n + 1)), "--max-iter", "1000000", "--jobs", "1",
                       "--record-values")
        for line in out.splitlines():
            row = json.loads(line)
            history = row["history"]
            values = [float("inf") if f is None else f for f in history["f"]]
            histories[(row["problem"], row["label"])] = list(zip(history["f_evaluations"], values))
    return histories


def first_passages(history, f0, f_low, budget):
    """Evaluations until the run first passed the test at each τ (None: not within the budget)."""
    result = []
    for tau in TAUS:
        target = f0 - (1 - tau) * (f0 - f_low)
        result.append(next((k for k, f in history if k <= budget and np.isfinite(f) and f <= target), None))
    return result


def run_peer(task):
    """One peer's run on one problem: the f values it evaluated within the budget, and its CPU seconds."""
    label, name, x0, budget = task
    begin = time.process_time()
    bridge = Bridge(name, budget)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            peers()[label](bridge, x0.copy(), budget)
    except OutOfBudget:
        pass
    finally:
        bridge.close()
    return bridge.values, time.process_time() - begin


def run_set(problem_set, methods, peer_runs):
    problems = []
    for name in json.loads(optbench("list", "--format", "json"))["problems"]:
        if name["name"].startswith(problem_set + "/"):
            start = json.loads(optbench("eval", "--problem", name["name"], "--start"))
            x0 = np.array(start["x0"])
            problems.append({"name": name["name"], "n": len(x0), "x0": x0, "f_star": start["f_minimum"],
                             "f0": json.loads(optbench("eval", "--problem", name["name"]))["f"]})
    histories = optbench_histories(problem_set, problems, methods) if methods else {}
    # Every (peer, problem) run is independent (cma's seed is fixed): JOBS at a time.
    tasks = [(label, p["name"], p["x0"], BUDGET * (p["n"] + 1)) for label in peer_runs for p in problems]
    with multiprocessing.Pool(JOBS) as pool:
        for (label, name, _, _), (values, seconds) in zip(tasks, pool.map(run_peer, tasks)):
            histories[(name, label)] = list(enumerate(values, start=1))
    print(f"{problem_set}: {len(tasks)} peer runs done", file=sys.stderr)
    labels = methods + list(peer_runs)
    passages = {}
    for p in problems:
        budget = BUDGET * (p["n"] + 1)
        found = [f for label in labels for k, f in histories[(p["name"], label)] if k <= budget and np.isfinite(f)]
        f_low = min(found + ([p["f_star"]] if p["f_star"] is not None else []))
        p["f_low"] = f_low
        for label in labels:
            passages[(p["name"], label)] = first_passages(histories[(p["name"], label)], p["f0"], f_low, budget)
    return problems, labels, passages


def data_profile(problems, labels, passages, index):
    """Per label, the staircase (κ, fraction) of d_s(κ) for τ = TAUS[index], κ from 0 to the budget."""
    curves = {}
    for label in labels:
        kappas = sorted(passages[(p["name"], label)][index] / (p["n"] + 1) for p in problems
                        if passages[(p["name"], label)][index] is not None)
        points, level = [(0.0, 0.0)], 0.0
        for i, k in enumerate(kappas):
            points += [(k, level), (k, (i + 1) / len(problems))]
            level = (i + 1) / len(problems)
        curves[label] = points + [(float(BUDGET), level)]
    return curves


COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
          "#17becf", "#000000", "#aec7e8"]
# Each OptBench method and its reference implementation share a colour (OptBench solid, the peer dashed).
REFERENCES = {"scipy Nelder-Mead": "nelder-mead", "scipy Powell": "powell", "PDFO NEWUOA": "newuoa",
              "PDFO BOBYQA": "bobyqa", "cma": "cmaes"}


def styles(labels):
    """label → (colour, dash attribute) for the curves and the legend."""
    out, free = {}, iter(COLORS[len([label for label in labels if label.startswith("OptBench ")]):])
    methods = [label for label in labels if label.startswith("OptBench ")]
    for i, label in enumerate(methods):
        out[label] = (COLORS[i % len(COLORS)], "")
    for label in labels:
        if label in out:
            continue
        reference = next((m for key, m in REFERENCES.items() if label == key or label.startswith(key + " (")), None)
        paired = out.get(f"OptBench {reference}") if reference else None
        out[label] = ((paired[0] if paired else next(free, "#555555")), ' stroke-dasharray="6 3"')
    return out


def svg(title, panels):
    """Data profiles, one panel per τ (a 2 × 2 grid), x: κ in simplex gradients (0 … BUDGET), y: fraction."""
    width, height, left, top, plot_w, plot_h = 1100, 700, 60, 50, 330, 250
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
           f'font-size="12">', '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">{title}</text>']
    for index, (tau, curves) in enumerate(panels):
        ox, oy = left + (index % 2) * (plot_w + 90), top + (index // 2) * (plot_h + 90)
        px = lambda k: ox + k / BUDGET * plot_w  # noqa: E731
        py = lambda y: oy + (1 - y) * plot_h  # noqa: E731
        out.append(f'<text x="{ox + plot_w / 2}" y="{oy - 8}" text-anchor="middle">τ = {tau:g}</text>')
        for y in np.linspace(0, 1, 6):
            out.append(f'<line x1="{ox}" y1="{py(y):.1f}" x2="{ox + plot_w}" y2="{py(y):.1f}" stroke="#e5e5e5"/>')
            out.append(f'<text x="{ox - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:.1f}</text>')
        for k in range(0, BUDGET + 1, 20):
            out.append(f'<text x="{px(k):.1f}" y="{oy + plot_h + 16}" text-anchor="middle">{k}</text>')
        out.append(f'<rect x="{ox}" y="{oy}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>')
        out.append(f'<text x="{ox + plot_w / 2}" y="{oy + plot_h + 34}" text-anchor="middle">'
                   'κ (simplex gradients, n + 1 evaluations)</text>')
        style = styles(list(curves))
        for label, points in curves.items():
            path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
            color, dash = style[label]
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.6"{dash} points="{path}"/>')
    labels = list(panels[0][1])
    style = styles(labels)
    # The legend right of the panels (they end at x = left + 2 plot_w + 90 = 810), one line per method.
    for i, label in enumerate(labels):
        y = top + 20 * i
        color, dash = style[label]
        out.append(f'<line x1="850" y1="{y}" x2="875" y2="{y}" stroke="{color}" stroke-width="2"{dash}/>')
        out.append(f'<text x="882" y="{y + 4}">{label.replace("&", "&amp;")}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    methods = optbench_solvers()
    peer_runs = peers()
    lines = ["# Derivative-free solvers on Moré & Wild's benchmark", "",
             "Moré & Wild, \"Benchmarking derivative-free optimization algorithms\", SIAM J. Optim. 20(1), 2009: "
             "the 53 problems `more-wild/1` … `more-wild/53` (smooth) and `more-wild-noisy/1` … (f·(1 + 10⁻³φ(x)), "
             "their deterministic noise), every method at its defaults with a budget of 100 simplex gradients "
             "(100(n + 1) evaluations of f). OptBench's derivative-free solvers (those `optbench list --format json` "
             f"marks `derivative_free`: {', '.join(f'`{m}`' for m in methods)}) run through `optbench compare`; "
             "the peers evaluate the same functions through `optbench eval --stdin`.", "",
             "Solved: the run passed Moré & Wild's test f(x₀) − f ≥ (1 − τ)(f(x₀) − f_L) within the budget, f the "
             "lowest f it had evaluated, f_L the lowest f any method found within the budget (f* where the problem "
             "knows it and it is lower). Every method is charged at the evaluation that passed: OptBench's rows "
             "come from every f it evaluated (`compare --record-values`, the rows' `history`), the peers' from "
             "every evaluation through the bridge. OptBench's runs include its evaluation of f(x₀); cma's do not "
             f"evaluate x₀. cma starts with σ₀ = {SIGMA:g}·max(1, ‖x₀‖∞), OptBench cmaes's default on a problem "
             "without bounds, seed 1 (OptBench cmaes: seed 1, its own stream, so only the counts compare).", "",
             "Reproduce: `scripts/compare/derivative-free` (peers into `.build/venv-dfo`).", ""]
    versions = {}
    for module in ["scipy", "pdfo", "pybobyqa", "cma"]:
        try:
            versions[module] = __import__(module).__version__
        except Exception:
            versions[module] = "?"
    lines += ["Peers: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".", ""]
    for problem_set in SETS:
        problems, labels, passages = run_set(problem_set, methods, peer_runs)
        kind = "smooth" if problem_set == "more-wild" else "noisy"
        lines += [f"## {kind.capitalize()} (`{problem_set}`, {len(problems)} problems)", "",
                  "| method | " + " | ".join(f"τ = {t:g}" for t in TAUS) + " |",
                  "|---|" + "---:|" * len(TAUS)]
        for label in labels:
            counts = [sum(passages[(p["name"], label)][i] is not None for p in problems) for i in range(len(TAUS))]
            name = f"OptBench `{label}`" if label in methods else label
            lines.append(f"| {name} | " + " | ".join(str(c) for c in counts) + " |")
        figure = f"derivative-free-{kind}.svg"
        panels = [(tau, data_profile(problems, labels, passages, i)) for i, tau in enumerate(TAUS)]
        with open(os.path.join(root, "results", figure), "w") as out:
            out.write(svg(f"Data profiles, {kind} Moré–Wild problems ({len(problems)})",
                          [(t, {(f"OptBench {k}" if k in methods else k): v for k, v in c.items()})
                           for t, c in panels]))
        lines += ["", f"![data profiles, {kind}]({figure})", ""]
        # Written after each set, so a run stopped during the noisy one keeps the smooth table.
        with open(os.path.join(root, "results", "derivative-free.md"), "w") as out:
            out.write("\n".join(lines))
    print("wrote results/derivative-free.md", file=sys.stderr)


if __name__ == "__main__":
    main()
