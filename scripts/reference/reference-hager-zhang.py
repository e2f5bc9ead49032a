#!/usr/bin/env python3
"""An independent transcription of the Hager–Zhang line search (Hager & Zhang, "A new
conjugate gradient method with guaranteed descent and an efficient line search", SIAM J.
Optim. 16(1), 2005, section 4: the Wolfe conditions T1 and the approximate Wolfe conditions T2
with εₖ = ε|φ(0)|, the procedures bracket (B0–B3), update (U0–U3) and secant² (S1–S4), and
the line search's steps L0–L3) in plain Python floats,
for HagerZhangBracketTests (bracketStartsFromTheLastLowerEnd, aValueAboveTheCeilingBisectsFromZero):

    python3 scripts/reference/reference-hager-zhang.py   # prints the trial steps the test embeds

Written from the paper's text, not from Sources/Optim/LineSearch/HagerZhang.swift. Constants
are CG_DESCENT's (δ = 0.1, σ = 0.9, ε = 1e-6, θ = 0.5, γ = 0.66, ρ = 5).
"""
import math

DELTA, SIGMA, EPS, THETA, GAMMA, RHO = 0.1, 0.9, 1e-6, 0.5, 0.66, 5.0


class Accepted(Exception):
    def __init__(self, c):
        self.c = c


class Search:
    def __init__(self, phi):
        self.phi = phi
        self.f0, self.g0 = phi(0.0)
        self.ceiling = self.f0 + EPS * abs(self.f0)
        self.trials = []
        self.memo = {0.0: (self.f0, self.g0)}

    def value(self, c):
        """φ(c), φ'(c); a new point is tested by T1 and T2 and ends the search when it passes."""
        if c not in self.memo:
            f, g = self.phi(c)
            self.memo[c] = (f, g)
            self.trials.append(c)
            wolfe = f - self.f0 <= DELTA * c * self.g0 and g >= SIGMA * self.g0
            approximate = (2 * DELTA - 1) * self.g0 >= g >= SIGMA * self.g0 and f <= self.ceiling
            if wolfe or approximate:
                raise Accepted(c)
        return self.memo[c]

    def u3(self, a, b):
        """U3 (a)–(c): θ-bisection of [a, b] until φ'(d) ≥ 0."""
        while True:
            d = (1 - THETA) * a + THETA * b
            f, g = self.value(d)
            if g >= 0:
                return a, d
            if f <= self.ceiling:
                a = d
            else:
                b = d

    def update(self, a, b, c):
        """U0–U3."""
        if not (a < c < b):
            return a, b                                     # U0
        f, g = self.value(c)
        if g >= 0:
            return a, c                                     # U1
        if f <= self.ceiling:
            return c, b                                     # U2
        return self.u3(a, c)                                # U3

    def secant(self, a, b):
        ga, gb = self.value(a)[1], self.value(b)[1]
        return (a * gb - b * ga) / (gb - ga)

    def secant2(self, a, b):
        """S1–S4."""
        c = self.secant(a, b)
        A, B = self.update(a, b, c)
        cbar = None
        if c == B:
            cbar = self.secant(b, B)                        # S2
        if c == A:
            cbar = self.secant(a, A)                        # S3
        if cbar is not None:
            return self.update(A, B, cbar)                  # S4
        return A, B

    def bracket(self, c):
        """B0–B3: c_{j+1} = ρc_j until φ'(c_j) ≥ 0 (B1: a is the last c_i with φ'(c_i) < 0 and
        φ(c_i) ≤ φ(0) + εₖ, else 0) or φ(c_j) above the ceiling (B2: U3 on [0, c_j])."""
        last = 0.0
        while True:
            f, g = self.value(c)
            if g >= 0:
                return last, c                              # B1
            if f > self.ceiling:
                return self.u3(0.0, c)                      # B2
            last = c
            c = RHO * c                                     # B3

    def run(self, c):
        try:
            a, b = self.bracket(c)                          # L0
            for _ in range(50):
                A, B = self.secant2(a, b)                   # L1
                if B - A > GAMMA * (b - a):                 # L2
                    A, B = self.update(A, B, 0.5 * (A + B))
                a, b = A, B                                 # L3
        except Accepted as done:
            return done.c
        raise RuntimeError("no acceptable step")


# φ(α) = (3/5)(α/3)⁵ − α, φ'(α) = (α/3)⁴ − 1 (minimizer α = 3), from α₀ = 1: B3 expands to 5,
# B1 brackets [1, 5] (a = 1, the last lower end, not 0), S1's secant c lands on the new a (U2),
# so S3 takes secant(a, A) from the old a.
def power(a):
    return 3 / 5 * (a / 3) ** 5 - a, (a / 3) ** 4 - 1


# φ(α) = −0.1α + 5exp(−10(α − 2)²): a barrier at α = 2. From α₀ = 0.02, B3 expands to 0.1, 0.5
# and 2.5, past the barrier, where φ' < 0 but φ > φ(0) + εₖ: B2 bisects [0, 2.5] (from 0, not
# from the last lower end 0.5) and stops at 1.25, where φ' ≥ 0 and T1 holds.
def barrier(a):
    e = 5 * math.exp(-10 * (a - 2) ** 2)
    return -0.1 * a + e, -0.1 - 20 * (a - 2) * e


for name, phi, c in [("power", power, 1.0), ("barrier", barrier, 0.02)]:
    search = Search(phi)
    accepted = search.run(c)
    print(f"{name} from {c}: trial steps {', '.join(repr(t) for t in search.trials)}; accepted {accepted!r}")
