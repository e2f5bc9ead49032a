#!/usr/bin/env python3
"""cma 4.5.0's own iterates fed OptBench's normal deviates, for CMAESTests
(Tests/OptimTests/Solvers/CMAESTests.swift): the random streams of cma (numpy) and OptBench
(xoshiro256**, Marsaglia's polar method) differ, so cma's `randn` option is given the deviates
z_k of OptBench's stream (the transcription in reference-cmaes.py), premultiplied by B^T of cma's
current eigenvectors: cma samples y_k = B D (B^T z_k) = B D B^T z_k, OptBench's symmetric root
C^(1/2) z_k. Every other default is cma's (active CMA). Prints per case and generation the mean,
sigma, p_sigma, p_c and C (whole for n <= 4, else its diagonal and first row), read from cma's
CMAEvolutionStrategy after each `tell`. Installs cma into .build/venv-cma with pip when missing.

    python3 scripts/reference/cma-iterates.py            # JSON on stdout
    python3 scripts/reference/cma-iterates.py --write    # into Tests/Data/cma-iterates.json
"""
import importlib.util
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scipy_venv import reexec_in_pinned_venv, write_or_print  # noqa: E402

CMA_VERSION = "4.5.0"


def transcription():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference-cmaes.py")
    spec = importlib.util.spec_from_file_location("reference_cmaes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(f, x0, sigma0, seed, generations):
    import cma
    import numpy as np
    generator = transcription().Generator(seed)
    holder = {}

    def randn(lam, n):
        z = np.array([[generator.normal() for _ in range(n)] for _ in range(lam)])
        return z @ holder["es"].sm.B  # rows (B^T z_k)^T

    es = cma.CMAEvolutionStrategy(list(x0), sigma0, {"verbose": -9, "seed": 1, "randn": randn})
    holder["es"] = es
    n = len(x0)
    out = []
    for _ in range(generations):
        X = es.ask()
        values = [f(x) for x in X]
        es.tell(X, values)
        C = es.sm.C
        out.append({"mean": es.mean.tolist(), "sigma": float(es.sigma), "path_sigma": es.adapt_sigma.ps.tolist(),
                    "path_c": es.pc.tolist(), "covariance_diagonal": np.diag(C).tolist(),
                    "covariance_row0": C[0].tolist(), "covariance": C.flatten().tolist() if n <= 4 else [],
                    "best": float(min(values))})
    return out


def main():
    reexec_in_pinned_venv("venv-cma", "cma", CMA_VERSION)
    warnings.simplefilter("ignore")
    reference = transcription()
    cases = {
        # the eigendecomposition every generation (its gap is below one generation)
        "cma-ellipsoid-4": dict(f=reference.ellipsoid, x0=[1.0, 1.0, 1.0, 1.0], sigma0=0.5, seed=7, generations=8),
        "cma-rosenbrock-10": dict(f=reference.rosenbrock, x0=[0.5] * 10, sigma0=0.2, seed=5, generations=10),
        # n = 2, lambda = 6: c_sigma at its cap 1/2
        "cma-rosenbrock-2": dict(f=reference.rosenbrock, x0=[-1.2, 1.0], sigma0=0.3, seed=3, generations=10),
    }
    write_or_print({name: run(**case) for name, case in cases.items()}, "cma-iterates.json")


if __name__ == "__main__":
    main()
