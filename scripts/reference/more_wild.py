#!/usr/bin/env python3
"""f(x₀) of Moré & Wild's 53 derivative-free benchmark problems, smooth and noisy.

An independent NumPy transcription of the benchmark of J. J. Moré and S. M. Wild,
"Benchmarking derivative-free optimization algorithms", SIAM J. Optim. 20(1), 2009, pp. 172–191:
the table of (function, n, m, start factor) of their dfo.dat, the 22 residual vectors of
dfovec.m, the starting points of dfoxs.m and the objective of calfun.m (f = Σ rᵢ², and the
deterministic noise f·(1 + 10⁻³φ(x)), φ = T₃(φ₀), φ₀ = 0.9 sin(100‖x‖₁) cos(100‖x‖∞) + 0.1 cos(‖x‖₂)),
written from those definitions, not from the Swift code. Writes Tests/Data/more-wild-start-values.csv,
which MoreWildTests reads:
    python3 scripts/reference/more_wild.py
"""
import os

import numpy as np

TABLE = [
    (1, 9, 45, 0), (1, 9, 45, 1), (2, 7, 35, 0), (2, 7, 35, 1), (3, 7, 35, 0), (3, 7, 35, 1), (4, 2, 2, 0),
    (4, 2, 2, 1), (5, 3, 3, 0), (5, 3, 3, 1), (6, 4, 4, 0), (6, 4, 4, 1), (7, 2, 2, 0), (7, 2, 2, 1), (8, 3, 15, 0),
    (8, 3, 15, 1), (9, 4, 11, 0), (10, 3, 16, 0), (11, 6, 31, 0), (11, 6, 31, 1), (11, 9, 31, 0), (11, 9, 31, 1),
    (11, 12, 31, 0), (11, 12, 31, 1), (12, 3, 10, 0), (13, 2, 10, 0), (14, 4, 20, 0), (14, 4, 20, 1),
    (15, 6, 6, 0), (15, 7, 7, 0), (15, 8, 8, 0), (15, 9, 9, 0), (15, 10, 10, 0), (15, 11, 11, 0), (16, 10, 10, 0),
    (17, 5, 33, 0), (18, 11, 65, 0), (18, 11, 65, 1), (19, 8, 8, 0), (19, 10, 12, 0), (19, 11, 14, 0),
    (19, 12, 16, 0), (20, 5, 5, 0), (20, 6, 6, 0), (20, 8, 8, 0), (21, 5, 5, 0), (21, 5, 5, 1), (21, 8, 8, 0),
    (21, 10, 10, 0), (21, 12, 12, 0), (21, 12, 12, 1), (22, 8, 8, 0), (22, 8, 8, 1),
]

BARD = np.array([.14, .18, .22, .25, .29, .32, .35, .39, .37, .58, .73, .96, 1.34, 2.10, 4.39])
KOWALIK_Y = np.array([.1957, .1947, .1735, .16, .0844, .0627, .0456, .0342, .0323, .0235, .0246])
KOWALIK_U = np.array([4, 2, 1, .5, .25, .167, .125, .1, .0833, .0714, .0625])
MEYER = np.array([34780., 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820,
                  3307, 2872])
OSBORNE1 = np.array([.844, .908, .932, .936, .925, .908, .881, .85, .818, .784, .751, .718, .685, .658, .628, .603,
                     .58, .558, .538, .522, .506, .49, .478, .467, .457, .448, .438, .431, .424, .42, .414, .411, .406])
OSBORNE2 = np.array([
    1.366, 1.191, 1.112, 1.013, .991, .885, .831, .847, .786, .725, .746, .679, .608, .655, .616, .606, .602, .626,
    .651, .724, .649, .649, .694, .644, .624, .661, .612, .558, .533, .495, .5, .423, .395, .375, .372, .391, .396,
    .405, .428, .429, .523, .562, .607, .653, .672, .708, .633, .668, .645, .632, .591, .559, .597, .625, .739, .71,
    .729, .72, .636, .581, .428, .292, .162, .098, .054])


