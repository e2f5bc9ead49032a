"""Tests of ``result.hess_inv`` (the quasi-Newton inverse Hessian) and ``options["hess_inv0"]``
(BFGS's initial inverse Hessian) in the in-process backend, against closed forms and against
the C library's own operator (``optbench_result_apply_inverse_hessian``).

Run: scripts/ci/test-python, or python -m unittest discover -s python/tests -p test_hessinv.py
"""

import ctypes
import importlib
import sys
import unittest

import numpy as np

from package_under_test import optbench  # the installed package, else the one beside this folder

from optbench import _hessinv, _native
from optbench import _library as L

# f = ½xᵀAx − bᵀx with A = Q D Qᵀ, Q a reflection: A⁻¹ = Q D⁻¹ Qᵀ and x* = A⁻¹b in closed form.
_U = np.array([1.0, 2.0, 3.0, 4.0])
_Q = np.eye(4) - 2 * np.outer(_U, _U) / (_U @ _U)
_D = np.array([1.0, 2.0, 5.0, 10.0])
A = _Q @ np.diag(_D) @ _Q
A_INVERSE = _Q @ np.diag(1 / _D) @ _Q
B = np.array([1.0, -1.0, 2.0, 0.5])
X_STAR = A_INVERSE @ B


def quadratic(x):
    ax = A @ x
    return 0.5 * x @ ax - B @ x, ax - B


def rosen(x):
    d = x[1:] - x[:-1] ** 2
    g = np.zeros_like(x)
    g[:-1] = -400 * x[:-1] * d - 2 * (1 - x[:-1])
    g[1:] += 200 * d
    return 100 * d @ d + (1 - x[:-1]) @ (1 - x[:-1]), g


