"""``optbench.least_squares``: scipy.optimize.least_squares's signature over OptBench's
Levenberg–Marquardt (``lm``, MINPACK's ``lmder`` algorithm) and Gauss–Newton solvers, in
process through the C library's residuals/Jacobian problem (``optbench_problem_set_residuals``).

Methods
-------
``'lm'``: OptBench's ``lm`` with scipy's arguments mapped onto MINPACK's: ``ftol`` →
``reduction-tol``, ``xtol`` → ``radius-tol``, ``gtol`` → ``cosine-tol``, ``x_scale='jac'``
(lm's default) → ``scale jacobian`` (MINPACK's mode 1); a positive ``x_scale`` array → the
problem solved in z = x / x_scale with D = I, which is MINPACK's mode 2 with diag = 1/x_scale
step for step; ``max_nfev`` (default 100·n, as scipy's lm) → ``max-evals``; factor 100.

``'trf'`` (scipy's default) and ``'dogbox'``: OptBench has no trust-region-reflective or dogbox
solver. Without bounds and with ``loss='linear'`` the problem is solved with ``lm`` as above
(x_scale default 1.0, as scipy's trf) and a ``UserWarning`` says so, so that a drop-in call
``least_squares(fun, x0)`` gets a result; with bounds or a robust loss it is a ``ValueError``
naming what exists (bounded problems: ``optbench.minimize(method='lbfgsb')`` on ½‖r‖²).

``'gauss-newton'`` (OptBench's own name): Gauss–Newton by pivoted QR with a line search; there
``ftol``, ``xtol`` and ``gtol`` are OptBench's stopping rules (``--ftol`` on the relative change
of f, ``--xtol`` on ‖Δx‖∞, ``--gtol`` on ‖∇f‖∞ with f = Σrᵢ²), not MINPACK's.

The result is scipy's: ``x, cost (½‖r‖²), fun (r at x), jac (m × n at x), grad (Jᵀr), optimality
(‖grad‖∞), active_mask (zeros), nfev, njev, status, message, success`` (a
``scipy.optimize.OptimizeResult`` when scipy imports, else optbench's dict subclass), plus
OptBench's ``nit``, ``optbench_status``, ``optbench_message`` and ``solver``. ``status``: 1
gtol, 2 ftol, 3 xtol (scipy's numbers), 0 max_nfev; OptBench's lm reports the first MINPACK test
that fires, so status 4 ("both ftol and xtol") is reported as 2; any other outcome of OptBench
(e.g. a failed line search of gauss-newton) is -1 with OptBench's message. ``nfev`` counts the
calls of ``fun`` the solver asked for (finite differences excluded, as scipy's lm counts);
``njev`` the calls of a callable ``jac`` (None otherwise). ``fun`` and ``jac`` at x come from
those evaluations when the solver made them, else from one more (uncounted) call, as scipy's
lm evaluates J at x after MINPACK returns.
"""

import ctypes
import signal
import warnings

import numpy as np

from . import _library as L
from ._native import _check, _Run, _text

_EPS = np.finfo(float).eps

# scipy's TERMINATION_MESSAGES (scipy/optimize/_lsq/least_squares.py).
MESSAGES = {
    -1: "Improper input parameters status returned from `leastsq`",
    0: "The maximum number of function evaluations is exceeded.",
    1: "`gtol` termination condition is satisfied.",
    2: "`ftol` termination condition is satisfied.",
    3: "`xtol` termination condition is satisfied.",
    4: "Both `ftol` and `xtol` termination conditions are satisfied.",
}

_STATUS = {
    "converged-gradient": 1, "converged-f-change": 2, "converged-step": 3,
    "evaluation-limit": 0, "iteration-limit": 0,
}


def _result_class():
    try:
        from scipy.optimize import OptimizeResult
    except ImportError:
        from ._pipe import OptimizeResult
    return OptimizeResult


def _jacobian_step(x, rel_step, method):
    """scipy's absolute finite-difference step (approx_derivative's _compute_absolute_step)."""
    if rel_step is None:
        rel_step = _EPS ** 0.5 if method in ("2-point", "cs") else _EPS ** (1 / 3)
    sign = (x >= 0).astype(float) * 2 - 1
    h = rel_step * sign * np.maximum(1.0, np.abs(x))
    dx = (x + h) - x
    fallback = (_EPS ** 0.5 if method != "3-point" else _EPS ** (1 / 3)) * sign * np.maximum(1.0, np.abs(x))
    return np.where(dx == 0, fallback, h)


