"""scipy.optimize.minimize's signature and semantics over OptBench's in-process solvers.

``optbench.minimize(fun, x0, args=(), method=None, jac=None, hess=None, hessp=None,
bounds=None, constraints=(), tol=None, callback=None, options=None)`` takes what scipy 1.17's
``minimize`` takes and answers as it does: scipy's method names (case-insensitive) mapped to
OptBench's solvers, scipy's option keys per method, its default tolerances, its stopping
tests where OptBench's differ (applied from the per-iteration callback), its integer status
codes and messages, its warnings, ``callback(xk)`` or ``callback(intermediate_result)``, and
an ``OptimizeResult`` (scipy's class when scipy imports). OptBench's own method names and
option keys work as well. The method and option maps are tables below (``METHODS``,
``OPTIONS``); docs/python.md lists them with the differences that remain.
"""

import inspect
import math
import warnings

import numpy as np

from . import _constraints, _hessinv, _native
from ._pipe import OptimizeResult as _PlainResult

try:  # scipy's result class and warning category when scipy is there
    from scipy.optimize import OptimizeResult, OptimizeWarning
except ImportError:  # pragma: no cover - exercised where scipy is absent
    OptimizeResult = _PlainResult

    class OptimizeWarning(UserWarning):
        """scipy.optimize.OptimizeWarning's stand-in when scipy is not installed."""

_EPS = np.finfo(float).eps
_SQRT_EPS = math.sqrt(_EPS)   # scipy's default absolute step for jac=None (``eps`` option)

# scipy's name (lower case) -> (OptBench's solver, family). The family says which of scipy's
# option sets, stopping tests and messages apply.
METHODS = {
    "bfgs": ("bfgs", "bfgs"),
    "cg": ("cg", "cg"),
    "l-bfgs-b": ("lbfgsb", "l-bfgs-b"),
    "newton-cg": ("newton-cg", "newton-cg"),
    "trust-ncg": ("newton-cg-tr", "trust"),
    "trust-krylov": ("trust-exact", "trust"),
    "trust-exact": ("trust-exact", "trust"),
    "dogleg": ("dogleg", "trust"),
}

# The derivative-free methods (scipy's f-only family; the acceptance suite's router,
# python/tests/scipy_acceptance/conftest.py, routes these and METHODS).
DERIVATIVE_FREE_METHODS = {
    "nelder-mead": ("nelder-mead", "nelder-mead"),
    "powell": ("powell", "powell"),
}

# OptBench's names for which scipy's semantics of another name apply.
_OPTBENCH_FAMILIES = {
    "lbfgsb": "l-bfgs-b", "bfgs": "bfgs", "cg": "cg", "newton-cg": "newton-cg",
    "newton-cg-tr": "trust", "trust-exact": "trust", "dogleg": "trust",
    "bobyqa": "bobyqa", "newuoa": "newuoa",
}

# scipy methods OptBench does not have (yet).
MISSING = ("tnc",)

# scipy's options per family: every key scipy's solver takes (others draw scipy's
# "Unknown solver options" warning unless OptBench's solver takes them).
OPTIONS = {
    "bfgs": {"gtol", "norm", "eps", "maxiter", "disp", "return_all", "finite_diff_rel_step", "xrtol", "c1", "c2",
             "hess_inv0", "workers"},
    "cg": {"gtol", "norm", "eps", "maxiter", "disp", "return_all", "finite_diff_rel_step", "c1", "c2", "workers"},
    "l-bfgs-b": {"disp", "maxcor", "ftol", "gtol", "eps", "maxfun", "maxiter", "iprint", "maxls",
                 "finite_diff_rel_step", "workers"},
    "newton-cg": {"xtol", "eps", "maxiter", "disp", "return_all", "c1", "c2", "workers"},
    "nelder-mead": {"maxiter", "maxfev", "disp", "return_all", "initial_simplex", "xatol", "fatol", "adaptive",
                    "bounds"},
    "powell": {"xtol", "ftol", "maxiter", "maxfev", "disp", "direc", "return_all"},
    "bobyqa": {"rhobeg", "rhoend", "npt", "maxfev", "maxiter", "disp"},
    "newuoa": {"rhobeg", "rhoend", "npt", "maxfev", "maxiter", "disp"},
    "trust": {"initial_trust_radius", "max_trust_radius", "eta", "gtol", "maxiter", "disp", "return_all",
              "inexact", "subproblem_maxiter", "workers"},
}

_FD_METHODS = ("2-point", "3-point", "cs")

# scipy's messages (its wording, per method family).
_SUCCESS = "Optimization terminated successfully."
_MAXITER = "Maximum number of iterations has been exceeded."
_PR_LOSS = "Desired error not necessarily achieved due to precision loss."
_NAN = "NaN result encountered."
_MAXFEV = "Maximum number of function evaluations has been exceeded."
_STOP_ITERATION = "`callback` raised `StopIteration`."
_TRUST_MESSAGES = (_SUCCESS, _MAXITER, "A bad approximation caused failure to predict improvement.",
                   "A linalg error occurred, such as a non-psd Hessian.")
_LBFGSB = {
    "gradient": (0, "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL"),
    "f-change": (0, "CONVERGENCE: RELATIVE REDUCTION OF F <= FACTR*EPSMCH"),
    "maxiter": (1, "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT"),
    "maxfun": (1, "STOP: TOTAL NO. OF F,G EVALUATIONS EXCEEDS LIMIT"),
    "line-search": (2, "ABNORMAL: "),
    "halt": (2, "STOP: CALLBACK REQUESTED HALT"),
}

# OptBench's statuses -> the stop reason scipy's tables are indexed by.
_REASONS = {
    "converged-gradient": "gradient", "converged-projected-gradient": "gradient",
    "converged-subgradient": "gradient", "converged-f-change": "f-change", "converged-step": "step",
    "iteration-limit": "maxiter", "evaluation-limit": "maxfun", "time-limit": "maxiter",
    "line-search-failed": "line-search", "non-finite": "nan", "factorization-failed": "linalg",
    "non-positive-curvature": "linalg", "radius-collapsed": "bad-model",
    "converged-kkt": "gradient", "infeasible": "bad-model",
    "stagnated": "stagnated", "ill-conditioned": "linalg",
}


def _scalar(value):
    """fun's value as a float: a scalar, a 0-d array or a 1-element array (as scipy accepts)."""
    if isinstance(value, float):
        return value
    array = np.asarray(value)
    if array.size != 1:
        raise ValueError("The user-provided objective function must return a scalar value.")
    return float(array.reshape(-1)[0].real if np.iscomplexobj(array) else array.reshape(-1)[0])


