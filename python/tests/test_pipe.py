"""Tests of the pipe backend (optbench._pipe: `optbench run --problem pipe`) against the real
optbench binary.

Run: python3 -m unittest discover -s python/tests -v   (from the repository root; the package
installed, or python/ on sys.path as below)
The binary is the one optbench.find_optbench() picks: $OPTBENCH when set (scripts/test sets it
to the binary it just built), else .build/release/optbench, .build/debug/optbench, PATH.
"""

import io
import json
import math
import os
import stat
import subprocess
import sys
import tempfile
import time
import unittest
from unittest import mock

import package_under_test  # noqa: F401  (the installed package, else the one beside this folder)
from optbench import _pipe as optbench  # noqa: E402

try:
    import numpy
except ImportError:  # NumPy is optional
    numpy = None


def binary():
    """The optbench binary; waits a little when a concurrent build has it briefly missing."""
    for _ in range(20):
        try:
            return optbench.find_optbench()
        except FileNotFoundError:
            time.sleep(1)
    return optbench.find_optbench()


def rosen_f(x):
    a, b = x[0], x[1]
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2


def rosen_g(x):
    a, b = x[0], x[1]
    return [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)]


def rosen(x):
    return rosen_f(x), rosen_g(x)


def sphere(x):
    return sum((v - 3.0) ** 2 for v in x), [2 * (v - 3.0) for v in x]


class Counter(object):
    """Wraps a function, counting calls and recording the points."""

    def __init__(self, function, fail_at=None, error=ValueError("boom")):
        self.function, self.fail_at, self.error = function, fail_at, error
        self.calls, self.points = 0, []

    def __call__(self, x, *args):
        self.calls += 1
        self.points.append([float(v) for v in x])
        if self.calls == self.fail_at:
            raise self.error
        return self.function(x, *args)


class MinimizeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.optbench = binary()

    def test_bfgs_rosenbrock_matches_builtin(self):
        fun = Counter(rosen)
        r = optbench.minimize(fun, [-1.2, 1.0], jac=True, method="bfgs", optbench=self.optbench)
        self.assertTrue(r.success, r.message)
        self.assertEqual(r.status, "converged-gradient")
        self.assertLess(max(abs(r.x[0] - 1), abs(r.x[1] - 1)), 1e-6)
        # The built-in rosenbrock's BFGS run (results/solvers.md; 33 since BFGS's H₀ = 100·γI and its trial
        # step N&W eq. 3.60, issue 30).
        self.assertEqual((r.nit, r.nfev, r.njev, r.nhev), (33, 39, 39, 0))
        # Python's calls: one per request, plus the final gradient (not counted).
        self.assertEqual(fun.calls, r.nfev + 1)
        self.assertEqual(r.fun, rosen_f(r.x))
        self.assertEqual(r.jac, rosen_g(r.x))
        self.assertEqual(max(abs(v) for v in r.jac), r.report["gradient_norm"])
        self.assertIsInstance(r.x, list)
        self.assertIn("BFGS", r.solver)
        self.assertEqual(r["nit"], r.nit)

        builtin = subprocess.run(
            [self.optbench, "run", "--solver", "bfgs", "--problem", "rosenbrock", "--format", "json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(builtin.returncode, 0, builtin.stderr)
        report = json.loads(builtin.stdout)
        self.assertEqual(report["iterations"], r.nit)
        self.assertEqual(report["f_evaluations"], r.nfev)
        self.assertEqual(report["gradient_evaluations"], r.njev)
        self.assertEqual(report["x"], r.x)
        self.assertEqual(report["f"], r.fun)

    def test_extras_only_when_the_method_reports_them(self):
        # L1: F's terms are owlqn's extras; lbfgs has none (and no top-level l1/active_set).
        r = optbench.minimize(rosen, [-1.2, 1.0], jac=True, method="owlqn", options={"l1": 0.5}, optbench=self.optbench)
        self.assertEqual(list(r.extras), ["l1"])
        l1 = r.extras["l1"]
        self.assertEqual(list(l1), ["lambda", "F", "f", "penalty", "zeros"])
        self.assertEqual((l1["lambda"], l1["F"]), (0.5, r.fun))
        self.assertAlmostEqual(l1["f"], rosen_f(r.x), delta=1e-15 * max(1.0, abs(l1["f"])))
        self.assertAlmostEqual(l1["penalty"], 0.5 * sum(abs(v) for v in r.x), delta=1e-15)
        self.assertNotIn("l1", r.report)
        plain = optbench.minimize(rosen, [-1.2, 1.0], jac=True, method="lbfgs", optbench=self.optbench)
        self.assertIsNone(plain.extras)
        self.assertIn("extras", plain.report)
        self.assertNotIn("active_set", plain.report)
        # A box: lbfgsb's active set.
        boxed = optbench.minimize(rosen, [-1.2, 1.0], jac=True, method="lbfgsb", options={"bounds": "-2:0.5"}, optbench=self.optbench)
        self.assertEqual(boxed.status, "converged-projected-gradient")
        self.assertEqual(boxed.extras, {"active_set": [{"index": 0, "bound": "upper", "value": 0.5}]})

    def test_finite_differences(self):
        fun = Counter(rosen_f)
        n = 2
        r = optbench.minimize(fun, [-1.2, 1.0], method="bfgs", optbench=self.optbench)
        self.assertTrue(r.success, r.message)
        self.assertLess(max(abs(r.x[0] - 1), abs(r.x[1] - 1)), 1e-6)
        self.assertEqual(r.report["gradient_source"], "central differences of f")
        # One request per point, and 2n differences per gradient: a trial the line search rejects
        # on f alone is not differenced (issue 27; 220 requests for 34 iterations before).
        self.assertEqual(r.report["difference_evaluations"], r.njev * 2 * n)
        self.assertGreater(r.nfev - r.njev * 2 * n, r.njev)
        self.assertEqual((r.nit, r.njev, r.nfev), (38, 39, 200))
        # The final gradient: 2n more calls in Python, not counted in nfev.
        self.assertEqual(fun.calls, r.nfev + 2 * n)
        self.assertEqual(max(abs(v) for v in r.jac), r.report["gradient_norm"])

    def test_forward_differences(self):
        fun = Counter(rosen_f)
        n = 2
        r = optbench.minimize(fun, [-1.2, 1.0], jac="2-point", method="lbfgs", optbench=self.optbench)
        self.assertEqual(r.report["gradient_source"], "forward differences of f")
        self.assertEqual(r.report["difference_evaluations"], r.njev * n)
        self.assertGreaterEqual(r.nfev - r.njev * n, r.njev)
        self.assertEqual(fun.calls, r.nfev + n + 1)
        self.assertEqual(max(abs(v) for v in r.jac), r.report["gradient_norm"])

    def test_jac_callable_with_args(self):
        def f(x, shift):
            return sum((v - shift) ** 2 for v in x)

        def g(x, shift):
            return [2 * (v - shift) for v in x]

        fun, jac = Counter(f), Counter(g)
        r = optbench.minimize(fun, (0.0, 1.0, -2.0), jac=jac, method="cg", args=(0.5,),
                              options={"gtol": 1e-10}, optbench=self.optbench)
        self.assertTrue(r.success, r.message)
        for v in r.x:
            self.assertAlmostEqual(v, 0.5, places=9)
        self.assertEqual(r.nfev, r.njev)
        self.assertEqual(fun.calls, r.nfev)
        self.assertEqual(jac.calls, r.njev + 1)
        self.assertEqual(r.jac, g(r.x, 0.5))
        self.assertEqual(fun.points[0], [0.0, 1.0, -2.0])

    @unittest.skipUnless(numpy is not None, "NumPy is not installed")
    def test_numpy_in_and_out(self):
        seen = []

        def f(x):
            seen.append(type(x))
            return float(numpy.sum((x - numpy.arange(1.0, 5.0)) ** 2))

        def g(x):
            seen.append(type(x))
            return 2 * (x - numpy.arange(1.0, 5.0))

        r = optbench.minimize(f, numpy.zeros(4), jac=g, optbench=self.optbench)
        self.assertTrue(r.success, r.message)
        self.assertIsInstance(r.x, numpy.ndarray)
        self.assertIsInstance(r.jac, numpy.ndarray)
        self.assertEqual(set(seen), {numpy.ndarray})
        self.assertTrue(numpy.allclose(r.x, [1, 2, 3, 4], atol=1e-8))
        # jac=True with a NumPy gradient, and f as a NumPy scalar.
        r = optbench.minimize(lambda x: (numpy.sum(x ** 2), 2 * x), numpy.array([1.5, -2.0]),
                              jac=True, optbench=self.optbench)
        self.assertTrue(r.success, r.message)
        self.assertLess(numpy.max(numpy.abs(r.x)), 1e-6)

    def test_python_exception_ends_the_run(self):
        fun = Counter(rosen, fail_at=3)
        r = optbench.minimize(fun, [-1.2, 1.0], jac=True, method="bfgs", optbench=self.optbench)
        self.assertEqual(r.status, "evaluation-failed")
        self.assertFalse(r.success)
        self.assertIn("boom", r.message)
        self.assertIn("ValueError: boom", r.message)
        self.assertIn("evaluation 3", r.message)
        self.assertEqual(r.nfev, 3)
        self.assertTrue(all(math.isfinite(v) for v in r.x))
        self.assertEqual(r.x, [-1.2, 1.0])  # nothing accepted before the 3rd evaluation
        self.assertEqual(rosen_f(r.x), r.fun)

    def test_python_exception_after_some_iterations(self):
        fun = Counter(rosen, fail_at=20, error=ZeroDivisionError("float division by zero"))
        r = optbench.minimize(fun, [-1.2, 1.0], jac=True, method="lbfgs", optbench=self.optbench)
        self.assertEqual(r.status, "evaluation-failed")
        self.assertIn("ZeroDivisionError: float division by zero", r.message)
        self.assertGreater(r.nit, 0)
        self.assertNotEqual(r.x, [-1.2, 1.0])
        self.assertIn(r.x, fun.points[:19])  # an accepted iterate, one OptBench asked about
        self.assertEqual(rosen_f(r.x), r.fun)

    def test_non_finite_values_are_null(self):
        # x - log x: minimum at 1, NaN (and an infinite gradient) for x <= 0, where the line
        # search's steps from x = 10 land; null answers make it back off.
        def f(x):
            t = x[0]
            if t <= 0:
                return float("nan"), [float("inf")]
            return t - math.log(t), [1 - 1 / t]

        fun = Counter(f)
        r = optbench.minimize(fun, [10.0], jac=True, method="bfgs", optbench=self.optbench)
        self.assertTrue(r.success, r.message)
        self.assertAlmostEqual(r.x[0], 1.0, places=7)
        self.assertTrue(any(p[0] <= 0 for p in fun.points), "the test never reached the NaN region")

    def test_bad_method(self):
        with self.assertRaises(ValueError) as caught:
            optbench.minimize(rosen, [-1.2, 1.0], jac=True, method="nope", optbench=self.optbench)
        self.assertIn("optbench: error:", str(caught.exception))
        self.assertIn("'nope'", str(caught.exception))
        self.assertIn("--solver", str(caught.exception))

    def test_bad_option(self):
        with self.assertRaises(ValueError) as caught:
            optbench.minimize(rosen, [-1.2, 1.0], jac=True, method="bfgs", options={"memory": 5},
                              optbench=self.optbench)
        self.assertIn("--memory", str(caught.exception))
        with self.assertRaises(ValueError):
            optbench.minimize(rosen, [-1.2, 1.0], jac=True, options={"gradient": "fd"}, optbench=self.optbench)

    def test_options_pass_through(self):
        r = optbench.minimize(rosen, [-1.2, 1.0], jac=True, options={"max-iter": 5}, optbench=self.optbench)
        self.assertEqual(r.status, "iteration-limit")
        self.assertFalse(r.success)
        self.assertEqual(r.nit, 5)
        self.assertIn("iteration limit", r.message)
        r = optbench.minimize(rosen, [-1.2, 1.0], jac=True, options={"maxiter": 7}, optbench=self.optbench)
        self.assertEqual((r.status, r.nit), ("iteration-limit", 7))
        r = optbench.minimize(rosen, [-1.2, 1.0], jac=True, options={"memory": 3, "gtol": 1e-10},
                              optbench=self.optbench)
        self.assertTrue(r.success)
        self.assertIn("m = 3", r.solver)
        self.assertLessEqual(r.report["gradient_norm"], 1e-10)
        r = optbench.minimize(rosen, [-1.2, 1.0], jac=True, method="cg",
                              options={"line_search": "strong-wolfe", "beta": "fr"}, optbench=self.optbench)
        self.assertIn("β = fr", r.solver)
        self.assertIn("strong Wolfe", r.solver)

    def test_disp(self):
        for disp in (False, True):
            captured = io.StringIO()
            with mock.patch.object(sys, "stderr", captured):
                r = optbench.minimize(sphere, [0.0, 0.0], jac=True, options={"disp": disp}, optbench=self.optbench)
            self.assertTrue(r.success)
            if disp:
                self.assertIn("converged-gradient", captured.getvalue())
                self.assertIn("iterations", captured.getvalue())
            else:
                self.assertEqual(captured.getvalue(), "")

    def test_callback_refused(self):
        with self.assertRaises(NotImplementedError):
            optbench.minimize(sphere, [0.0], jac=True, callback=print, optbench=self.optbench)

    def test_keyboard_interrupt_ends_the_child(self):
        started = []
        real_popen = subprocess.Popen

        def recording_popen(*args, **kwargs):
            process = real_popen(*args, **kwargs)
            started.append(process)
            return process

        fun = Counter(rosen, fail_at=5, error=KeyboardInterrupt())
        with mock.patch.object(optbench.subprocess, "Popen", recording_popen):
            with self.assertRaises(KeyboardInterrupt):
                optbench.minimize(fun, [-1.2, 1.0], jac=True, optbench=self.optbench)
        self.assertEqual(len(started), 1)
        self.assertIsNotNone(started[0].returncode)  # reaped

    def test_missing_binary(self):
        with self.assertRaises(FileNotFoundError) as caught:
            optbench.minimize(sphere, [0.0], jac=True, optbench="/nonexistent/optbench")
        self.assertIn("/nonexistent/optbench", str(caught.exception))

    def test_optbench_dies(self):
        # A stand-in that asks for one point, then crashes.
        with tempfile.TemporaryDirectory() as directory:
            fake = os.path.join(directory, "optbench")
            with open(fake, "w") as out:
                out.write("#!%s\nimport sys\nprint('[1.0]', flush=True)\nsys.stdin.readline()\n"
                          "sys.stderr.write('fake optbench: segmentation fault\\n')\nsys.exit(3)\n"
                          % sys.executable)
            os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR)
            with self.assertRaises(RuntimeError) as caught:
                optbench.minimize(sphere, [0.0], jac=True, optbench=fake)
        self.assertIn("status 3", str(caught.exception))
        self.assertIn("segmentation fault", str(caught.exception))


class CompareTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.optbench = binary()

    def test_two_functions_two_methods(self):
        rows = optbench.compare([("rosenbrock", rosen), sphere], [[-1.2, 1.0], [0.0, 0.0, 0.0]],
                                methods=("lbfgs", "bfgs"), jac=True, optbench=self.optbench, as_frame=False)
        self.assertEqual(len(rows), 4)
        self.assertEqual([(r["function"], r["method"]) for r in rows],
                         [("rosenbrock", "lbfgs"), ("rosenbrock", "bfgs"), ("sphere", "lbfgs"), ("sphere", "bfgs")])
        self.assertTrue(all(r["success"] for r in rows))
        bfgs = rows[1]
        self.assertEqual((bfgs["nit"], bfgs["nfev"], bfgs["njev"]), (33, 39, 39))
        for key in ("function", "method", "status", "success", "nit", "nfev", "njev", "fun", "seconds"):
            self.assertIn(key, rows[0])
        table = optbench.format_table(rows)
        lines = table.splitlines()
        self.assertEqual(len(lines), 5)
        for word in ("rosenbrock", "sphere", "lbfgs", "bfgs", "converged-gradient", "nfev"):
            self.assertIn(word, table)
        self.assertEqual(len({line.index("method") if i == 0 else line.index("lbfgs" if "lbfgs" in line else "bfgs")
                              for i, line in enumerate(lines)}), 1)  # the method column is aligned

    def test_bad_input_row(self):
        rows = optbench.compare([sphere], [[1.0]], methods=("lbfgs", "bfgs"), jac=True,
                                options={"memory": 4}, optbench=self.optbench, as_frame=False)
        self.assertEqual([r["status"] for r in rows], ["converged-gradient", "bad-input"])
        self.assertIn("--memory", rows[1]["message"])

    def test_data_frame(self):
        try:
            import pandas as pd
        except ImportError:
            pd = None
        functions, starts = [("rosenbrock", rosen), sphere], [[-1.2, 1.0], [0.0, 0.0, 0.0]]
        rows = optbench.compare(functions, starts, methods=("lbfgs", "bfgs"), jac=True, optbench=self.optbench,
                                as_frame=False)
        if pd is None:  # without pandas the default is the list of rows
            self.assertEqual(optbench.compare(functions, starts, methods=("lbfgs", "bfgs"), jac=True,
                                              optbench=self.optbench), rows)
            self.skipTest("pandas is not installed (scripts/ci/test-python installs it)")
        frame = optbench.compare(functions, starts, methods=("lbfgs", "bfgs"), jac=True, optbench=self.optbench)
        self.assertIsInstance(frame, pd.DataFrame)
        from optbench import _frame
        self.assertEqual(list(frame.columns), list(_frame.COLUMNS))
        self.assertEqual(len(frame), 4)
        self.assertEqual(list(frame["problem"]), ["rosenbrock", "rosenbrock", "sphere", "sphere"])
        self.assertEqual(list(frame["label"]), ["lbfgs", "bfgs", "lbfgs", "bfgs"])
        self.assertEqual(list(frame["solver"]), ["lbfgs", "bfgs", "lbfgs", "bfgs"])
        self.assertEqual(list(frame["dimension"]), [2, 2, 3, 3])
        # The same runs as the rows: counts and values agree.
        self.assertEqual(list(frame["iterations"]), [r["nit"] for r in rows])
        self.assertEqual(list(frame["f_evaluations"]), [r["nfev"] for r in rows])
        self.assertEqual(list(frame["gradient_evaluations"]), [r["njev"] for r in rows])
        self.assertEqual(list(frame["status"]), [r["status"] for r in rows])
        self.assertTrue(frame["converged"].all())
        self.assertEqual(str(frame["iterations"].dtype), "Int64")
        self.assertTrue((frame["f"] < 1e-10).all())
        # Loads like any DataFrame: a pivot of evaluations by problem and method.
        pivot = frame.pivot(index="problem", columns="label", values="f_evaluations")
        self.assertEqual(int(pivot.loc["rosenbrock", "bfgs"]), rows[1]["nfev"])
        # A refused run: status bad-input, NA counts.
        refused = optbench.compare([sphere], [[1.0]], methods=("lbfgs", "bfgs"), jac=True,
                                   options={"memory": 4}, optbench=self.optbench)
        self.assertEqual(list(refused["status"]), ["converged-gradient", "bad-input"])
        self.assertTrue(pd.isna(refused["iterations"][1]))
        self.assertIn("--memory", refused["message"][1])
        table = optbench.format_table(refused)
        self.assertIn("bad-input", table)
        self.assertIn("sphere", table)


if __name__ == "__main__":
    unittest.main()
