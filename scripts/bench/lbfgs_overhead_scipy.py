#!/usr/bin/env python3
"""scipy's L-BFGS-B own work per iteration on chained Rosenbrock (peer measurement for
scripts/bench/bench-lbfgs): wall time between the callbacks of iterations m+1 and m+1+k, minus
the time spent inside the objective, divided by k. Prints one JSON object.
    python3 scripts/bench/lbfgs_overhead_scipy.py N M K
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize, rosen, rosen_der

n, m, k = (int(a) for a in sys.argv[1:4])
x0 = np.where(np.arange(n) % 2 == 0, -1.2, 1.0)
inside = [0.0]
evaluations = [0]

def fun(x):
    t = time.perf_counter()
    value, gradient = rosen(x), rosen_der(x)
    inside[0] += time.perf_counter() - t
    evaluations[0] += 1
    return value, gradient

first = m + 1
marks = {}
iteration = [0]

def callback(intermediate_result):
    iteration[0] += 1
    if iteration[0] in (first, first + k):
        marks[iteration[0]] = (time.perf_counter(), inside[0], evaluations[0])

minimize(fun, x0, jac=True, method="L-BFGS-B", callback=callback,
         options=dict(maxcor=m, maxiter=first + k, gtol=1e-12, ftol=0, maxfun=10**9))
(t0, in0, e0), (t1, in1, e1) = marks[first], marks[first + k]
print(json.dumps({"own_ms_per_iteration": ((t1 - t0) - (in1 - in0)) / k * 1e3,
                  "evaluations_per_iteration": (e1 - e0) / k,
                  "objective_ms_per_evaluation": (in1 - in0) / (e1 - e0) * 1e3}))
