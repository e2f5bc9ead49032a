"""Tests of the in-process layer, optbench._native.minimize (libOptBenchC.so through ctypes,
OptBench's own names, options and statuses); optbench.minimize's scipy semantics on top of it
are tested in test_scipy.py.

Run: python -m unittest discover -s python/tests -v   (with the package installed:
scripts/ci/test-python; or python/ on sys.path and the library in .build/ or $OPTBENCH_LIB)
"""

import os
import signal
import sys
import unittest

import numpy as np

from package_under_test import optbench  # the installed package, else the one beside this folder
from optbench import _native  # noqa: E402


def rosen(x):
    a, b = x
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2, np.array([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)])


def rosen_hessp(x, p):
    a, b = x
    h = np.array([[2 - 400 * (b - a * a) + 800 * a * a, -400 * a], [-400 * a, 200.0]])
    return h @ p


def chained_rosen(x):
    """Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 1…n−1 (OptBench's rosenbrock:n=…)."""
    d = x[1:] - x[:-1] ** 2
    f = 100 * np.dot(d, d) + np.dot(1 - x[:-1], 1 - x[:-1])
    g = np.zeros_like(x)
    g[:-1] = -400 * x[:-1] * d - 2 * (1 - x[:-1])
    g[1:] += 200 * d
    return f, g


START = [-1.2, 1.0]


class Counted(object):
    def __init__(self, function):
        self.function, self.calls, self.points = function, 0, []

    def __call__(self, x):
        self.calls += 1
        return self.function(x)


