"""scipy.optimize.minimize's ``constraints`` on OptBench's constrained solvers.

scipy's three forms are read into one stack of m rows lᵢ ≤ cᵢ(x) ≤ uᵢ, which the C library
takes with its values and dense Jacobian (``optbench_problem_set_constraints``):

- a dict ``{"type": "eq" | "ineq", "fun": f, "jac": J, "args": (…)}``: f(x) = 0, or f(x) ≥ 0
  (scipy's sign convention for inequalities); ``jac`` absent: forward differences;
- ``scipy.optimize.NonlinearConstraint(fun, lb, ub, jac=…)``: lb ≤ fun(x) ≤ ub, jac a callable
  or '2-point' / '3-point' (differences here; 'cs' complex steps);
- ``scipy.optimize.LinearConstraint(A, lb, ub)``: lb ≤ A x ≤ ub, flagged linear.

Each function is called once at x0 to learn its number of rows (scipy does the same). The result
carries scipy's ``multipliers`` in SLSQP's layout and signs (every equality row first, then the
inequality rows, each range split into its lower and upper side, μ ≥ 0 for an active inequality:
L = f − μᵀc in scipy's form), ``constr_violation``, and OptBench's own λ (L = f + λᵀc, one per
row) as ``optbench_multipliers``.
"""

import math
import warnings

import numpy as np

from . import _native

_EPS = np.finfo(float).eps

# scipy's constrained methods -> OptBench's solver, when the catalog has it (checked at run time).
CONSTRAINED_METHODS = {"slsqp": "sqp", "trust-constr": "ipm"}
# scipy's constrained methods OptBench has no counterpart of.
UNAVAILABLE = ("cobyla", "cobyqa")
# OptBench's solvers that take constraints, as of this package (the catalog decides at run time).
TAKES_CONSTRAINTS = ("auglag", "sqp", "ipm")

_SLSQP_MESSAGES = {0: "Optimization terminated successfully", 4: "Inequality constraints incompatible",
                   8: "Positive directional derivative for linesearch", 9: "Iteration limit reached"}


def listed(constraints):
    """scipy's ``constraints`` argument as a list (a single dict or constraint object too)."""
    if constraints is None:
        return []
    if isinstance(constraints, dict) or not isinstance(constraints, (list, tuple)):
        return [constraints]
    return list(constraints)


def solver_for(key, method):
    """OptBench's solver for scipy's constrained method `key`, refused with a clear message when
    OptBench has none or this build's catalog lacks it."""
    if key in UNAVAILABLE:
        raise ValueError(
            "OptBench has no counterpart of scipy's %s (a derivative-free constrained method); its constrained "
            "solvers are %s: method='auglag'" % (method, _available()))
    solver = CONSTRAINED_METHODS[key]
    if not _native.has_solver(solver):
        raise ValueError(
            "scipy's %s maps to OptBench's %s, which this build's catalog does not have; OptBench's constrained "
            "solvers here: %s (method='auglag')" % (method, solver, _available()))
    return solver


def _available():
    return ", ".join(name for name in TAKES_CONSTRAINTS if _native.has_solver(name))


