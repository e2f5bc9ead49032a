#!/usr/bin/env python3
"""Mini-batch training of the three MLP problems with SGD, momentum, NAG, Adam, AdamW, RMSProp and
Adagrad, each over 5 seeds (`--repeat 5`: the same run with --seed 1, …, 5): test accuracy (RMSE for the
regression) and training loss against epochs, mean and spread, as a table and as one SVG per
problem with bands (min to max over the seeds).

    python3 scripts/compare/adaptive-training.py     # → results/adaptive-training.md, results/adaptive-training-*.svg

Runs `scripts/optbench run … --format json`. The training loss of every epoch is the trace of the
longest run; the test metric at epoch e is that of a run of e epochs, which is the same run cut
short (the order of the mini-batches depends only on the seed and the epoch), so the metric is
measured at the checkpoints below. Batch 32; learning rates: SGD 0.1, momentum and NAG 0.05
with γ = 0.9 (README's digits settings), the adaptive methods at torch.optim's defaults.
"""
import json
import math
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EPOCHS = 30
CHECKPOINTS = [1, 2, 5, 10, 20, 30]
SEEDS = [1, 2, 3, 4, 5]
PROBLEMS = [("digits", "problems/mlp-digits.json", "test_accuracy"),
            ("cancer", "problems/mlp-cancer.json", "test_accuracy"),
            ("diabetes", "problems/mlp-diabetes.json", "test_RMSE")]
METHODS = [("SGD", ["--solver", "gd", "--lr", "0.1"]),
           ("momentum", ["--solver", "momentum", "--lr", "0.05", "--momentum", "0.9"]),
           ("NAG", ["--solver", "nag", "--lr", "0.05", "--momentum", "0.9"]),
           ("Adam", ["--solver", "adam"]),
           ("AdamW", ["--solver", "adamw"]),
           ("RMSProp", ["--solver", "rmsprop"]),
           ("Adagrad", ["--solver", "adagrad"])]
COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"]
# A dash pattern per method, so curves that coincide (Adam and AdamW, momentum and NAG) stay apart.
DASHES = dict(zip(COLORS, ["", "7 3", "2 2", "9 3 2 3", "4 4", "1 3", "12 4"]))


def run(problem, method, epochs):
    """The runs with the seeds SEEDS (`--repeat`), each a run report."""
    command = [os.path.join(ROOT, "scripts", "optbench"), "run", "--problem", problem, *method, "--epochs", str(epochs),
               "--batch-size", "32", "--seed", str(SEEDS[0]), "--repeat", str(len(SEEDS)), "--format", "json"]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)}: {out.stderr}")
    return json.loads(out.stdout)["runs"]


def spread(values):
    return statistics.mean(values), (statistics.stdev(values) if len(values) > 1 else 0.0), min(values), max(values)


def measure(problem, method, metric):
    """Per seed: the loss of every epoch and the metric at each checkpoint; the statuses seen."""
    full = run(problem, method, EPOCHS)
    statuses = {r["status"] for r in full}
    losses = [[entry["f"] for entry in r["trace"]] for r in full]
    at = {e: (run(problem, method, e) if e < EPOCHS else full) for e in CHECKPOINTS}
    metrics = [[at[e][k]["metrics"][metric] for e in CHECKPOINTS] for k in range(len(SEEDS))]
    return losses, metrics, statuses


def nice_ticks(lo, hi, log):
    """Round tick values inside [lo, hi] (log10 ends when log): 1, 2, 5 × 10ᵏ on a log axis
    (all nine digits when that gives fewer than three), else steps of 1, 2 or 5 × 10ᵏ giving
    four to seven ticks."""
    if log:
        for digits in ([1], [1, 2, 5], list(range(1, 10))):
            ticks = [d * 10.0 ** k for k in range(math.floor(lo) - 1, math.ceil(hi) + 1) for d in digits
                     if lo - 1e-12 <= math.log10(d * 10.0 ** k) <= hi + 1e-12]
            if len(ticks) >= 3:
                return ticks
        return ticks
    span = hi - lo
    for step in sorted(m * 10.0 ** k for k in range(math.floor(math.log10(span)) - 2, math.floor(math.log10(span)) + 2) for m in (1, 2, 5)):
        first = math.ceil(lo / step - 1e-9)
        ticks = [round((first + i) * step, 12) for i in range(int((hi - first * step) / step + 1e-9) + 1)]
        if len(ticks) <= 7:
            return ticks
    return [lo, hi]


