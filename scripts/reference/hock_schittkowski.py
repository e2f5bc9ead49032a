#!/usr/bin/env python3
"""Independent NumPy transcription of the Hock–Schittkowski problems behind problems/hs/*.json,
for ProblemsTests/HockSchittkowskiTests.swift.

Problems 8–119 beyond the first 26 are in hock_schittkowski_more.py. Each problem is written from
Hock & Schittkowski, "Test Examples for Nonlinear Programming Codes", Lecture Notes in Economics and
Mathematical Systems 187, Springer 1981, in the book's form: minimize f(x) subject to g_j(x) >= 0,
h_j(x) = 0 and bounds, with the book's start x0, minimizer x* and minimum f*. Nothing here reads the
problem files' formulas. The script writes Tests/Data/hs-reference.json: for every problem x0, f(x0),
the constraint values at x0 (in the order listed here, which is the files' order), the bounds, x*,
f(x*), the published f*, the constraint values at x* with their scale 1 + Σᵢ |∂cⱼ/∂xᵢ(x*)|·|xᵢ*|
(central differences; the test asks feasibility at x* to 1e-6 of it, the accuracy of a 7-digit x*),
and notes where published values disagree.

    python3 scripts/reference/hock_schittkowski.py            # rewrites the JSON
"""
import json
import math
import os

import numpy as np

from hock_schittkowski_more import NOTES, PROBLEMS_MORE

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INF = math.inf


def rosenbrock(x):
    return 100.0 * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2