class NativeTests(unittest.TestCase):
    def test_library_is_found(self):
        path = optbench.find_library()
        self.assertTrue(os.path.isfile(path), path)

    def test_rosenbrock_2_lbfgs(self):
        counted = Counted(rosen)
        r = _native.minimize(counted, START, jac=True)
        self.assertEqual(r.status, "converged-gradient")
        self.assertTrue(r.success)
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-6, rtol=0)
        self.assertLess(r.fun, 1e-12)
        # `optbench run --solver lbfgs --problem rosenbrock`: 37 iterations, 45 evaluations.
        self.assertEqual((r.nit, r.nfev, r.njev), (37, 45, 45))
        self.assertEqual(counted.calls, 45)
        self.assertEqual(r.gradient_norm, np.max(np.abs(r.jac)))
        self.assertEqual(list(r.trace["iteration"]), list(range(38)))
        self.assertEqual(r.trace["f"][-1], r.fun)
        self.assertTrue(r.x.flags.owndata)
        self.assertEqual(r.solver[:15], "L-BFGS (m = 10)")

    def test_rosenbrock_1000_lbfgs(self):
        x0 = np.tile(START, 500)
        r = _native.minimize(chained_rosen, x0, jac=True, options={"max-iter": 20000, "gtol": 1e-9})
        self.assertEqual(r.status, "converged-gradient")
        np.testing.assert_allclose(r.x, np.ones(1000), atol=1e-6, rtol=0)
        self.assertLessEqual(r.gradient_norm, 1e-9)
        self.assertEqual(x0[0], -1.2)  # the start is not written to

    def test_x_is_a_read_only_view_and_the_gradient_is_written_in_place(self):
        seen = []

        def f(x):
            seen.append((x.flags.owndata, x.flags.writeable, x.dtype, x.shape))
            return rosen(x)

        _native.minimize(f, START, jac=True, options={"max-iter": 2})
        self.assertTrue(all(s == (False, False, np.float64, (2,)) for s in seen), seen[:3])

    def test_gradient_callable_and_differences(self):
        r = _native.minimize(lambda x: rosen(x)[0], START, jac=lambda x: rosen(x)[1], method="bfgs")
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-6, rtol=0)
        counted = Counted(lambda x: rosen(x)[0])
        r = _native.minimize(counted, START, method="bfgs")  # central differences in Python
        self.assertTrue(r.success, r.message)
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-5, rtol=0)
        self.assertEqual(r.nfev, counted.calls)
        self.assertEqual(r.nfev, r.njev * 5)  # f and 2n differences per gradient

    def test_newton_cg_with_hessp(self):
        r = _native.minimize(rosen, START, jac=True, hessp=rosen_hessp, method="newton-cg")
        self.assertEqual(r.status, "converged-gradient")
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-6, rtol=0)
        self.assertGreater(r.nhev, 0)

    def test_newton_with_hess(self):
        r = _native.minimize(rosen, START, jac=True, hess=lambda x: np.array([[2 - 400 * (x[1] - x[0] ** 2) + 800 * x[0] ** 2, -400 * x[0]],
                                                                                [-400 * x[0], 200.0]]), method="newton")
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-6, rtol=0)

    def test_options_as_on_the_command_line(self):
        r = _native.minimize(rosen, START, jac=True, options={"memory": 5, "gtol": 1e-10, "line_search": "hager-zhang",
                                                              "trace-every": 0})
        self.assertIn("L-BFGS (m = 5)", r.solver)
        self.assertIn("Hager–Zhang", r.solver)
        self.assertLessEqual(r.gradient_norm, 1e-10)
        self.assertEqual(len(r.trace["f"]), 2)
        r = _native.minimize(rosen, START, jac=True, options={"maxiter": 3})
        self.assertEqual((r.status, r.nit, r.success), ("iteration-limit", 3, False))

    def test_refusals_are_the_command_lines(self):
        with self.assertRaises(ValueError) as caught:
            _native.minimize(rosen, START, jac=True, method="nope")
        self.assertTrue(str(caught.exception).startswith("invalid value 'nope' for --solver: expected one of: lbfgs, "))
        with self.assertRaises(ValueError) as caught:
            _native.minimize(rosen, START, jac=True, options={"memory": 0})
        self.assertEqual(str(caught.exception), "invalid value '0' for --memory: expected an integer in [1, 2000]")
        with self.assertRaises(ValueError) as caught:
            _native.minimize(rosen, START, jac=True, method="newton-cg")
        self.assertEqual(str(caught.exception), "newton-cg needs an objective with a Hessian; for other objectives use lbfgs, bfgs or cg")
        with self.assertRaises(ValueError) as caught:
            _native.minimize(rosen, START, jac=True, bounds=[(0, 1), (0, 1)])
        self.assertTrue(str(caught.exception).startswith("lbfgs does not take bounds"))

    def test_bounds(self):
        r = _native.minimize(rosen, START, jac=True, method="lbfgsb", bounds=[(None, 0.5), (None, None)])
        self.assertEqual(r.status, "converged-projected-gradient")
        self.assertEqual(r.x[0], 0.5)  # the active bound, exactly
        self.assertAlmostEqual(r.x[1], 0.25, delta=1e-6)
        class Box(object):  # as scipy.optimize.Bounds
            lb, ub = np.array([-np.inf, -np.inf]), np.array([0.5, 0.2])

        r = _native.minimize(rosen, START, jac=True, method="lbfgsb", bounds=Box())
        # b ≤ 0.2 is active (b = a² is out of reach); a is free: ∂f/∂a = 0 at a ≈ 0.4539, and
        # ∂f/∂b < 0 pushes against the upper bound.
        self.assertEqual(r.status, "converged-projected-gradient")
        self.assertEqual(r.x[1], 0.2)
        self.assertLess(abs(r.jac[0]), 1e-6)
        self.assertLess(r.jac[1], -1)
        self.assertLess(r.x[0], 0.5)

    def test_exception_propagates(self):
        calls = [0]

        def f(x):
            calls[0] += 1
            if calls[0] == 7:
                raise ZeroDivisionError("boom at 7")
            return rosen(x)

        with self.assertRaises(ZeroDivisionError) as caught:
            _native.minimize(f, START, jac=True)
        result = caught.exception.optbench_result
        self.assertEqual(result.status, "evaluation-failed")
        self.assertEqual(result.detail, "ZeroDivisionError: boom at 7")
        self.assertEqual(result.nfev, 7)
        self.assertTrue(np.isfinite(result.fun) and result.fun < 24.2)
        self.assertEqual(calls[0], 7)  # not called again after the failure

    def test_nan(self):
        r = _native.minimize(lambda x: (float("nan"), np.zeros(2)), START, jac=True)
        self.assertEqual(r.status, "non-finite")

        def undefined_far_away(x):
            f, g = rosen(x)
            return (float("nan") if abs(x[0]) > 2 else f), g

        r = _native.minimize(undefined_far_away, START, jac=True)
        self.assertEqual(r.status, "converged-gradient")
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-6, rtol=0)

    def test_wrong_gradient_shape(self):
        r = _native.minimize(lambda x: (1.0, np.zeros(3)), START, jac=True)
        self.assertEqual(r.status, "evaluation-failed")
        self.assertEqual(r.detail, "the gradient has shape (3,), expected (2,)")

    def test_callback_stops(self):
        seen = []

        def callback(state):
            f, g = rosen(state.x)
            seen.append((state.nit, f == state.fun, np.array_equal(g, state.jac)))
            return state.nit == 5

        r = _native.minimize(rosen, START, jac=True, callback=callback)
        self.assertEqual(r.status, "stopped-by-callback")
        self.assertEqual(r.nit, 5)
        self.assertEqual(seen, [(k, True, True) for k in range(6)])

    def test_callback_exception_propagates(self):
        def callback(state):
            if state.nit == 3:
                raise RuntimeError("stop here")

        with self.assertRaises(RuntimeError) as caught:
            _native.minimize(rosen, START, jac=True, callback=callback)
        self.assertEqual(caught.exception.optbench_result.nit, 3)

    def test_ctrl_c_interrupts(self):
        calls = [0]

        def f(x):
            calls[0] += 1
            if calls[0] == 10:
                os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C would
            return rosen(x)

        with self.assertRaises(KeyboardInterrupt) as caught:
            _native.minimize(f, START, jac=True)
        result = caught.exception.optbench_result
        self.assertEqual(result.status, "interrupted")
        self.assertLessEqual(result.nfev, 11)
        self.assertIs(signal.getsignal(signal.SIGINT), signal.default_int_handler)  # restored

    def test_pipe_backend_is_the_fallback(self):
        if not os.environ.get("OPTBENCH"):
            self.skipTest("no optbench binary ($OPTBENCH)")
        r = optbench.minimize(rosen, START, jac=True, backend="pipe", options={"gtol": 1e-8})
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-6, rtol=0)
        with self.assertRaises(ValueError):
            optbench.minimize(rosen, START, jac=True, backend="pipe", bounds=[(0, 1), (0, 1)])


if __name__ == "__main__":
    unittest.main()
