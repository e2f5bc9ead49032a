#!/usr/bin/env python3
"""f(x₀) of the 35 Moré–Garbow–Hillstrom problems at the start multiples 1, 10 and 100.

An independent transcription of the residuals fᵢ and the standard starting points of
J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained optimization
software", ACM TOMS 7(1), 1981, section 3, with f = Σ fᵢ² — written from the paper, not from
the Swift code, in plain Python floats. The sizes are optbench's defaults (ProblemRegistry).
Writes Tests/Data/mgh-start-values.csv, which MGHStartValueTests reads:
    python3 scripts/reference/mgh-start-values.py
"""
import math
import os

def rosenbrock(x, m):
    return [10 * (x[1] - x[0] ** 2), 1 - x[0]]

def freudenstein_roth(x, m):
    return [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]

def powell_badly_scaled(x, m):
    return [1e4 * x[0] * x[1] - 1, math.exp(-x[0]) + math.exp(-x[1]) - 1.0001]

def brown_badly_scaled(x, m):
    return [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]

def beale(x, m):
    return [y - x[0] * (1 - x[1] ** i) for i, y in zip((1, 2, 3), (1.5, 2.25, 2.625))]

def jennrich_sampson(x, m):
    return [2 + 2 * i - (math.exp(i * x[0]) + math.exp(i * x[1])) for i in range(1, m + 1)]

def helical_valley(x, m):
    theta = math.atan(x[1] / x[0]) / (2 * math.pi) + (0.5 if x[0] < 0 else 0)
    return [10 * (x[2] - 10 * theta), 10 * (math.sqrt(x[0] ** 2 + x[1] ** 2) - 1), x[2]]

BARD_Y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]

def bard(x, m):
    r = []
    for i in range(1, 16):
        u, v = i, 16 - i
        r.append(BARD_Y[i - 1] - (x[0] + u / (v * x[1] + min(u, v) * x[2])))
    return r

GAUSSIAN_Y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009]

def gaussian(x, m):
    return [x[0] * math.exp(-x[1] * ((8 - i) / 2 - x[2]) ** 2 / 2) - GAUSSIAN_Y[i - 1] for i in range(1, 16)]

MEYER_Y = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872]

def meyer(x, m):
    return [x[0] * math.exp(x[1] / (45 + 5 * i + x[2])) - MEYER_Y[i - 1] for i in range(1, 17)]

def gulf(x, m):
    r = []
    for i in range(1, m + 1):
        t = i / 100
        y = 25 + (-50 * math.log(t)) ** (2 / 3)
        r.append(math.exp(-abs(y - x[1]) ** x[2] / x[0]) - t)
    return r

def box_3d(x, m):
    return [math.exp(-t * x[0]) - math.exp(-t * x[1]) - x[2] * (math.exp(-t) - math.exp(-10 * t))
            for t in (0.1 * i for i in range(1, m + 1))]

def powell_singular(x, m):
    return [x[0] + 10 * x[1], math.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2, math.sqrt(10) * (x[0] - x[3]) ** 2]

def wood(x, m):
    return [10 * (x[1] - x[0] ** 2), 1 - x[0], math.sqrt(90) * (x[3] - x[2] ** 2), 1 - x[2],
            math.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / math.sqrt(10)]

KOWALIK_Y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
KOWALIK_U = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]

def kowalik_osborne(x, m):
    return [y - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3]) for y, u in zip(KOWALIK_Y, KOWALIK_U)]

def brown_dennis(x, m):
    r = []
    for i in range(1, m + 1):
        t = i / 5
        r.append((x[0] + t * x[1] - math.exp(t)) ** 2 + (x[2] + x[3] * math.sin(t) - math.cos(t)) ** 2)
    return r

OSBORNE1_Y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
              0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]

def osborne_1(x, m):
    return [y - (x[0] + x[1] * math.exp(-t * x[3]) + x[2] * math.exp(-t * x[4]))
            for y, t in zip(OSBORNE1_Y, (10 * i for i in range(33)))]

def biggs_exp6(x, m):
    r = []
    for i in range(1, m + 1):
        t = 0.1 * i
        y = math.exp(-t) - 5 * math.exp(-10 * t) + 3 * math.exp(-4 * t)
        r.append(x[2] * math.exp(-t * x[0]) - x[3] * math.exp(-t * x[1]) + x[5] * math.exp(-t * x[4]) - y)
    return r

OSBORNE2_Y = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608, 0.655, 0.616, 0.606,
              0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423,
              0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668,
              0.645, 0.632, 0.591, 0.559, 0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054]