# name: (f, [constraint functions, each ('>=', g) or ('==', h)], lower, upper, x0, x*, f*)
PROBLEMS = {
    "hs1": (rosenbrock, [], [-INF, -1.5], [INF, INF], [-2.0, 1.0], [1.0, 1.0], 0.0),
    "hs2": (rosenbrock, [], [-INF, 1.5], [INF, INF], [-2.0, 1.0], [1.224370749, 1.5], 0.0504261879),
    "hs3": (lambda x: x[1] + 1e-5 * (x[1] - x[0]) ** 2, [], [-INF, 0.0], [INF, INF], [10.0, 1.0], [0.0, 0.0], 0.0),
    "hs4": (lambda x: (x[0] + 1.0) ** 3 / 3.0 + x[1], [], [1.0, 0.0], [INF, INF], [1.125, 0.125], [1.0, 0.0],
            8.0 / 3.0),
    "hs5": (lambda x: np.sin(x[0] + x[1]) + (x[0] - x[1]) ** 2 - 1.5 * x[0] + 2.5 * x[1] + 1.0, [],
            [-1.5, -3.0], [4.0, 3.0], [0.0, 0.0], [-np.pi / 3 + 0.5, -np.pi / 3 - 0.5],
            -np.sqrt(3.0) / 2 - np.pi / 3),
    "hs6": (lambda x: (1.0 - x[0]) ** 2, [("==", lambda x: 10.0 * (x[1] - x[0] ** 2))],
            [-INF] * 2, [INF] * 2, [-1.2, 1.0], [1.0, 1.0], 0.0),
    "hs7": (lambda x: np.log(1.0 + x[0] ** 2) - x[1], [("==", lambda x: (1.0 + x[0] ** 2) ** 2 + x[1] ** 2 - 4.0)],
            [-INF] * 2, [INF] * 2, [2.0, 2.0], [0.0, np.sqrt(3.0)], -np.sqrt(3.0)),
    "hs9": (lambda x: np.sin(np.pi * x[0] / 12.0) * np.cos(np.pi * x[1] / 16.0),
            [("==", lambda x: 4.0 * x[0] - 3.0 * x[1])], [-INF] * 2, [INF] * 2, [0.0, 0.0], [-3.0, -4.0], -0.5),
    "hs10": (lambda x: x[0] - x[1], [(">=", lambda x: -3.0 * x[0] ** 2 + 2.0 * x[0] * x[1] - x[1] ** 2 + 1.0)],
             [-INF] * 2, [INF] * 2, [-10.0, 10.0], [0.0, 1.0], -1.0),
    "hs11": (lambda x: (x[0] - 5.0) ** 2 + x[1] ** 2 - 25.0, [(">=", lambda x: x[1] - x[0] ** 2)],
             [-INF] * 2, [INF] * 2, [4.9, 0.1], [1.23477283, 1.52466393], -8.498464223),
    "hs12": (lambda x: 0.5 * x[0] ** 2 + x[1] ** 2 - x[0] * x[1] - 7.0 * x[0] - 7.0 * x[1],
             [(">=", lambda x: 25.0 - 4.0 * x[0] ** 2 - x[1] ** 2)], [-INF] * 2, [INF] * 2, [0.0, 0.0], [2.0, 3.0],
             -30.0),
    "hs14": (lambda x: (x[0] - 2.0) ** 2 + (x[1] - 1.0) ** 2,
             [("==", lambda x: x[0] - 2.0 * x[1] + 1.0), (">=", lambda x: 1.0 - x[0] ** 2 / 4.0 - x[1] ** 2)],
             [-INF] * 2, [INF] * 2, [2.0, 2.0], [(np.sqrt(7.0) - 1.0) / 2.0, (np.sqrt(7.0) + 1.0) / 4.0],
             9.0 - 2.875 * np.sqrt(7.0)),
    "hs15": (rosenbrock, [(">=", lambda x: x[0] * x[1] - 1.0), (">=", lambda x: x[0] + x[1] ** 2)],
             [-INF, -INF], [0.5, INF], [-2.0, 1.0], [0.5, 2.0], 306.5),
    "hs21": (lambda x: 0.01 * x[0] ** 2 + x[1] ** 2 - 100.0, [(">=", lambda x: 10.0 * x[0] - x[1] - 10.0)],
             [2.0, -50.0], [50.0, 50.0], [-1.0, -1.0], [2.0, 0.0], -99.96),
    "hs28": (lambda x: (x[0] + x[1]) ** 2 + (x[1] + x[2]) ** 2,
             [("==", lambda x: x[0] + 2.0 * x[1] + 3.0 * x[2] - 1.0)], [-INF] * 3, [INF] * 3, [-4.0, 1.0, 1.0],
             [0.5, -0.5, 0.5], 0.0),
    "hs35": (lambda x: (9.0 - 8.0 * x[0] - 6.0 * x[1] - 4.0 * x[2] + 2.0 * x[0] ** 2 + 2.0 * x[1] ** 2 + x[2] ** 2
                        + 2.0 * x[0] * x[1] + 2.0 * x[0] * x[2]),
             [(">=", lambda x: 3.0 - x[0] - x[1] - 2.0 * x[2])], [0.0] * 3, [INF] * 3, [0.5] * 3,
             [4.0 / 3.0, 7.0 / 9.0, 4.0 / 9.0], 1.0 / 9.0),
    "hs39": (lambda x: -x[0], [("==", lambda x: x[1] - x[0] ** 3 - x[2] ** 2), ("==", lambda x: x[0] ** 2 - x[1] - x[3] ** 2)],
             [-INF] * 4, [INF] * 4, [2.0] * 4, [1.0, 1.0, 0.0, 0.0], -1.0),
    "hs40": (lambda x: -x[0] * x[1] * x[2] * x[3],
             [("==", lambda x: x[0] ** 3 + x[1] ** 2 - 1.0), ("==", lambda x: x[0] ** 2 * x[3] - x[2]),
              ("==", lambda x: x[3] ** 2 - x[1])], [-INF] * 4, [INF] * 4, [0.8] * 4,
             [2.0 ** (-1.0 / 3.0), 2.0 ** -0.5, 2.0 ** (-11.0 / 12.0), 2.0 ** -0.25], -0.25),
    "hs42": (lambda x: (x[0] - 1.0) ** 2 + (x[1] - 2.0) ** 2 + (x[2] - 3.0) ** 2 + (x[3] - 4.0) ** 2,
             [("==", lambda x: x[0] - 2.0), ("==", lambda x: x[2] ** 2 + x[3] ** 2 - 2.0)], [-INF] * 4, [INF] * 4,
             [1.0] * 4, [2.0, 2.0, 0.6 * np.sqrt(2.0), 0.8 * np.sqrt(2.0)], 28.0 - 10.0 * np.sqrt(2.0)),
    "hs43": (lambda x: (x[0] ** 2 + x[1] ** 2 + 2.0 * x[2] ** 2 + x[3] ** 2 - 5.0 * x[0] - 5.0 * x[1] - 21.0 * x[2]
                        + 7.0 * x[3]),
             [(">=", lambda x: 8.0 - x[0] ** 2 - x[1] ** 2 - x[2] ** 2 - x[3] ** 2 - x[0] + x[1] - x[2] + x[3]),
              (">=", lambda x: 10.0 - x[0] ** 2 - 2.0 * x[1] ** 2 - x[2] ** 2 - 2.0 * x[3] ** 2 + x[0] + x[3]),
              (">=", lambda x: 5.0 - 2.0 * x[0] ** 2 - x[1] ** 2 - x[2] ** 2 - 2.0 * x[0] + x[1] + x[3])],
             [-INF] * 4, [INF] * 4, [0.0] * 4, [0.0, 1.0, 2.0, -1.0], -44.0),
    "hs48": (lambda x: (x[0] - 1.0) ** 2 + (x[1] - x[2]) ** 2 + (x[3] - x[4]) ** 2,
             [("==", lambda x: np.sum(x) - 5.0), ("==", lambda x: x[2] - 2.0 * (x[3] + x[4]) + 3.0)],
             [-INF] * 5, [INF] * 5, [3.0, 5.0, -3.0, 2.0, -2.0], [1.0] * 5, 0.0),
    "hs65": (lambda x: (x[0] - x[1]) ** 2 + (x[0] + x[1] - 10.0) ** 2 / 9.0 + (x[2] - 5.0) ** 2,
             [(">=", lambda x: 48.0 - x[0] ** 2 - x[1] ** 2 - x[2] ** 2)], [-4.5, -4.5, -5.0], [4.5, 4.5, 5.0],
             [-5.0, 5.0, 0.0], [3.650461821, 3.65046168, 4.6204170507], 0.9535288567),
    "hs71": (lambda x: x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2],
             [(">=", lambda x: x[0] * x[1] * x[2] * x[3] - 25.0), ("==", lambda x: np.sum(x ** 2) - 40.0)],
             [1.0] * 4, [5.0] * 4, [1.0, 5.0, 5.0, 1.0], [1.0, 4.7429994, 3.8211503, 1.3794082], 17.0140173),
    "hs76": (lambda x: (x[0] ** 2 + 0.5 * x[1] ** 2 + x[2] ** 2 + 0.5 * x[3] ** 2 - x[0] * x[2] + x[2] * x[3] - x[0]
                        - 3.0 * x[1] + x[2] - x[3]),
             [(">=", lambda x: 5.0 - x[0] - 2.0 * x[1] - x[2] - x[3]),
              (">=", lambda x: 4.0 - 3.0 * x[0] - x[1] - 2.0 * x[2] + x[3]),
              (">=", lambda x: x[1] + 4.0 * x[2] - 1.5)], [0.0] * 4, [INF] * 4, [0.5] * 4,
             [3.0 / 11.0, 23.0 / 11.0, 0.0, 6.0 / 11.0], -103.0 / 22.0),
    "hs77": (lambda x: ((x[0] - 1.0) ** 2 + (x[0] - x[1]) ** 2 + (x[2] - 1.0) ** 2 + (x[3] - 1.0) ** 4
                        + (x[4] - 1.0) ** 6),
             [("==", lambda x: x[0] ** 2 * x[3] + np.sin(x[3] - x[4]) - 2.0 * np.sqrt(2.0)),
              ("==", lambda x: x[1] + x[2] ** 4 * x[3] ** 2 - 8.0 - np.sqrt(2.0))],
             [-INF] * 5, [INF] * 5, [2.0] * 5, [1.166172, 1.182111, 1.380257, 1.506036, 0.6109203], 0.24150513),
    "hs100": (lambda x: ((x[0] - 10.0) ** 2 + 5.0 * (x[1] - 12.0) ** 2 + x[2] ** 4 + 3.0 * (x[3] - 11.0) ** 2
                         + 10.0 * x[4] ** 6 + 7.0 * x[5] ** 2 + x[6] ** 4 - 4.0 * x[5] * x[6] - 10.0 * x[5]
                         - 8.0 * x[6]),
              [(">=", lambda x: 127.0 - 2.0 * x[0] ** 2 - 3.0 * x[1] ** 4 - x[2] - 4.0 * x[3] ** 2 - 5.0 * x[4]),
               (">=", lambda x: 282.0 - 7.0 * x[0] - 3.0 * x[1] - 10.0 * x[2] ** 2 - x[3] + x[4]),
               (">=", lambda x: 196.0 - 23.0 * x[0] - x[1] ** 2 - 6.0 * x[5] ** 2 + 8.0 * x[6]),
               (">=", lambda x: -4.0 * x[0] ** 2 - x[1] ** 2 + 3.0 * x[0] * x[1] - 2.0 * x[2] ** 2 - 5.0 * x[5]
                + 11.0 * x[6])],
              [-INF] * 7, [INF] * 7, [1.0, 2.0, 0.0, 4.0, 0.0, 1.0, 1.0],
              [2.330499, 1.951372, -0.4775414, 4.365726, -0.6244870, 1.038131, 1.594227], 680.6300573),
}