def residuals(k, x, m):
    """r(x) ∈ ℝᵐ of function k (1 … 22); i below is 1-based as in the paper."""
    n = len(x)
    i = np.arange(1, m + 1, dtype=float)
    if k == 1:                                        # linear, full rank
        r = -(2 * x.sum() / m + 1) * np.ones(m)
        r[:n] += x
        return r
    if k == 2:                                        # linear, rank 1
        return i * np.dot(np.arange(1, n + 1), x) - 1
    if k == 3:                                        # linear, rank 1 with zero columns and rows
        s = np.dot(np.arange(2, n), x[1:n - 1])
        r = (i - 1) * s - 1
        r[-1] = -1
        return r
    if k == 4:                                        # Rosenbrock
        return np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]])
    if k == 5:                                        # helical valley
        theta = np.arctan(x[1] / x[0]) / (2 * np.pi) + (0.5 if x[0] < 0 else 0) if x[0] != 0 else 0.25
        return np.array([10 * (x[2] - 10 * theta), 10 * (np.hypot(x[0], x[1]) - 1), x[2]])
    if k == 6:                                        # Powell singular
        return np.array([x[0] + 10 * x[1], np.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2,
                         np.sqrt(10) * (x[0] - x[3]) ** 2])
    if k == 7:                                        # Freudenstein and Roth
        return np.array([-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((1 + x[1]) * x[1] - 14) * x[1]])
    if k == 8:                                        # Bard
        u = np.arange(1, 16.)
        v = 16 - u
        return BARD - (x[0] + u / (v * x[1] + np.minimum(u, v) * x[2]))
    if k == 9:                                        # Kowalik and Osborne
        u = KOWALIK_U
        return KOWALIK_Y - x[0] * u * (u + x[1]) / (u * (u + x[2]) + x[3])
    if k == 10:                                       # Meyer
        return x[0] * np.exp(x[1] / (5 * np.arange(1, 17) + 45 + x[2])) - MEYER
    if k == 11:                                       # Watson
        t = np.arange(1, 30) / 29
        powers = t[:, None] ** np.arange(n)[None, :]
        s1 = (powers[:, :n - 1] * (np.arange(1, n) * x[1:])[None, :]).sum(axis=1)
        s2 = powers @ x
        return np.concatenate([s1 - s2 ** 2 - 1, [x[0], x[1] - x[0] ** 2 - 1]])
    if k == 12:                                       # Box three-dimensional
        t = i / 10
        return np.exp(-t * x[0]) - np.exp(-t * x[1]) - x[2] * (np.exp(-t) - np.exp(-i))
    if k == 13:                                       # Jennrich and Sampson
        return 2 + 2 * i - np.exp(i * x[0]) - np.exp(i * x[1])
    if k == 14:                                       # Brown and Dennis
        t = i / 5
        return (x[0] + t * x[1] - np.exp(t)) ** 2 + (x[2] + np.sin(t) * x[3] - np.cos(t)) ** 2
    if k == 15:                                       # Chebyquad: Tᵢ(2x − 1) by the cosine of arccos
        y = 2 * x - 1
        r = np.array([np.cos(j * np.arccos(y)).mean() for j in range(1, m + 1)])
        even = np.arange(1, m + 1) % 2 == 0
        r[even] += 1 / (i[even] ** 2 - 1)
        return r
    if k == 16:                                       # Brown almost-linear
        return np.concatenate([x[:n - 1] + x.sum() - (n + 1), [np.prod(x) - 1]])
    if k == 17:                                       # Osborne 1
        t = 10 * np.arange(33)
        return OSBORNE1 - (x[0] + x[1] * np.exp(-t * x[3]) + x[2] * np.exp(-t * x[4]))
    if k == 18:                                       # Osborne 2
        t = np.arange(65) / 10
        return OSBORNE2 - (x[0] * np.exp(-t * x[4]) + x[1] * np.exp(-(t - x[8]) ** 2 * x[5])
                           + x[2] * np.exp(-(t - x[9]) ** 2 * x[6]) + x[3] * np.exp(-(t - x[10]) ** 2 * x[7]))
    if k == 19:                                       # BDQRTIC
        q = x[:n - 4] ** 2 + 2 * x[1:n - 3] ** 2 + 3 * x[2:n - 2] ** 2 + 4 * x[3:n - 1] ** 2 + 5 * x[n - 1] ** 2
        return np.concatenate([3 - 4 * x[:n - 4], q])
    if k == 20:                                       # cube
        return np.concatenate([[x[0] - 1], 10 * (x[1:] - x[:-1] ** 3)])
    if k == 21:                                       # Mancino
        ii = np.arange(1, n + 1)
        v = np.sqrt(x[:, None] ** 2 + ii[:, None] / ii[None, :])
        return 1400 * x + (ii - 50.) ** 3 + (v * (np.sin(np.log(v)) ** 5 + np.cos(np.log(v)) ** 5)).sum(axis=1)
    if k == 22:                                       # Heart8
        a, b, c, d, t, u, v, w = x
        return np.array([
            a + b + .69, c + d + .044, a * t + b * u - c * v - d * w + 1.57, a * v + b * w + c * t + d * u + 1.31,
            a * (t ** 2 - v ** 2) - 2 * c * t * v + b * (u ** 2 - w ** 2) - 2 * d * u * w + 2.65,
            c * (t ** 2 - v ** 2) + 2 * a * t * v + d * (u ** 2 - w ** 2) + 2 * b * u * w - 2,
            a * t * (t ** 2 - 3 * v ** 2) + c * v * (v ** 2 - 3 * t ** 2) + b * u * (u ** 2 - 3 * w ** 2)
            + d * w * (w ** 2 - 3 * u ** 2) + 12.6,
            c * t * (t ** 2 - 3 * v ** 2) - a * v * (v ** 2 - 3 * t ** 2) + d * u * (u ** 2 - 3 * w ** 2)
            - b * w * (w ** 2 - 3 * u ** 2) - 9.48])
    raise ValueError(f"no function {k}")


