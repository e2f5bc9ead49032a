"""What the scripts that compare OptBench with another library on the 35 Moré–Garbow–Hillstrom problems
share: the release binary (built by scripts/optbench when missing or stale), the problems' references,
and OptBench's definition of solved."""
import os
import subprocess

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run([os.path.join(root, "scripts", "optbench"), "list"], check=True, stdout=subprocess.DEVNULL)   # set-up and build
binary = os.path.join(root, ".build", "release", "optbench")
problems = [line.split()[0] for line in subprocess.run([binary, "list"], capture_output=True, text=True, check=True).stdout.splitlines()
            if line.startswith("  mgh/")]


def solved(converged, f, f_star):
    """Converged and f − f* ≤ 1e-5·max(1, |f*|) where f* is known."""
    return converged and (f_star is None or f - f_star <= 1e-5 * max(1.0, abs(f_star)))