PROBLEMS.update(PROBLEMS_MORE)


def finite(values):
    return [None if not math.isfinite(v) else v for v in values]


def scale(g, x):
    """1 + Σᵢ |∂g/∂xᵢ|·|xᵢ| at x by central differences: the size of g's terms, for a feasibility tolerance."""
    total = 1.0
    for i in range(len(x)):
        step = np.zeros_like(x)
        step[i] = 1e-6 * max(1.0, abs(x[i]))
        total += abs(float(g(x + step) - g(x - step)) / (2.0 * step[i])) * abs(x[i])
    return total


def main():
    out = {}
    for name, (f, constraints, lower, upper, x0, xstar, fstar) in PROBLEMS.items():
        x0, xstar = np.array(x0, dtype=float), np.array(xstar, dtype=float)
        out[name] = {
            "x0": list(x0), "f_x0": float(f(x0)),
            "kinds": [kind for kind, _ in constraints],
            "c_x0": [float(g(x0)) for _, g in constraints],
            "lower": finite(lower), "upper": finite(upper),
            "x_star": list(xstar), "f_x_star": float(f(xstar)), "f_star": float(fstar),
            "c_x_star": [float(g(xstar)) for _, g in constraints],
            "c_scale": [scale(g, xstar) for _, g in constraints],
        }
        if name in NOTES:
            out[name]["notes"] = NOTES[name]
    path = os.path.join(root, "Tests", "Data", "hs-reference.json")
    with open(path, "w") as handle:
        json.dump(out, handle, indent=1)
        handle.write("\n")
    for name, r in out.items():
        print(f"{name:6s} f(x0) = {r['f_x0']:.10g}  f(x*) = {r['f_x_star']:.10g}  f* = {r['f_star']:.10g}  "
              f"c(x*) = {[round(c, 7) for c in r['c_x_star']]}")


if __name__ == "__main__":
    main()
