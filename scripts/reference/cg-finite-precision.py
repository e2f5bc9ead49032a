#!/usr/bin/env python3
"""Textbook linear CG (N&W Algorithm 5.2) in numpy on SPD matrices like OptBench's
`quadratic` generator (log-spaced eigenvalues in [1, cond], random orthogonal basis):
the iteration at which the true residual first falls below 1e-10‖b‖. In exact arithmetic
that is at most n; in floating point it is later the wider the spectrum.
    python3 scripts/reference/cg-finite-precision.py
"""
import numpy as np

rng = np.random.default_rng(4)
for n, cond in [(50, 1e3), (50, 1e2), (50, 10)]:
    basis, _ = np.linalg.qr(rng.standard_normal((n, n)))
    q = (basis * cond ** (np.arange(n) / (n - 1))) @ basis.T
    q = (q + q.T) / 2
    b = rng.standard_normal(n)
    x, r = np.zeros(n), -b.copy()
    p, rr, first = b.copy(), b @ b, None
    for k in range(1, 400):
        qp = q @ p
        a = rr / (p @ qp)
        x += a * p
        r += a * qp
        rn = r @ r
        if first is None and np.linalg.norm(b - q @ x) <= 1e-10 * np.linalg.norm(b):
            first = k
            break
        p, rr = -r + rn / rr * p, rn
    print(f"n = {n}, cond = {cond:g}: true residual ≤ 1e-10‖b‖ first at iteration {first}")