class _Bounds(object):
    """Bounds as two float arrays of n (scipy.optimize.Bounds, anything with lb/ub, or pairs)."""

    def __init__(self, bounds, n):
        if hasattr(bounds, "lb") and hasattr(bounds, "ub"):
            lower, upper = bounds.lb, bounds.ub
        else:
            pairs = list(bounds)
            try:
                lower = [-np.inf if pair[0] is None else pair[0] for pair in pairs]
                upper = [np.inf if pair[1] is None else pair[1] for pair in pairs]
            except (TypeError, IndexError):
                raise ValueError("bounds must be a sequence of (min, max) pairs or a scipy.optimize.Bounds")
        lower = np.array([-np.inf if v is None else v for v in np.atleast_1d(np.asarray(lower, dtype=object))],
                         dtype=float)
        upper = np.array([np.inf if v is None else v for v in np.atleast_1d(np.asarray(upper, dtype=object))],
                         dtype=float)
        if np.any(upper < lower):
            raise ValueError("An upper bound is less than the corresponding lower bound.")
        try:
            self.lb = np.array(np.broadcast_to(lower, (n,)), dtype=float)
            self.ub = np.array(np.broadcast_to(upper, (n,)), dtype=float)
        except ValueError:
            raise ValueError("The number of bounds is not compatible with the length of `x0`.") from None


class _Functions(object):
    """The user's fun, jac, hess and hessp as OptBench calls them: x handed over as a fresh
    float64 array (as scipy does: the user may keep it), scalar returns checked, every call
    counted (nfev: calls of fun; njev: gradients, differenced ones included; nhev: Hessians
    and Hessian-vector products), differences as scipy takes them."""

    def __init__(self, fun, args, jac, hess, hessp, n, eps, rel_step, bounds):
        self.fun, self.args, self.jac_mode, self.n = fun, args, jac, n
        self.user_hess, self.user_hessp = hess, hessp
        self.eps, self.rel_step, self.bounds = eps, rel_step, bounds
        self.nfev = self.njev = self.nhev = self.nhess = self.nhessp = 0
        self.last_x, self.last_f = None, None
        self.last_gradient = (None, None)   # (x, ∇f(x)) of the latest gradient
        self.strategy_point = None          # (x, ∇f(x)) the HessianUpdateStrategy was last updated at
        self.product_step = None            # Newton-CG's products: (∇f(x + εp) − ∇f(x))/ε with ε = eps

    # f -------------------------------------------------------------------------------------
    def value(self, x):
        self.nfev += 1
        return _scalar(self.fun(np.array(x, dtype=float), *self.args))

    def remembered_value(self, x):
        """f(x), from the last evaluation when x is that point (differences need f(x) once)."""
        if self.last_x is not None and np.array_equal(self.last_x, x):
            return self.last_f
        f = self.value(np.array(x, dtype=float))
        self.last_x, self.last_f = np.array(x, dtype=float), f
        return f

    def fused(self, x):
        """fun(x) -> (f, g) for jac=True."""
        self.nfev += 1
        self.njev += 1
        f, g = self.fun(np.array(x, dtype=float), *self.args)
        g = np.asarray(g, dtype=float).reshape(-1)
        self.last_gradient = (np.array(x, dtype=float), g)
        return _scalar(f), g

    def only_value(self, x):
        if self.jac_mode is True:
            return self.fused(x)[0]
        return self.remembered_value(x)

    def gradient(self, x):
        self.njev += 1
        if callable(self.jac_mode):
            g = np.asarray(self.jac_mode(np.array(x, dtype=float), *self.args), dtype=float).reshape(-1)
        else:
            g = self.differences(np.array(x, dtype=float))
        self.last_gradient = (np.array(x, dtype=float), g)
        return g

    # differences ---------------------------------------------------------------------------
    def _steps(self, x, kind):
        if kind is None:  # scipy's jac=None: forward differences with the absolute step eps
            h = np.full(self.n, float(self.eps))
        else:
            rel = self.rel_step
            if rel is None:
                rel = _SQRT_EPS if kind == "2-point" else (_EPS ** (1 / 3) if kind == "3-point" else _SQRT_EPS)
            sign = np.where(x >= 0, 1.0, -1.0)
            h = rel * sign * np.maximum(1.0, np.abs(x))
            h = (x + h) - x  # the representable step
            h[h == 0] = rel
        return h

    def differences(self, x):
        kind = self.jac_mode
        h = self._steps(x, kind)
        lower, upper = (self.bounds.lb, self.bounds.ub) if self.bounds is not None else (None, None)
        g = np.empty(self.n)
        if kind == "cs":
            for i in range(self.n):
                point = x.astype(complex)
                point[i] += 1j * h[i]
                self.nfev += 1
                g[i] = np.asarray(self.fun(point, *self.args)).reshape(-1)[0].imag / h[i]
            return g
        f0 = self.remembered_value(x)
        for i in range(self.n):
            step = h[i]
            if kind == "3-point":
                up, down = x.copy(), x.copy()
                up[i] += step
                down[i] -= step
                if lower is not None and (up[i] > upper[i] or down[i] < lower[i]):
                    # one-sided 3-point formula inside the box, as scipy does at a bound
                    step = -step if up[i] > upper[i] else step
                    one, two = x.copy(), x.copy()
                    one[i] += step
                    two[i] += 2 * step
                    g[i] = (-3 * f0 + 4 * self.value(one) - self.value(two)) / (2 * step)
                    continue
                g[i] = (self.value(up) - self.value(down)) / (up[i] - down[i])
                continue
            point = x.copy()
            point[i] += step
            if lower is not None and not lower[i] <= point[i] <= upper[i]:
                point[i] = x[i] - step   # the other side, inside the box
            g[i] = (self.value(point) - f0) / (point[i] - x[i])
        return g

    # second derivatives --------------------------------------------------------------------
    def hess(self, x):
        self.nhev += 1
        self.nhess += 1
        h = self.user_hess(np.array(x, dtype=float), *self.args)
        if hasattr(h, "toarray"):          # a sparse matrix
            h = h.toarray()
        elif hasattr(h, "matvec") and not isinstance(h, np.ndarray):   # a LinearOperator
            h = h.dot(np.eye(self.n))
        return np.asarray(h, dtype=float)

    def hessp(self, x, p):
        self.nhev += 1
        self.nhessp += 1
        return np.asarray(self.user_hessp(np.array(x, dtype=float), np.array(p, dtype=float), *self.args),
                          dtype=float).reshape(-1)

    def hessp_by_differences(self, x, p):
        """∇²f·p ≈ (∇f(x + hp) − ∇f(x))/h (hess='2-point'/'3-point'/'cs' in scipy), h scaled to x and p."""
        x = np.array(x, dtype=float)
        norm = np.linalg.norm(p)
        if norm == 0:
            return np.zeros(self.n)
        h = self.product_step or _SQRT_EPS * max(1.0, np.linalg.norm(x)) / norm
        return (self._any_gradient(x + h * p) - self._any_gradient(x)) / h

    def hessp_by_strategy(self, x, p):
        """∇²f·p from scipy's HessianUpdateStrategy (hess=BFGS(), SR1()), updated with the
        change of x and ∇f whenever OptBench asks at a new x, as scipy's ScalarFunction does."""
        x = np.array(x, dtype=float)
        if self.strategy_point is None:
            self.user_hess.initialize(self.n, "hess")
            self.strategy_point = (x, self._any_gradient(x))
        elif not np.array_equal(self.strategy_point[0], x):
            g = self._any_gradient(x)
            self.user_hess.update(x - self.strategy_point[0], g - self.strategy_point[1])
            self.strategy_point = (x, g)
        return np.asarray(self.user_hess.dot(np.array(p, dtype=float)), dtype=float).reshape(-1)

    def _any_gradient(self, x):
        cached_x, cached_g = self.last_gradient
        if cached_x is not None and np.array_equal(cached_x, x):
            return cached_g
        if self.jac_mode is True:
            return self.fused(x)[1]
        return self.gradient(x)


