#!/usr/bin/env python3
"""Compares OptBench's adaptive updates and learning-rate schedules with torch.optim, where
torch is installed (it is not needed by the build or the tests):

    python3 scripts/compare/compare-torch-adaptive.py > results/adaptive-vs-torch.md

Iterates: each case of scripts/reference/reference-adaptive.py (20 full-gradient steps on 2-D Rosenbrock
from (-1.2, 1)) run by torch.optim in float64, against results/adaptive-iterates.txt, which the
Swift test AdaptiveReferenceTests holds the library to within 1e-12. Schedules and clipping are
applied by hand (the learning rate set before each step, the gradient scaled by min(1, c/||g||)),
so the update rules are compared alone; the schedules are compared with torch's schedulers
separately. Optax is compared when it is installed too (it usually is not).
"""
import importlib.util
import math
import os
import sys

import numpy as np

try:
    import torch
except ImportError:
    sys.exit("torch is not installed: nothing to compare (pip install torch)")

# float64 throughout: torch keeps NAdam's running product Πμᵢ as a tensor of the default dtype
# (float32 unless set), which alone moves its iterates by about 1e-10.
torch.set_default_dtype(torch.float64)
here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("reference", os.path.join(here, "..", "reference", "reference-adaptive.py"))
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)

O = torch.optim
# case: (torch optimizer factory over the parameter list and lr, note)
TORCH = {
    "adam": (lambda p, lr: O.Adam(p, lr=lr), ""),
    "adam-l2": (lambda p, lr: O.Adam(p, lr=lr, weight_decay=0.1), ""),
    "adamw": (lambda p, lr: O.AdamW(p, lr=lr, weight_decay=0.1), ""),
    "adam-beta2": (lambda p, lr: O.Adam(p, lr=lr, betas=(0.9, 0.5)), ""),
    "amsgrad": (lambda p, lr: O.Adam(p, lr=lr, betas=(0.9, 0.5), amsgrad=True), ""),
    "rmsprop": (lambda p, lr: O.RMSprop(p, lr=lr), ""),
    "rmsprop-centered": (lambda p, lr: O.RMSprop(p, lr=lr, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.05), ""),
    "adagrad": (lambda p, lr: O.Adagrad(p, lr=lr), ""),
    "adagrad-wd": (lambda p, lr: O.Adagrad(p, lr=lr, weight_decay=0.1), ""),
    "adadelta": (lambda p, lr: O.Adadelta(p, lr=lr), ""),
    "adadelta-wd": (lambda p, lr: O.Adadelta(p, lr=lr, rho=0.95, weight_decay=0.1), ""),
    "nadam": (lambda p, lr: O.NAdam(p, lr=lr), ""),
    "nadam-wd": (lambda p, lr: O.NAdam(p, lr=lr, weight_decay=0.1), ""),
    "adam-cosine-warmup-clip": (lambda p, lr: O.Adam(p, lr=lr), "schedule and clipping by hand"),
    "momentum-exponential-clip": (lambda p, lr: O.SGD(p, lr=lr, momentum=0.9),
                                  "torch's SGD keeps v = γv + g and steps ηv: the same as v = γv + ηg only while η is constant"),
    "gd-step-clip": (lambda p, lr: O.SGD(p, lr=lr), "schedule and clipping by hand"),
}


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def torch_iterates(name):
    make, _ = TORCH[name]
    _, _, schedule, c = reference.CASES[name]
    eta = reference.ETA[name]
    x = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
    optimizer = make([x], eta)
    path = []
    for t in range(20):
        optimizer.zero_grad()
        rosenbrock(x).backward()
        if c is not None:
            norm = x.grad.norm().item()
            if norm > c:
                x.grad.mul_(c / norm)
        for group in optimizer.param_groups:
            group["lr"] = reference.rate(eta, t, **schedule)
        optimizer.step()
        path.append(x.detach().numpy().copy())
    return path