class _Block(object):
    """One of the user's constraints: its rows' functions and sides."""

    def __init__(self, fun, jac, lower, upper, linear, args, x0, index):
        self.fun, self.jac, self.args, self.linear, self.index = fun, jac, args, linear, index
        value = np.atleast_1d(np.asarray(fun(np.array(x0, dtype=float), *args), dtype=float)).reshape(-1)
        self.m = value.size
        self.lower = np.broadcast_to(np.asarray(lower, dtype=float), (self.m,)).copy()
        self.upper = np.broadcast_to(np.asarray(upper, dtype=float), (self.m,)).copy()
        self.is_equality = self.lower == self.upper
        if np.any(self.lower > self.upper) or np.any(np.isnan(self.lower)) or np.any(np.isnan(self.upper)):
            raise ValueError("constraint %d: lb must be <= ub (and not NaN), got lb=%r, ub=%r"
                             % (index, self.lower.tolist(), self.upper.tolist()))

    def values(self, x):
        return np.atleast_1d(np.asarray(self.fun(x, *self.args), dtype=float)).reshape(-1)

    def jacobian(self, x):
        if not callable(self.jac):
            return self.differences(x)
        jacobian = np.asarray(self.jac(x, *self.args), dtype=float)
        if jacobian.size != self.m * x.size:
            raise ValueError("constraint %d: jac returned shape %r, expected (%d, %d)"
                             % (self.index, jacobian.shape, self.m, x.size))
        return jacobian.reshape(self.m, x.size)

    def differences(self, x):
        """scipy's approx_derivative steps: h = r·sign(x)·max(1, |x|), r = √ε forward ('2-point', and
        a dict without jac), ε^(1/3) central ('3-point'); 'cs' complex steps."""
        kind = self.jac if self.jac in ("3-point", "cs") else "2-point"
        rel = _EPS ** (1 / 3) if kind == "3-point" else math.sqrt(_EPS)
        sign = np.where(x >= 0, 1.0, -1.0)
        h = rel * sign * np.maximum(1.0, np.abs(x))
        h = (x + h) - x
        jacobian = np.empty((self.m, x.size))
        base = self.values(x) if kind == "2-point" else None
        for j in range(x.size):
            if kind == "cs":
                point = x.astype(complex)
                point[j] += 1j * h[j]
                jacobian[:, j] = np.atleast_1d(self.fun(point, *self.args)).reshape(-1).imag / h[j]
                continue
            up = x.copy()
            up[j] += h[j]
            if kind == "2-point":
                jacobian[:, j] = (self.values(up) - base) / h[j]
            else:
                down = x.copy()
                down[j] -= h[j]
                jacobian[:, j] = (self.values(up) - self.values(down)) / (2 * h[j])
        return jacobian


def _block(constraint, x0, index):
    if isinstance(constraint, dict):
        kind = constraint.get("type")
        if kind not in ("eq", "ineq"):
            raise ValueError("constraint %d: 'type' must be 'eq' or 'ineq', got %r" % (index, kind))
        if not callable(constraint.get("fun")):
            raise ValueError("constraint %d: 'fun' must be a callable" % index)
        args = constraint.get("args", ())
        args = args if isinstance(args, tuple) else (args,)
        jac = constraint.get("jac")
        if jac is not None and not callable(jac):
            raise ValueError("constraint %d: 'jac' must be a callable or absent (forward differences)" % index)
        return _Block(constraint["fun"], jac, 0.0, 0.0 if kind == "eq" else math.inf, False, args, x0, index)
    if hasattr(constraint, "A") and hasattr(constraint, "lb") and hasattr(constraint, "ub"):   # LinearConstraint
        A = constraint.A.toarray() if hasattr(constraint.A, "toarray") else np.atleast_2d(np.asarray(constraint.A,
                                                                                                      dtype=float))
        return _Block(lambda x: A @ x, lambda x: A, constraint.lb, constraint.ub, True, (), x0, index)
    if hasattr(constraint, "fun") and hasattr(constraint, "lb") and hasattr(constraint, "ub"):  # NonlinearConstraint
        jac = getattr(constraint, "jac", "2-point")
        if not callable(jac) and jac not in ("2-point", "3-point", "cs"):
            raise ValueError("constraint %d: jac must be a callable, '2-point', '3-point' or 'cs', got %r"
                             % (index, jac))
        return _Block(constraint.fun, jac, constraint.lb, constraint.ub, False, (), x0, index)
    raise ValueError("constraint %d: expected a dict {'type', 'fun', 'jac', 'args'}, a NonlinearConstraint or a "
                     "LinearConstraint, got %s" % (index, type(constraint).__name__))