class InverseHessianTest(unittest.TestCase):
    def test_bfgs_dense_is_the_inverse_after_n_exact_steps(self):
        # Moré–Thuente's cubic interpolation is exact on a quadratic: c1, c2 tiny make the search
        # exact, and BFGS's H after n steps is A⁻¹ (quadratic termination).
        r = optbench.minimize(quadratic, np.zeros(4), jac=True, method="bfgs",
                              options={"gtol": 1e-12, "h0": "identity", "c1": 1e-12, "c2": 1e-10})
        self.assertEqual(r.nit, 4)
        self.assertIsInstance(r.hess_inv, np.ndarray)
        self.assertEqual(r.hess_inv.shape, (4, 4))
        np.testing.assert_allclose(r.hess_inv, np.linalg.inv(A), rtol=0, atol=1e-10)
        np.testing.assert_array_equal(r.hess_inv, r.hess_inv.T)

    def test_hess_inv0_is_the_newton_step(self):
        r = optbench.minimize(quadratic, np.zeros(4), jac=True, method="bfgs",
                              options={"hess_inv0": A_INVERSE, "gtol": 1e-10})
        self.assertEqual(r.nit, 1)
        self.assertTrue(r.success, r.message)
        np.testing.assert_allclose(r.x, np.linalg.solve(A, B), rtol=0, atol=1e-12)
        # Without it: more iterations from the same start.
        plain = optbench.minimize(quadratic, np.zeros(4), jac=True, method="bfgs", options={"gtol": 1e-10})
        self.assertGreater(plain.nit, 1)
        # Only at the start: a nearly right H₀ on a non-quadratic still converges normally.
        r = optbench.minimize(rosen, np.array([-1.2, 1.0]), jac=True, method="bfgs",
                              options={"hess_inv0": np.diag([0.5, 0.25]), "gtol": 1e-8})
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-6)

    def test_hess_inv0_refusals(self):
        def refused(matrix, method="bfgs"):
            with self.assertRaises(ValueError) as caught:
                optbench.minimize(quadratic, np.zeros(4), jac=True, method=method, options={"hess_inv0": matrix})
            return str(caught.exception)

        self.assertIn("only bfgs", refused(A_INVERSE, "lbfgs"))
        self.assertIn("shape (3, 3)", refused(np.eye(3)))
        asymmetric = A_INVERSE.copy()
        asymmetric[0, 1] += 0.1
        self.assertIn("symmetric", refused(asymmetric))
        self.assertIn("positive definite", refused(-np.eye(4)))
        # scipy's wording first (its tests match it), for every property of the matrix.
        semidefinite = np.eye(4)
        semidefinite[0, 0] = 0
        for matrix in (-np.eye(4), semidefinite, asymmetric):
            self.assertTrue(refused(matrix).startswith("'hess_inv0' matrix isn't positive definite."))
        self.assertIn("finite", refused(np.full((4, 4), np.nan)))
        # A symmetric matrix up to rounding (np.linalg.inv) is accepted.
        optbench.minimize(quadratic, np.zeros(4), jac=True, method="bfgs", options={"hess_inv0": np.linalg.inv(A)})

    def test_limited_memory_operator(self):
        for method in ("lbfgs", "lbfgsb"):
            # The native layer's operator: the solver's own γ (the drop-in's L-BFGS-B is scipy's, H₀ = I).
            r = _native.minimize(rosen, np.array([-1.2, 1.0, 0.5, 0.3]), jac=True, method=method,
                                 options={"memory": 3})
            h = r.hess_inv
            self.assertIsInstance(h, _hessinv.LbfgsInverseHessian, method)
            self.assertEqual(h.shape, (4, 4))
            self.assertEqual(h.n_corrs, 3)
            s, y = h.sk[-1], h.yk[-1]
            # The secant equation for the newest pair, and γ = sᵀy/yᵀy of it (both solvers' default).
            np.testing.assert_allclose(h.matvec(y), s, rtol=1e-10, atol=1e-14)
            self.assertAlmostEqual(h.gamma, (s @ y) / (y @ y), delta=1e-14 * abs(h.gamma))
            dense = h.todense()
            np.testing.assert_allclose(dense, dense.T, atol=1e-12 * np.abs(dense).max())
            self.assertTrue(np.all(np.linalg.eigvalsh(dense) > 0))
            v = np.array([1.0, -2.0, 0.5, 3.0])
            np.testing.assert_allclose(h @ v, dense @ v, rtol=1e-12)
            np.testing.assert_allclose(h.dot(np.eye(4)), dense, rtol=1e-12)

    def test_lbfgs_with_every_pair_is_bfgs(self):
        # L-BFGS keeping every pair, γ of the first pair, is BFGS with N&W's H₀ (κ = 1: BFGS's
        # default 100γI has no L-BFGS counterpart; trial step 1 as L-BFGS's, where BFGS's default is N&W
        # eq. 3.60): same iterates, and its operator is BFGS's matrix.
        options = {"h0": "first", "gtol": 0, "max-iter": 3}
        dense = optbench.minimize(quadratic, np.zeros(4), jac=True, method="bfgs",
                                  options=dict(options, **{"h0-factor": 1, "trial-step": "unit"}))
        limited = optbench.minimize(quadratic, np.zeros(4), jac=True, method="lbfgs", options=dict(options, memory=10))
        np.testing.assert_allclose(limited.hess_inv.todense(), dense.hess_inv, rtol=1e-10, atol=1e-14)

    def test_operator_against_the_library(self):
        """The NumPy two-loop against optbench_result_apply_inverse_hessian on a live result."""
        lib = L.library()
        n = 5

        def fg(x_pointer, f_pointer, g_pointer, _user):
            x = np.ctypeslib.as_array(ctypes.cast(x_pointer, L.c_double_p), shape=(n,))
            f, g = rosen(x)
            np.ctypeslib.as_array(ctypes.cast(g_pointer, L.c_double_p), shape=(n,))[:] = g
            f_pointer[0] = f
            return 0

        callback = L.VALUE_GRADIENT(fg)
        for method in ("lbfgs", "lbfgsb", "bfgs"):
            problem, solver, result = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
            keys = (ctypes.c_char_p * 1)(b"memory" if method != "bfgs" else b"gtol")
            values = (ctypes.c_char_p * 1)(b"4" if method != "bfgs" else b"1e-6")
            self.assertEqual(lib.optbench_solver_create(method.encode(), keys, values, 1, ctypes.byref(solver)), L.OK)
            self.assertEqual(lib.optbench_problem_create(n, callback, None, ctypes.byref(problem)), L.OK)
            x0 = np.array([-1.2, 1.0, -0.5, 0.8, 1.1])
            try:
                code = lib.optbench_minimize(problem, solver, x0.ctypes.data_as(L.c_double_p), L.ITERATION(), None,
                                             ctypes.byref(result))
                self.assertEqual(code, L.OK, L.last_error(lib))
                operator = _hessinv.from_result(lib, result, n)
                dense = operator if isinstance(operator, np.ndarray) else operator.todense()
                for j in range(n):
                    unit = np.zeros(n)
                    unit[j] = 1
                    out = np.empty(n)
                    self.assertEqual(lib.optbench_result_apply_inverse_hessian(
                        result, unit.ctypes.data_as(L.c_double_p), out.ctypes.data_as(L.c_double_p)), L.OK)
                    np.testing.assert_allclose(dense[:, j], out, rtol=1e-12, atol=1e-15 * np.abs(out).max(),
                                               err_msg=method)
            finally:
                lib.optbench_result_free(result)
                lib.optbench_problem_free(problem)
                lib.optbench_solver_free(solver)

    def test_other_solvers_have_none(self):
        self.assertIsNone(_native.minimize(quadratic, np.zeros(4), jac=True, method="cg")["hess_inv"])
        # scipy's CG result has no hess_inv key; neither has the drop-in's.
        self.assertNotIn("hess_inv", optbench.minimize(quadratic, np.zeros(4), jac=True, method="CG"))

    def test_scipy_layer_gives_scipys_lbfgsb_operator(self):
        # scipy's LbfgsInvHessProduct runs the two-loop recursion from H₀ = I: on the same pairs,
        # Hₖ = Vᵀ…(I)…V + Σ ρ s sᵀ written out densely (the BFGS update, N&W eq. 6.17).
        r = optbench.minimize(rosen, np.array([-1.2, 1.0, 0.5]), jac=True, method="L-BFGS-B")
        h = r.hess_inv
        self.assertEqual(h.gamma, 1.0)
        dense = np.eye(3)
        for s_i, y_i in zip(h.sk[:h.n_corrs], h.yk[:h.n_corrs]):
            rho = 1 / (y_i @ s_i)
            v = np.eye(3) - rho * np.outer(y_i, s_i)
            dense = v.T @ dense @ v + rho * np.outer(s_i, s_i)
        np.testing.assert_allclose(h.todense(), dense, rtol=1e-12, atol=1e-14)

    def test_linear_operator_with_and_without_scipy(self):
        h = _hessinv.LbfgsInverseHessian(np.array([[1.0, 0.0], [0.5, 1.0]]), np.array([[2.0, 0.0], [1.0, 3.0]]), 0.5)
        expected = h.todense()
        try:
            from scipy.sparse.linalg import LinearOperator
        except ImportError:
            LinearOperator = None
        if LinearOperator is not None:
            self.assertIsInstance(h, LinearOperator)
            np.testing.assert_allclose(h.rmatvec([1.0, 2.0]), expected @ [1.0, 2.0])
        # Without scipy: the module's own class, same numbers.
        saved = {name: sys.modules.get(name) for name in ("scipy", "scipy.sparse", "scipy.sparse.linalg")}
        try:
            sys.modules["scipy.sparse.linalg"] = None  # import fails
            plain = importlib.reload(_hessinv)
            g = plain.LbfgsInverseHessian(h.sk, h.yk, h.gamma)
            self.assertNotIn("LinearOperator", [c.__name__ for c in type(g).__mro__])
            np.testing.assert_allclose(g.todense(), expected, rtol=1e-15)
            np.testing.assert_allclose(g @ np.array([1.0, 2.0]), expected @ [1.0, 2.0], rtol=1e-15)
            np.testing.assert_allclose(g.matvec([1.0, 2.0]), expected @ [1.0, 2.0], rtol=1e-15)
            np.testing.assert_allclose(g.dot(np.eye(2)), expected, rtol=1e-15)
            with self.assertRaises(ValueError):
                g.matvec(np.ones(3))
        finally:
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module
            importlib.reload(_hessinv)


if __name__ == "__main__":
    unittest.main()
