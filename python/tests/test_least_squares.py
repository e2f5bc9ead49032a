"""Tests of optbench.least_squares (scipy's least_squares over OptBench's lm / gauss-newton):
against certified values (NIST StRD Misra1a), closed forms (linear least squares against
numpy.linalg.lstsq), MGH problems, and scipy's own least_squares(method='lm') when scipy is
installed (scripts/ci/test-python installs it).

Run: scripts/ci/test-python, or python -m unittest discover -s python/tests -p test_least_squares.py
"""

import unittest
import warnings

import numpy as np

from package_under_test import optbench  # the installed package, else the one beside this folder

try:
    import scipy.optimize as scipy_optimize
except ImportError:
    scipy_optimize = None

# NIST StRD Misra1a: y = b1 (1 − exp(−b2 x)); certified b1, b2 and residual sum of squares.
MISRA_X = np.array([77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0])
MISRA_Y = np.array([10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78])
MISRA_B = np.array([2.3894212918e02, 5.5015643181e-04])
MISRA_SS = 1.2455138894e-01


def misra(b):
    return b[0] * (1 - np.exp(-b[1] * MISRA_X)) - MISRA_Y


def misra_jac(b):
    e = np.exp(-b[1] * MISRA_X)
    return np.column_stack([1 - e, b[0] * MISRA_X * e])


def rosenbrock(x):  # MGH 1
    return np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]])


def rosenbrock_jac(x):
    return np.array([[-20 * x[0], 10.0], [-1.0, 0.0]])


def freudenstein_roth(x):  # MGH 2: from (0.5, −2) to the local minimum f = 48.9842…
    return np.array([-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]])


BARD_Y = np.array([0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39])


def bard(x):  # MGH 8: f* = 8.21487…e-3 (Σr²)
    u = np.arange(1.0, 16.0)
    v = 16 - u
    w = np.minimum(u, v)
    return BARD_Y - (x[0] + u / (v * x[1] + w * x[2]))


