"""Tests of optbench.minimize's scipy semantics (optbench._scipy over the in-process layer).

References are closed forms (quadratics: x* = A⁻¹b), counts made by the test's own functions,
and scipy itself where it is installed (the messages and codes scipy gives for the same stop
reason). Run by scripts/ci/test-python (with scipy in .build/venv, without it in
.build/venv-editable: the scipy comparisons then skip and the stand-in result class is tested).
"""

import contextlib
import io
import unittest
import warnings

import numpy as np

from package_under_test import optbench  # the installed package, else the one beside this folder
from optbench import _scipy  # noqa: E402

try:
    import scipy.optimize
except ImportError:
    scipy = None

A = np.array([[4.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 2.0]])
B = np.array([1.0, -2.0, 0.5])
X_STAR = np.linalg.solve(A, B)
X0 = np.array([2.0, 2.0, -1.0])


def quad(x):
    return 0.5 * x @ A @ x - B @ x


def quad_grad(x):
    return A @ x - B


def quad_hess(x):
    return A


def rosen(x):
    return 100.0 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2


def rosen_grad(x):
    return np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])



def run_without_gradient(test, method, options):
    """A derivative-free `method` given a jac: scipy's warning that it is not used, and every
    call of f counted in nfev (the gradient never asked for)."""
    calls = []

    def f(x):
        calls.append(1)
        return quad(x)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = optbench.minimize(f, X0, method=method, jac=quad_grad, options=options)
    test.assertTrue(any("does not use gradient information" in str(w.message) for w in caught))
    test.assertEqual(r.nfev, len(calls))
    return r

class Counting(object):
    def __init__(self, function):
        self.function, self.calls, self.types = function, 0, set()

    def __call__(self, x, *args):
        self.calls += 1
        self.types.add((type(x), x.dtype, x.shape))
        return self.function(x, *args)


