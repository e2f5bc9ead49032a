#!/usr/bin/env python3
"""cma 4.5.0's own default strategy parameters, for CMAESTests (Tests/OptimTests/Solvers/CMAESTests.swift):
per n, lambda, the recombination weights (active CMA: negative weights, `CMA_active` on), mueff, c_sigma
and d_sigma of its CSA, c_c, and the c1, cmu its sampler's update uses. Read from a CMAEvolutionStrategy
made with cma's defaults (installed by this script into .build/venv-cma with pip when missing).

    python3 scripts/reference/cma-constants.py            # JSON on stdout
    python3 scripts/reference/cma-constants.py --write    # into Tests/Data/cma-constants.json
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scipy_venv import reexec_in_pinned_venv, write_or_print  # noqa: E402

CMA_VERSION = "4.5.0"


def constants(n, active=True):
    import cma
    es = cma.CMAEvolutionStrategy(n * [0.5], 0.3, {"verbose": -9, "seed": 1, "CMA_active": active})
    es.adapt_sigma.initialize(es)
    parameters = es.sm.parameters(mueff=es.sp.weights.mueff, lam=es.sp.weights.lambda_)
    return {"n": n, "active": active, "lambda": es.sp.popsize, "mu": es.sp.weights.mu,
            "weights": [float(w) for w in es.sp.weights], "mueff": es.sp.weights.mueff,
            "c_sigma": es.adapt_sigma.cs, "d_sigma": es.adapt_sigma.damps, "c_c": es.sp.cc,
            "c1": parameters["c1"], "cmu": parameters["cmu"]}


def main():
    reexec_in_pinned_venv("venv-cma", "cma", CMA_VERSION)
    rows = [constants(n) for n in (2, 3, 5, 10, 40)] + [constants(10, active=False)]
    write_or_print(rows, "cma-constants.json")


if __name__ == "__main__":
    main()