class _Stops(object):
    """scipy's stopping tests that OptBench's rules do not express, run from OptBench's
    per-iteration callback; the user's callback; return_all's iterates."""

    def __init__(self, family, user_callback, n, gtol, norm, xrtol, xtol, maxfun, functions, return_all, x0):
        self.family, self.n, self.gtol, self.norm = family, n, gtol, norm
        self.xrtol, self.xtol, self.maxfun, self.functions = xrtol, xtol, maxfun, functions
        self.allvecs = [np.array(x0, dtype=float)] if return_all else None
        self.previous = np.array(x0, dtype=float)
        self.reason = None          # why we stopped the run: "gradient", "step", "maxfun", "stop-iteration"
        self.user = self._wrap(user_callback)

    @staticmethod
    def _parameters(callback):
        try:
            return set(inspect.signature(callback).parameters)
        except (TypeError, ValueError):
            return set()

    @staticmethod
    def _wrap(callback):
        if callback is None:
            return None
        if _Stops._parameters(callback) == {"intermediate_result"}:
            return lambda x, f: callback(intermediate_result=OptimizeResult(x=x, fun=f))
        return lambda x, f: callback(x)

    def __call__(self, state):
        if state.x is None:   # the run ended before an iterate was accepted (f(x0) not finite)
            return False
        x = np.array(state.x, dtype=float)
        g = state.jac
        if state.nit == 0:
            return self._gradient_test(g)
        if self.allvecs is not None:
            self.allvecs.append(x.copy())
        if self.user is not None:
            try:
                self.user(x.copy(), float(state.fun))
            except StopIteration:
                self.reason = "stop-iteration"
                return True
        step, self.previous = x - self.previous, x
        if self._gradient_test(g):
            return True
        if self.family == "bfgs" and self.xrtol > 0:
            if np.linalg.norm(step) <= self.xrtol * (self.xrtol + np.linalg.norm(x)):
                self.reason = "step"
                return True
        if self.family == "newton-cg" and (np.sum(np.abs(step)) <= self.xtol or not np.any(g)):
            self.reason = "step"
            return True
        if self.family == "l-bfgs-b" and self.functions.nfev > self.maxfun:
            self.reason = "maxfun"
            return True
        return False

    def _projected(self, g):
        """P(x − g) − x on the box (g itself without bounds)."""
        box = self.functions.bounds
        if box is None:
            return g
        return np.clip(self.previous - g, box.lb, box.ub) - self.previous

    def _gradient_test(self, g):
        """scipy's gradient tests that OptBench's ‖∇f‖∞ ≤ gtol does not express: another norm
        (BFGS, CG) and the trust-region methods' ‖∇f‖₂ < gtol. Also tested at x0, as scipy
        tests before its first iteration."""
        if self.family in ("bfgs", "cg") and self.norm != np.inf:
            converged = np.linalg.norm(g, ord=self.norm) <= self.gtol
        elif self.family in ("bfgs", "cg", "l-bfgs-b") and self.gtol == 0:
            # gtol = 0 turns OptBench's test off; scipy's ‖g‖ ≤ 0 still stops on a zero
            # (projected) gradient
            converged = not np.any(self._projected(g))
        else:
            converged = self.family == "trust" and np.linalg.norm(g) < self.gtol
        if converged:
            self.reason = "gradient"
        return converged


def _method(method, constraints, bounds):
    """(scipy's name as given, lower-case key, OptBench's solver, family)."""
    if method is None:   # scipy's choice
        method = "SLSQP" if _constraints.listed(constraints) else "L-BFGS-B" if bounds is not None else "BFGS"
    key = str(method).lower()
    if key in _constraints.CONSTRAINED_METHODS or key in _constraints.UNAVAILABLE:
        return method, key, _constraints.solver_for(key, method), "optbench"
    if key in METHODS or key in DERIVATIVE_FREE_METHODS:
        solver, family = METHODS.get(key) or DERIVATIVE_FREE_METHODS[key]
        return method, key, solver, family
    if key in MISSING:
        raise ValueError(
            "OptBench does not have method %r yet; it has Nelder-Mead, Powell, BFGS, L-BFGS-B, CG, Newton-CG, "
            "trust-ncg, trust-krylov, trust-exact and dogleg (and OptBench's own solvers: `optbench list`)" % (method,))
    return method, key, key, _OPTBENCH_FAMILIES.get(key, "optbench")


def _is_strategy(hess):
    """scipy's HessianUpdateStrategy (BFGS(), SR1(), or one of the user's): initialize, update, dot."""
    return all(callable(getattr(hess, name, None)) for name in ("initialize", "update", "dot"))


