#!/usr/bin/env python3
"""An independent transcription of Raydan's GBB (SIAM J. Optim. 7(1), 1997, algorithm 2.1
with the choices of section 4) in plain Python floats, for the Barzilai–Borwein tests:

    python3 scripts/reference/reference-bb.py            # prints the reference values the tests embed

Iteration k: λ = 1/α_k (α_k reset to δ when outside [ε, 1/ε]); accept x_k − λg_k when
f ≤ max(f_{k−j}, 0 ≤ j ≤ min(k, M)) − γλ g_kᵀg_k, else λ ← σλ with σ the safeguarded
minimizer of the quadratic through f_k, −g_kᵀg_k and the trial value; α_{k+1} = s_kᵀy_k / s_kᵀs_k
(BB1) or y_kᵀy_k / s_kᵀy_k (BB2). δ = 1 if ‖g‖ > 1, ‖g‖⁻¹ if 1e-5 ≤ ‖g‖ ≤ 1, 1e5 otherwise.
OptBench's changes (issue 30, docs/solvers.md): α/u with u = ‖∇f(x₀)‖₂ is tested against
[ε, 1/ε], and α is reset to ‖g_k‖₂ (the unit step λ = 1/‖g_k‖₂, also the first), not to δ, so
that s·f takes the same steps; and an accepted λ with f ≤ f_k − λ g_kᵀg_k (at least
the linear decrease) and a slope −∇f(trial)ᵀg_k ≤ −g_kᵀg_k is probed at 10λ, 100λ, … up to 1e20 times the iteration's first λ while
each probe falls that fast from the last with that slope; one that does not ends it, and the accepted point is
evaluated again (all counted); after the k-th such probe the next 2^k − 1 steps that would start
one are not probed.
"""
import math


def rosenbrock(x):
    a, b = 1 - x[0], x[1] - x[0] ** 2
    return a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b]


def dot(u, v):
    return sum(p * q for p, q in zip(u, v))


def delta(g):
    norm = math.sqrt(dot(g, g))
    return 1.0 if norm > 1 else (1 / norm if norm >= 1e-5 else 1e5)


def probe(fg, x, g, lam, ft, first):
    """Evaluations the ray probe spends along −g beyond λ (none of the tests reaches 1e20·first)."""
    a, last, spent, limit, slope = lam, ft, 0, 1e20 * first, -dot(g, g)
    while a < limit:
        previous, a = a, min(10 * a, limit)
        fp, gp = fg([xi - a * gi for xi, gi in zip(x, g)])
        spent += 1
        linear = last + (a - previous) * slope + 4 * 2.0**-52 * abs(fp)
        if not (math.isfinite(fp) and fp < last and fp <= linear and -dot(gp, g) <= slope):
            return spent + 1
        last = fp
    raise ArithmeticError("f appears unbounded below")


def gbb(fg, x, iterations, rule="bb1", M=10, gamma=1e-4, s1=0.1, s2=0.5, eps=1e-10):
    f, g = fg(x)
    evaluations = 1
    history = [f]
    failures = pause = 0
    u = math.sqrt(dot(g, g))   # the unit of the test on α (issue 30)
    alpha = u   # the unit step λ = 1/‖g‖₂
    rows = [(0, x[:], f, evaluations)]
    for k in range(1, iterations + 1):
        if not (eps <= alpha / u <= 1 / eps):
            alpha = math.sqrt(dot(g, g))
        lam = first = 1 / alpha
        gg = dot(g, g)
        reference = max(history[-(M + 1):])
        while True:
            trial = [xi - lam * gi for xi, gi in zip(x, g)]
            ft, gt = fg(trial)
            evaluations += 1
            if ft <= reference - gamma * lam * gg:
                break
            sigma = lam * gg / (2 * (ft - f + lam * gg))
            lam *= min(max(sigma, s1), s2)
        if ft <= f - lam * gg and -dot(gt, g) <= -gg:
            if pause > 0:
                pause -= 1
            else:
                evaluations += probe(fg, x, g, lam, ft, first)
                failures += 1
                pause = 2 ** failures - 1
        s = [p - q for p, q in zip(trial, x)]
        y = [p - q for p, q in zip(gt, g)]
        sy = dot(s, y)
        alpha = sy / dot(s, s) if rule == "bb1" else dot(y, y) / sy
        x, f, g = trial, ft, gt
        history.append(f)
        rows.append((k, x[:], f, evaluations))
    return rows


if __name__ == "__main__":
    for rule in ("bb1", "bb2"):
        rows = gbb(rosenbrock, [-1.2, 1.0], 40, rule=rule)
        print(f"# {rule} on Rosenbrock from (-1.2, 1): (iteration, x, f, f evaluations)")
        for k in (1, 2, 5, 10, 20, 30, 40):
            it, x, f, e = rows[k]
            print(f"({it}, [{x[0]!r}, {x[1]!r}], {f!r}, {e}),")
