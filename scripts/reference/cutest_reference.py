#!/usr/bin/env python3
"""Independent NumPy transcription of the CUTEst SIF files behind `cutest/NAME`.

Each function below is written from the SIF file (GROUPS, CONSTANTS, ELEMENT USES, GROUP
USES, START POINT), vectorized over 1-based index arrays, without looking at the Swift
code (CHAINWOO, DQDRTIC and SROSENBR, absent from the S2MPJ folder, from the formulas of
OptimizationProblems.jl, src/PureJuMP/NAME.jl). The script writes
Tests/Data/cutest-reference.json: for every problem, f at the SIF start at a small n, f at a seeded random point near that start (the point is stored),
and f at the start for the problem's default n. ProblemsTests/CUTEstReferenceTests.swift
compares the Swift objectives with these numbers.

    python3 scripts/reference/cutest_reference.py            # rewrites the JSON
"""
import json
import os

import numpy as np

SMALL_N = 12
SEED = 20240601


def idx(n):
    """1-based indices i = 1..n as floats and ints."""
    return np.arange(1, n + 1)


# ---- the problems: (start(n), f(x)) ---------------------------------------------------

def arwhead(x):
    return np.sum((x[:-1] ** 2 + x[-1] ** 2) ** 2) + np.sum(-4.0 * x[:-1] + 3.0)


def bdqrtic(x):
    n = len(x)
    i = np.arange(0, n - 4)
    q = x[i] ** 2 + 2 * x[i + 1] ** 2 + 3 * x[i + 2] ** 2 + 4 * x[i + 3] ** 2 + 5 * x[-1] ** 2
    return np.sum((-4.0 * x[i] + 3.0) ** 2) + np.sum(q ** 2)


def brybnd(x):
    n = len(x)
    total = 0.0
    for I in range(1, n + 1):  # 1-based rows, three blocks as in the file (LB = 5, UB = 1)
        lo, hi = max(1, I - 5), min(n, I + 1)
        lin = 2.0 * x[I - 1] - sum(x[j - 1] for j in range(lo, hi + 1) if j != I)
        if 6 <= I <= n - 2:
            nl = 5.0 * x[I - 1] ** 2 - sum(x[j - 1] ** 3 for j in range(lo, I)) - sum(x[j - 1] ** 2 for j in range(I + 1, hi + 1))
        else:
            nl = 5.0 * x[I - 1] ** 3 - sum(x[j - 1] ** 2 for j in range(lo, I)) - sum(x[j - 1] ** 2 for j in range(I + 1, hi + 1))
        total += (lin + nl) ** 2
    return total


def cosine(x):
    return np.sum(np.cos(-0.5 * x[1:] + x[:-1] ** 2))


def cragglvy(x):
    n = len(x)
    m = (n - 2) // 2
    i = idx(m)
    x2im1, x2i, x2ip1, x2ip2 = x[2 * i - 2], x[2 * i - 1], x[2 * i], x[2 * i + 1]
    u = x2ip1 - x2ip2
    return (np.sum((np.exp(x2im1) - x2i) ** 4) + np.sum((x2i - x2ip1) ** 6 / 0.01)
            + np.sum((np.tan(u) + x2ip1 - x2ip2) ** 4) + np.sum(x2im1 ** 8) + np.sum((x2ip2 - 1.0) ** 2))


def curly10(x):
    n, k = len(x), 10
    q = np.array([np.sum(x[i - 1:min(i + k, n)]) for i in idx(n)])
    return np.sum(q * (q * (q ** 2 - 20.0) - 0.1))


def dixmaan(alpha, beta, gamma, delta, k1, k2, k3, k4):
    def f(x):
        n = len(x)
        m = n // 3
        r = idx(n) / float(n)
        t = 1.0 + alpha * np.sum(r ** k1 * x ** 2)
        t += beta * np.sum(r[:-1] ** k2 * x[:-1] ** 2 * (x[1:] + x[1:] ** 2) ** 2)
        t += gamma * np.sum(r[:2 * m] ** k3 * x[:2 * m] ** 2 * x[m:3 * m] ** 4)
        t += delta * np.sum(r[:m] ** k4 * x[:m] * x[2 * m:3 * m])
        return t
    return f