_USES_HESS = ("newton-cg", "dogleg", "trust-ncg", "trust-krylov", "trust-exact", "newton", "newton-cg-tr")
_USES_HESSP = ("newton-cg", "trust-ncg", "trust-krylov", "newton", "newton-cg-tr")
_TAKES_BOUNDS = ("l-bfgs-b", "lbfgsb", "nelder-mead", "powell", "bobyqa", "cmaes", "slsqp", "trust-constr", "auglag",
                 "sqp", "ipm")
_DERIVATIVE_FREE = ("nelder-mead", "powell", "bobyqa", "cmaes", "newuoa")


def _warn_unused(method, key, jac, hess, hessp, bounds, constraints, options):
    if jac is not None and key in _DERIVATIVE_FREE:
        warnings.warn("Method %s does not use gradient information (jac)." % method, RuntimeWarning, stacklevel=4)
    if hess is not None and key not in _USES_HESS:
        warnings.warn("Method %s does not use Hessian information (hess)." % method, RuntimeWarning, stacklevel=4)
    if hessp is not None and key not in _USES_HESSP:
        warnings.warn("Method %s does not use Hessian-vector product information (hessp)." % method,
                      RuntimeWarning, stacklevel=4)
    if constraints is not None and np.any(constraints):
        warnings.warn("Method %s cannot handle constraints." % method, RuntimeWarning, stacklevel=4)
    if bounds is not None and key not in _TAKES_BOUNDS:
        warnings.warn("Method %s cannot handle bounds." % method, RuntimeWarning, stacklevel=4)
    if key in ("l-bfgs-b", "lbfgsb") and options.get("return_all", False):
        warnings.warn("Method %s does not support the return_all option." % method, RuntimeWarning, stacklevel=4)


def _apply_tol(key, family, tol, options):
    if tol is None:
        return options
    options = dict(options)
    if key == "newton-cg":
        options.setdefault("xtol", tol)
    if key in ("l-bfgs-b", "lbfgsb"):
        options.setdefault("ftol", tol)
    if family == "nelder-mead":
        options.setdefault("xatol", tol)
        options.setdefault("fatol", tol)
    if family == "powell":
        options.setdefault("xtol", tol)
        options.setdefault("ftol", tol)
    if family in ("bfgs", "cg", "l-bfgs-b", "trust") or key in ("bfgs", "cg", "l-bfgs-b", "dogleg", "trust-ncg",
                                                                   "trust-exact", "trust-krylov"):
        options.setdefault("gtol", tol)
    return options


def _integer(value, name):
    """An iteration or evaluation limit as OptBench takes it: scipy compares counts with `<` or
    `>=`, so 100.1 allows 101 and a negative limit none."""
    try:
        return max(0, int(math.ceil(float(value))))
    except (TypeError, ValueError, OverflowError):
        raise ValueError("option %s must be a number, got %r" % (name, value)) from None


def _split_options(family, n, options):
    """(scipy's settings, OptBench's options for the native solver): scipy's keys of the
    family read and mapped, scipy's defaults filled in, every other key kept for OptBench."""
    options = dict(options)
    scipy_keys = OPTIONS.get(family, set())
    given = {k: options.pop(k) for k in list(options) if k in scipy_keys}
    native = {}
    s = {"disp": bool(given.get("disp", False)), "return_all": bool(given.get("return_all", False)),
         "eps": given.get("eps", 1e-8 if family == "l-bfgs-b" else _SQRT_EPS),
         "rel_step": given.get("finite_diff_rel_step"), "norm": np.inf, "xrtol": 0.0, "xtol": 0.0,
         "gtol": 0.0, "maxfun": math.inf, "disp_given": "disp" in given, "iprint_given": "iprint" in given}
    maxiter = given.get("maxiter")
    if family in ("bfgs", "cg"):
        s["gtol"] = float(given.get("gtol", 1e-5))
        s["norm"] = given.get("norm", np.inf)
        s["xrtol"] = float(given.get("xrtol", 0.0))
        native["gtol"] = s["gtol"] if s["norm"] == np.inf else 0.0
        native["max-iter"] = 200 * n if maxiter is None else maxiter
        native["c1"] = given.get("c1", 1e-4)
        native["c2"] = given.get("c2", 0.9 if family == "bfgs" else 0.4)
        if family == "bfgs" and given.get("hess_inv0") is not None:
            _check_initial_matrix_shape(given["hess_inv0"], n)
            native["hess_inv0"] = given["hess_inv0"]   # the native layer takes it as given
        if family == "cg" and "beta" not in options:
            native["beta"] = "pr+"                     # scipy's CG is Polak–Ribière with β ≥ 0
    elif family == "l-bfgs-b":
        s["gtol"] = float(given.get("gtol", 1e-5))
        native["gtol"] = s["gtol"]
        native["ftol"] = float(given.get("ftol", 2.2204460492503131e-09))
        native["memory"] = given.get("maxcor", 10)
        native["maxls"] = given.get("maxls", 20)
        native["max-iter"] = 15000 if maxiter is None else maxiter
        s["maxfun"] = given.get("maxfun", 15000)
        if native["maxls"] is not None and not native["maxls"] > 0:
            raise ValueError("maxls must be positive.")
    elif family == "newton-cg":
        s["xtol"] = n * float(given.get("xtol", 1e-5))
        native["gtol"] = 0.0
        native["forcing"] = "absolute"   # scipy's ηₖ = min(½, √‖g‖): its iterates
        native["max-iter"] = 200 * n if maxiter is None else maxiter
        native["c1"] = given.get("c1", 1e-4)
        native["c2"] = given.get("c2", 0.9)
    elif family == "trust":
        s["gtol"] = float(given.get("gtol", 1e-4))
        native["gtol"] = 0.0
        native["max-iter"] = 200 * n if maxiter is None else maxiter
        radius, largest = given.get("initial_trust_radius", 1.0), given.get("max_trust_radius", 1000.0)
        eta = given.get("eta", 0.15)
        if not 0 <= eta < 0.25:
            raise Exception("invalid acceptance stringency")
        if largest <= 0:
            raise Exception("the max trust radius must be positive")
        if radius <= 0:
            raise ValueError("the initial trust radius must be positive")
        if radius >= largest:
            raise ValueError("the initial trust radius must be less than the max trust radius")
        native.update({"radius": radius, "max-radius": largest, "eta": eta})
    if family in ("bfgs", "cg", "newton-cg") and not 0 < native["c1"] < native["c2"] < 1:
        raise ValueError("'c1' and 'c2' do not satisfy '0 < c1 < c2 < 1'.")
    if "max-iter" in native:
        native["max-iter"] = _integer(native["max-iter"], "maxiter")
    if s["maxfun"] is not math.inf:
        s["maxfun"] = _integer(s["maxfun"], "maxfun")
    native.update(options)   # OptBench's own keys as given (they win over the mapped ones)
    return s, native