def start(k, n):
    """dfoxs's standard start (before the factor 10ˢ)."""
    fixed = {4: [-1.2, 1], 5: [-1, 0, 0], 6: [3, -1, 0, 1], 7: [.5, -2], 8: [1, 1, 1], 9: [.25, .39, .415, .39],
             10: [.02, 4000, 250], 12: [0, 10, 20], 13: [.3, .4], 14: [25, 5, -5, -1], 17: [.5, 1.5, 1, .01, .02],
             18: [1.3, .65, .65, .7, .6, 3, 5, 7, 2, 4.5, 5.5], 22: [-.3, -.39, .3, -.344, -1.2, 2.69, 1.59, -1.5]}
    if k in fixed:
        return np.array(fixed[k], dtype=float)
    if k in (1, 2, 3, 19):
        return np.ones(n)
    if k in (11, 16, 20):
        return np.full(n, 0.5)
    if k == 15:
        return np.arange(1, n + 1) / (n + 1)
    if k == 21:
        ii = np.arange(1, n + 1)
        s = np.sqrt(ii[:, None] / ii[None, :])
        return -8.710996e-4 * ((ii - 50.) ** 3 + (s * (np.sin(np.log(s)) ** 5 + np.cos(np.log(s)) ** 5)).sum(axis=1))
    raise ValueError(f"no function {k}")


def smooth(k, x, m):
    return float(np.sum(residuals(k, x, m) ** 2))


def phi(x):
    """Moré & Wild's φ: the cubic Chebyshev polynomial T₃ of φ₀."""
    p = 0.9 * np.sin(100 * np.linalg.norm(x, 1)) * np.cos(100 * np.linalg.norm(x, np.inf)) \
        + 0.1 * np.cos(np.linalg.norm(x, 2))
    return p * (4 * p ** 2 - 3)


def noisy(k, x, m):
    return (1 + 1e-3 * phi(x)) * smooth(k, x, m)


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    lines = ["number,function,n,m,scale,f_smooth,f_noisy"]
    for number, (k, n, m, s) in enumerate(TABLE, start=1):
        x = start(k, n) * 10.0 ** s
        lines.append(f"{number},{k},{n},{m},{s},{float(smooth(k, x, m))!r},{float(noisy(k, x, m))!r}")
    path = os.path.join(root, "Tests", "Data", "more-wild-start-values.csv")
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")
    print(f"wrote {path} ({len(TABLE)} problems)")


if __name__ == "__main__":
    main()
