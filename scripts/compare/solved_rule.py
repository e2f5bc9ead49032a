"""compare's solved rule (`Comparison.isSolved` in Sources/Bench/Comparison.swift) for the Python
comparison scripts: one copy, imported by mgh_scipy.py and cutest-comparison.py (no side effects on
import)."""

import numpy as np

TAU = 1e-5


def solved(converged, f, f_star, f0, tau=TAU):
    """OptBench's rule (`Comparison.isSolved`): converged and, where f* is known, Moré & Wild's test
    f(x₀) − f ≥ (1 − τ)(f(x₀) − f*) (SIAM J. Optim. 20(1), 2009) and, where f* ≠ 0, f − f* ≤ τ|f*|;
    τ = 1e-5 as compare's default --tau."""
    if not converged:
        return False
    if f_star is None:
        return True
    if not (np.isfinite(f) and np.isfinite(f0)):
        return False
    # Below f* at the start (an infeasible start of a constrained problem): within τ of that distance.
    reduced = f0 - f >= (1 - tau) * (f0 - f_star) if f0 >= f_star else f - f_star <= tau * (f_star - f0)
    return bool(reduced and (f_star == 0 or f - f_star <= tau * abs(f_star)))