def _check_initial_matrix_shape(matrix, n):
    """hess_inv0 must be n × n (the rest of scipy's check is the native layer's)."""
    matrix = np.asarray(matrix, dtype=float)
    if matrix.shape != (n, n):
        raise ValueError("'hess_inv0' has shape %s; expected (%d, %d)" % (matrix.shape, n, n))
    # Symmetry (to scipy's np.allclose), finiteness and positive definiteness: the native layer
    # checks them (a Cholesky factorization) and refuses with scipy's sentence first.


def _status(family, reason):
    """(status, success, message) in scipy's codes and words for `family`."""
    if reason == "stop-iteration":
        return 99, False, _STOP_ITERATION
    if family == "l-bfgs-b":
        code, text = _LBFGSB.get(reason, (2, "ABNORMAL: "))
        if reason == "step":
            code, text = _LBFGSB["f-change"]
        return code, code == 0, text
    if family == "trust":
        code = {"gradient": 0, "maxiter": 1, "maxfun": 1, "bad-model": 2, "line-search": 2, "linalg": 3,
                "nan": 3}.get(reason, 2)
        return code, code == 0, _TRUST_MESSAGES[code]
    if family == "newton-cg":
        if reason in ("gradient", "step", "f-change"):
            return 0, True, _SUCCESS
        if reason in ("maxiter", "maxfun"):
            return 1, False, "Warning: " + _MAXITER
        if reason == "nan":
            return 3, False, _NAN
        if reason == "linalg":
            return 3, False, "Warning: CG iterations didn't converge. The Hessian is not positive definite."
        return 2, False, "Warning: " + _PR_LOSS
    # bfgs, cg and OptBench's other solvers
    if reason in ("gradient", "step", "f-change"):
        return 0, True, _SUCCESS
    if reason in ("maxiter", "maxfun"):
        return 1, False, _MAXITER
    if reason == "nan":
        return 3, False, _NAN
    return 2, False, _PR_LOSS


def minimize(fun, x0, args=(), method=None, jac=None, hess=None, hessp=None, bounds=None, constraints=(),
             tol=None, callback=None, options=None):
    """scipy.optimize.minimize's call on OptBench (see ``optbench.minimize``)."""
    x0 = np.atleast_1d(np.asarray(x0))
    if x0.ndim != 1:
        raise ValueError("'x0' must only have one dimension.")
    x0 = np.array(x0, dtype=float)
    if not isinstance(args, tuple):
        args = (args,)
    if callable(method):   # a custom method, called as scipy calls it
        return method(fun, x0, args=args, jac=jac, hess=hess, hessp=hessp, bounds=bounds, constraints=constraints,
                      callback=callback, **(options or {}))
    method, key, solver, family = _method(method, constraints, bounds)
    options = dict(options or {})
    constrained = solver in _constraints.TAKES_CONSTRAINTS and bool(_constraints.listed(constraints))
    _warn_unused(method, key, jac, hess, hessp, bounds, None if constrained else constraints, options)
    if family == "nelder-mead":
        return _nelder_mead(fun, x0, args, method, bounds, tol, callback, options)
    if family == "powell":
        return _powell(fun, x0, args, bounds, tol, callback, options)
    if family in ("bobyqa", "newuoa"):
        return _powell_model(family, fun, x0, args, bounds, callback, options)
    if not callable(jac) and jac is not True:
        if jac in _FD_METHODS and family in ("bfgs", "cg", "l-bfgs-b"):
            pass
        elif family in ("bfgs", "cg", "l-bfgs-b", "optbench"):
            jac = jac if jac in _FD_METHODS else None
        elif family == "newton-cg":
            raise ValueError("Jacobian is required for Newton-CG method")
        else:
            raise ValueError("Jacobian is currently required for trust-region methods")
    if family == "trust" or family == "newton-cg" or key in ("newton", "newton-cg-tr"):
        if key in ("dogleg", "trust-exact") and not callable(hess):
            raise ValueError("Hessian is required for %s minimization" % ("dogleg" if key == "dogleg"
                                                                           else "trust-exact"))
        if family == "newton-cg" and hess is None and hessp is None:
            hess = "2-point"   # scipy's Newton-CG differences the gradient for its products
        if not callable(hess) and not callable(hessp) and hess not in _FD_METHODS and not _is_strategy(hess):
            if hess is not None:
                raise ValueError(
                    "hess=%r: OptBench takes a callable hess, a callable hessp or hess='2-point'/'3-point'/'cs' "
                    "(differences of the gradient) or a scipy.optimize.HessianUpdateStrategy" % (hess,))
            if family == "newton-cg":
                raise ValueError("Either the Hessian or the Hessian-vector product is required for Newton-CG "
                                 "method")
            raise ValueError("Either the Hessian or the Hessian-vector product is currently required for "
                             "trust-region methods")
    else:
        hess = hessp = None   # ignored, as scipy ignores them (warned above)
    options = _apply_tol(key, family, tol, options)
    n = x0.size
    settings, native_options = _split_options(family, n, options)
    if settings["disp_given"] or settings["iprint_given"]:
        if family == "l-bfgs-b":
            warnings.warn("scipy.optimize: The `disp` and `iprint` options of the L-BFGS-B solver are deprecated "
                          "and will be removed in SciPy 1.18.0.", DeprecationWarning, stacklevel=3)
    box = None
    if bounds is not None:
        box = _Bounds(bounds, n)
        if key in _TAKES_BOUNDS:
            if np.all(box.lb == box.ub):   # nothing left to minimize: f at the box, as scipy answers
                functions = _Functions(fun, args, jac, None, None, n, settings["eps"], settings["rel_step"], box)
                f = functions.only_value(box.lb.copy())
                return OptimizeResult(x=box.lb.copy(), fun=f, success=True, nfev=1, njev=0, nhev=0,
                                      message="All independent variables were fixed by bounds.")
            fixed = box.lb == box.ub
            if np.any(fixed) and not callable(jac) and jac is not True and not constrained:
                return _without_fixed(fun, x0, args, method, jac, box, fixed, tol, callback, options)
            x0 = np.clip(x0, box.lb, box.ub)
        else:
            box = None

    functions = _Functions(fun, args, jac, hess, hessp, n, settings["eps"], settings["rel_step"], box)
    stops = _Stops(family, callback, n, settings["gtol"], settings["norm"], settings["xrtol"], settings["xtol"],
                   settings["maxfun"], functions, settings["return_all"], x0)
    if jac is True:
        native_fun, native_jac = functions.fused, True
    else:
        native_fun, native_jac = functions.only_value, functions.gradient
    if family == "newton-cg" and hess == "2-point" and hessp is None:
        functions.product_step = settings["eps"]   # scipy's approx_fhess_p step
    native_hess = functions.hess if callable(hess) else None
    native_hessp = None
    if callable(hessp) and native_hess is None:
        native_hessp = functions.hessp
    elif _is_strategy(hess):
        native_hessp = functions.hessp_by_strategy
    elif isinstance(hess, str) and hess in _FD_METHODS:
        native_hessp = functions.hessp_by_differences
    # A differenced jac: f alone at trial points, differences only where the line search needs them.
    gradient_cost = 0 if callable(jac) or jac is True else (2 * n if jac == "3-point" else n)
    stacked = _constraints.Stacked(constraints, x0) if constrained else None
    native = _run_native(native_fun, x0, native_jac, solver, native_options, stops, box, native_hessp, native_hess,
                         gradient_cost, stacked)

    status_name = native["status"]
    reason = stops.reason if status_name == "stopped-by-callback" else _REASONS.get(status_name, "line-search")
    if status_name == "evaluation-failed":
        raise ValueError("OptBench could not evaluate the function: %s" % (native.get("detail") or native["message"]))
    if family == "newton-cg" and reason == "line-search" and _flat_newton_step(native, native_hess, native_hessp):
        reason = "step"
    if family == "l-bfgs-b" and reason == "maxiter" and functions.nfev > settings["maxfun"]:
        reason = "maxfun"
    status, success, message = _status(family, reason)
    if stacked is not None:
        status, success, text = _constraints.scipy_status(key, status_name, native["success"])
        message = text or native["message"]
    result = OptimizeResult(
        x=native["x"], fun=native["fun"], jac=native["jac"], nit=native["nit"], nfev=functions.nfev,
        njev=functions.njev, status=status, success=success, message=message)
    if family in ("newton-cg", "trust") or functions.nhev:
        result["nhev"] = functions.nhev
    if "hess_inv" in native and native["hess_inv"] is not None:
        result["hess_inv"] = native["hess_inv"]
        if family == "l-bfgs-b":
            # scipy's LbfgsInvHessProduct runs the two-loop recursion from H₀ = I, not from the γI
            # the solver used; the drop-in gives scipy's operator (optbench._native keeps γ).
            h = native["hess_inv"]
            result["hess_inv"] = _hessinv.LbfgsInverseHessian(h.sk, h.yk, 1.0)
    if stops.allvecs is not None:
        result["allvecs"] = stops.allvecs
    n_dense = functions.nhess * n
    result["cost"] = native["nfev"] + native["njev"] + functions.nhessp + n_dense
    result["seconds"] = native["seconds"]
    result["objective_seconds"] = native["objective_seconds"]
    result["trace"] = native["trace"]
    result["optbench_status"] = status_name
    result["optbench_solver"] = native["solver"]
    if stacked is not None:
        _constraints.add_fields(result, native, stacked, key, box)
    if settings["disp"]:
        _display(family, result, functions)
    return result


