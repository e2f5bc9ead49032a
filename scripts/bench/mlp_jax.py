#!/usr/bin/env python3
"""JAX baseline for scripts/bench/bench-mlp: the computation of scripts/bench/mlp_numpy.py — loss of a
64-256-10 tanh/softmax network (cross-entropy averaged over OptBench's 10,000 samples, L2 on
weights) — differentiated by jax.value_and_grad and compiled by jax.jit, in float64 on one CPU
thread (XLA_FLAGS below; scripts/bench/bench-mlp also pins the process to one core). Checks the loss
and gradient against OptBench's (≤ 1e-12 relative) and prints one JSON object with the best and
median time of `repeats` evaluations after warm-up (each waited for with block_until_ready).
    python3 scripts/bench/mlp_jax.py DATA_DIR [repeats]
DATA_DIR: written by `optbench-perf mlp --export DATA_DIR` (scripts/bench/mlp_data.py).
"""
import json
import os
import sys

os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "")
                           + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402  (the flags must be set before jax is imported)
import jax.numpy as jnp  # noqa: E402

import mlp_data  # noqa: E402

jax.config.update("jax_enable_x64", True)

X, T, weights, lam, reference_loss, reference_gradient = mlp_data.load(sys.argv[1])
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 20
n = X.shape[0]
X, T, weights = jnp.asarray(X), jnp.asarray(T), tuple(jnp.asarray(w) for w in weights)


def loss(params, X, T):
    W1, b1, W2, b2 = params
    H1 = jnp.tanh(X @ W1 + b1)
    Z = H1 @ W2 + b2
    Z = Z - jax.lax.stop_gradient(Z.max(axis=1, keepdims=True))
    log_s = jnp.log(jnp.exp(Z).sum(axis=1, keepdims=True))
    return -(T * (Z - log_s)).sum() / n + 0.5 * lam * ((W1 * W1).sum() + (W2 * W2).sum())


step = jax.jit(jax.value_and_grad(loss))


def evaluate():
    return jax.block_until_ready(step(weights, X, T))


value, gradient = evaluate()
errors = mlp_data.relative_errors(value, gradient, reference_loss, reference_gradient)
mlp_data.check(errors)
best, median = mlp_data.timed(evaluate, repeats)
print(json.dumps({"best_ms": best * 1e3, "median_ms": median * 1e3, "loss_error": errors[0],
                  "gradient_error": errors[1], "jax": jax.__version__, "device": str(jax.devices()[0])}))
