#!/usr/bin/env python3
"""An independent NumPy transcription of the (mu/mu_w, lambda)-CMA-ES for CMAESTests
(Tests/OptimTests/Solvers/CMAESTests.swift).

The algorithm is written from N. Hansen, "The CMA Evolution Strategy: A Tutorial",
arXiv:1604.00772, Appendix A (Fig. 6, Table 1; equation numbers in the comments), with the
conventions docs/solvers.md states for OptBench's cmaes: the cma package's defaults (active CMA:
negative weights, eq. 53; c_sigma = min(1/2, (mueff + 2)/(n + mueff + 3)), d_sigma's attenuated mueff
term; c1 with min(1, lambda/6); h_sigma
on the squared path length; the change of ln sigma clipped to [-1, 1]; C starting at
diag(exp(1e-4 i/n)); E||N(0, I)|| exact for n <= 100), y_k = C^(1/2) z_k
with the symmetric root B D B^T, the eigendecomposition of C (numpy.linalg.eigh) when at least
lambda/(c1 + cmu)/n/10 evaluations were made since the last one, the flat-fitness escape, and on a
box f evaluated at T(x) with the cma package's BoundTransform (linear-quadratic, periodic).
`--positive` gives the positive-weights-only variant (`cmaes --positive-only`).

It is fed the SAME normal deviates as the Swift code: xoshiro256** seeded by SplitMix64 and
Marsaglia's polar method are transcribed below from their papers (Blackman & Vigna, ACM TOMS 2021;
Marsaglia & Bray 1964), drawn in the order generation, k = 1..lambda, coordinate 1..n.

Prints, per case and generation, the mean m, sigma, p_sigma, p_c and C (the whole of C for n <= 4,
else its diagonal and first row) after the generation.

    python3 scripts/reference/reference-cmaes.py            # JSON on stdout
    python3 scripts/reference/reference-cmaes.py --write    # into Tests/Data/cmaes-reference.json
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scipy_venv import write_or_print  # noqa: E402
MASK = (1 << 64) - 1


class Generator:
    """xoshiro256** seeded through SplitMix64; uniform with 53 bits; normal by the polar method."""

    def __init__(self, seed):
        z = seed & MASK
        state = []
        for _ in range(4):
            z = (z + 0x9E3779B97F4A7C15) & MASK
            r = z
            r = ((r ^ (r >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            r = ((r ^ (r >> 27)) * 0x94D049BB133111EB) & MASK
            state.append(r ^ (r >> 31))
        self.s = state
        self.spare = None

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK

    def next(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def normal(self):
        if self.spare is not None:
            z, self.spare = self.spare, None
            return z
        while True:
            u = 2 * self.uniform() - 1
            v = 2 * self.uniform() - 1
            s = u * u + v * v
            if 0 < s < 1:
                factor = math.sqrt(-2 * math.log(s) / s)
                self.spare = v * factor
                return u * factor


def box_transform(y, lower, upper):
    """T(y): the cma package's BoundTransform (periodic, mirrored, quadratic near each bound)."""
    out = np.empty_like(y)
    for i, v in enumerate(y):
        l, u = lower[i], upper[i]
        al = min((u - l) / 2, (1 + abs(l)) / 20) if math.isfinite(l) else 1.0
        au = min((u - l) / 2, (1 + abs(u)) / 20) if math.isfinite(u) else 1.0
        if l == u:
            out[i] = l
            continue
        w = u - l
        if math.isfinite(l) and math.isfinite(u) and (v < l - 2 * al - w / 2 or v > u + 2 * au + w / 2):
            r = 2 * (w + al + au)
            s = l - 2 * al - w / 2
            v -= r * math.floor((v - s) / r)
        if v > u + au:
            v -= 2 * (v - u - au)
        if v < l - al:
            v += 2 * (l - al - v)
        if v < l + al:
            v = l + (v - (l - al)) * (v - (l - al)) / 4 / al
        if v > u - au:
            v = u - (v - (u + au)) * (v - (u + au)) / 4 / au
        out[i] = min(max(v, l), u)
    return out