def dixon3dq(x):
    return (x[0] - 1.0) ** 2 + np.sum((x[1:-1] - x[2:]) ** 2) + (x[-1] - 1.0) ** 2


def quartic_shift(x):
    return np.sum((x - idx(len(x))) ** 4)


def edensch(x):
    return (np.sum((x[:-1] - 2.0) ** 4) + np.sum((x[:-1] * x[1:] - 2.0 * x[1:]) ** 2)
            + np.sum((x[1:] + 1.0) ** 2) + 16.0)


def eg2(x):
    return np.sum(np.sin(x[0] + x[:-1] ** 2 - 1.0)) + 0.5 * np.sin(x[-1] ** 2)


def engval1(x):
    return np.sum((x[:-1] ** 2 + x[1:] ** 2) ** 2) + np.sum(-4.0 * x[:-1] + 3.0)


def extrosnb(x):
    return (x[0] - 1.0) ** 2 + 100.0 * np.sum((x[1:] - x[:-1] ** 2) ** 2)


def fletchcr(x):
    return 100.0 * np.sum((x[1:] - x[:-1] ** 2) ** 2) + np.sum((1.0 - x[:-1]) ** 2)


def freuroth(x):
    a, b = x[:-1], x[1:]
    r = a - 2.0 * b - 13.0 + (5.0 - b) * b ** 2
    s = a - 14.0 * b - 29.0 + (1.0 + b) * b ** 2
    return np.sum(r ** 2) + np.sum(s ** 2)


def genhumps(x):
    z = 20.0
    return np.sum((np.sin(z * x[:-1]) * np.sin(z * x[1:])) ** 2) + 0.05 * np.sum(x[:-1] ** 2 + x[1:] ** 2)


def genrose(x):
    return 1.0 + 100.0 * np.sum((x[1:] - x[:-1] ** 2) ** 2) + np.sum((x[1:] - 1.0) ** 2)


def liarwhd(x):
    return 4.0 * np.sum((x ** 2 - x[0]) ** 2) + np.sum((x - 1.0) ** 2)


def morebv(x):
    n = len(x)
    h = 1.0 / (n + 1)
    xp = np.concatenate(([0.0], x, [0.0]))
    i = idx(n)
    g = 2.0 * xp[i] - xp[i - 1] - xp[i + 1] + 0.5 * h * h * (x + i * h + 1.0) ** 3
    return np.sum(g ** 2)


def noncvxu2(x):
    n = len(x)
    i = idx(n)
    j = (3 * i - 2) % n + 1
    k = (7 * i - 3) % n + 1
    v = x[i - 1] + x[j - 1] + x[k - 1]
    return np.sum(v ** 2 + 4.0 * np.cos(v))


def nondia(x):
    return (x[0] - 1.0) ** 2 + 100.0 * np.sum((x[0] - x[:-1] ** 2) ** 2)


def nondquar(x):
    n = len(x)
    return np.sum((x[:n - 2] + x[1:n - 1] + x[-1]) ** 4) + (x[0] - x[1]) ** 2 + (x[-2] - x[-1]) ** 2


def powellsg(x):
    a, b, c, d = x[0::4], x[1::4], x[2::4], x[3::4]
    return np.sum((a + 10 * b) ** 2) + 5.0 * np.sum((c - d) ** 2) + np.sum((b - 2 * c) ** 4) + 10.0 * np.sum((a - d) ** 4)


def power(x):
    return np.sum(idx(len(x)) * x ** 2) ** 2


def schmvett(x):
    a, b, c = x[:-2], x[1:-1], x[2:]
    return np.sum(-1.0 / (1.0 + (a - b) ** 2) - np.sin(0.5 * (3.14159265 * b + c)) - np.exp(-((a + c) / b - 2.0) ** 2))