def ours():
    table = {}
    with open(os.path.join(here, "..", "..", "results", "adaptive-iterates.txt")) as f:
        for line in f:
            name, _, a, b = line.split()
            table.setdefault(name, []).append(np.array([float(a), float(b)]))
    return table


def schedule_rows():
    """Our multipliers against torch's schedulers, over 12 steps."""
    def run(make, steps=12):
        p = torch.zeros(1, requires_grad=True)
        opt = O.SGD([p], lr=1.0)
        sched = make(opt)
        values = []
        for _ in range(steps):
            values.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        return values

    S = O.lr_scheduler
    cases = [
        ("step γ = 0.5, s = 3", lambda o: S.StepLR(o, step_size=3, gamma=0.5), dict(decay="step", gamma=0.5, s=3)),
        ("exponential γ = 0.8, s = 1", lambda o: S.ExponentialLR(o, gamma=0.8), dict(decay="exponential", gamma=0.8, s=1)),
        ("cosine s = 12", lambda o: S.CosineAnnealingLR(o, T_max=12), dict(decay="cosine", s=12)),
        ("warm-up W = 4", lambda o: S.LinearLR(o, start_factor=1 / 5, total_iters=4), dict(warmup=4)),
        ("warm-up W = 3 × step γ = 0.5, s = 2",
         lambda o: S.ChainedScheduler([S.LinearLR(o, start_factor=1 / 4, total_iters=3), S.StepLR(o, step_size=2, gamma=0.5)]),
         dict(warmup=3, decay="step", gamma=0.5, s=2)),
    ]
    rows = []
    for label, make, ours_kw in cases:
        theirs = run(make)
        mine = [reference.rate(1.0, t, **ours_kw) for t in range(12)]
        rows.append((label, max(abs(a - b) for a, b in zip(theirs, mine))))
    return rows


def main():
    mine = ours()
    print(f"# Adaptive methods against torch.optim {torch.__version__}\n")
    print("`python3 scripts/compare/compare-torch-adaptive.py > results/adaptive-vs-torch.md`: 20 full-gradient steps on 2-D")
    print("Rosenbrock from (−1.2, 1), float64; OptBench's iterates are results/adaptive-iterates.txt (the NumPy")
    print("transcription the Swift tests match to 1e-12), torch's with `torch.set_default_dtype(torch.float64)` (else")
    print("NAdam's running product Πμᵢ is float32 and its iterates move by ~1e-10). Largest relative difference over")
    print("the 20 iterates:\n")
    print("| case | max relative difference | note |")
    print("|---|---|---|")
    for name in TORCH:
        theirs = torch_iterates(name)
        diff = max(float(np.max(np.abs(a - b) / np.maximum(1, np.abs(b)))) for a, b in zip(theirs, mine[name]))
        print(f"| {name} | {diff:.2e} | {TORCH[name][1]} |")
    print("\nNAG is not compared: torch's `SGD(nesterov=True)` steps θ by η(g + μ·buf) and reports θ, where")
    print("OptBench reports the look-ahead point of Sutskever's form; the two sequences are different points.\n")
    print("## Schedules against torch.optim.lr_scheduler (η = 1, 12 steps)\n")
    print("| schedule | torch scheduler | max difference |")
    print("|---|---|---|")
    names = {"step": "StepLR", "exponential": "ExponentialLR", "cosine": "CosineAnnealingLR", "warm-up W = 4": "LinearLR(1/5, 4)"}
    for label, diff in schedule_rows():
        scheduler = next((v for k, v in names.items() if label.startswith(k)), "ChainedScheduler(LinearLR, StepLR)")
        print(f"| {label} | {scheduler} | {diff:.2e} |")
    try:
        import optax  # noqa: F401
        print("\nOptax is installed but not compared here yet.")
    except ImportError:
        print("\nOptax is not installed (`pip download optax` works; it needs jax): not compared.")


if __name__ == "__main__":
    main()
