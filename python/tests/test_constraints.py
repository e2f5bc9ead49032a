"""optbench.minimize(..., constraints=...) in scipy's three forms (dicts, NonlinearConstraint,
LinearConstraint) on OptBench's auglag, checked against scipy's SLSQP on the same problems: the
solution, f, and the multipliers in SLSQP's layout and signs; the refusals of methods OptBench
lacks; exact constraint evaluation counts. scipy comes from the test venv (scripts/ci/test-python);
without it the comparisons skip and the published HS 71 optimum is the reference."""

import math
import unittest

import numpy as np

from package_under_test import optbench

try:
    import scipy.optimize as so
except ImportError:  # pragma: no cover - the editable venv has no scipy
    so = None

# Hock & Schittkowski (1981), problem 71: f* = 17.0140173 at x* below.
HS71_X0 = [1.0, 5.0, 5.0, 1.0]
HS71_BOUNDS = [(1, 5)] * 4
HS71_FSTAR = 17.0140173
HS71_XSTAR = [1.0, 4.7429994, 3.8211503, 1.3794082]


def hs71_f(x):
    return x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2]


def hs71_g(x):
    return np.array([x[3] * (2 * x[0] + x[1] + x[2]), x[0] * x[3], x[0] * x[3] + 1, x[0] * (x[0] + x[1] + x[2])])


def hs71_c(x):
    return np.array([np.prod(x), np.sum(np.asarray(x) ** 2)])


def hs71_j(x):
    return np.array([[x[1] * x[2] * x[3], x[0] * x[2] * x[3], x[0] * x[1] * x[3], x[0] * x[1] * x[2]],
                     2 * np.asarray(x)])


HS71_DICTS = [{"type": "ineq", "fun": lambda x: np.prod(x) - 25, "jac": lambda x: hs71_j(x)[0]},
              {"type": "eq", "fun": lambda x: np.sum(x ** 2) - 40, "jac": lambda x: hs71_j(x)[1]}]


