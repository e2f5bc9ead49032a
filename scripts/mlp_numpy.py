#!/usr/bin/env python3
"""NumPy reference for scripts/bench-mlp: the loss and gradient of a 64-256-10 tanh/softmax
network (cross-entropy averaged over samples, L2 on weights) on 10,000 samples, the same
computation as OptBench's MLPObjective.valueAndGradient. Prints one JSON object with the best
and median time of `repeats` evaluations and the time of np.tanh alone.
    OPENBLAS_NUM_THREADS=1 python3 scripts/mlp_numpy.py [repeats]
"""
import json
import sys
import time

import numpy as np

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
rng = np.random.default_rng(1)
n, d, hdim, k, lam = 10_000, 64, 256, 10, 1e-4
X = rng.standard_normal((n, d))
labels = rng.integers(0, k, n)
T = np.eye(k)[labels]
W1 = rng.standard_normal((d, hdim)) * np.sqrt(6 / (d + hdim))
b1 = np.zeros(hdim)
W2 = rng.standard_normal((hdim, k)) * np.sqrt(6 / (hdim + k))
b2 = np.zeros(k)

def loss_and_gradient():
    A1 = X @ W1 + b1
    H1 = np.tanh(A1)
    Z = H1 @ W2 + b2
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    S = E.sum(axis=1, keepdims=True)
    P = E / S
    loss = -(T * (Z - np.log(S))).sum() / n + 0.5 * lam * ((W1 * W1).sum() + (W2 * W2).sum())
    G2 = (P - T) / n
    dW2 = H1.T @ G2 + lam * W2
    db2 = G2.sum(axis=0)
    G1 = (G2 @ W2.T) * (1 - H1 * H1)
    dW1 = X.T @ G1 + lam * W1
    db1 = G1.sum(axis=0)
    return loss, (dW1, db1, dW2, db2)

def timed(f):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[0], times[len(times) // 2]

loss_and_gradient()
best, median = timed(loss_and_gradient)
A1 = X @ W1 + b1
tanh_best, _ = timed(lambda: np.tanh(A1))
print(json.dumps({"best_ms": best * 1e3, "median_ms": median * 1e3, "tanh_ms": tanh_best * 1e3, "numpy": np.__version__}))
