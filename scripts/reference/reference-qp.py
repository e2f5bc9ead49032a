#!/usr/bin/env python3
"""Independent solution of the strictly convex QP of Tests/OptimTests/DualActiveSetQPTests.swift,
by enumeration of active sets (no active-set method): for every set S of inequality sides (with the
equality always in), solve the KKT system

    [ G   −A_Sᵀ ] [x]   [−a ]
    [ A_S   0   ] [u] = [ b_S]

with NumPy, and keep the one whose x satisfies every constraint and whose inequality multipliers
are ≥ 0 (for a strictly convex QP exactly one optimal x exists; Nocedal & Wright Thm 16.4). It
prints x and the rows' multipliers λ with OptBench's sign (L = f + λᵀc: λ = u_upper − u_lower).

    python3 scripts/reference/reference-qp.py
"""
import itertools

import numpy as np

G = np.array([[4.0, 1.0, 0.0, 0.0], [1.0, 3.0, 0.5, 0.0], [0.0, 0.5, 2.0, 0.2], [0.0, 0.0, 0.2, 1.0]])
a = np.array([-1.0, 2.0, -3.0, 0.5])
ROWS = np.array([[1.0, 1.0, 1.0, 1.0], [1.0, -1.0, 0.0, 2.0], [0.0, 1.0, -1.0, 0.0]])
ROW_LOWER = [1.0, -np.inf, 0.2]
ROW_UPPER = [1.0, -0.5, 3.0]
LOWER = [-1.0, -1.0, -1.0, -np.inf]
UPPER = [1.0, 1.0, 1.0, 0.3]


def sides():
    """(normal, b, row index or None, +1 lower / −1 upper) for each finite inequality side."""
    out = []
    for i, row in enumerate(ROWS):
        if ROW_LOWER[i] == ROW_UPPER[i]:
            continue
        if np.isfinite(ROW_LOWER[i]):
            out.append((row, ROW_LOWER[i], i, 1))
        if np.isfinite(ROW_UPPER[i]):
            out.append((-row, -ROW_UPPER[i], i, -1))
    for j in range(4):
        e = np.eye(4)[j]
        if np.isfinite(LOWER[j]):
            out.append((e, LOWER[j], None, 1))
        if np.isfinite(UPPER[j]):
            out.append((-e, -UPPER[j], None, -1))
    return out


def main():
    inequalities = sides()
    equalities = [(ROWS[i], ROW_LOWER[i], i) for i in range(len(ROWS)) if ROW_LOWER[i] == ROW_UPPER[i]]
    n = len(a)
    for size in range(0, n - len(equalities) + 1):
        for subset in itertools.combinations(range(len(inequalities)), size):
            normals = [e[0] for e in equalities] + [inequalities[k][0] for k in subset]
            rhs = [e[1] for e in equalities] + [inequalities[k][1] for k in subset]
            A = np.array(normals).reshape(len(normals), n)
            K = np.block([[G, -A.T], [A, np.zeros((len(normals), len(normals)))]])
            try:
                sol = np.linalg.solve(K, np.concatenate([-a, rhs]))
            except np.linalg.LinAlgError:
                continue
            x, u = sol[:n], sol[n:]
            feasible = all(normal @ x >= b - 1e-12 for normal, b, _, _ in inequalities)
            dual = all(u[len(equalities):] >= -1e-12)
            if feasible and dual:
                lam = np.zeros(len(ROWS))
                for (_, _, i), ui in zip(equalities, u[:len(equalities)]):
                    lam[i] -= ui
                for k, uk in zip(subset, u[len(equalities):]):
                    _, _, i, sign = inequalities[k]
                    if i is not None:
                        lam[i] += -uk if sign > 0 else uk
                print("x =", ", ".join(repr(float(v)) for v in x))
                print("lambda =", ", ".join(repr(float(v)) for v in lam))
                print("active inequality sides:", subset)
                return


if __name__ == "__main__":
    main()