def _flat_newton_step(native, hess, hessp):
    """scipy's Newton-CG takes a zero step, and so stops with success, where the curvature
    along −∇f is in [0, 3ε]: at a point where OptBench's line search finds no decrease, that
    test (one more Hessian product) says whether scipy would have stopped there successfully."""
    x, g = native["x"], np.asarray(native["jac"], dtype=float)
    if not np.all(np.isfinite(g)):
        return False
    if hess is not None:
        product = hess(x).dot(g)
    else:
        product = hessp(x, g)
    curvature = float(np.dot(g, product))
    return 0 <= curvature <= 3 * _EPS


def _without_fixed(fun, x0, args, method, jac, box, fixed, tol, callback, options):
    """L-BFGS-B with differences and variables fixed by lb == ub: the fixed ones are taken out
    of the problem (differences across them would leave the box), as scipy does; the result has
    them back, with jac NaN there and no hess_inv."""
    values = box.lb[fixed]

    def full(x):
        whole = np.empty(fixed.size)
        whole[fixed] = values
        whole[~fixed] = x
        return whole

    def reduced_fun(x, *extra):
        return fun(full(x), *extra)

    reduced_callback = None
    if callback is not None:
        if _Stops._parameters(callback) == {"intermediate_result"}:
            def reduced_callback(intermediate_result):
                return callback(intermediate_result=OptimizeResult(x=full(intermediate_result.x),
                                                                   fun=intermediate_result.fun))
        else:
            def reduced_callback(x):
                return callback(full(x))
    bounds = list(zip(box.lb[~fixed], box.ub[~fixed]))
    result = minimize(reduced_fun, x0[~fixed], args=args, method=method, jac=jac, bounds=bounds, tol=tol,
                      callback=reduced_callback, options=options)
    result["x"] = full(result["x"])
    gradient = np.full(fixed.size, np.nan)
    gradient[~fixed] = result["jac"]
    result["jac"] = gradient
    if "hess_inv" in result:
        result["hess_inv"] = None
    return result


def _run_native(fun, x0, jac, solver, options, stops, box, hessp, hess, gradient_cost=0, constraints=None):
    """_native.minimize with OptBench's options; keys OptBench's solver does not know draw
    scipy's OptimizeWarning and are dropped (scipy warns about unknown options and goes on)."""
    unknown = []
    options = dict(options)
    bounds = None if box is None else list(zip(box.lb, box.ub))
    while True:
        try:
            outcome = _native.minimize(fun, x0, jac=jac, method=solver, options=options, callback=stops,
                                       bounds=bounds, hessp=hessp, hess=hess, gradient_cost=gradient_cost,
                                       constraints=constraints)
            break
        except ValueError as error:
            text = str(error)
            prefix = "unknown parameter --"
            if not text.startswith(prefix):
                raise
            name = text[len(prefix):].split(" ", 1)[0]
            match = [k for k in options if str(k).replace("_", "-").lstrip("-") == name]
            if not match:
                raise
            for k in match:
                options.pop(k)
                unknown.append(k)
    if unknown:
        warnings.warn("Unknown solver options: %s" % ", ".join(map(str, unknown)), OptimizeWarning, stacklevel=4)
    return outcome