class LeastSquaresTest(unittest.TestCase):
    def test_misra1a_certified(self):
        for jac in (misra_jac, "2-point"):
            r = optbench.least_squares(misra, [500, 1e-4], jac=jac, method="lm")
            np.testing.assert_allclose(r.x, MISRA_B, rtol=1e-6)
            self.assertAlmostEqual(2 * r.cost, MISRA_SS, delta=1e-8)
            self.assertTrue(r.success)
            self.assertIn(r.status, (1, 2, 3, 4))
            self.assertEqual(r.jac.shape, (14, 2))
            np.testing.assert_allclose(r.fun, misra(r.x), rtol=0, atol=0)
            np.testing.assert_allclose(r.grad, r.jac.T @ r.fun, rtol=1e-12, atol=0)
            if callable(jac):
                np.testing.assert_array_equal(r.jac, misra_jac(r.x))
            self.assertEqual(r.optimality, np.max(np.abs(r.grad)))
            np.testing.assert_array_equal(r.active_mask, np.zeros(2, dtype=int))

    def test_linear_least_squares_against_lstsq(self):
        rng = np.random.default_rng(7)
        a = rng.standard_normal((30, 4))
        b = rng.standard_normal(30)
        expected = np.linalg.lstsq(a, b, rcond=None)[0]
        for method in ("lm", "gauss-newton"):
            r = optbench.least_squares(lambda x: a @ x - b, np.zeros(4), jac=lambda x: a, method=method)
            np.testing.assert_allclose(r.x, expected, rtol=1e-9, atol=1e-12, err_msg=method)
            self.assertAlmostEqual(r.cost, 0.5 * np.sum((a @ expected - b) ** 2), delta=1e-12)
        # x_scale as numbers (MINPACK's mode 2): the same minimizer.
        r = optbench.least_squares(lambda x: a @ x - b, np.zeros(4), method="lm", x_scale=[1, 10, 0.1, 2])
        np.testing.assert_allclose(r.x, expected, rtol=1e-7, atol=1e-10)

    def test_mgh_problems(self):
        r = optbench.least_squares(freudenstein_roth, [0.5, -2], method="lm")
        self.assertAlmostEqual(2 * r.cost, 48.98425367924, delta=1e-8 * 48.98)  # ftol 1e-8: relative
        r = optbench.least_squares(bard, [1, 1, 1], method="lm")
        self.assertAlmostEqual(2 * r.cost, 8.214877306578e-3, delta=1e-12)
        r = optbench.least_squares(rosenbrock, [-1.2, 1], jac=rosenbrock_jac, method="lm")
        np.testing.assert_allclose(r.x, [1, 1], rtol=0, atol=1e-12)

    @unittest.skipIf(scipy_optimize is None, "scipy is not installed")
    def test_against_scipy_lm(self):
        cases = [(misra, [500, 1e-4], misra_jac), (misra, [500, 1e-4], "2-point"),
                 (rosenbrock, [-1.2, 1], rosenbrock_jac), (rosenbrock, [-1.2, 1], "3-point"), (freudenstein_roth, [0.5, -2], "2-point"), (bard, [1, 1, 1], "cs")]
        for fun, x0, jac in cases:
            ours = optbench.least_squares(fun, x0, jac=jac, method="lm")
            theirs = scipy_optimize.least_squares(fun, x0, jac=jac, method="lm")
            label = "%s %s" % (fun.__name__, jac if isinstance(jac, str) else "jac")
            np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-6, err_msg=label)
            self.assertAlmostEqual(ours.cost, theirs.cost, delta=1e-9 * max(1, theirs.cost), msg=label)
            self.assertIsInstance(ours, scipy_optimize.OptimizeResult)
            self.assertEqual(sorted(set(theirs) - set(ours)), [], label)
            self.assertEqual(ours.success, theirs.success, label)
            self.assertEqual(ours.njev is None, theirs.njev is None, label)
            # MINPACK's iteration step for step: the same evaluation counts, within a few.
            self.assertLessEqual(abs(ours.nfev - theirs.nfev), max(2, theirs.nfev // 10), label)
        # x_scale numbers: MINPACK's mode 2 with diag = 1/x_scale.
        ours = optbench.least_squares(misra, [500, 1e-4], method="lm", x_scale=[100, 1e-4])
        theirs = scipy_optimize.least_squares(misra, [500, 1e-4], method="lm", x_scale=[100, 1e-4])
        np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-6)

    def test_trf_default_and_refusals(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = optbench.least_squares(misra, [500, 1e-4])  # scipy's default method, 'trf'
        self.assertTrue(any("no trust-region-reflective" in str(w.message) for w in caught))
        np.testing.assert_allclose(r.x, MISRA_B, rtol=1e-6)
        with self.assertRaisesRegex(ValueError, "no bounded least-squares solver.*lbfgsb"):
            optbench.least_squares(misra, [500, 1e-4], bounds=([0, 0], [1000, 1]))
        with self.assertRaisesRegex(ValueError, "doesn't support bounds"):
            optbench.least_squares(misra, [500, 1e-4], bounds=(0, 1000), method="lm")
        with self.assertRaisesRegex(ValueError, "only loss='linear'"):
            optbench.least_squares(misra, [500, 1e-4], loss="soft_l1")
        with self.assertRaisesRegex(ValueError, "less than the number of variables"):
            optbench.least_squares(lambda x: np.array([x[0] + x[1]]), [1, 1], method="lm")
        with self.assertRaisesRegex(ValueError, "not finite in the initial point"):
            optbench.least_squares(lambda x: np.array([np.nan, x[0]]), [1.0], method="lm")
        with self.assertRaisesRegex(ValueError, "higher than machine epsilon"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scipy's warning about ftol < ε comes first
            optbench.least_squares(misra, [500, 1e-4], method="lm", ftol=0)
        with self.assertRaisesRegex(ValueError, "`method` must be"):
            optbench.least_squares(misra, [500, 1e-4], method="newton")

    def test_max_nfev_and_errors(self):
        r = optbench.least_squares(misra, [500, 1e-4], method="lm", max_nfev=3)
        self.assertEqual(r.status, 0)
        self.assertFalse(r.success)
        self.assertEqual(r.message, "The maximum number of function evaluations is exceeded.")

        calls = []

        def failing(x):
            calls.append(1)
            if len(calls) > 3:
                raise ZeroDivisionError("boom")
            return misra(x)

        with self.assertRaisesRegex(ZeroDivisionError, "boom"):
            optbench.least_squares(failing, [500, 1e-4], method="lm")
        # args and kwargs reach fun and jac.
        r = optbench.least_squares(lambda x, a, scale=1.0: scale * (x - a), [0.0, 0.0], args=([1.0, 2.0],),
                                   kwargs={"scale": 2.0}, method="lm")
        np.testing.assert_allclose(r.x, [1, 2], atol=1e-10)


if __name__ == "__main__":
    unittest.main()