class HS71(unittest.TestCase):
    def test_dicts(self):
        r = optbench.minimize(hs71_f, HS71_X0, jac=hs71_g, method="auglag", bounds=HS71_BOUNDS,
                              constraints=HS71_DICTS)
        self.assertTrue(r.success, r.message)
        self.assertEqual(r.optbench_status, "converged-kkt")
        self.assertLessEqual(abs(r.fun - HS71_FSTAR), 1e-6)
        np.testing.assert_allclose(r.x, HS71_XSTAR, atol=1e-5)
        self.assertLessEqual(r.constr_violation, 1e-6)
        # SLSQP's layout: the equality's μ first, then the inequality's (≥ 0), L = f − μᵀc; the values
        # are scipy 1.17.1 SLSQP's on this problem (test_against_slsqp compares them live).
        np.testing.assert_allclose(r.multipliers, [-0.16146858, 0.55229366], atol=1e-4)
        # OptBench's own λ: L = f + λᵀc, one per row in the given order (ineq, eq).
        np.testing.assert_allclose(r.optbench_multipliers, [-0.55229366, 0.16146858], atol=1e-4)
        np.testing.assert_allclose(r.constraint_values, [np.prod(r.x) - 25, np.sum(r.x ** 2) - 40], atol=1e-12)

    def test_nonlinear_constraint(self):
        if so is None:
            self.skipTest("scipy is not installed")
        for jac in (hs71_j, "2-point", "3-point"):
            constraint = so.NonlinearConstraint(hs71_c, [25, 40], [np.inf, 40], jac=jac)
            r = optbench.minimize(hs71_f, HS71_X0, jac=hs71_g, method="auglag", bounds=HS71_BOUNDS,
                                  constraints=[constraint])
            self.assertTrue(r.success, (jac, r.message))
            self.assertLessEqual(abs(r.fun - HS71_FSTAR), 1e-6, jac)
            # One new-style constraint: its equality row, then its lower side.
            np.testing.assert_allclose(r.multipliers, [-0.16146858, 0.55229366], atol=1e-3, err_msg=str(jac))

    def test_against_slsqp(self):
        if so is None:
            self.skipTest("scipy is not installed")
        ours = optbench.minimize(hs71_f, HS71_X0, jac=hs71_g, method="auglag", bounds=HS71_BOUNDS,
                                 constraints=HS71_DICTS)
        theirs = so.minimize(hs71_f, HS71_X0, jac=hs71_g, method="SLSQP", bounds=HS71_BOUNDS,
                             constraints=HS71_DICTS)
        self.assertTrue(theirs.success)
        np.testing.assert_allclose(ours.x, theirs.x, atol=1e-5)
        self.assertLessEqual(abs(ours.fun - theirs.fun), 1e-6)
        np.testing.assert_allclose(ours.multipliers, theirs.multipliers, atol=1e-4)

    def test_counts_are_exact(self):
        calls = {"c": 0, "J": 0}

        def c(x):
            calls["c"] += 1
            return np.sum(x ** 2) - 40

        def j(x):
            calls["J"] += 1
            return 2 * x

        constraints = [HS71_DICTS[0], {"type": "eq", "fun": c, "jac": j}]
        r = optbench.minimize(hs71_f, HS71_X0, jac=hs71_g, method="auglag", bounds=HS71_BOUNDS,
                              constraints=constraints)
        self.assertTrue(r.success, r.message)
        # One call at x0 learns the row count; then one per c request (a Jᵀw product asks for c too).
        self.assertEqual(calls["c"], 1 + r.constraint_evaluations)
        self.assertEqual(calls["J"], r.constraint_jacobian_evaluations + r.constraint_jacobian_products)
        self.assertGreater(r.constraint_evaluations, 0)


    def test_trust_constr_v_against_scipy(self):
        """trust-constr's ``v``: one array per constraint object, the bounds' last (scipy's layout), in its
        signs (∇f + Σ Jᵢᵀvᵢ + v_box = 0, as OptBench's λ): OptBench's ipm against scipy 1.17's trust-constr
        on HS 71 (gtol 1e-10) to 1e-5, for a NonlinearConstraint and for the two dicts. The box's entry
        uses the run's last J when it was at x: the user's jac is called no more than the run reports."""
        if so is None:
            self.skipTest("scipy is not installed")
        calls = [0]

        def counted_j(x):
            calls[0] += 1
            return hs71_j(x)

        for constraints in ([so.NonlinearConstraint(hs71_c, [25, 40], [np.inf, 40], jac=counted_j)], HS71_DICTS):
            calls[0] = 0
            ours = optbench.minimize(hs71_f, HS71_X0, jac=hs71_g, method="trust-constr", bounds=HS71_BOUNDS,
                                     constraints=constraints)
            our_calls = calls[0]
            theirs = so.minimize(hs71_f, HS71_X0, jac=hs71_g, method="trust-constr", bounds=HS71_BOUNDS,
                                 constraints=constraints, options={"gtol": 1e-10, "xtol": 1e-12})
            self.assertEqual(ours.optbench_status, "converged-kkt")
            self.assertEqual([len(v) for v in ours.v], [len(v) for v in theirs.v])
            for mine, scipys in zip(ours.v, theirs.v):
                np.testing.assert_allclose(mine, scipys, atol=1e-5, rtol=0)
            if constraints is not HS71_DICTS:
                self.assertEqual(our_calls, ours.constraint_jacobian_evaluations)

class Linear(unittest.TestCase):
    """scipy's tutorial problem: min (x₀ − 1)² + (x₁ − 2.5)² with three linear inequalities and
    x ≥ 0; x* = (1.4, 1.7)."""

    A = np.array([[1.0, -2.0], [-1.0, -2.0], [-1.0, 2.0]])
    LOWER = [-2.0, -6.0, -2.0]

    @staticmethod
    def f(x):
        return (x[0] - 1) ** 2 + (x[1] - 2.5) ** 2

    @staticmethod
    def g(x):
        return np.array([2 * (x[0] - 1), 2 * (x[1] - 2.5)])

    def test_linear_constraint(self):
        if so is None:
            self.skipTest("scipy is not installed")
        constraint = so.LinearConstraint(self.A, self.LOWER, np.inf)
        ours = optbench.minimize(self.f, [2.0, 0.0], jac=self.g, method="auglag", bounds=[(0, None)] * 2,
                                 constraints=constraint)
        theirs = so.minimize(self.f, [2.0, 0.0], jac=self.g, method="SLSQP", bounds=[(0, None)] * 2,
                             constraints=constraint)
        self.assertTrue(ours.success, ours.message)
        np.testing.assert_allclose(ours.x, [1.4, 1.7], atol=1e-6)
        np.testing.assert_allclose(ours.x, theirs.x, atol=1e-6)
        np.testing.assert_allclose(ours.multipliers, theirs.multipliers, atol=1e-5)
        self.assertLessEqual(ours.constr_violation, 1e-6)

    def test_range_splits_into_two_sides(self):
        """A range lb < A x < ub: SLSQP's layout has a lower and an upper row for it."""
        if so is None:
            self.skipTest("scipy is not installed")
        constraint = so.LinearConstraint([[1.0, 1.0]], [0.5], [1.0])
        ours = optbench.minimize(self.f, [0.0, 0.0], jac=self.g, method="auglag", constraints=constraint)
        theirs = so.minimize(self.f, [0.0, 0.0], jac=self.g, method="SLSQP", constraints=constraint)
        self.assertTrue(ours.success, ours.message)
        np.testing.assert_allclose(ours.x, theirs.x, atol=1e-6)
        self.assertEqual(len(ours.multipliers), 2)
        np.testing.assert_allclose(ours.multipliers, theirs.multipliers, atol=1e-5)