def _display(family, result, functions):
    """disp=True: scipy's summary on stdout; a failure is a warning (OptimizeWarning; RuntimeWarning
    for the trust-region methods), as scipy reports it."""
    if family == "l-bfgs-b":
        return
    if result.status == 0:
        print(result.message)
    else:
        warnings.warn(result.message, RuntimeWarning if family == "trust" else OptimizeWarning, stacklevel=4)
    print("         Current function value: %f" % result.fun)
    print("         Iterations: %d" % result.nit)
    print("         Function evaluations: %d" % result.nfev)
    print("         Gradient evaluations: %d" % result.njev)
    if family in ("newton-cg", "trust"):
        print("         Hessian evaluations: %d" % functions.nhev)


def _nelder_mead(fun, x0, args, method, bounds, tol, callback, options):
    """scipy's Nelder-Mead (``_minimize_neldermead``) on OptBench's ``nelder-mead``: the same
    conventions, default simplex, xatol/fatol test and clipping to bounds, so the iterates and
    counts are scipy's. scipy counts iterations from 1 (``nit`` = OptBench's iterations + 1) and
    runs while nfev < maxfev and nit < maxiter; its status checks maxfev first, then maxiter."""
    options = _apply_tol("nelder-mead", "nelder-mead", tol, options)
    n = x0.size
    given = {k: options.pop(k) for k in list(options) if k in OPTIONS["nelder-mead"]}
    if given.get("bounds") is not None and bounds is None:
        bounds = given["bounds"]
    maxiter, maxfev = given.get("maxiter"), given.get("maxfev")
    simplex = given.get("initial_simplex")
    if simplex is not None:
        simplex = np.atleast_2d(np.asarray(simplex, dtype=float)).copy()
        if simplex.ndim != 2 or simplex.shape[0] != simplex.shape[1] + 1:
            raise ValueError("`initial_simplex` should be an array of shape (N+1,N)")
        if len(x0) != simplex.shape[1]:
            raise ValueError("Size of `initial_simplex` is not consistent with `x0`")
    maxiter, maxfev = _default_limits(maxiter, maxfev, 200 * n)
    native = {k: v for k, v in options.items()}   # OptBench's own keys as given
    native.setdefault("xatol", float(given.get("xatol", 1e-4)))
    native.setdefault("fatol", float(given.get("fatol", 1e-4)))
    if given.get("adaptive", False):
        native.setdefault("adaptive", True)
    native["max-iter"] = 2 ** 62 if maxiter == np.inf else max(0, _integer(maxiter, "maxiter") - 1)
    if maxfev != np.inf:
        native["--maxfev"] = max(1, _integer(maxfev, "maxfev"))   # nelder-mead's own: never exceeded
    box, x0 = _clipped_start(bounds, x0, n)
    if simplex is not None:
        # scipy's x0 only gives n when a simplex is given: start at its first point so that the
        # driver's f(x0) is that vertex's (n + 1 evaluations, as scipy)
        native["initial_simplex"] = simplex
        x0 = simplex[0].copy() if box is None else np.clip(simplex[0], box.lb, box.ub)
    functions, stops, outcome = _run_derivative_free("nelder-mead", fun, args, x0, n, box, callback, native, given)
    status_name = outcome["status"]
    nit = int(outcome["nit"]) + 1
    limit = _limit_status(stops, functions, maxfev, nit, maxiter)
    if limit:
        status, message = limit
    elif status_name == "converged-step":
        status, message = 0, _SUCCESS
    else:
        status, message = 3 if status_name == "non-finite" else 2, _NAN if status_name == "non-finite" else _MAXITER
    result = _derivative_free_result(outcome, nit, functions, stops, status, message)
    if given.get("disp", False):
        if status in (1, 2):
            warnings.warn(message, RuntimeWarning, stacklevel=3)
        elif status == 0:
            _print_summary(message, result)
    return result


def _clipped_start(bounds, x0, n):
    """The box (or None) and x0 clipped into it, with scipy's warning when x0 was outside."""
    if bounds is None:
        return None, x0
    box = _Bounds(bounds, n)
    if np.any(box.lb > x0) or np.any(x0 > box.ub):
        warnings.warn("Initial guess is not within the specified bounds", OptimizeWarning, stacklevel=4)
    return box, np.clip(x0, box.lb, box.ub)


def _limit_status(stops, functions, maxfev, nit, maxiter):
    """scipy's (status, message) when Nelder-Mead or Powell stopped on a callback (99), maxfev (1) or
    maxiter (2), tested in scipy's order; None when none of them ended the run."""
    if stops.reason == "stop-iteration":
        return 99, _STOP_ITERATION
    if maxfev != np.inf and functions.nfev >= maxfev:
        return 1, _MAXFEV
    if nit >= maxiter:
        return 2, _MAXITER
    return None


def _run_derivative_free(solver, fun, args, x0, n, box, callback, native, given):
    """A derivative-free run: fun alone, counted, the callback and return_all as scipy's."""
    functions = _Functions(fun, args, None, None, None, n, _SQRT_EPS, None, box)
    stops = _Stops(solver, callback, n, 0.0, np.inf, 0.0, 0.0, math.inf, functions,
                   bool(given.get("return_all", False)), x0)
    outcome = _run_native(functions.value, x0, None, solver, native, stops, box, None, None)
    if outcome["status"] == "evaluation-failed":
        raise ValueError("OptBench could not evaluate the function: %s" % (outcome.get("detail") or outcome["message"]))
    return functions, stops, outcome


def _derivative_free_result(outcome, nit, functions, stops, status, message):
    """scipy's OptimizeResult of a derivative-free method, with OptBench's extras."""
    result = OptimizeResult(x=outcome["x"], fun=outcome["fun"], nit=nit, nfev=functions.nfev, status=status,
                            success=status == 0, message=message)
    if stops.allvecs is not None:
        result["allvecs"] = stops.allvecs
    result["cost"] = functions.nfev
    _add_native_fields(result, outcome)
    return result


def _print_summary(message, result):
    """scipy's disp=True summary (the message first unless None)."""
    if message is not None:
        print(message)
    print("         Current function value: %f" % result.fun)
    print("         Iterations: %d" % result.nit)
    print("         Function evaluations: %d" % result.nfev)


