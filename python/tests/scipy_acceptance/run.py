#!/usr/bin/env python3
"""scipy's own tests of minimize as OptBench's acceptance suite (issue 26, item 4).

    python3 python/tests/scipy_acceptance/run.py                  # check (what scripts/test runs)
    python3 python/tests/scipy_acceptance/run.py --write-results  # and rewrite results/scipy-acceptance.md

1. A venv in .build/venv-scipy-acceptance with scipy (SCIPY_VERSION), pytest and NumPy from PyPI.
2. The debug libOptBenchC.so (swift build --product OptBenchC; $OPTBENCH_LIB if set).
3. FILES are copied from that scipy's scipy/optimize/tests into .build/scipy-acceptance/ beside
   conftest.py (this folder's), which routes scipy.optimize.minimize to optbench.minimize for
   the methods OptBench has and records which tests reached OptBench.
4. pytest runs them (scipy's slow and xslow tests deselected, as scipy's default run does).
5. Of the tests that reached OptBench, at least 90 % must pass, and the failures must be
   exactly those listed in expected-failures.txt (a listed test that passes is an error too,
   so the list stays true).
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
SCIPY_VERSION = "1.17.1"
PYTEST_VERSION = "9.0.3"
# The files of scipy/optimize/tests that call minimize with methods OptBench has. Left out:
# test_trustregion_exact.py and test_trustregion_krylov.py (they test scipy's subproblem
# classes, never minimize), test_minimize_constrained.py, test_slsqp.py, test_cobyla.py,
# test_cobyqa.py, test_tnc.py (methods OptBench does not have), test__numdiff.py (no minimize).
FILES = ("test_optimize.py", "test_trustregion.py", "test_lbfgsb_hessinv.py", "test_lbfgsb_setulb.py")
REQUIRED_PASS_RATE = 0.90
EXPECTED = os.path.join(HERE, "expected-failures.txt")
RESULTS = os.path.join(ROOT, "results", "scipy-acceptance.md")


def venv_python():
    venv = os.path.join(ROOT, ".build", "venv-scipy-acceptance")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    probe = subprocess.run([python, "-c", "import scipy, pytest; print(scipy.__version__, pytest.__version__)"],
                           capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.split() != [SCIPY_VERSION, PYTEST_VERSION]:
        subprocess.check_call([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                               "scipy==" + SCIPY_VERSION, "pytest==" + PYTEST_VERSION, "numpy"])
    return python


def library():
    if os.environ.get("OPTBENCH_LIB"):
        return os.environ["OPTBENCH_LIB"]
    subprocess.check_call(["swift", "build", "--product", "OptBenchC"], cwd=ROOT, stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build", "debug", "libOptBenchC.so")


def read_expected():
    """{test id: reason} from expected-failures.txt ("<test id>  # <reason>" a line)."""
    expected = {}
    with open(EXPECTED) as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            test, _, reason = line.partition("#")
            if not reason.strip():
                raise SystemExit("expected-failures.txt: %r has no reason" % line)
            expected[test.strip()] = reason.strip()
    return expected


def run_pytest(python, lib):
    work = os.path.join(ROOT, ".build", "scipy-acceptance")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    tests = subprocess.check_output(
        [python, "-c", "import os, scipy.optimize; print(os.path.join(os.path.dirname(scipy.optimize.__file__), "
         "'tests'))"], text=True).strip()
    for name in FILES:
        shutil.copy(os.path.join(tests, name), os.path.join(work, name))
    shutil.copy(os.path.join(HERE, "conftest.py"), os.path.join(work, "conftest.py"))
    report = os.path.join(work, "report.json")
    env = dict(os.environ, OPTBENCH_LIB=lib, OPTBENCH_ACCEPTANCE_REPORT=report,
               PYTHONPATH=os.path.join(ROOT, "python"), OPENBLAS_NUM_THREADS="1")
    command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow and not xslow",
               "--rootdir", work, "-W", "ignore::pytest.PytestUnknownMarkWarning"] + list(FILES)
    started = time.time()
    completed = subprocess.run(command, cwd=work, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.time() - started
    if not os.path.exists(report):
        sys.stdout.write(completed.stdout[-5000:] + completed.stderr[-5000:])
        raise SystemExit("scipy acceptance: pytest wrote no report (exit %d)" % completed.returncode)
    with open(report) as handle:
        return json.load(handle), seconds, completed.stdout


def summarize(record):
    """Per file: reached, passed, failed (of the tests that reached OptBench). Skipped tests and
    those scipy marks as expected to fail (xfail) that do fail are not counted; one that passes
    anyway (xpass) counts as passed."""
    table = collections.OrderedDict((name, [0, 0, 0]) for name in FILES)
    failures = set()
    for test, entry in record.items():
        if not entry["reached"] or entry["outcome"] in ("skipped", "xfailed"):
            continue
        row = table[test.split("::")[0]]
        row[0] += 1
        if entry["outcome"] in ("passed", "xpassed"):
            row[1] += 1
        else:
            row[2] += 1
            failures.add(test)
    return table, failures


def write_results(table, expected, seconds):
    total = [sum(row[i] for row in table.values()) for i in range(3)]
    reasons = collections.Counter(expected.values())
    lines = [
        "# scipy's own tests of `minimize`, run on OptBench",
        "",
        "Regenerate: `scripts/ci/test-scipy-acceptance --write-results` (scripts/test runs the same "
        "check",
        "without rewriting this file: `scripts/ci/test-scipy-acceptance`).",
        "",
        "scipy %s's test files, copied from the installed wheel, with `scipy.optimize.minimize` routed to"
        % SCIPY_VERSION,
        "`optbench.minimize` for the methods OptBench has (BFGS, L-BFGS-B, CG, Newton-CG, trust-ncg, trust-krylov,",
        "trust-exact, dogleg, Nelder-Mead, Powell; `python/tests/scipy_acceptance/conftest.py`). A test counts",
        "when it called minimize with one of them at least once; scipy's slow tests are deselected as in scipy's",
        "default run. Debug libOptBenchC.so; the pytest run took %.0f s." % seconds,
        "",
        "| file | reached OptBench | passed | failed |",
        "|---|---:|---:|---:|",
    ]
    for name, row in table.items():
        lines.append("| `%s` | %d | %d | %d |" % (name, row[0], row[1], row[2]))
    lines.append("| **all** | **%d** | **%d (%.1f %%)** | **%d** |"
                 % (total[0], total[1], 100.0 * total[1] / max(total[0], 1), total[2]))
    lines += ["", "Every failure is listed with its reason in `python/tests/scipy_acceptance/expected-failures.txt`;",
              "the reasons, by count:", ""]
    for reason, count in reasons.most_common():
        lines.append("- %d: %s" % (count, reason))
    with open(RESULTS, "w") as handle:
        handle.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-results", action="store_true", help="rewrite results/scipy-acceptance.md")
    options = parser.parse_args()
    python = venv_python()
    record, seconds, output = run_pytest(python, library())
    table, failures = summarize(record)
    expected = read_expected()
    for name, (reached, passed, failed) in table.items():
        print("scipy acceptance: %-24s reached %3d  passed %3d  failed %3d" % (name, reached, passed, failed))
    reached = sum(row[0] for row in table.values())
    passed = sum(row[1] for row in table.values())
    problems = []
    unexpected = sorted(failures - set(expected))
    fixed = sorted(set(expected) - failures)
    if unexpected:
        problems.append("failed but not listed in expected-failures.txt:\n  " + "\n  ".join(unexpected))
    if fixed:
        problems.append("listed in expected-failures.txt but did not fail (remove them):\n  " + "\n  ".join(fixed))
    if reached == 0:
        problems.append("no test reached OptBench")
    elif passed < REQUIRED_PASS_RATE * reached:
        problems.append("%d of %d passed: below %.0f %%" % (passed, reached, 100 * REQUIRED_PASS_RATE))
    if options.write_results:
        write_results(table, expected, seconds)
    if problems:
        sys.stdout.write(output[-20000:])
        for problem in problems:
            print("scipy acceptance: " + problem)
        return 1
    print("%d passed, %d failed" % (passed, reached - passed))
    print("scipy acceptance: %d of %d tests that reached OptBench passed (%.1f %%); the %d failures are the listed ones"
          % (passed, reached, 100.0 * passed / reached, reached - passed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
