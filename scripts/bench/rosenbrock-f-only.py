#!/usr/bin/env python3
"""Rosenbrock's function for `optbench run --problem 'exec:…' --gradient fd`: reads one JSON array x
per line, answers {"f": …} only (no gradient), Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)² for any n.
Used by scripts/bench/fd-economy (results/finite-difference-economy.md)."""
import json
import sys

for line in sys.stdin:
    x = json.loads(line)
    f = sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))
    print(json.dumps({"f": f}), flush=True)
