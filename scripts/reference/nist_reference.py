#!/usr/bin/env python3
"""Independent NumPy transcription of the 27 NIST StRD nonlinear regression models behind
problems/nist/*.json, for ProblemsTests/NISTStRDTests.swift.

Each model below is written from the "Model:" block of NIST's data file, vectorized over the
observations, without looking at the formulas of make-nist-strd.py; the data, starts and
certified values are read from NIST's files (problems/data/nist-strd/*.dat) by a parser of its
own. The script writes Tests/Data/nist-reference.json: for every problem, NIST's starts, certified
parameters and residual sum of squares, and NumPy's f = Σ (y − model)² at both starts and at the
certified parameters.

    python3 scripts/reference/nist_reference.py            # rewrites the JSON
"""
import json
import os
import re

import numpy as np

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def exp_sum3(b, x):
    return b[0] * np.exp(-b[1] * x) + b[2] * np.exp(-b[3] * x) + b[4] * np.exp(-b[5] * x)


def gauss(b, x):
    return (b[0] * np.exp(-b[1] * x) + b[2] * np.exp(-((x - b[3]) ** 2) / b[4] ** 2)
            + b[5] * np.exp(-((x - b[6]) ** 2) / b[7] ** 2))


def chwirut(b, x):
    return np.exp(-b[0] * x) / (b[1] + b[2] * x)


def cubic_over_cubic(b, x):
    return (b[0] + x * (b[1] + x * (b[2] + x * b[3]))) / (1 + x * (b[4] + x * (b[5] + x * b[6])))


def enso(b, x):
    w = 2 * np.pi * x
    return (b[0] + b[1] * np.cos(w / 12) + b[2] * np.sin(w / 12) + b[4] * np.cos(w / b[3]) + b[5] * np.sin(w / b[3])
            + b[7] * np.cos(w / b[6]) + b[8] * np.sin(w / b[6]))


def misra1a(b, x):
    return b[0] * -np.expm1(-b[1] * x)


MODELS = {
    "Misra1a": misra1a, "BoxBOD": misra1a,
    "Chwirut1": chwirut, "Chwirut2": chwirut,
    "Lanczos1": exp_sum3, "Lanczos2": exp_sum3, "Lanczos3": exp_sum3,
    "Gauss1": gauss, "Gauss2": gauss, "Gauss3": gauss,
    "DanWood": lambda b, x: b[0] * np.power(x, b[1]),
    "Misra1b": lambda b, x: b[0] * (1 - 1 / (1 + 0.5 * b[1] * x) ** 2),
    "Misra1c": lambda b, x: b[0] * (1 - 1 / np.sqrt(1 + 2 * b[1] * x)),
    "Misra1d": lambda b, x: b[0] * b[1] * x / (1 + b[1] * x),
    "Kirby2": lambda b, x: (b[0] + x * (b[1] + x * b[2])) / (1 + x * (b[3] + x * b[4])),
    "Hahn1": cubic_over_cubic, "Thurber": cubic_over_cubic,
    "MGH17": lambda b, x: b[0] + b[1] * np.exp(-b[3] * x) + b[2] * np.exp(-b[4] * x),
    "Roszman1": lambda b, x: b[0] - b[1] * x - np.arctan(b[2] / (x - b[3])) / np.pi,
    "ENSO": enso,
    "MGH09": lambda b, x: b[0] * x * (x + b[1]) / (x * (x + b[2]) + b[3]),
    "Rat42": lambda b, x: b[0] / (1 + np.exp(b[1] - b[2] * x)),
    "MGH10": lambda b, x: b[0] * np.exp(b[1] / (x + b[2])),
    "Eckerle4": lambda b, x: b[0] / b[1] * np.exp(-0.5 * ((x - b[2]) / b[1]) ** 2),
    "Rat43": lambda b, x: b[0] * (1 + np.exp(b[1] - b[2] * x)) ** (-1 / b[3]),
    "Bennett5": lambda b, x: b[0] / (b[1] + x) ** (1 / b[2]),
}


def nelson(b, x1, x2):
    return b[0] - b[1] * x1 * np.exp(-b[2] * x2)


def read(name):
    """NIST's file by its own line layout: the parameter lines `  bK =  start1  start2  certified  sd`,
    the residual sum of squares, and the numeric rows after the data header."""
    lines = open(os.path.join(root, "problems", "data", "nist-strd", name + ".dat")).read().splitlines()
    starts, certified, rss, data = ([], []), [], None, []
    in_data = False
    for line in lines:
        words = line.split()
        if len(words) == 6 and words[0].startswith("b") and words[1] == "=":
            starts[0].append(float(words[2]))
            starts[1].append(float(words[3]))
            certified.append(float(words[4]))
        elif line.startswith("Residual Sum of Squares:"):
            rss = float(words[-1])
        elif line.startswith("Data:") and words[1] == "y":   # the column header, "Data:   y   x"
            in_data = True
        elif in_data and words:
            data.append([float(w) for w in words])
    return np.array(starts[0]), np.array(starts[1]), np.array(certified), rss, np.array(data)


def residuals(name, b, data):
    if name == "Nelson":
        return np.log(data[:, 0]) - nelson(b, data[:, 1], data[:, 2])
    return data[:, 0] - MODELS[name](b, data[:, 1])


def f(name, b, data):
    r = residuals(name, b, data)
    return float(np.sum(r * r))


def jacobian(name, b, data):
    """m × n, by the complex step: every model here is analytic in b."""
    columns = []
    for j in range(len(b)):
        h = 1e-30 * max(1.0, abs(b[j]))
        z = b.astype(complex)
        z[j] += 1j * h
        columns.append(np.imag(residuals(name, z, data)) / h)
    return np.array(columns).T


def main():
    out = {}
    for name in sorted(list(MODELS) + ["Nelson"]):
        s1, s2, certified, rss, data = read(name)
        out[name] = {
            "observations": len(data), "start1": list(s1), "start2": list(s2), "certified": list(certified),
            "certified_rss": rss, "f_start1": f(name, s1, data), "f_start2": f(name, s2, data),
            "f_certified": f(name, certified, data),
            "r_start1": list(residuals(name, s1, data)),
            "jacobian_start1": [list(row) for row in jacobian(name, s1, data)],
        }
    path = os.path.join(root, "Tests", "Data", "nist-reference.json")
    with open(path, "w") as fp:
        # Arrays of numbers on one line each: the residuals and every row of J stay readable.
        text = json.dumps(out, indent=1)
        text = re.sub(r"\[\s*([-0-9.eE+,\s]*?)\s*\]", lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
        fp.write(text + "\n")
    for name, v in out.items():
        print(f"{name:10s} n={len(v['certified'])} m={v['observations']:4d} certified RSS {v['certified_rss']:.10e} "
              f"NumPy f(b*) {v['f_certified']:.10e} rel {abs(v['f_certified'] - v['certified_rss']) / v['certified_rss']:.1e}")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
