"""Shared by scripts/bench/mlp_numpy.py and scripts/bench/mlp_jax.py (run by scripts/bench/bench-mlp): the data
OptBench's benchmark network was evaluated on, its loss and gradient there, the check that
another implementation's agree, and the best/median timing of repeated calls.

`optbench-perf mlp --export DIR` writes, as raw little-endian float64: inputs.bin (N × d),
targets.bin (N × k, one-hot), theta.bin (W₁ d × h row-major, b₁, W₂ h × k, b₂ — OptBench's
MLPArchitecture layout), gradient.bin (∇L at θ), and shape.json ({samples, features, hidden,
classes, l2, loss}).
"""
import json
import os
import time

import numpy as np


def load(directory):
    """(X, T, (W1, b1, W2, b2), l2, loss, gradient) from an --export directory."""
    shape = json.load(open(os.path.join(directory, "shape.json")))
    n, d, h, k = shape["samples"], shape["features"], shape["hidden"], shape["classes"]

    def read(name):
        return np.fromfile(os.path.join(directory, name), dtype="<f8")

    theta = read("theta.bin")
    w1, b1 = theta[: d * h].reshape(d, h), theta[d * h: d * h + h]
    w2 = theta[d * h + h: d * h + h + h * k].reshape(h, k)
    b2 = theta[d * h + h + h * k:]
    return (read("inputs.bin").reshape(n, d), read("targets.bin").reshape(n, k), (w1, b1, w2, b2),
            shape["l2"], shape["loss"], read("gradient.bin"))


def relative_errors(loss, gradient, reference_loss, reference_gradient):
    """|f − f_ref|/|f_ref| and ‖g − g_ref‖∞/‖g_ref‖∞, gradient given as (dW1, db1, dW2, db2)."""
    flat = np.concatenate([np.asarray(part).ravel() for part in gradient])
    return (abs(float(loss) - reference_loss) / abs(reference_loss),
            float(np.max(np.abs(flat - reference_gradient)) / np.max(np.abs(reference_gradient))))


def check(errors, tolerance=1e-12):
    """Stops the benchmark when an implementation computes something else than OptBench."""
    if max(errors) > tolerance:
        raise SystemExit(f"loss/gradient differ from OptBench's: relative errors {errors[0]:.2e}, {errors[1]:.2e}")


def timed(f, repeats):
    """Best and median seconds of `repeats` calls of f (after one warm-up call)."""
    f()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[0], times[len(times) // 2]