def box_inverse(x, lower, upper):
    out = np.array(x, dtype=float)
    for i, v in enumerate(x):
        l, u = lower[i], upper[i]
        al = min((u - l) / 2, (1 + abs(l)) / 20) if math.isfinite(l) else 1.0
        au = min((u - l) / 2, (1 + abs(u)) / 20) if math.isfinite(u) else 1.0
        if l == u:
            out[i] = l
        elif v < l + al:
            out[i] = l - al + 2 * math.sqrt(al * (v - l))
        elif v > u - au:
            out[i] = u + au - 2 * math.sqrt(au * (u - v))
    return out


def weights_and_rates(n, lam, active=True):
    """Table 1 with the cma package's c_sigma and c1: (w_1..w_lambda, mueff, cs, ds, cc, c1, cmu)."""
    wraw = np.array([math.log((lam + 1) / 2) - math.log(i) for i in range(1, lam + 1)])  # eq. 49
    pos, neg = wraw[wraw > 0], wraw[wraw < 0]
    mueff = pos.sum() ** 2 / np.sum(pos ** 2)  # eq. 51
    cs = min(0.5, (mueff + 2) / (n + mueff + 3))  # eq. 55 with cma's + 3, at most 1/2
    attenuation = max(1, 3 * (1 - 0.5 ** (n / 9)))  # cma 4.5.0's damping of the mueff term
    ds = 1 + 2 * max(0, attenuation * math.sqrt((mueff - 1) / (n + 1)) - 1) + cs
    cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n)  # eq. 56
    c1 = min(1, lam / 6) * 2 / ((n + 1.3) ** 2 + mueff)  # eq. 57 (cma's factor min(1, lambda/6))
    cmu = min(1 - c1, 2 * (0.25 + mueff - 2 + 1 / mueff) / ((n + 2) ** 2 + 2 * mueff / 2))  # eq. 58
    w = np.where(wraw >= 0, wraw / pos.sum(), 0.0)
    if active and len(neg) and cmu > 0:
        mueff_minus = neg.sum() ** 2 / np.sum(neg ** 2)  # eq. 52
        alpha = min(1 + c1 / cmu, 1 + 2 * mueff_minus / (mueff + 2), (1 - c1 - cmu) / (n * cmu))  # eq. 50, 53
        w = np.where(wraw >= 0, w, alpha * wraw / abs(neg.sum()))
    return w, mueff, cs, ds, cc, c1, cmu