def sparsqur(x):
    n = len(x)
    total = 0.0
    for I in range(1, n + 1):
        js = [((p * I - 1) % n) + 1 for p in (1, 2, 3, 5, 7, 11)]
        alpha = sum(0.5 * x[j - 1] ** 2 for j in js)
        total += 0.5 * I * alpha ** 2
    return total


def tointgss(x):
    n = len(x)
    ap = 10.0 / (n - 2)
    u1 = x[:-2] - x[1:-1]
    u2 = x[2:]
    return np.sum((ap + u2 ** 2) * (2.0 - np.exp(-u1 ** 2 / (0.1 + u2 ** 2))))


def tquartic(x):
    return (x[0] - 1.0) ** 2 + np.sum((x[0] ** 2 - x[1:] ** 2) ** 2)


def tridia(x):
    i = idx(len(x))
    return (x[0] - 1.0) ** 2 + np.sum(i[1:] * (2.0 * x[1:] - x[:-1]) ** 2)


def vardim(x):
    n = len(x)
    r = np.sum(idx(n) * x) - n * (n + 1) / 2.0
    return np.sum((x - 1.0) ** 2) + r ** 2 + r ** 4


def woods(x):
    w1, w2, w3, w4 = x[0::4], x[1::4], x[2::4], x[3::4]
    return np.sum(100.0 * (w2 - w1 ** 2) ** 2 + (1.0 - w1) ** 2 + 90.0 * (w4 - w3 ** 2) ** 2 + (1.0 - w3) ** 2
                  + 10.0 * (w2 + w4 - 2.0) ** 2 + 0.1 * (w2 - w4) ** 2)

def srosenbr(x):
    odd, even = x[0::2], x[1::2]
    return np.sum((even - odd ** 2) ** 2 / 0.01 + (odd - 1.0) ** 2)


