#!/usr/bin/env python3
"""PDFO 2.2.0's newuoa on the cases NEWUOATests checks (Tests/OptimTests/Solvers/NEWUOATests.swift).

Runs pdfo.newuoa (Powell's Fortran NEWUOA as PDFO ships it, in the .build/venv-pdfo that
reference-bobyqa.py creates) and prints, per case, PDFO's nfev, exit flag, the final point and f,
and the first evaluated points (as exact hexadecimal floats with --swift).

    python3 scripts/reference/reference-newuoa.py            # all cases, readable
    python3 scripts/reference/reference-newuoa.py --swift    # as Swift literals for the test

The objectives are reference-bobyqa.py's (written term by term in the order the Swift closures
use), plus MGH's Powell singular function and the extended Rosenbrock function.
"""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("reference_bobyqa", os.path.join(HERE, "reference-bobyqa.py"))
bobyqa = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bobyqa)


def powell_singular(x):
    # Moré, Garbow & Hillstrom (1981) problem 13: r = (x₁ + 10x₂, √5 (x₃ − x₄), (x₂ − 2x₃)², √10 (x₁ − x₄)²).
    r1 = x[0] + 10.0 * x[1]
    r2 = 5.0 ** 0.5 * (x[2] - x[3])
    a = x[1] - 2.0 * x[2]
    r3 = a * a
    b = x[0] - x[3]
    r4 = 10.0 ** 0.5 * (b * b)
    return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4


def extended_rosenbrock(x):
    # MGH problem 21 (n even): Σ 100 (x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)², summed pair by pair.
    f = 0.0
    for i in range(0, len(x), 2):
        a = x[i + 1] - x[i] * x[i]
        b = 1.0 - x[i]
        f = f + (100.0 * (a * a) + b * b)
    return f


OPTIONS = {"rhobeg": 0.5, "rhoend": 1e-6}
CASES = [
    # name, function, x0, options
    ("rosenbrock", bobyqa.rosenbrock, [-1.2, 1.0], OPTIONS),
    ("quadratic", bobyqa.quadratic, [0.0, 0.0, 0.0], {"rhobeg": 1.0, "rhoend": 1e-6, "npt": 10}),
    ("quadratic-2n+1", bobyqa.quadratic, [0.0, 0.0, 0.0], {"rhobeg": 1.0, "rhoend": 1e-6}),
    ("wood", bobyqa.wood, [-3.0, -1.0, -3.0, -1.0], {"rhobeg": 1.0, "rhoend": 1e-6}),
    ("powell-singular", powell_singular, [3.0, -1.0, 0.0, 1.0], {"rhobeg": 1.0, "rhoend": 1e-6}),
    ("extended-rosenbrock", extended_rosenbrock, [-1.2, 1.0] * 4, {"rhobeg": 0.5, "rhoend": 1e-6, "npt": 10}),
    ("extended-rosenbrock-full", extended_rosenbrock, [-1.2, 1.0] * 3, {"rhobeg": 0.5, "rhoend": 1e-6, "npt": 20}),
    ("rosenbrock-maxfev", bobyqa.rosenbrock, [-1.2, 1.0], dict(OPTIONS, maxfev=30)),
    ("rosenbrock-nan", bobyqa.rosenbrock_nan, [-1.2, 1.0], OPTIONS),
]


def run(case):
    import numpy as np
    import pdfo
    name, fun, x0, options = case
    points = []

    def recorded(x):
        points.append([float(v) for v in x])
        return fun(x)

    result = pdfo.newuoa(recorded, np.array(x0), options=dict(options, quiet=True))
    return name, result, points


if __name__ == "__main__":
    bobyqa.reexec_in_venv()
    bobyqa.print_cases(CASES, run)