class _Residuals(_Run):
    """The user's fun and jac for C: residuals and Jacobian (column-major) written into
    OptBench's buffers, the last values kept by x; exceptions, Ctrl-C and buffer views as
    minimize's callbacks (``_native._Run``)."""

    def __init__(self, lib, fun, jac, args, kwargs, n, m, scale, diff_step, first):
        _Run.__init__(self, lib, n, fun, jac, None, None, args, None)
        self.kwargs, self.m, self.scale, self.diff_step = kwargs, m, scale, diff_step
        self.nfev = 1     # the call at x0 that found m (reused for OptBench's first request)
        self.njev = 0
        self.last_r = first          # (x, r) of the latest evaluation
        self.last_j = None           # (x, J) of the latest Jacobian

    def unscaled(self, z):
        return z * self.scale if self.scale is not None else z.copy()

    def residuals_at(self, x, counted=True):
        r = np.atleast_1d(np.asarray(self.fun(x, *self.args, **self.kwargs)))
        if r.shape != (self.m,):
            raise ValueError("fun returned shape %r, expected (%d,) as at x0" % (r.shape, self.m))
        if counted:
            self.nfev += 1
        return r

    def residuals_of(self, x):
        if self.last_r is not None and np.array_equal(self.last_r[0], x):
            return self.last_r[1]
        r = self.residuals_at(x)
        self.last_r = (x.copy(), r)
        return r

    def jacobian_of(self, x):
        if self.last_j is not None and np.array_equal(self.last_j[0], x):
            return self.last_j[1]
        if callable(self.jac):
            j = self.jac(x, *self.args, **self.kwargs)
            if hasattr(j, "toarray"):
                j = j.toarray()
            j = np.atleast_2d(np.asarray(j, dtype=float))
            self.njev += 1
        else:
            j = self.differences(x)
        if j.shape != (self.m, self.n):
            raise ValueError("jac returned shape %r, expected (%d, %d)" % (j.shape, self.m, self.n))
        self.last_j = (x.copy(), j)
        return j

    def differences(self, x):
        """scipy's '2-point', '3-point' or 'cs' differences of fun (uncounted calls)."""
        h = _jacobian_step(x, self.diff_step, self.jac)
        j = np.empty((self.m, self.n))
        if self.jac == "2-point":
            f0 = self.residuals_of(x)
        for k in range(self.n):
            step = np.zeros(self.n)
            if self.jac == "cs":
                step = step.astype(complex)
                step[k] = h[k] * 1j
                j[:, k] = np.imag(self.fun(x + step, *self.args, **self.kwargs)) / h[k]
                continue
            step[k] = h[k]
            up = x + step
            dx = up[k] - x[k]
            if self.jac == "2-point":
                j[:, k] = (self.residuals_at(up, counted=False) - f0) / dx
            else:
                down = x - step
                difference = self.residuals_at(up, counted=False) - self.residuals_at(down, counted=False)
                j[:, k] = difference / (up[k] - down[k])
        return j

    # The C callbacks (z: OptBench's variables; x = z·x_scale when x_scale is an array).
    def guarded(self, write, z_pointer, out_pointer):
        """Runs ``write(x, out_pointer)`` for C: 0, or the failure code with the exception kept."""
        if self.interrupted:
            return L.INTERRUPT
        try:
            write(self.unscaled(self.view(z_pointer)), out_pointer)
            return 0
        except BaseException as error:  # noqa: B902 — KeyboardInterrupt too
            return self.fail(error)

    def write_residuals(self, x, r_pointer):
        self.view(r_pointer, (self.m,))[:] = self.residuals_of(x)

    def write_jacobian(self, x, j_pointer):
        j = self.jacobian_of(x)
        if self.scale is not None:
            j = j * self.scale
        self.view(j_pointer, (self.n, self.m))[:] = j.T  # column-major m × n: n rows of m, Jᵀ

    def c_residuals(self, z_pointer, r_pointer, _user):
        return self.guarded(self.write_residuals, z_pointer, r_pointer)

    def c_jacobian(self, z_pointer, j_pointer, _user):
        return self.guarded(self.write_jacobian, z_pointer, j_pointer)