def chainwoo(x):
    n = len(x)
    i = idx((n - 2) // 2)
    a, b, c, d = x[2 * i - 2], x[2 * i - 1], x[2 * i], x[2 * i + 1]  # x(2i-1), x(2i), x(2i+1), x(2i+2)
    return 1.0 + np.sum(100.0 * (b - a ** 2) ** 2 + (1.0 - a) ** 2 + 90.0 * (d - c ** 2) ** 2 + (1.0 - c) ** 2
                        + 10.0 * (b + d - 2.0) ** 2 + 0.1 * (b - d) ** 2)


def dqdrtic(x):
    return np.sum(x[:-2] ** 2) + 100.0 * np.sum(x[1:-1] ** 2) + 100.0 * np.sum(x[2:] ** 2)


def sinquad(x):
    """The groups G(2..N-1) have no group type in SINQUAD.SIF, so they enter linearly."""
    mid = x[1:-1]
    return ((x[0] - 1.0) ** 4 + np.sum(mid ** 2 - x[0] ** 2 + np.sin(mid - x[-1]))
            + (x[-1] ** 2 - x[0] ** 2) ** 2)


def const(v):
    return lambda n: np.full(n, float(v))


DIXMAAN = {
    "A": (1.0, 0.0, 0.125, 0.125, 0, 0, 0, 0), "B": (1.0, 0.0625, 0.0625, 0.0625, 0, 0, 0, 0),
    "C": (1.0, 0.125, 0.125, 0.125, 0, 0, 0, 0), "D": (1.0, 0.26, 0.26, 0.26, 0, 0, 0, 0),
    "E": (1.0, 0.0, 0.125, 0.125, 1, 0, 0, 1), "F": (1.0, 0.0625, 0.0625, 0.0625, 1, 0, 0, 1),
    "G": (1.0, 0.125, 0.125, 0.125, 1, 0, 0, 1), "H": (1.0, 0.26, 0.26, 0.26, 1, 0, 0, 1),
    "I": (1.0, 0.0, 0.125, 0.125, 2, 0, 0, 2), "J": (1.0, 0.0625, 0.0625, 0.0625, 2, 0, 0, 2),
    "K": (1.0, 0.125, 0.125, 0.125, 2, 0, 0, 2), "L": (1.0, 0.26, 0.26, 0.26, 2, 0, 0, 2),
}

# name: (f, start(n), default n)
PROBLEMS = {
    "ARWHEAD": (arwhead, const(1), 5000),
    "BDQRTIC": (bdqrtic, const(1), 100),
    "BRYBND": (brybnd, const(1), 10),
    "CHAINWOO": (chainwoo, lambda n: np.concatenate(([-3.0, -1.0, -3.0, -1.0], np.full(n - 4, -2.0))), 4000),
    "COSINE": (cosine, const(1), 1000),
    "CRAGGLVY": (cragglvy, lambda n: np.concatenate(([1.0], np.full(n - 1, 2.0))), 4),
    "CURLY10": (curly10, lambda n: idx(n) / (n + 1.0) * 0.0001, 1000),
    **{"DIXMAAN" + k: (dixmaan(*v), const(2), 15) for k, v in DIXMAAN.items()},
    "DIXON3DQ": (dixon3dq, const(-1), 10),
    "DQDRTIC": (dqdrtic, const(3), 5000),
    "DQRTIC": (quartic_shift, const(2), 500),
    "EDENSCH": (edensch, const(8), 36),
    "EG2": (eg2, const(0), 1000),
    "ENGVAL1": (engval1, const(2), 2),
    "EXTROSNB": (extrosnb, const(-1), 5),
    "FLETCHCR": (fletchcr, const(0), 10),
    "FREUROTH": (freuroth, lambda n: np.concatenate(([0.5, -2.0], np.zeros(n - 2))), 2),
    "GENHUMPS": (genhumps, lambda n: np.concatenate(([-506.0], np.full(n - 1, -506.2))), 1000),
    "GENROSE": (genrose, lambda n: idx(n) / (n + 1.0), 500),
    "LIARWHD": (liarwhd, const(4), 36),
    "MOREBV": (morebv, lambda n: (idx(n) / (n + 1.0)) * (idx(n) / (n + 1.0) - 1.0), 10),
    "NONCVXU2": (noncvxu2, lambda n: idx(n).astype(float), 1000),
    "NONDIA": (nondia, const(-1), 1000),
    "NONDQUAR": (nondquar, lambda n: np.where(idx(n) % 2 == 1, 1.0, -1.0), 100),
    "POWELLSG": (powellsg, lambda n: np.tile([3.0, -1.0, 0.0, 1.0], n // 4), 4),
    "POWER": (power, const(1), 10),
    "QUARTC": (quartic_shift, const(2), 25),
    "SCHMVETT": (schmvett, const(0.5), 3),
    "SINQUAD": (sinquad, const(0.1), 5000),
    "SPARSQUR": (sparsqur, const(0.5), 1000),
    "SROSENBR": (srosenbr, lambda n: np.where(idx(n) % 2 == 1, -1.2, 1.0), 5000),
    "TOINTGSS": (tointgss, const(3), 10),
    "TQUARTIC": (tquartic, const(0.1), 5),
    "TRIDIA": (tridia, const(1), 30),
    "VARDIM": (vardim, lambda n: 1.0 - idx(n) / float(n), 10),
    "WOODS": (woods, lambda n: np.where(idx(n) % 2 == 1, -3.0, -1.0), 4000),
}


def main():
    rng = np.random.default_rng(SEED)
    rows = []
    for name, (f, start, default_n) in PROBLEMS.items():
        x0 = start(SMALL_N)
        point = x0 + 0.3 * (1.0 + np.abs(x0)) * (rng.random(SMALL_N) - 0.5)
        rows.append({
            "problem": name, "n": SMALL_N, "f_start": float(f(x0)), "point": [float(v) for v in point],
            "f_point": float(f(point)), "default_n": default_n, "f_start_default": float(f(start(default_n))),
        })
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "Tests", "Data", "cutest-reference.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump(rows, out, indent=1)
        out.write("\n")
    for row in rows:
        print(f'{row["problem"]:10} n={row["default_n"]:5}  f(x0) = {row["f_start_default"]!r}')


if __name__ == "__main__":
    main()
