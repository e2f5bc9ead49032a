#!/usr/bin/env python3
"""scipy's approx_derivative with bounds at points on and near the bounds (issue 27/30): the
reference for OptBench's FiniteDifferenceGradient on a box (Tests/OptimTests/Core/
DifferencesAgainstScipyTests.swift). Writes Tests/Data/approx-derivative-bounds.json.

    scripts/reference/approx-derivative-bounds.py

scipy and NumPy come from .build/scipy-venv (made here when missing). The steps are scipy's
defaults: '2-point' h = √ε·max(1, |x|), '3-point' h = ε^{1/3}·max(1, |x|), for x ≥ 0 (scipy
steps towards −∞ for negative x, OptBench's forward step always goes up first), adjusted to
the bounds by scipy's _adjust_scheme_to_bounds: one-sided into the box where the step does not fit."""
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV = ROOT / ".build" / "scipy-venv"

try:
    import numpy as np
    from scipy.optimize._numdiff import approx_derivative
except ImportError:
    if os.environ.get("OPTBENCH_REFERENCE_VENV"):
        raise
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", "scipy", "numpy"], check=True)
    os.environ["OPTBENCH_REFERENCE_VENV"] = "1"
    os.execv(str(VENV / "bin" / "python"), [str(VENV / "bin" / "python"), __file__])


def f(x):
    """The test function (also written in the Swift test)."""
    return x[0] ** 3 + 2 * x[1] ** 3 + x[0] * x[1] + np.sin(3 * x[2]) + np.exp(x[3]) + x[4] ** 4


# x₀ on its lower bound, x₁ on its upper bound, x₂ in a box narrower than any step, x₃ 1e-9
# below its upper bound, x₄ with room on both sides.
LOWER = [0.0, -1.0, 0.5, -1.0, 0.0]
UPPER = [1.0, 1.0, 0.5 + 1e-7, 0.3 + 1e-9, 5.0]
X = [0.0, 1.0, 0.5 + 5e-8, 0.3, 2.0]

cases = []
for method, scheme in [("2-point", "forward"), ("3-point", "central")]:
    g = approx_derivative(f, np.array(X), method=method, bounds=(np.array(LOWER), np.array(UPPER)))
    cases.append({"scheme": scheme, "scipy_method": method, "gradient": [float(v) for v in g]})

out = {"x": X, "lower": LOWER, "upper": UPPER, "cases": cases,
       "scipy": __import__("scipy").__version__, "numpy": np.__version__}
path = ROOT / "Tests" / "Data" / "approx-derivative-bounds.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path.relative_to(ROOT)}")
