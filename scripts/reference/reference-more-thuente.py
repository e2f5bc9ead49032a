#!/usr/bin/env python3
"""Reference values for the Moré–Thuente line-search test (Tests/OptimTests/MoreThuenteTests.swift).

Runs scipy's port of MINPACK-2 dcsrch on the six test functions of Moré & Thuente (1994,
section 5) from the starting steps 1e-3, 1e-1, 10, 1e3 and prints, per case, the accepted
step and the number of function evaluations, as Swift array literals.
    python3 scripts/reference/reference-more-thuente.py
"""
import math
from scipy.optimize._dcsrch import DCSRCH

def f1(a, b=2.0):
    return -a / (a * a + b), (a * a - b) / (a * a + b) ** 2

def f2(a, b=0.004):
    return (a + b) ** 5 - 2 * (a + b) ** 4, (a + b) ** 3 * (5 * (a + b) - 8)

def f3(a, b=0.01, l=39):
    if a <= 1 - b:
        p0, d0 = 1 - a, -1.0
    elif a >= 1 + b:
        p0, d0 = a - 1, 1.0
    else:
        p0, d0 = (a - 1) ** 2 / (2 * b) + b / 2, (a - 1) / b
    c = 2 * (1 - b) / (l * math.pi)
    return p0 + c * math.sin(l * math.pi * a / 2), d0 + (1 - b) * math.cos(l * math.pi * a / 2)

def yanai(b1, b2):
    g1 = math.sqrt(1 + b1 * b1) - b1
    g2 = math.sqrt(1 + b2 * b2) - b2
    def f(a):
        s1 = math.sqrt((1 - a) ** 2 + b2 * b2)
        s2 = math.sqrt(a * a + b1 * b1)
        return g1 * s1 + g2 * s2, -g1 * (1 - a) / s1 + g2 * a / s2
    return f

cases = [("f1", f1, 1e-3, 1e-1), ("f2", f2, 1e-1, 1e-1), ("f3", f3, 1e-1, 1e-1),
         ("f4", yanai(1e-3, 1e-3), 1e-3, 1e-3), ("f5", yanai(1e-2, 1e-3), 1e-3, 1e-3),
         ("f6", yanai(1e-3, 1e-2), 1e-3, 1e-3)]
for name, f, ftol, gtol in cases:
    for a0 in (1e-3, 1e-1, 10.0, 1e3):
        count = [0]
        def phi(a, f=f):
            count[0] += 1
            return f(a)[0]
        def der(a, f=f):
            return f(a)[1]
        search = DCSRCH(phi, der, ftol=ftol, gtol=gtol, xtol=1e-14, stpmin=1e-20, stpmax=1e20)
        stp, _, _, task = search(a0, phi0=f(0.0)[0], derphi0=f(0.0)[1], maxiter=100)
        print(f'("{name}", {a0!r}, {float(stp)!r}, {count[0]}),  // {task.decode().strip()}')