class Stacked(object):
    """The user's constraints as OptBench's m rows (``_native.minimize(constraints=…)``)."""

    def __init__(self, constraints, x0):
        self.blocks = [_block(c, x0, i) for i, c in enumerate(listed(constraints))]
        self.count = sum(b.m for b in self.blocks)
        self.lower = np.concatenate([b.lower for b in self.blocks])
        self.upper = np.concatenate([b.upper for b in self.blocks])
        self.linear = [b.linear for b in self.blocks for _ in range(b.m)]
        self.last_jacobian = None   # (x, J(x)) of the latest jacobian call
        free = (self.lower == -math.inf) & (self.upper == math.inf)
        if np.any(free):
            warnings.warn("At least one constraint is unbounded above and below. Such constraints are ignored.",
                          RuntimeWarning, stacklevel=4)

    def values(self, x):
        x = np.array(x, dtype=float)
        return np.concatenate([b.values(x) for b in self.blocks])

    def jacobian(self, x):
        x = np.array(x, dtype=float)
        self.last_jacobian = (x, np.vstack([b.jacobian(x) for b in self.blocks]))
        return self.last_jacobian[1]

    def jacobian_at(self, x):
        """J(x): the run's own last Jacobian when it was at x (no call), else a new evaluation."""
        if self.last_jacobian is not None and np.array_equal(self.last_jacobian[0], x):
            return self.last_jacobian[1]
        return self.jacobian(x)

    def trust_constr_multipliers(self, lam, x, gradient, box):
        """scipy's trust-constr ``v``: one array per constraint object (its rows of λ: trust-constr's
        Lagrangian is f + Σ vᵢᵀcᵢ, OptBench's sign), then, with bounds, the box's v_box = −(∇f + Jᵀλ), the
        bound multipliers of ∇f + Jᵀλ + v_box = 0 (≤ 0 at an active lower bound, ≥ 0 at an upper one, near 0
        off the bounds, as an interior-point method's own z_U − z_L)."""
        v, start = [], 0
        for b in self.blocks:
            v.append(np.array(lam[start:start + b.m], dtype=float))
            start += b.m
        if box is not None:
            residual = np.asarray(gradient, dtype=float) + self.jacobian_at(np.asarray(x, dtype=float)).T @ lam
            v.append(-residual)
        return v

    def slsqp_multipliers(self, lam):
        """λ (L = f + λᵀc, one per row) in SLSQP's layout and signs: the equality rows of every
        constraint (μ = −λ), then per constraint its lower sides (μ = −λ, or max(−λ, 0) for a range)
        and its upper sides (μ = λ, or max(λ, 0) for a range); L = f − μᵀc with c ≥ 0."""
        equalities, inequalities, start = [], [], 0
        for b in self.blocks:
            part = lam[start:start + b.m]
            start += b.m
            below = np.isfinite(b.lower) & ~b.is_equality
            above = np.isfinite(b.upper) & ~b.is_equality
            ranged = below & above
            equalities.append(-part[b.is_equality])
            inequalities.append(np.where(ranged[below], np.maximum(-part[below], 0), -part[below]))
            inequalities.append(np.where(ranged[above], np.maximum(part[above], 0), part[above]))
        return np.concatenate(equalities + inequalities)


def scipy_status(key, status_name, converged):
    """(status, success, message) of a constrained run: SLSQP's exit modes for method='SLSQP',
    trust-constr's codes for 'trust-constr', OptBench's status otherwise (0 when it converged)."""
    if key == "slsqp":
        code = 0 if converged else {"iteration-limit": 9, "evaluation-limit": 9, "infeasible": 4}.get(status_name, 8)
        return code, code == 0, _SLSQP_MESSAGES[code]
    if key == "trust-constr":
        if converged:
            return 1, True, "`gtol` termination condition is satisfied."
        if status_name in ("iteration-limit", "evaluation-limit"):
            return 0, False, "The maximum number of function evaluations is exceeded."
        return 2, False, "OptBench's %s: %s" % ("ipm", status_name)
    return (0 if converged else 1), converged, None


def add_fields(result, native, stacked, key, box=None):
    """scipy's constraint fields and OptBench's own on a constrained run's result (``box``: the
    bounds, for trust-constr's ``v``)."""
    lam = native.get("multipliers")
    if lam is None:   # a run refused before its first iterate has no report
        return
    result["multipliers"] = stacked.slsqp_multipliers(lam)
    result["constr_violation"] = native["constr_violation"]
    result["optbench_multipliers"] = lam
    result["constraint_values"] = native["constraint_values"]
    result["kkt_stationarity"] = native["kkt_stationarity"]
    result["complementarity"] = native["complementarity"]
    result["constraint_evaluations"] = native["constraint_evaluations"]
    result["constraint_jacobian_evaluations"] = native["constraint_jacobian_evaluations"]
    result["constraint_jacobian_products"] = native["constraint_jacobian_products"]
    if key == "trust-constr":
        result["optimality"] = native["kkt_stationarity"]
        start, constr = 0, []
        for b in stacked.blocks:
            constr.append(native["constraint_values"][start:start + b.m])
            start += b.m
        result["constr"] = constr
        result["v"] = stacked.trust_constr_multipliers(np.asarray(lam, dtype=float), result["x"], result["jac"], box)