def osborne_2(x, m):
    r = []
    for i in range(65):
        t = i / 10
        model = (x[0] * math.exp(-t * x[4]) + x[1] * math.exp(-(t - x[8]) ** 2 * x[5])
                 + x[2] * math.exp(-(t - x[9]) ** 2 * x[6]) + x[3] * math.exp(-(t - x[10]) ** 2 * x[7]))
        r.append(OSBORNE2_Y[i] - model)
    return r

def watson(x, m):
    n = len(x)
    r = []
    for i in range(1, 30):
        t = i / 29
        s1 = sum((j - 1) * x[j - 1] * t ** (j - 2) for j in range(2, n + 1))
        s2 = sum(x[j - 1] * t ** (j - 1) for j in range(1, n + 1))
        r.append(s1 - s2 * s2 - 1)
    return r + [x[0], x[1] - x[0] ** 2 - 1]

def extended_rosenbrock(x, m):
    r = []
    for i in range(0, len(x), 2):
        r += [10 * (x[i + 1] - x[i] ** 2), 1 - x[i]]
    return r

def extended_powell_singular(x, m):
    r = []
    for i in range(0, len(x), 4):
        r += powell_singular(x[i:i + 4], 4)
    return r

def penalty_1(x, m):
    a = 1e-5
    return [math.sqrt(a) * (xi - 1) for xi in x] + [sum(xi * xi for xi in x) - 0.25]

def penalty_2(x, m):
    n, a = len(x), 1e-5
    r = [x[0] - 0.2]
    for i in range(2, n + 1):
        y = math.exp(i / 10) + math.exp((i - 1) / 10)
        r.append(math.sqrt(a) * (math.exp(x[i - 1] / 10) + math.exp(x[i - 2] / 10) - y))
    for i in range(n + 1, 2 * n):
        r.append(math.sqrt(a) * (math.exp(x[i - n] / 10) - math.exp(-1 / 10)))
    r.append(sum((n - j + 1) * x[j - 1] ** 2 for j in range(1, n + 1)) - 1)
    return r

def variably_dimensioned(x, m):
    s = sum(j * (x[j - 1] - 1) for j in range(1, len(x) + 1))
    return [xi - 1 for xi in x] + [s, s * s]

def trigonometric(x, m):
    n = len(x)
    c = sum(math.cos(xj) for xj in x)
    return [n - c + i * (1 - math.cos(x[i - 1])) - math.sin(x[i - 1]) for i in range(1, n + 1)]

def brown_almost_linear(x, m):
    n = len(x)
    s = sum(x)
    return [x[i] + s - (n + 1) for i in range(n - 1)] + [math.prod(x) - 1]

def discrete_boundary_value(x, m):
    n = len(x)
    h = 1 / (n + 1)
    padded = [0.0] + list(x) + [0.0]
    return [2 * padded[i] - padded[i - 1] - padded[i + 1] + h * h * (padded[i] + i * h + 1) ** 3 / 2 for i in range(1, n + 1)]

def discrete_integral_equation(x, m):
    n = len(x)
    h = 1 / (n + 1)
    t = [j * h for j in range(1, n + 1)]
    r = []
    for i in range(n):
        left = sum(t[j] * (x[j] + t[j] + 1) ** 3 for j in range(i + 1))
        right = sum((1 - t[j]) * (x[j] + t[j] + 1) ** 3 for j in range(i + 1, n))
        r.append(x[i] + h * ((1 - t[i]) * left + t[i] * right) / 2)
    return r

def broyden_tridiagonal(x, m):
    padded = [0.0] + list(x) + [0.0]
    return [(3 - 2 * padded[i]) * padded[i] - padded[i - 1] - 2 * padded[i + 1] + 1 for i in range(1, len(x) + 1)]

def broyden_banded(x, m):
    n = len(x)
    r = []
    for i in range(1, n + 1):
        window = [j for j in range(max(1, i - 5), min(n, i + 1) + 1) if j != i]
        r.append(x[i - 1] * (2 + 5 * x[i - 1] ** 2) + 1 - sum(x[j - 1] * (1 + x[j - 1]) for j in window))
    return r

def linear_full_rank(x, m):
    n, s = len(x), sum(x)
    return [x[i] - 2 * s / m - 1 for i in range(n)] + [-2 * s / m - 1 for _ in range(n, m)]

def linear_rank_1(x, m):
    s = sum(j * x[j - 1] for j in range(1, len(x) + 1))
    return [i * s - 1 for i in range(1, m + 1)]

def linear_rank_1_zero(x, m):
    n = len(x)
    s = sum(j * x[j - 1] for j in range(2, n))
    return [-1.0] + [(i - 1) * s - 1 for i in range(2, m)] + [-1.0]