def cmaes(f, x0, sigma0, seed, generations, lower=None, upper=None, popsize=None, active=True):
    n = len(x0)
    lam = popsize or 4 + int(math.floor(3 * math.log(n)))  # eq. 48
    mu = lam // 2
    w, mueff, cs, ds, cc, c1, cmu = weights_and_rates(n, lam, active)
    # E||N(0, I)||: exact for n <= 100, else cma's approximation
    chin = (math.sqrt(2) * math.exp(math.lgamma((n + 1) / 2) - math.lgamma(n / 2)) if n <= 100
            else math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (32 * n * n)))
    gap = lam / (c1 + cmu) / n / 10

    bounded = lower is not None
    x0 = np.array(x0, dtype=float)
    m = box_inverse(x0, lower, upper) if bounded else x0.copy()
    sigma = sigma0
    # cma's initial C: diag(exp(1e-4 i / n)), i = 0..n-1, a tiny asymmetry
    C = np.diag(np.exp(1e-4 / n * np.arange(n)))
    root = np.diag(np.sqrt(np.diag(C)))
    invroot = np.diag(1 / np.sqrt(np.diag(C)))
    ps = np.zeros(n)
    pc = np.zeros(n)
    rng = Generator(seed)
    counteval = 0
    eigeneval = 0
    out = []
    for g in range(generations):
        Z = np.array([[rng.normal() for _ in range(n)] for _ in range(lam)])  # eq. 38
        Y = Z @ root  # eq. 39 with the symmetric root (root is symmetric: row k is root z_k)
        X = m + sigma * Y  # eq. 40
        P = np.array([box_transform(x, lower, upper) for x in X]) if bounded else X
        fit = np.array([f(p) for p in P])
        counteval += lam
        order = sorted(range(lam), key=lambda k: (math.isnan(fit[k]), fit[k] if not math.isnan(fit[k]) else 0, k))
        yw = np.zeros(n)
        for r in range(mu):
            yw += w[r] * Y[order[r]]  # eq. 41
        m = m + sigma * yw  # eq. 42
        ps = (1 - cs) * ps + math.sqrt(cs * (2 - cs) * mueff) * (invroot @ yw)  # eq. 43
        squared = float(np.sum(ps * ps))
        norm = math.sqrt(squared)
        sigma = sigma * math.exp(min(1, max(-1, cs / ds * (norm / chin - 1))))  # eq. 44, clipped as cma
        hs = squared / (1 - (1 - cs) ** (2 * (g + 1))) / n - 1 < 1 + 4 / (n + 1)  # cma's h_sigma
        pc = (1 - cc) * pc + (math.sqrt(cc * (2 - cc) * mueff) * yw if hs else 0)  # eq. 45
        delta = 0 if hs else cc * (2 - cc)
        # eq. 46: negative weights rescaled by n / ||C^(-1/2) y||^2 (cma adds 1e-9 to the norm)
        wo = [w[r] if w[r] >= 0 else w[r] * n / (np.linalg.norm(invroot @ Y[order[r]]) + 1e-9) ** 2
              for r in range(lam)]
        rankmu = sum(wo[r] * np.outer(Y[order[r]], Y[order[r]]) for r in range(lam))
        C = (1 + c1 * delta - c1 - cmu * w.sum()) * C + c1 * np.outer(pc, pc) + cmu * rankmu  # eq. 47
        C = np.triu(C) + np.triu(C, 1).T
        if fit[order[0]] == fit[order[int(math.ceil(0.7 * lam)) - 1]]:
            sigma *= math.exp(0.2 + cs / ds)
        if counteval - eigeneval >= gap:
            eigeneval = counteval
            d2, B = np.linalg.eigh(C)
            root = B @ np.diag(np.sqrt(d2)) @ B.T
            invroot = B @ np.diag(1 / np.sqrt(d2)) @ B.T
            root = np.triu(root) + np.triu(root, 1).T
            invroot = np.triu(invroot) + np.triu(invroot, 1).T
        out.append({"mean": m.tolist(), "sigma": sigma, "path_sigma": ps.tolist(), "path_c": pc.tolist(),
                    "covariance_diagonal": np.diag(C).tolist(), "covariance_row0": C[0].tolist(),
                    "covariance": C.flatten().tolist() if n <= 4 else [], "best": float(fit[order[0]])})
    return out


def ellipsoid(x):
    n = len(x)
    return float(sum(10.0 ** (6.0 * i / (n - 1)) * x[i] * x[i] for i in range(n)))


def rosenbrock(x):
    return float(sum(100.0 * (x[i + 1] - x[i] * x[i]) ** 2 + (1.0 - x[i]) ** 2 for i in range(len(x) - 1)))


CASES = {
    # every generation decomposes C (the gap is below lambda)
    "ellipsoid-4": dict(f=ellipsoid, x0=[1.0, 1.0, 1.0, 1.0], sigma0=0.5, seed=7, generations=6),
    # a box narrower than the samples: f at T(x)
    "rosenbrock-box-3": dict(f=rosenbrock, x0=[1.9, -0.95, 0.5], sigma0=0.9, seed=3, generations=6,
                             lower=[-1.0, -1.0, -1.0], upper=[2.0, 2.0, 2.0]),
    # n = 40, lambda = 15 (the lazy gap, 9 evaluations, is still below lambda: every generation)
    "ellipsoid-40": dict(f=ellipsoid, x0=[1.0] * 40, sigma0=0.3, seed=11, generations=12),
    # positive weights only (cmaes --positive-only, cma's CMA_active=False), n = 10
    "rosenbrock-positive-10": dict(f=rosenbrock, x0=[0.5] * 10, sigma0=0.2, seed=5, generations=8, active=False),
}


def main():
    results = {name: cmaes(**case) for name, case in CASES.items()}
    write_or_print(results, "cmaes-reference.json")


if __name__ == "__main__":
    main()