class SignatureTests(unittest.TestCase):
    def test_positional_arguments_are_scipys(self):
        # minimize(fun, x0, args, method, jac): args third, as in scipy (not jac)
        def f(x, shift):
            return np.sum((x - shift) ** 2)

        def g(x, shift):
            return 2 * (x - shift)

        r = optbench.minimize(f, [0.0, 0.0], (np.array([3.0, -1.0]),), "BFGS", g)
        np.testing.assert_allclose(r.x, [3.0, -1.0], atol=1e-6)
        self.assertEqual((r.status, r.success), (0, True))
        r = optbench.minimize(f, [0.0, 0.0], args=5.0, jac=g)   # a non-tuple is one argument
        np.testing.assert_allclose(r.x, [5.0, 5.0], atol=1e-6)

    def test_default_methods(self):
        r = optbench.minimize(quad, X0, jac=quad_grad)
        self.assertTrue(r.optbench_solver.startswith("BFGS"), r.optbench_solver)
        self.assertEqual(r.message, "Optimization terminated successfully.")
        r = optbench.minimize(quad, X0, jac=quad_grad, bounds=[(None, None)] * 3)
        self.assertTrue(r.optbench_solver.startswith("L-BFGS-B"), r.optbench_solver)
        self.assertTrue(r.message.startswith("CONVERGENCE: "), r.message)
        # With constraints scipy picks SLSQP: OptBench's sqp.
        r = optbench.minimize(quad, X0, jac=quad_grad, constraints=[{"type": "eq", "fun": lambda x: x[0]}])
        self.assertTrue(r.optbench_solver.startswith("SQP"), r.optbench_solver)
        self.assertLess(abs(r.x[0]), 1e-6)

    def test_method_names(self):
        expected = {"bfgs": "BFGS", "L-BFGS-B": "L-BFGS-B", "cg": "nonlinear CG", "newton-cg": "Newton-CG",
                    "Trust-NCG": "trust region", "trust-krylov": "trust region", "TRUST-EXACT": "trust region",
                    "Dogleg": "trust region", "lbfgs": "L-BFGS (m = 10)"}
        for method, start in expected.items():
            second_order = method.lower() not in ("bfgs", "l-bfgs-b", "cg", "lbfgs")
            r = optbench.minimize(quad, X0, method=method, jac=quad_grad, hess=quad_hess if second_order else None,
                                  options={"gtol": 1e-9} if method != "newton-cg" else {"xtol": 1e-10})
            self.assertIn(start.lower(), r.optbench_solver.lower(), (method, r.optbench_solver))
            np.testing.assert_allclose(r.x, X_STAR, atol=1e-6, err_msg=method)
            self.assertEqual(r.status, 0, (method, r.message))
        with self.assertRaises(ValueError) as caught:
            optbench.minimize(quad, X0, method="TNC")
        self.assertIn("OptBench does not have method 'TNC' yet", str(caught.exception))
        # The constrained methods (COBYLA, SLSQP, trust-constr …): test_constraints.py.

    def test_x_is_a_float64_array_and_scalars_may_be_arrays(self):
        counted = Counting(lambda x: np.array([quad(x)]))   # a 1-element array, as scipy accepts
        r = optbench.minimize(counted, [2, 2, -1], jac=quad_grad)  # integers: floats
        self.assertEqual(counted.types, {(np.ndarray, np.dtype(float), (3,))})
        self.assertIsInstance(r.x, np.ndarray)
        self.assertEqual(r.x.dtype, np.float64)
        r = optbench.minimize(lambda x: (x[0] - 2) ** 2, 0)   # a scalar x0 is one variable
        self.assertEqual(r.x.shape, (1,))
        self.assertAlmostEqual(r.x[0], 2.0, delta=1e-5)
        with self.assertRaises(ValueError):
            optbench.minimize(lambda x: np.ones(2), [1.0, 2.0])
        with self.assertRaises(ValueError):
            optbench.minimize(quad, np.zeros((3, 1)))

    def test_result_class(self):
        r = optbench.minimize(quad, X0, jac=quad_grad)
        if scipy is not None:
            self.assertIsInstance(r, scipy.optimize.OptimizeResult)
        else:
            self.assertIsInstance(r, dict)
        self.assertEqual(r["x"] is r.x, True)
        for key in ("x", "fun", "jac", "nit", "nfev", "njev", "status", "success", "message", "cost",
                    "seconds", "objective_seconds", "trace", "optbench_status"):
            self.assertIn(key, r)
        self.assertTrue(0 <= r.objective_seconds <= r.seconds, (r.objective_seconds, r.seconds))
        self.assertAlmostEqual(r.fun, quad(X_STAR), places=12)
        np.testing.assert_allclose(r.jac, quad_grad(r.x), rtol=0, atol=1e-14)
        self.assertEqual(r.optbench_status, "converged-gradient")
        self.assertEqual(len(r.trace["f"]), r.nit + 1)