class Refusals(unittest.TestCase):
    def test_missing_methods(self):
        for method in ("COBYLA", "cobyqa"):
            with self.assertRaises(ValueError) as caught:
                optbench.minimize(hs71_f, HS71_X0, method=method, constraints=HS71_DICTS)
            self.assertIn("method='auglag'", str(caught.exception))

    def test_pipe_backend_refuses_constraints(self):
        """backend='pipe' (a child `optbench run --problem pipe`, answering f and g) has no constraints: a
        dict, a list of them or a constraint object is refused naming the backend before any run, not
        dropped (the run would have minimized f unconstrained); none (the default ()) still runs."""
        forms = [HS71_DICTS, HS71_DICTS[0]]
        if so is not None:
            forms.append(so.NonlinearConstraint(hs71_c, [25, 40], [np.inf, 40], jac=hs71_j))
        for constraints in forms:
            with self.assertRaises(ValueError) as caught:
                optbench.minimize(hs71_f, HS71_X0, jac=hs71_g, method="SLSQP", constraints=constraints,
                                  backend="pipe", optbench="/nonexistent/optbench")
            message = str(caught.exception)
            self.assertIn("backend='pipe'", message)
            self.assertIn("constraints", message)
            self.assertIn("backend='native'", message)

    def test_scipy_names_run_sqp_and_ipm(self):
        """scipy's SLSQP (also method=None with constraints) runs OptBench's sqp, trust-constr its ipm:
        HS 71 at the published f* = 17.0140173, feasible."""
        for method, solver in (("SLSQP", "sqp"), (None, "sqp"), ("trust-constr", "ipm")):
            self.assertTrue(optbench._native.has_solver(solver), solver)
            r = optbench.minimize(hs71_f, HS71_X0, jac=hs71_g, method=method, bounds=HS71_BOUNDS,
                                  constraints=HS71_DICTS)
            self.assertTrue(r.success, (method, r.message))
            self.assertAlmostEqual(r.fun, 17.0140173, delta=1e-6)
            self.assertLess(r.constr_violation, 1e-6)

    def test_malformed_constraints(self):
        with self.assertRaises(ValueError) as caught:
            optbench.minimize(hs71_f, HS71_X0, method="auglag", constraints={"type": "le", "fun": hs71_c})
        self.assertIn("'eq' or 'ineq'", str(caught.exception))
        with self.assertRaises(ValueError) as caught:
            optbench.minimize(hs71_f, HS71_X0, method="auglag", constraints=[object()])
        self.assertIn("NonlinearConstraint", str(caught.exception))
        bad_jacobian = {"type": "eq", "fun": lambda x: x[0] - 1, "jac": lambda x: np.ones(3)}
        with self.assertRaises(ValueError) as caught:
            optbench.minimize(hs71_f, HS71_X0, jac=hs71_g, method="auglag", constraints=bad_jacobian)
        self.assertIn("constraint 0: jac returned shape (3,), expected (1, 4)", str(caught.exception))

    def test_unconstrained_solver_warns_and_ignores(self):
        with self.assertWarns(RuntimeWarning):
            r = optbench.minimize(lambda x: float(np.sum((x - 1) ** 2)), [0.0, 0.0], method="BFGS",
                                  constraints=HS71_DICTS[:1])
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-5)
        self.assertNotIn("multipliers", r)


if __name__ == "__main__":
    unittest.main()