def least_squares(fun, x0, jac="2-point", bounds=(-np.inf, np.inf), method="trf", ftol=1e-8, xtol=1e-8,
                  gtol=1e-8, x_scale=None, loss="linear", f_scale=1.0, diff_step=None, tr_solver=None,
                  tr_options=None, jac_sparsity=None, max_nfev=None, verbose=0, args=(), kwargs=None,
                  callback=None, workers=None):
    """Solve min ½‖fun(x)‖² with OptBench (see this module's docstring for the mapping)."""
    if method not in ("trf", "dogbox", "lm", "gauss-newton"):
        raise ValueError("`method` must be 'trf', 'dogbox' or 'lm' (or OptBench's 'gauss-newton').")
    if jac not in ("2-point", "3-point", "cs") and not callable(jac):
        raise ValueError("`jac` must be '2-point', '3-point', 'cs' or callable.")
    if verbose not in (0, 1, 2):
        raise ValueError("`verbose` must be in [0, 1, 2].")
    if max_nfev is not None and max_nfev <= 0:
        raise ValueError("`max_nfev` must be None or positive integer.")
    if np.iscomplexobj(x0):
        raise ValueError("`x0` must be real.")
    x0 = np.atleast_1d(x0).astype(float)
    if x0.ndim > 1:
        raise ValueError("`x0` must have at most 1 dimension.")
    n = x0.size
    if hasattr(bounds, "lb") and hasattr(bounds, "ub"):
        bounds = (bounds.lb, bounds.ub)
    if len(bounds) != 2:
        raise ValueError("`bounds` must contain 2 elements.")
    lb, ub = (np.resize(np.asarray(b, dtype=float), n) for b in bounds)
    bounded = not np.all((lb == -np.inf) & (ub == np.inf))
    if loss != "linear":
        raise ValueError("loss=%r: OptBench's least-squares solvers (lm, gauss-newton) minimize the plain sum of "
                         "squares; only loss='linear' is supported" % (loss,))
    if bounded:
        if method == "lm":
            raise ValueError("Method 'lm' doesn't support bounds.")
        raise ValueError("method=%r with bounds: OptBench has no bounded least-squares solver (its lm and "
                         "gauss-newton are unbounded); minimize ½‖r‖² with "
                         "optbench.minimize(..., method='lbfgsb', bounds=...)" % (method,))
    if jac_sparsity is not None and method in ("lm", "trf", "dogbox"):
        if method == "lm":
            raise ValueError("method='lm' does not support `jac_sparsity`.")
        raise ValueError("`jac_sparsity`: OptBench's lm works with dense Jacobians")
    if tr_solver not in (None, "exact"):
        raise ValueError("tr_solver=%r: OptBench's lm factors the dense Jacobian (tr_solver='exact')" % (tr_solver,))
    kwargs = dict(kwargs or {})
    if not isinstance(args, tuple):
        args = (args,)

    solver_name = "gauss-newton" if method == "gauss-newton" else "lm"
    if method in ("trf", "dogbox"):
        warnings.warn("method=%r: OptBench has no %s solver; solving with its Levenberg-Marquardt ('lm', MINPACK's "
                      "lmder algorithm) and the same ftol, xtol, gtol, max_nfev (pass method='lm' to silence this)"
                      % (method, "trust-region-reflective" if method == "trf" else "dogbox"), UserWarning,
                      stacklevel=3)

    # Tolerances as scipy checks them for lm.
    for name, value in (("ftol", ftol), ("xtol", xtol), ("gtol", gtol)):
        if value is not None and value < _EPS:
            warnings.warn("Setting `%s` below the machine epsilon (%.2e) effectively disables the corresponding "
                          "termination condition." % (name, _EPS), stacklevel=3)
    ftol, xtol, gtol = (0.0 if t is None else float(t) for t in (ftol, xtol, gtol))
    if solver_name == "lm" and min(ftol, xtol, gtol) < _EPS:
        raise ValueError("All tolerances must be higher than machine epsilon (%.2e) for method 'lm'." % _EPS)

    # x_scale: 'jac' (lm's default) or positive numbers (trf's default 1.0).
    if x_scale is None:
        x_scale = "jac" if method == "lm" else 1.0
    scale = None
    if not (isinstance(x_scale, str) and x_scale == "jac"):
        try:
            scale = np.asarray(x_scale, dtype=float)
            valid = bool(np.all(np.isfinite(scale)) and np.all(scale > 0))
        except (ValueError, TypeError):
            valid = False
        if not valid:
            raise ValueError("`x_scale` must be 'jac' or array_like with positive numbers.")
        scale = np.resize(scale, n) if scale.ndim == 0 else scale
        if scale.shape != x0.shape:
            raise ValueError("Inconsistent shapes between `x_scale` and `x0`.")
    if callback is not None:  # scipy's warning for lm; OptBench's least_squares calls none
        warnings.warn("Callback function specified, but not supported with `%s` method." % solver_name, stacklevel=3)

    f0 = np.atleast_1d(np.asarray(fun(x0, *args, **kwargs)))
    if f0.ndim != 1:
        raise ValueError("`fun` must return at most 1-d array_like. f0.shape: %r" % (f0.shape,))
    if not np.all(np.isfinite(f0)):
        raise ValueError("Residuals are not finite in the initial point.")
    m = f0.size
    if m < n:
        raise ValueError("Method 'lm' doesn't work when the number of residuals is less than the number of "
                         "variables." if solver_name == "lm" else
                         "gauss-newton needs at least as many residuals as variables (m = %d < n = %d)" % (m, n))
    if max_nfev is None:
        max_nfev = 100 * n

    if solver_name == "lm":
        options = {"reduction-tol": ftol, "radius-tol": xtol, "cosine-tol": gtol, "factor": 100,
                   "scale": "jacobian" if scale is None else "none"}
    else:
        options = {"ftol": ftol, "xtol": xtol}
    # The driver's own gradient test is not MINPACK's: off for lm (gtol is the cosine test).
    options.update({"gtol": 0 if solver_name == "lm" else gtol, "max-evals": int(max_nfev),
                    "max-iter": int(max_nfev), "trace-every": 0})

    lib = L.library()
    residuals = _Residuals(lib, fun, jac, args, kwargs, n, m, scale, diff_step, (x0.copy(), f0))
    z0 = x0 / scale if scale is not None else x0.copy()
    problem, solver, result = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    r_callback = L.RESIDUALS(residuals.c_residuals)
    j_callback = L.JACOBIAN(residuals.c_jacobian)
    previous = None
    try:
        keys = [k.encode() for k in options]
        values = [("%r" % v if isinstance(v, float) else str(v)).encode() for v in options.values()]
        key_array = (ctypes.c_char_p * len(keys))(*keys)
        value_array = (ctypes.c_char_p * len(values))(*values)
        if lib.optbench_solver_create(solver_name.encode(), key_array, value_array, len(keys),
                                      ctypes.byref(solver)) != L.OK:
            raise ValueError(L.last_error(lib))
        _check(lib, lib.optbench_problem_create(n, L.VALUE_GRADIENT(), None, ctypes.byref(problem)))
        _check(lib, lib.optbench_problem_set_residuals(problem, m, r_callback, j_callback, None))
        previous = residuals.install_interrupt_handler()
        code = lib.optbench_minimize(problem, solver, z0.ctypes.data_as(L.c_double_p), L.ITERATION(), None,
                                     ctypes.byref(result))
        if code != L.OK:
            raise ValueError(L.last_error(lib))
        z = np.ctypeslib.as_array(lib.optbench_result_x(result), shape=(n,)).copy()
        optbench_status = _text(lib.optbench_result_status(result))
        optbench_message = _text(lib.optbench_result_message(result))
        nit = lib.optbench_result_iterations(result)
        description = _text(lib.optbench_result_solver(result))
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        for free, handle in ((lib.optbench_result_free, result), (lib.optbench_problem_free, problem),
                             (lib.optbench_solver_free, solver)):
            free(handle)
    if residuals.interrupted:
        raise KeyboardInterrupt
    if residuals.error is not None:
        raise residuals.error

    x = residuals.unscaled(z)
    nfev, njev = residuals.nfev, residuals.njev
    f = residuals.last_r[1] if np.array_equal(residuals.last_r[0], x) else residuals.residuals_at(x, counted=False)
    J = residuals.jacobian_of(x)
    residuals.njev = njev  # the final Jacobian is not the solver's (scipy's lm: neither)
    g = J.T @ f
    status = _STATUS.get(optbench_status, -1)
    message = MESSAGES[status] if status in _STATUS.values() else optbench_message
    if verbose >= 1:
        print(message)
    Result = _result_class()
    return Result(
        x=x, cost=0.5 * float(f @ f), fun=f, jac=J, grad=g, optimality=float(np.max(np.abs(g))) if n else 0.0,
        active_mask=np.zeros(n, dtype=int), nfev=nfev, njev=njev if callable(jac) else None, status=status,
        message=message, success=status > 0, nit=nit, optbench_status=optbench_status,
        optbench_message=optbench_message, solver=description)