class CountTests(unittest.TestCase):
    def test_counts_are_the_calls(self):
        f, g = Counting(lambda x: quad(x)), Counting(lambda x: quad_grad(x))
        r = optbench.minimize(f, X0, jac=g, method="BFGS")
        self.assertEqual((r.nfev, r.njev), (f.calls, g.calls))
        self.assertGreater(r.njev, r.nit)   # every gradient, the final one included

        both = Counting(lambda x: (quad(x), quad_grad(x)))
        r = optbench.minimize(both, X0, jac=True, method="L-BFGS-B")
        self.assertEqual(r.nfev, both.calls)
        self.assertEqual(r.cost, r.nfev + r.njev)

    def test_forward_differences_count_every_call(self):
        # jac=None: forward differences with scipy's absolute step eps, n calls of f per gradient
        # beside f at the point itself.
        f = Counting(lambda x: quad(x))
        r = optbench.minimize(f, X0, method="BFGS")
        self.assertEqual(r.nfev, f.calls)
        # each gradient: 3 steps beside f at its point (remembered when the line search evaluated
        # it); every point one call, also a trial rejected on f alone and not differenced (issue 27)
        points = r.nfev - 3 * r.njev
        self.assertGreaterEqual(points, r.njev)
        np.testing.assert_allclose(r.x, X_STAR, atol=1e-5)
        for kind in ("2-point", "3-point", "cs"):
            r = optbench.minimize(quad, X0, jac=kind, method="BFGS")
            np.testing.assert_allclose(r.x, X_STAR, atol=1e-5, err_msg=kind)

    @unittest.skipIf(scipy is None, "scipy is not installed")
    def test_trials_rejected_on_f_are_not_differenced(self):
        # Rosenbrock without jac (issue 27): OptBench's line search calls fun alone at a trial point
        # and differences there only where it needs the slope or accepts, so the calls are one per
        # point plus n (forward) or 2n (3-point) per gradient, with more points than gradients.
        # scipy's BFGS differences every trial point: 117 and 195 calls here; OptBench 122 and 198
        # (129 and 215 when it differenced every trial).
        def rosen(x):
            return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2

        for jac, per_gradient in ((None, 2), ("3-point", 4)):
            f = Counting(rosen)
            r = optbench.minimize(f, [-1.2, 1.0], jac=jac, method="BFGS")
            s = scipy.optimize.minimize(rosen, [-1.2, 1.0], jac=jac, method="BFGS")
            self.assertTrue(r.success and s.success, jac)
            self.assertEqual(r.nfev, f.calls)
            points = r.nfev - per_gradient * r.njev
            self.assertGreater(points, r.njev, jac)
            self.assertLessEqual(r.nfev, 1.05 * s.nfev, (jac, r.nfev, s.nfev))
            np.testing.assert_allclose(r.x, [1.0, 1.0], atol=1e-4)

    def test_differences_by_hand(self):
        # The gradient at x0 with jac=None is (f(x0 + eps eᵢ) − f(x0))/eps: with f = x³ at 1 and
        # eps = 1e-3 that is ((1.001)³ − 1)/0.001 = 3.003001.
        def f(x):
            return x[0] ** 3 + 10 * x[0] ** 2

        r = optbench.minimize(f, [1.0], method="BFGS", options={"eps": 1e-3, "maxiter": 0})
        self.assertAlmostEqual(r.jac[0], (f([1.001]) - f([1.0])) / 1e-3, places=9)
        self.assertEqual(r.status, 1)   # maxiter 0: scipy's "maximum iterations"


class CallbackTests(unittest.TestCase):
    def test_both_forms_and_stop_iteration(self):
        xs = []

        def plain(xk):
            xs.append(xk)
            xk[:] = 99.0   # a copy: writing it changes nothing

        r = optbench.minimize(quad, X0, jac=quad_grad, callback=plain)
        self.assertEqual(len(xs), r.nit)
        np.testing.assert_allclose(r.x, X_STAR, atol=1e-6)

        results = []

        def rich(intermediate_result):
            results.append((intermediate_result.x.copy(), intermediate_result.fun))
            if len(results) == 2:
                raise StopIteration

        r = optbench.minimize(rosen, [-1.2, 1.0], jac=rosen_grad, callback=rich)
        self.assertEqual((r.status, r.success, r.nit), (99, False, 2))
        self.assertEqual(r.message, "`callback` raised `StopIteration`.")
        np.testing.assert_array_equal(results[-1][0], r.x)
        self.assertEqual(results[-1][1], rosen(r.x))

    def test_return_all(self):
        r = optbench.minimize(quad, X0, jac=quad_grad, method="CG", options={"return_all": True})
        self.assertEqual(len(r.allvecs), r.nit + 1)
        np.testing.assert_array_equal(r.allvecs[0], X0)
        np.testing.assert_array_equal(r.allvecs[-1], r.x)

    def test_exception_propagates_unchanged(self):
        error = KeyError("mine")

        def f(x):
            if x[0] < 1.5:
                raise error
            return quad(x)

        with self.assertRaises(KeyError) as caught:
            optbench.minimize(f, X0, jac=quad_grad)
        self.assertIs(caught.exception, error)