def _default_limits(maxiter, maxfev, default):
    """scipy's rule for maxiter and maxfev (nelder-mead, powell): both `default` when neither is
    given; the one left out is unlimited unless the other is."""
    if maxiter is None and maxfev is None:
        return default, default
    if maxiter is None:
        return (default if maxfev == np.inf else np.inf), maxfev
    if maxfev is None:
        return maxiter, (default if maxiter == np.inf else np.inf)
    return maxiter, maxfev


def _powell(fun, x0, args, bounds, tol, callback, options):
    """scipy's Powell (``_minimize_powell``) on OptBench's ``powell``: the same direction set,
    Brent line minimizations, replacement test, ftol test and bounded line searches, so the
    iterates and counts are scipy's. Both count iterations from 0 (nit = OptBench's
    iterations); scipy checks ftol, maxfev, maxiter after each iteration and reports maxfev
    first, then maxiter, then NaN. A start outside the bounds is clipped into them (scipy warns
    and starts outside; OptBench warns the same and starts from the clipped point)."""
    options = _apply_tol("powell", "powell", tol, options)
    n = x0.size
    given = {k: options.pop(k) for k in list(options) if k in OPTIONS["powell"]}
    maxiter, maxfev = _default_limits(given.get("maxiter"), given.get("maxfev"), 1000 * n)
    native = {k: v for k, v in options.items()}   # OptBench's own keys as given
    native.setdefault("line-xtol", float(given.get("xtol", 1e-4)))
    native.setdefault("sweep-ftol", float(given.get("ftol", 1e-4)))
    # scipy runs one iteration before its first test: maxiter 0 stops after it
    native["max-iter"] = 2 ** 62 if maxiter == np.inf else max(1, _integer(maxiter, "maxiter"))
    if maxfev != np.inf:
        native["--maxfev"] = max(1, _integer(maxfev, "maxfev"))   # powell's own: never exceeded
    direc = given.get("direc")
    if direc is not None:
        direc = np.asarray(direc, dtype=float)
        if np.linalg.matrix_rank(direc) != direc.shape[0]:
            warnings.warn("direc input is not full rank, some parameters may not be optimized", OptimizeWarning,
                          stacklevel=3)
        native["direc"] = direc
    box, x0 = _clipped_start(bounds, x0, n)
    functions, stops, outcome = _run_derivative_free("powell", fun, args, x0, n, box, callback, native, given)
    if outcome["status"] == "line-search-failed":
        raise RuntimeError("No valid bracket was found before the iteration limit was reached. Consider trying "
                           "different initial points or increasing `maxiter`.")
    nit = int(outcome["nit"])
    x, fval = np.asarray(outcome["x"]), outcome["fun"]
    limit = _limit_status(stops, functions, maxfev, nit, maxiter)
    if limit:
        status, message = limit
    elif np.isnan(fval) or np.isnan(x).any():
        status, message = 3, _NAN
    else:
        status, message = 0, _SUCCESS
    result = _derivative_free_result(outcome, nit, functions, stops, status, message)
    if "direc" in outcome:
        result["direc"] = outcome["direc"]
    if given.get("disp", False):
        if status != 0:
            warnings.warn(message, RuntimeWarning, stacklevel=3)
        _print_summary(message if status == 0 else None, result)
    return result


def _add_native_fields(result, outcome):
    """OptBench's own fields of a derivative-free run's result: times, trace, status, solver."""
    result["seconds"] = outcome["seconds"]
    result["objective_seconds"] = outcome["objective_seconds"]
    result["trace"] = outcome["trace"]
    result["optbench_status"] = outcome["status"]
    result["optbench_solver"] = outcome["solver"]


_POWELL_MODEL_MESSAGES = {   # PDFO's, with the method's name
    "converged-step": (0, "Return from %s because the lower bound for the trust region radius is reached."),
    "evaluation-limit": (3, "Return from %s because the objective function has been evaluated maxfev times."),
    "non-finite": (-2, "Return from %s because NaN occurs in the objective function."),
    "factorization-failed": (4, "Return from %s because of much cancellation in a denominator."),
}


def _powell_model(method, fun, x0, args, bounds, callback, options):
    """OptBench's ``bobyqa`` and ``newuoa`` (Powell's BOBYQA and NEWUOA as PDFO 2.2.0 runs them)
    with PDFO's option names: rhobeg, rhoend, npt (m, default 2n + 1) and maxfev (default 500n,
    never exceeded); PDFO's exit flags in ``status`` (0 rhoend reached, 3 maxfev, −2 a non-finite f,
    4 a damaged denominator). scipy has no such methods: these are OptBench's own names. newuoa
    refuses bounds (OptBench's refusal names the bounded methods, bobyqa among them)."""
    n = x0.size
    given = {k: options.pop(k) for k in list(options) if k in OPTIONS[method]}
    native = {k: v for k, v in options.items()}   # OptBench's own keys as given
    for key, name in (("rhobeg", "--rhobeg"), ("rhoend", "--rhoend")):
        if given.get(key) is not None:
            native[name] = float(given[key])
    if given.get("npt") is not None:
        native["--points"] = _integer(given["npt"], "npt")
    native["--maxfev"] = max(1, _integer(given.get("maxfev", 500 * n), "maxfev"))
    maxiter = given.get("maxiter")
    native["max-iter"] = 2 ** 62 if maxiter is None else max(0, _integer(maxiter, "maxiter"))
    box = None if bounds is None else _Bounds(bounds, n)
    functions = _Functions(fun, args, None, None, None, n, _SQRT_EPS, None, box)
    stops = _Stops(method, callback, n, 0.0, np.inf, 0.0, 0.0, math.inf, functions, False, x0)
    outcome = _run_native(functions.value, x0, None, method, native, stops, box, None, None)
    status_name = outcome["status"]
    if status_name == "evaluation-failed":
        raise ValueError("OptBench could not evaluate the function: %s" % (outcome.get("detail") or outcome["message"]))
    if stops.reason == "stop-iteration":
        status, message = 99, _STOP_ITERATION
    else:
        status, message = _POWELL_MODEL_MESSAGES.get(status_name, (2, "%s"))
        message = message % (method if status != 2 else outcome.get("detail") or outcome["message"])
    result = OptimizeResult(x=outcome["x"], fun=outcome["fun"], nit=int(outcome["nit"]), nfev=functions.nfev,
                            status=status, success=status == 0, message=message)
    _add_native_fields(result, outcome)
    if given.get("disp", False):
        print(message)
        print("         Current function value: %f" % result.fun)
        print("         Function evaluations: %d" % result.nfev)
    return result