def svg_panel(x0, y0, w, h, series, xs_of, log, title, ylabel):
    """One panel: per method a band (min..max) and the mean line. series: [(name, color, [[per seed values]])]."""
    values = [v for _, _, runs in series for r in runs for v in r if v > 0 or not log]
    lo, hi = min(values), max(values)
    if log:
        lo, hi = math.log10(lo), math.log10(hi)
    if hi == lo:
        hi = lo + 1
    xmax = max(xs_of(len(r))[-1] for _, _, runs in series for r in runs)

    def px(x):
        return x0 + 50 + (w - 60) * x / xmax

    def py(v):
        v = math.log10(v) if log else v
        return y0 + h - 30 - (h - 50) * (v - lo) / (hi - lo)

    parts = [f'<rect x="{x0 + 50}" y="{y0 + 20}" width="{w - 60}" height="{h - 50}" fill="none" stroke="#999"/>',
             f'<text x="{x0 + w / 2}" y="{y0 + 14}" text-anchor="middle" font-size="13">{title}</text>',
             f'<text x="{x0 + w / 2}" y="{y0 + h - 4}" text-anchor="middle" font-size="11">epoch</text>',
             f'<text x="{x0 + 12}" y="{y0 + h / 2}" text-anchor="middle" font-size="11" '
             f'transform="rotate(-90 {x0 + 12} {y0 + h / 2})">{ylabel}</text>']
    for t in nice_ticks(lo, hi, log):
        y = py(t)
        parts.append(f'<line x1="{x0 + 50}" y1="{y:.1f}" x2="{x0 + w - 10}" y2="{y:.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{x0 + 46}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{t:g}</text>')
    for e in [0, 10, 20, 30]:
        parts.append(f'<text x="{px(e):.1f}" y="{y0 + h - 16}" text-anchor="middle" font-size="10">{e}</text>')
    for name, color, runs in series:
        xs = xs_of(len(runs[0]))
        columns = list(zip(*runs))
        upper = [max(c) for c in columns]
        lower = [min(c) for c in columns]
        mean = [statistics.mean(c) for c in columns]
        band = [f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, upper)] + \
               [f"{px(x):.1f},{py(v):.1f}" for x, v in reversed(list(zip(xs, lower)))]
        parts.append(f'<polygon points="{" ".join(band)}" fill="{color}" fill-opacity="0.18" stroke="none"/>')
        line = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, mean))
        parts.append(f'<polyline points="{line}" fill="none" stroke="{color}" stroke-width="1.5" stroke-dasharray="{DASHES[color]}"/>')
    return parts


def write_svg(path, label, metric, results):
    w, h = 420, 300
    losses = [(name, color, r[0]) for (name, color), r in results]
    metrics = [(name, color, r[1]) for (name, color), r in results]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * w + 120}" height="{h}" font-family="sans-serif">',
             '<rect width="100%" height="100%" fill="white"/>']
    parts += svg_panel(0, 0, w, h, losses, lambda n: list(range(n)), True, f"{label}: training loss", "f(θ)")
    parts += svg_panel(w, 0, w, h, metrics, lambda n: CHECKPOINTS[:n], False, f"{label}: {metric.replace('_', ' ')}",
                       metric.replace("_", " "))
    for i, ((name, color), _) in enumerate(results):
        parts.append(f'<line x1="{2 * w + 8}" y1="{36 + 18 * i}" x2="{2 * w + 32}" y2="{36 + 18 * i}" stroke="{color}" '
                     f'stroke-width="2" stroke-dasharray="{DASHES[color]}"/>')
        parts.append(f'<text x="{2 * w + 38}" y="{40 + 18 * i}" font-size="11">{name}</text>')
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    lines = ["# Mini-batch training: SGD, momentum, NAG and the adaptive methods", "",
             "`python3 scripts/compare/adaptive-training.py`: batch 32, 30 epochs, seeds 1–5 (`--repeat 5`: the same run with `--seed 1` … `--seed 5`);",
             "SGD η = 0.1, momentum and NAG η = 0.05, γ = 0.9, Adam/AdamW (λ = 0.01) η = 1e-3, RMSProp and Adagrad η = 1e-2",
             "(torch.optim's defaults). The seed changes the order of the mini-batches only: the initial weights are the",
             "problem file's (so a spread of 0 means every order gave the same test predictions). Mean ± standard",
             "deviation over the seeds, [min, max] for the loss; the plots (`adaptive-training-*.svg`) show the mean and",
             "the band from min to max. The test metric is measured at the epochs listed (a run of e epochs).", ""]
    for label, problem, metric in PROBLEMS:
        results = []
        lines += [f"## {label} (`{problem}`)", "",
                  f"| method | {metric.replace('_', ' ')} after " + " | ".join(f"{e}" for e in CHECKPOINTS) + " epochs | training loss after 30 | status |",
                  "|---|" + "---|" * len(CHECKPOINTS) + "---|---|"]
        for (name, method), color in zip(METHODS, COLORS):
            losses, metrics, statuses = measure(problem, method, metric)
            results.append(((name, color), (losses, metrics)))
            cells = []
            for k in range(len(CHECKPOINTS)):
                m, s, lo, hi = spread([r[k] for r in metrics])
                cells.append(f"{m:.4g} ± {s:.2g}")
            m, s, lo, hi = spread([r[-1] for r in losses])
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {m:.4g} ± {s:.2g} [{lo:.4g}, {hi:.4g}] | {', '.join(sorted(statuses))} |")
        lines.append("")
        lines.append(f"![{label}](adaptive-training-{label}.svg)")
        lines.append("")
        write_svg(os.path.join(ROOT, "results", f"adaptive-training-{label}.svg"), label, metric, results)
        print(f"{label}: done", file=sys.stderr)
    with open(os.path.join(ROOT, "results", "adaptive-training.md"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
