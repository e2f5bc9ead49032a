#!/usr/bin/env python3
"""NumPy reference for scripts/bench/bench-mlp: the loss and gradient of a 64-256-10 tanh/softmax
network (cross-entropy averaged over samples, L2 on weights) on OptBench's 10,000 samples, the
same computation as OptBench's MLPObjective.valueAndGradient. Checks both against OptBench's
(≤ 1e-12 relative) and prints one JSON object with the best and median time of `repeats`
evaluations, the errors and the time of np.tanh alone.
    OPENBLAS_NUM_THREADS=1 python3 scripts/bench/mlp_numpy.py DATA_DIR [repeats]
DATA_DIR: written by `optbench-perf mlp --export DATA_DIR` (scripts/bench/mlp_data.py).
"""
import json
import sys

import numpy as np

import mlp_data

X, T, (W1, b1, W2, b2), lam, reference_loss, reference_gradient = mlp_data.load(sys.argv[1])
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 20
n = X.shape[0]


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


errors = mlp_data.relative_errors(*loss_and_gradient(), reference_loss, reference_gradient)
mlp_data.check(errors)
best, median = mlp_data.timed(loss_and_gradient, repeats)
A1 = X @ W1 + b1
tanh_best, _ = mlp_data.timed(lambda: np.tanh(A1), repeats)
print(json.dumps({"best_ms": best * 1e3, "median_ms": median * 1e3, "tanh_ms": tanh_best * 1e3,
                  "loss_error": errors[0], "gradient_error": errors[1], "numpy": np.__version__}))