class OptionTests(unittest.TestCase):
    def test_maxiter_and_messages(self):
        for method, message in (("BFGS", "Maximum number of iterations has been exceeded."),
                                ("CG", "Maximum number of iterations has been exceeded."),
                                ("Newton-CG", "Warning: Maximum number of iterations has been exceeded."),
                                ("L-BFGS-B", "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT"),
                                ("trust-ncg", "Maximum number of iterations has been exceeded.")):
            r = optbench.minimize(rosen, [-1.2, 1.0], jac=rosen_grad, method=method, options={"maxiter": 3},
                                  hess=(lambda x: np.array([[1200 * x[0] ** 2 - 400 * x[1] + 2, -400 * x[0]],
                                                            [-400 * x[0], 200.0]]))
                                  if method in ("Newton-CG", "trust-ncg") else None)
            self.assertEqual((r.status, r.message, r.success), (1, message, False), method)
            self.assertLessEqual(r.nit, 3)

    def test_tol_sets_gtol(self):
        loose = optbench.minimize(rosen, [-1.2, 1.0], jac=rosen_grad, tol=1e-1)
        tight = optbench.minimize(rosen, [-1.2, 1.0], jac=rosen_grad, tol=1e-9)
        self.assertLessEqual(np.max(np.abs(loose.jac)), 1e-1)
        self.assertLessEqual(np.max(np.abs(tight.jac)), 1e-9)
        self.assertLess(loose.nit, tight.nit)

    def test_norm_and_xrtol(self):
        r = optbench.minimize(rosen, [-1.2, 1.0], jac=rosen_grad, options={"norm": 2, "gtol": 1e-3})
        self.assertEqual(r.status, 0)
        self.assertLessEqual(np.linalg.norm(r.jac), 1e-3)
        self.assertGreater(np.linalg.norm(r.trace["gradient_norm"][-2:-1]), 0)
        r = optbench.minimize(rosen, [-1.2, 1.0], jac=rosen_grad, options={"xrtol": 1e-2, "gtol": 0})
        self.assertEqual(r.status, 0)
        step = np.linalg.norm(r.x - _scipy_previous(rosen, rosen_grad, r.nit))
        self.assertLessEqual(step, 1e-2 * (1e-2 + np.linalg.norm(r.x)))

    def test_unknown_options_warn_and_optbench_keys_work(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = optbench.minimize(quad, X0, jac=quad_grad, options={"bogus": 1, "workers": 1})
        self.assertEqual([str(w.message) for w in caught], ["Unknown solver options: bogus"])
        self.assertEqual(caught[0].category.__name__, "OptimizeWarning")
        self.assertEqual(r.status, 0)
        r = optbench.minimize(quad, X0, jac=quad_grad, method="lbfgs", options={"memory": 3})
        self.assertIn("m = 3", r.optbench_solver)

    def test_disp_warns_as_scipy(self):
        hess = lambda x: np.array([[1200 * x[0] ** 2 - 400 * x[1] + 2, -400 * x[0]], [-400 * x[0], 200.0]])  # noqa: E731
        for method, category in (("BFGS", "OptimizeWarning"), ("Newton-CG", "OptimizeWarning"),
                                 ("trust-ncg", "RuntimeWarning"), ("L-BFGS-B", "DeprecationWarning")):
            printed = io.StringIO()
            with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed):
                warnings.simplefilter("always")
                optbench.minimize(rosen, [-1.2, 1.0], jac=rosen_grad, method=method,
                                  hess=hess if method in ("Newton-CG", "trust-ncg") else None,
                                  options={"disp": True, "maxiter": 2})
            self.assertEqual([w.category.__name__ for w in caught], [category], method)
            self.assertEqual("Iterations: 2" in printed.getvalue(), method != "L-BFGS-B", method)
            if method != "L-BFGS-B":
                self.assertIn("Maximum number of iterations has been exceeded.", str(caught[0].message))
            with warnings.catch_warnings(record=True) as caught:   # without disp: scipy is silent
                warnings.simplefilter("always")
                optbench.minimize(rosen, [-1.2, 1.0], jac=rosen_grad, method=method,
                                  hess=hess if method in ("Newton-CG", "trust-ncg") else None,
                                  options={"maxiter": 2})
            self.assertEqual(caught, [], method)

    def test_hess_given_to_bfgs_warns(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            optbench.minimize(quad, X0, jac=quad_grad, hess=quad_hess, hessp=lambda x, p: A @ p)
        self.assertEqual([str(w.message) for w in caught],
                         ["Method BFGS does not use Hessian information (hess).",
                          "Method BFGS does not use Hessian-vector product information (hessp)."])
        self.assertTrue(all(w.category is RuntimeWarning for w in caught))

    def test_refusals(self):
        with self.assertRaises(ValueError):
            optbench.minimize(quad, X0, method="CG", options={"c1": 0.5, "c2": 0.1})
        with self.assertRaises(ValueError):
            optbench.minimize(quad, X0, options={"hess_inv0": -np.eye(3)})
        with self.assertRaises(ValueError):
            optbench.minimize(quad, X0, method="trust-ncg", jac=quad_grad)   # no Hessian
        with self.assertRaises(ValueError), warnings.catch_warnings():
            warnings.simplefilter("ignore")   # dogleg does not use hessp: scipy's warning, then its refusal
            optbench.minimize(quad, X0, method="dogleg", jac=quad_grad, hessp=lambda x, p: A @ p)


class BoundsAndSecondOrderTests(unittest.TestCase):
    def test_bounds_pairs_and_objects(self):
        class Box(object):   # anything with lb and ub, as scipy.optimize.Bounds
            lb, ub = np.array([0.0, -np.inf, -np.inf]), np.array([0.1, np.inf, 0.0])

        r = optbench.minimize(quad, X0, jac=quad_grad, bounds=Box())
        # By hand: x1 = 0.1 and x3 = 0 at their upper bounds, x2 free: 3·x2 + 1·0.1 + 0.5·0 = −2,
        # so x2 = −0.7; there ∂f/∂x1 = 0.4 − 0.7 − 1 < 0 and ∂f/∂x3 = −0.35 − 0.5 < 0 push
        # against the upper bounds (the KKT signs).
        expected = np.array([0.1, -0.7, 0.0])
        self.assertEqual(r.x[0], 0.1)
        g = quad_grad(expected)
        self.assertTrue(g[0] < 0 and g[2] < 0 and abs(g[1]) < 1e-12)
        np.testing.assert_allclose(r.x, expected, atol=1e-5)
        r = optbench.minimize(quad, X0, jac=quad_grad, bounds=[(0, 0.1), (None, None), (None, 0)])
        np.testing.assert_allclose(r.x, expected, atol=1e-5)

    def test_all_variables_fixed(self):
        r = optbench.minimize(quad, X0, bounds=[(1, 1), (2, 2), (3, 3)])
        self.assertEqual(r.message, "All independent variables were fixed by bounds.")
        self.assertEqual((r.nfev, r.success), (1, True))
        self.assertEqual(r.fun, quad(np.array([1.0, 2.0, 3.0])))

    def test_some_variables_fixed_with_differences(self):
        r = optbench.minimize(quad, X0, bounds=[(1, 1), (None, None), (None, None)])
        y = np.linalg.solve(A[1:, 1:], B[1:] - A[1:, 0] * 1.0)
        np.testing.assert_allclose(r.x, [1.0, y[0], y[1]], atol=1e-5)
        self.assertTrue(np.isnan(r.jac[0]))

    def test_newton_cg_differences_without_hessian(self):
        r = optbench.minimize(quad, X0, jac=quad_grad, method="Newton-CG")
        np.testing.assert_allclose(r.x, X_STAR, atol=1e-6)
        self.assertEqual(r.nhev, 0)   # products by differences of the gradient: njev counts them
        hess_calls = Counting(lambda x: quad_hess(x))
        r = optbench.minimize(quad, X0, jac=quad_grad, hess=hess_calls, method="Newton-CG")
        self.assertEqual(r.nhev, hess_calls.calls)

    def test_sparse_and_operator_hessians(self):
        if scipy is None:
            self.skipTest("scipy is not installed")
        from scipy import sparse
        from scipy.sparse import linalg as sparse_linalg
        for hess in (lambda x: sparse.csr_matrix(A), lambda x: sparse_linalg.aslinearoperator(A)):
            r = optbench.minimize(quad, X0, jac=quad_grad, hess=hess, method="trust-exact")
            np.testing.assert_allclose(r.x, X_STAR, atol=1e-6)
        r = optbench.minimize(quad, X0, jac=quad_grad, hess=scipy.optimize.BFGS(), method="trust-ncg")
        np.testing.assert_allclose(r.x, X_STAR, atol=1e-4)


class AgainstScipyTests(unittest.TestCase):
    """The same stop reason gives scipy's code and words (scipy from the same venv)."""

    def setUp(self):
        if scipy is None:
            self.skipTest("scipy is not installed")

    def test_same_status_and_message_as_scipy(self):
        cases = [("BFGS", {}), ("BFGS", {"maxiter": 2}), ("CG", {"maxiter": 2}), ("L-BFGS-B", {"maxiter": 2}),
                 ("Newton-CG", {"maxiter": 2}), ("trust-ncg", {}), ("trust-exact", {"maxiter": 2}),
                 ("dogleg", {}), ("trust-krylov", {})]
        hess = scipy.optimize.rosen_hess
        for method, options in cases:
            kwargs = dict(jac=scipy.optimize.rosen_der, options=options)
            if method not in ("BFGS", "CG", "L-BFGS-B"):
                kwargs["hess"] = hess
            ours = optbench.minimize(scipy.optimize.rosen, [-1.2, 1.0], method=method, **kwargs)
            theirs = scipy.optimize.minimize(scipy.optimize.rosen, [-1.2, 1.0], method=method, **kwargs)
            self.assertEqual((ours.status, ours.success, ours.message),
                             (theirs.status, theirs.success, theirs.message), (method, options))
            if theirs.success:
                np.testing.assert_allclose(ours.x, theirs.x, atol=1e-3, err_msg=method)   # gtol 1e-4 or 1e-5

    def test_stop_iteration_as_scipy(self):
        def callback(intermediate_result):
            raise StopIteration

        for method in ("BFGS", "L-BFGS-B", "trust-ncg"):
            kwargs = dict(jac=scipy.optimize.rosen_der, callback=callback)
            if method == "trust-ncg":
                kwargs["hess"] = scipy.optimize.rosen_hess
            ours = optbench.minimize(scipy.optimize.rosen, [-1.2, 1.0], method=method, **kwargs)
            theirs = scipy.optimize.minimize(scipy.optimize.rosen, [-1.2, 1.0], method=method, **kwargs)
            self.assertEqual((ours.status, ours.message, ours.nit), (theirs.status, theirs.message, theirs.nit))


def _scipy_previous(f, g, nit):
    """The iterate before the last of the same run (BFGS, xrtol 1e-2), replayed with maxiter."""
    r = optbench.minimize(f, [-1.2, 1.0], jac=g, options={"maxiter": nit - 1, "gtol": 0})
    return r.x


def rosen(x):
    return 100.0 * (x[1:] - x[:-1] ** 2) ** 2 @ np.ones(x.size - 1) + (1.0 - x[:-1]) ** 2 @ np.ones(x.size - 1)


class NelderMeadTests(unittest.TestCase):
    """Nelder-Mead: the same conventions and arithmetic as scipy's, so the same run bit for bit."""

    CASES = [
        dict(x0=[-1.2, 1.0]),
        dict(x0=[1.3, 0.7, 0.8, 1.9, 1.2]),
        dict(x0=[1.3, 0.7, 0.8, 1.9, 1.2], options={"adaptive": True}),
        dict(x0=[0.0, 0.0, 0.0]),
        dict(x0=[-1.2, 1.0], bounds=[(-1.5, 0.5), (-0.5, 0.8)]),
        dict(x0=[-1.2, 1.0], options={"maxfev": 50}),
        dict(x0=[-1.2, 1.0], options={"maxiter": 20}),
        dict(x0=[-1.2, 1.0], tol=1e-8),
        dict(x0=[-1.2, 1.0], options={"xatol": 1e-6, "fatol": 1e-9}),
        dict(x0=[-1.2, 1.0], options={"initial_simplex": [[-1.2, 1.0], [-1.0, 1.0], [-1.2, 1.2]]}),
    ]

    @unittest.skipIf(scipy is None, "scipy is not installed")
    def test_same_run_as_scipy(self):
        for case in self.CASES:
            with self.subTest(case=case), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ours = optbench.minimize(rosen, method="Nelder-Mead", **case)
                theirs = scipy.optimize.minimize(rosen, method="Nelder-Mead", **case)
                self.assertEqual((ours.nit, ours.nfev, ours.status, ours.success, ours.message),
                                 (theirs.nit, theirs.nfev, theirs.status, theirs.success, theirs.message))
                self.assertTrue(np.array_equal(ours.x, theirs.x), (ours.x, theirs.x))
                self.assertEqual(ours.fun, theirs.fun)

    @unittest.skipIf(scipy is None, "scipy is not installed")
    def test_maxfev_is_never_exceeded(self):
        # scipy's test_maxfev_test: a function that never converges; the limit cuts iterations short
        x0 = np.random.default_rng(1).random(10)
        for maxfev in (1, 10, 50):
            ours_rng, theirs_rng = np.random.default_rng(5), np.random.default_rng(5)
            ours = optbench.minimize(lambda x: ours_rng.random(1)[0] * 1000, x0, method="Nelder-Mead",
                                     options={"maxfev": maxfev})
            theirs = scipy.optimize.minimize(lambda x: theirs_rng.random(1)[0] * 1000, x0, method="Nelder-Mead",
                                             options={"maxfev": maxfev})
            self.assertEqual((ours.nfev, ours.nit, ours.status), (maxfev, theirs.nit, 1))
            self.assertTrue(np.array_equal(ours.x, theirs.x))

    def test_never_asks_for_a_gradient(self):
        r = run_without_gradient(self, "nelder-mead", {"xatol": 1e-8, "fatol": 1e-12})
        self.assertNotIn("njev", r)
        self.assertTrue(r.success)
        self.assertLess(np.abs(r.x - X_STAR).max(), 1e-6)

    def test_statuses_and_bad_simplex(self):
        r = optbench.minimize(quad, X0, method="Nelder-Mead", options={"maxiter": 5})
        self.assertEqual((r.status, r.nit, r.message), (2, 5, "Maximum number of iterations has been exceeded."))
        r = optbench.minimize(quad, X0, method="Nelder-Mead", options={"maxfev": 10})
        self.assertEqual((r.status, r.message), (1, "Maximum number of function evaluations has been exceeded."))
        with self.assertRaisesRegex(ValueError, "should be an array of shape"):
            optbench.minimize(quad, X0, method="Nelder-Mead", options={"initial_simplex": np.zeros((3, 3))})
        with self.assertRaisesRegex(ValueError, "not consistent with `x0`"):
            optbench.minimize(quad, X0, method="Nelder-Mead", options={"initial_simplex": np.zeros((3, 2))})

    def test_bounds_are_clipped_and_warned(self):
        seen = []

        def f(x):
            seen.append(x.copy())
            return quad(x)

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = optbench.minimize(f, [5.0, 5.0, 5.0], method="Nelder-Mead", bounds=[(0, 1)] * 3)
        self.assertTrue(any("not within the specified bounds" in str(w.message) for w in caught))
        self.assertTrue(all(np.all(x >= 0) and np.all(x <= 1) for x in seen))
        self.assertTrue(np.all(r.x >= 0) and np.all(r.x <= 1))

    def test_disp_prints_scipy_summary(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            optbench.minimize(quad, X0, method="Nelder-Mead", options={"disp": True})
        self.assertIn("Optimization terminated successfully.", out.getvalue())
        self.assertIn("Function evaluations:", out.getvalue())



class PowellTests(unittest.TestCase):
    """Powell: scipy's direction set, Brent line minimizations, replacement and ftol tests in the
    same arithmetic, so the same run bit for bit (the start clipped into a box: scipy starts
    outside it)."""

    CASES = [
        dict(x0=[-1.2, 1.0]),
        dict(x0=[1.3, 0.7, 0.8, 1.9, 1.2]),
        dict(x0=[0.0, 0.0, 0.0]),
        dict(x0=[-1.2, 1.0], bounds=[(-1.5, 0.5), (-0.5, 1.5)]),
        dict(x0=[-1.2, 1.0], bounds=[(None, 0.5), (-0.5, None)]),
        dict(x0=[-1.2, 1.0], options={"maxfev": 50}),
        dict(x0=[-1.2, 1.0], options={"maxiter": 4}),
        dict(x0=[-1.2, 1.0], tol=1e-8),
        dict(x0=[-1.2, 1.0], options={"xtol": 1e-6, "ftol": 1e-9}),
        dict(x0=[-1.2, 1.0], options={"direc": [[1.0, 1.0], [0.0, 0.5]]}),
    ]

    @unittest.skipIf(scipy is None, "scipy is not installed")
    def test_same_run_as_scipy(self):
        for case in self.CASES:
            with self.subTest(case=case), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ours = optbench.minimize(rosen, method="Powell", **case)
                theirs = scipy.optimize.minimize(rosen, method="Powell", **case)
                self.assertEqual((ours.nit, ours.nfev, ours.status, ours.success, ours.message),
                                 (theirs.nit, theirs.nfev, theirs.status, theirs.success, theirs.message))
                self.assertTrue(np.array_equal(ours.x, theirs.x), (ours.x, theirs.x))
                self.assertEqual(ours.fun, theirs.fun)
                self.assertTrue(np.array_equal(ours.direc, theirs.direc), (ours.direc, theirs.direc))

    def test_never_asks_for_a_gradient(self):
        r = run_without_gradient(self, "powell", {"xtol": 1e-8, "ftol": 1e-12})
        self.assertTrue(r.success)
        self.assertLess(np.abs(r.x - X_STAR).max(), 1e-6)

    def test_statuses_and_warnings(self):
        r = optbench.minimize(quad, X0, method="Powell", options={"maxiter": 1})
        self.assertEqual((r.status, r.nit, r.message), (2, 1, "Maximum number of iterations has been exceeded."))
        r = optbench.minimize(quad, X0, method="Powell", options={"maxfev": 10})
        self.assertEqual((r.status, r.nfev, r.message),
                         (1, 10, "Maximum number of function evaluations has been exceeded."))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = optbench.minimize(quad, X0, method="Powell", options={"direc": [[1, 0, 0], [2, 0, 0], [0, 0, 1]]})
        self.assertTrue(any("not full rank" in str(w.message) for w in caught))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = optbench.minimize(quad, [5.0, 5.0, 5.0], method="Powell", bounds=[(0, 1)] * 3)
        self.assertTrue(any("not within the specified bounds" in str(w.message) for w in caught))
        self.assertTrue(np.all(r.x >= 0) and np.all(r.x <= 1))

    def test_disp_prints_scipy_summary(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            optbench.minimize(quad, X0, method="Powell", options={"disp": True})
        self.assertIn("Optimization terminated successfully.", out.getvalue())
        self.assertIn("Function evaluations:", out.getvalue())


if __name__ == "__main__":
    unittest.main()


class CMAESTest(unittest.TestCase):
    """method='cmaes': f only, seeded (same seed, same run), bounds by cma's BoundTransform."""

    def test_seeded_f_only_and_in_the_box(self):
        calls = []

        def f(x):
            calls.append(np.array(x))
            return float(np.sum((x - 3.0) ** 2))

        options = {"sigma": 0.4, "popsize": 8, "seed": 5}
        first = optbench.minimize(f, np.zeros(3), method="cmaes", bounds=[(-1, 2)] * 3, options=options)
        points, calls[:] = list(calls), []
        again = optbench.minimize(f, np.zeros(3), method="cmaes", bounds=[(-1, 2)] * 3, options=options)
        self.assertEqual(first.fun, again.fun)
        self.assertTrue(np.array_equal(first.x, again.x))
        self.assertEqual(first.nfev, len(points))
        self.assertEqual(first.nfev, 1 + 8 * first.nit)
        self.assertTrue(all(np.all(p >= -1) and np.all(p <= 2) for p in points))
        np.testing.assert_allclose(first.x, [2.0, 2.0, 2.0], atol=1e-6)
        self.assertEqual(first.optbench_status, "converged-f-change")
        self.assertTrue(first.success)
