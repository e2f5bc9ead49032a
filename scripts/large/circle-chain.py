"""Writes the circle chain, a formula problem with n variables and n − 1 inequality constraints:

    min Σᵢ (xᵢ − 2)²  subject to  xᵢ² + xᵢ₊₁² ≤ 2,  i = 1, …, n − 1,  from x₀ = 0.

It is convex, and for even n, x* = (1, …, 1) is its minimizer with f* = n: there ∇f = −2·1 and
Jᵀλ = 2·1 for λ = (1, 0, 1, 0, …, 1) (each interior xᵢ meets λᵢ₋₁ + λᵢ = 1 and the ends λ₁ = λₙ₋₁ = 1),
so the KKT conditions hold (every constraint active, the even-numbered ones with λ = 0).

    python3 scripts/large/circle-chain.py N > /tmp/circle-chain-N.json
    optbench run --solver auglag --problem /tmp/circle-chain-N.json
"""
import json
import sys

n = int(sys.argv[1])
if n < 2 or n % 2:
    sys.exit("circle-chain.py: N must be an even integer ≥ 2")
json.dump({"kind": "expression", "name": f"circle chain, n = {n}",
           "description": "min Σ (x[i] − 2)² subject to x[i]² + x[i+1]² ≤ 2 (scripts/large/circle-chain.py)",
           "f": "sum(i=1..n, (x[i] - 2)^2)", "dimension": n,
           "constraints": [f"x[{i}]^2 + x[{i + 1}]^2 <= 2" for i in range(1, n)],
           "x0": 0, "minimum": n, "minimizer": 1}, sys.stdout)