def shifted_chebyshev(i, x):
    """Tᵢ(2x − 1) by the three-term recurrence (a polynomial, defined for every x)."""
    y, previous, current = 2 * x - 1, 1.0, 2 * x - 1
    for _ in range(i - 1):
        previous, current = current, 2 * y * current - previous
    return current

def chebyquad(x, m):
    n = len(x)
    r = []
    for i in range(1, m + 1):
        mean = sum(shifted_chebyshev(i, xj) for xj in x) / n
        r.append(mean - (-1 / (i * i - 1) if i % 2 == 0 else 0))
    return r

# (slug, residuals, n, m, x₀) with optbench's default sizes.
PROBLEMS = [
    ("rosenbrock", rosenbrock, 2, 2, [-1.2, 1]),
    ("freudenstein-roth", freudenstein_roth, 2, 2, [0.5, -2]),
    ("powell-badly-scaled", powell_badly_scaled, 2, 2, [0, 1]),
    ("brown-badly-scaled", brown_badly_scaled, 2, 3, [1, 1]),
    ("beale", beale, 2, 3, [1, 1]),
    ("jennrich-sampson", jennrich_sampson, 2, 10, [0.3, 0.4]),
    ("helical-valley", helical_valley, 3, 3, [-1, 0, 0]),
    ("bard", bard, 3, 15, [1, 1, 1]),
    ("gaussian", gaussian, 3, 15, [0.4, 1, 0]),
    ("meyer", meyer, 3, 16, [0.02, 4000, 250]),
    ("gulf", gulf, 3, 99, [5, 2.5, 0.15]),
    ("box-3d", box_3d, 3, 10, [0, 10, 20]),
    ("powell-singular", powell_singular, 4, 4, [3, -1, 0, 1]),
    ("wood", wood, 4, 6, [-3, -1, -3, -1]),
    ("kowalik-osborne", kowalik_osborne, 4, 11, [0.25, 0.39, 0.415, 0.39]),
    ("brown-dennis", brown_dennis, 4, 20, [25, 5, -5, -1]),
    ("osborne-1", osborne_1, 5, 33, [0.5, 1.5, -1, 0.01, 0.02]),
    ("biggs-exp6", biggs_exp6, 6, 13, [1, 2, 1, 1, 1, 1]),
    ("osborne-2", osborne_2, 11, 65, [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5]),
    ("watson", watson, 6, 31, [0] * 6),
    ("extended-rosenbrock", extended_rosenbrock, 10, 10, [-1.2, 1] * 5),
    ("extended-powell-singular", extended_powell_singular, 12, 12, [3, -1, 0, 1] * 3),
    ("penalty-1", penalty_1, 10, 11, [float(j) for j in range(1, 11)]),
    ("penalty-2", penalty_2, 10, 20, [0.5] * 10),
    ("variably-dimensioned", variably_dimensioned, 10, 12, [1 - j / 10 for j in range(1, 11)]),
    ("trigonometric", trigonometric, 10, 10, [0.1] * 10),
    ("brown-almost-linear", brown_almost_linear, 10, 10, [0.5] * 10),
    ("discrete-boundary-value", discrete_boundary_value, 10, 10, [(j / 11) * (j / 11 - 1) for j in range(1, 11)]),
    ("discrete-integral-equation", discrete_integral_equation, 10, 10, [(j / 11) * (j / 11 - 1) for j in range(1, 11)]),
    ("broyden-tridiagonal", broyden_tridiagonal, 10, 10, [-1] * 10),
    ("broyden-banded", broyden_banded, 10, 10, [-1] * 10),
    ("linear-full-rank", linear_full_rank, 5, 10, [1] * 5),
    ("linear-rank-1", linear_rank_1, 5, 10, [1] * 5),
    ("linear-rank-1-zero", linear_rank_1_zero, 5, 10, [1] * 5),
    ("chebyquad", chebyquad, 8, 8, [j / 9 for j in range(1, 9)]),
]

def main():
    lines = ["problem,start,f"]
    for slug, residuals, n, m, x0 in PROBLEMS:
        assert len(x0) == n, slug
        for scale in (1, 10, 100):
            x = [scale * v for v in x0]
            r = residuals(x, m)
            assert len(r) == m, slug
            f = math.fsum(ri * ri for ri in r)   # inf where a residual overflows (Jennrich–Sampson at 100x₀)
            lines.append(f"mgh/{slug},{scale},{f!r}")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Data", "mgh-start-values.csv")
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines) - 1} values written to Tests/Data/mgh-start-values.csv")

if __name__ == "__main__":
    main()
