"""newuoa and bobyqa beside PDFO 2.2.0's NEWUOA and BOBYQA on Moré & Wild's smooth set, with
derivative_free.py's budget (100(n + 1) evaluations, defaults) and its own functions: solved counts
at its τ values (f_L over these four methods and f*), and on how many problems OptBench's newuoa
passes every τ at the same evaluation as PDFO's. Run with the interpreter of the venv that
scripts/compare/derivative-free makes (or .build/venv-pdfo), from the repository:
    .build/venv-dfo/bin/python scripts/compare/newuoa_vs_pdfo.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import derivative_free as dfo  # noqa: E402

if __name__ == "__main__":
    peers = {"PDFO NEWUOA": None, "PDFO BOBYQA": None}   # derivative_free.peers() runs them by label
    problems, labels, passages = dfo.run_set("more-wild", ["newuoa", "bobyqa"], peers)
    print(f"{len(problems)} problems; solved within 100(n + 1) evaluations at τ = {dfo.TAUS}")
    for label in labels:
        counts = [sum(passages[(p["name"], label)][i] is not None for p in problems) for i in range(len(dfo.TAUS))]
        print(f"  {label:14s} {counts}")
    same = sum(passages[(p["name"], "newuoa")] == passages[(p["name"], "PDFO NEWUOA")] for p in problems)
    print(f"newuoa passes every τ at PDFO NEWUOA's evaluation on {same} of {len(problems)} problems")
