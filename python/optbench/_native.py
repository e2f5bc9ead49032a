"""The in-process backend: OptBench's C library (libOptBenchC.so) through ctypes.

OptBench calls the Python function directly, in this process and on this thread, once per
evaluation: x arrives as a read-only NumPy view of OptBench's own buffer and the gradient is
written straight into OptBench's buffer (no copies, no serialization; a view is made per call
with ``np.ctypeslib.as_array``).
"""

import ctypes
import math
import signal
import threading

import numpy as np

from . import _hessinv
from . import _library as L
from ._pipe import OptimizeResult, _options

_CBRT_EPS = 6.0554544523933395e-06   # eps ** (1/3): OptBench's central-difference step factor


# OptBench's solvers that never ask for ∇f: they get fun alone (no differences in Python).
DERIVATIVE_FREE = ("nelder-mead", "powell", "bobyqa", "cmaes", "newuoa")


def _assignments(options):
    """(keys, values) as bytes for optbench_solver_create (a switch's value None), from an
    options dict as the pipe backend reads it (``_pipe._options``)."""
    pairs = list(_options(options))
    return [key.encode() for key, _ in pairs], [None if text is None else text.encode() for _, text in pairs]


def _bounds(bounds, n):
    """(lower, upper) float arrays of n from scipy-style bounds: a sequence of (lo, hi) pairs
    (None for no bound), or an object with ``lb``/``ub`` (scipy.optimize.Bounds; scalars
    broadcast)."""
    if hasattr(bounds, "lb") and hasattr(bounds, "ub"):
        lower, upper = bounds.lb, bounds.ub
    else:
        if len(bounds) != n:
            raise ValueError("bounds has %d entries, expected %d (one (lower, upper) pair per variable)" % (len(bounds), n))
        lower = [-math.inf if pair[0] is None else pair[0] for pair in bounds]
        upper = [math.inf if pair[1] is None else pair[1] for pair in bounds]
    lower = np.broadcast_to(np.asarray([-math.inf if v is None else v for v in np.atleast_1d(lower)], dtype=float), (n,))
    upper = np.broadcast_to(np.asarray([math.inf if v is None else v for v in np.atleast_1d(upper)], dtype=float), (n,))
    return np.ascontiguousarray(lower), np.ascontiguousarray(upper)


class _Run(object):
    """One run's callbacks: the user's functions wrapped for C, the first exception they raised,
    the evaluations of ``fun``, and Ctrl-C."""

    def __init__(self, lib, n, fun, jac, hessp, hess, args, callback):
        self.lib, self.n, self.fun, self.jac, self.args = lib, n, fun, jac, args
        self.hessp, self.hess, self.user_callback = hessp, hess, callback
        self.error = None          # the first exception a user function raised
        self.interrupted = False   # Ctrl-C seen during the run
        self.calls = 0             # calls of fun
        self.stopped = False       # the user's callback asked to stop
        self.views = {}            # (address, shape) -> NumPy view of OptBench's buffer

    def view(self, address, shape=None):
        """A NumPy view of OptBench's buffer at `address` (no copy): ``np.ctypeslib.as_array``
        of the pointer, made once per buffer and kept for the run (OptBench passes a few
        buffers over and over: making a view costs some 5 µs, finding it 0.3). Safe because a
        buffer OptBench passes as an n-vector has n elements whenever it passes it."""
        key = (address, shape)
        array = self.views.get(key)
        if array is None:
            array = np.ctypeslib.as_array(ctypes.cast(address, L.c_double_p), shape=shape or (self.n,))
            self.views[key] = array
        return array

    def point(self, address):
        """A read-only view (x, v: what the user's function must not write)."""
        key = (address, "read-only")
        array = self.views.get(key)
        if array is None:
            array = self.view(address).view()
            array.flags.writeable = False
            self.views[key] = array
        return array

    def fail(self, error):
        """Records the exception (the first wins), tells C why, and returns the failure code."""
        if isinstance(error, KeyboardInterrupt):
            self.interrupted = True
            return L.INTERRUPT
        if self.error is None:
            self.error = error
        text = str(error)
        message = "%s: %s" % (type(error).__name__, text) if text else type(error).__name__
        self.lib.optbench_set_callback_error(message.encode("utf-8", "replace"))
        return 1

    def fail_with(self, message):
        self.lib.optbench_set_callback_error(message.encode("utf-8", "replace"))
        return 1

    def store_gradient(self, g, out):
        g = np.asarray(g, dtype=float)
        if g.shape != (self.n,):
            return "the gradient has shape %r, expected (%d,)" % (g.shape, self.n)
        out[:] = g
        return None

    def value(self, x):
        self.calls += 1
        if self.jac is True:  # fun returns (f, g): f alone is asked for
            return float(self.fun(x, *self.args)[0])
        return float(self.fun(x, *self.args))

    # -- the C callbacks ------------------------------------------------------------------

    def value_gradient(self, x_pointer, f_pointer, g_pointer, _user):
        if self.interrupted:
            return L.INTERRUPT
        try:
            x, g_out = self.point(x_pointer), self.view(g_pointer)
            if self.jac is True:
                self.calls += 1
                f, g = self.fun(x, *self.args)
                f = float(f)
            elif callable(self.jac):
                f = self.value(x)
                g = self.jac(x, *self.args)
            else:
                f = self.value(x)
                g = self.differences(x, f)
            problem = self.store_gradient(g, g_out)
            if problem:
                return self.fail_with(problem)
            f_pointer[0] = f
            return 0
        except BaseException as error:  # noqa: B902 — KeyboardInterrupt too: it must reach C as an interruption
            return self.fail(error)

    def value_only(self, x_pointer, f_pointer, _user):
        if self.interrupted:
            return L.INTERRUPT
        try:
            f_pointer[0] = self.value(self.point(x_pointer))
            return 0
        except BaseException as error:  # noqa: B902
            return self.fail(error)

    def differences(self, x, f):
        """Central differences of fun with OptBench's step (h = ε^(1/3) max(1, |xᵢ|), the
        representable step), 2n calls."""
        g = np.empty(self.n)
        point = np.array(x, dtype=float)
        for i in range(self.n):
            xi = point[i]
            h = _CBRT_EPS * max(1.0, abs(xi))
            up, down = xi + h, xi - h
            point[i] = up
            f_up = self.value(point)
            point[i] = down
            f_down = self.value(point)
            point[i] = xi
            g[i] = (f_up - f_down) / (up - down)
        return g

    def hessian_vector(self, x_pointer, v_pointer, out_pointer, _user):
        if self.interrupted:
            return L.INTERRUPT
        try:
            v = self.point(v_pointer)
            product = np.asarray(self.hessp(self.point(x_pointer), v, *self.args), dtype=float)
            if product.shape != (self.n,):
                return self.fail_with("hessp returned shape %r, expected (%d,)" % (product.shape, self.n))
            self.view(out_pointer)[:] = product
            return 0
        except BaseException as error:  # noqa: B902
            return self.fail(error)

    def hessian(self, x_pointer, h_pointer, _user):
        if self.interrupted:
            return L.INTERRUPT
        try:
            h = np.asarray(self.hess(self.point(x_pointer), *self.args), dtype=float)
            if h.shape != (self.n, self.n):
                return self.fail_with("hess returned shape %r, expected (%d, %d)" % (h.shape, self.n, self.n))
            self.view(h_pointer, (self.n, self.n))[:] = h
            return 0
        except BaseException as error:  # noqa: B902
            return self.fail(error)

    def constraint_values(self, x_pointer, c_pointer, _user):
        """c(x) of the run's constraints (``minimize(constraints=…)``), m values."""
        return self.constraint_call(x_pointer, c_pointer, self.constraints.values, (self.constraints.count,), "c(x)")

    def constraint_jacobian(self, x_pointer, j_pointer, _user):
        """J(x), m × n row-major."""
        shape = (self.constraints.count, self.n)
        return self.constraint_call(x_pointer, j_pointer, self.constraints.jacobian, shape, "the constraint Jacobian")

    def constraint_call(self, x_pointer, out_pointer, function, shape, name):
        if self.interrupted:
            return L.INTERRUPT
        try:
            value = np.asarray(function(self.point(x_pointer)), dtype=float)
            if value.size != shape[0] * (shape[1] if len(shape) > 1 else 1):
                return self.fail_with("%s has shape %r, expected %r" % (name, value.shape, shape))
            out = np.ctypeslib.as_array(ctypes.cast(out_pointer, L.c_double_p), shape=shape)
            out[...] = value.reshape(shape)
            return 0
        except BaseException as error:  # noqa: B902
            return self.fail(error)

    def iteration(self, info_pointer, _user):
        if self.interrupted:
            return L.INTERRUPT
        if self.user_callback is None:
            return 0
        try:
            info = info_pointer.contents
            state = OptimizeResult(
                x=self.point(info.x) if info.x else None, jac=self.point(info.gradient) if info.gradient else None,
                fun=info.f, nit=info.iteration,
                gradient_norm=info.gradient_norm, step_length=info.step_length, nfev=info.f_evaluations,
                njev=info.gradient_evaluations, seconds=info.seconds)
            if self.user_callback(state):
                self.stopped = True
                return 1
            return 0
        except StopIteration:
            self.stopped = True
            return 1
        except BaseException as error:  # noqa: B902
            self.fail(error)
            return L.INTERRUPT if self.interrupted else 1

    # -- Ctrl-C -----------------------------------------------------------------------------

    def install_interrupt_handler(self):
        """During the run the first Ctrl-C only sets a flag, which the next callback turns into
        OPTBENCH_INTERRUPT (status "interrupted"); KeyboardInterrupt is raised after the run.
        (Python raises KeyboardInterrupt where it next runs bytecode: at the entry of a ctypes
        callback, before any try, where ctypes would print and drop it.) A second Ctrl-C
        raises at once, as usual. Only on the main thread, where Python handles signals."""
        if threading.current_thread() is not threading.main_thread():
            return None
        previous = signal.getsignal(signal.SIGINT)
        if previous is not signal.default_int_handler:
            return None  # someone else's handler (or SIG_IGN): leave it alone

        def handler(signum, frame):
            if self.interrupted:
                raise KeyboardInterrupt
            self.interrupted = True

        signal.signal(signal.SIGINT, handler)
        return previous


def minimize(fun, x0, jac=None, method="lbfgs", options=None, args=(), callback=None, bounds=None,
             hessp=None, hess=None, gradient_cost=0, constraints=None):
    """In-process minimize (see ``optbench.minimize``). gradient_cost: f evaluations the callable
    jac spends on differences (its f(x) excluded); then OptBench's line searches call fun alone at
    trial points and jac only where they need the slope (optbench_problem_set_gradient_cost).
    constraints: lower ≤ c(x) ≤ upper as an object with ``count`` (m), ``lower``, ``upper``,
    ``linear`` (m each), ``values(x)`` (m numbers) and ``jacobian(x)`` (m × n)
    (``optbench._constraints.Stacked``)."""
    lib = L.library()
    options = dict(options or {})
    options.pop("disp", None)
    hess_inv0 = options.pop("hess_inv0", None)
    initial_simplex = options.pop("initial_simplex", None)
    direc = options.pop("direc", None)
    if not isinstance(args, tuple):
        args = (args,)
    start = np.array(x0, dtype=float, copy=True).reshape(-1) if np.ndim(x0) <= 1 else None
    if start is None:
        raise ValueError("x0 must be one-dimensional, got shape %r" % (np.shape(x0),))
    n = start.size
    if n == 0:
        raise ValueError("x0 is empty")
    if not np.all(np.isfinite(start)):
        raise ValueError("x0 must be finite")
    if isinstance(jac, str):
        if jac not in ("3-point", "fd", "2-point", "cs"):
            raise ValueError("jac=%r: expected None, True, a callable, '2-point' or '3-point'" % jac)
        jac = None  # central differences in Python (OptBench's step)
    elif jac is False:
        jac = None
    elif jac is not None and jac is not True and not callable(jac):
        raise ValueError("jac must be None, True, a callable, '2-point' or '3-point'")

    run = _Run(lib, n, fun, jac, hessp, hess, args, callback)
    run.constraints = constraints
    keep = []  # the C callbacks, alive until the run ends
    problem, solver, result = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    previous_handler = None
    try:
        keys, values = _assignments(options)
        count = len(keys)
        key_array = (ctypes.c_char_p * max(count, 1))(*keys)
        value_array = (ctypes.c_char_p * max(count, 1))(*values)
        if lib.optbench_solver_create(str(method).encode(), key_array, value_array, count, ctypes.byref(solver)) != L.OK:
            raise ValueError(L.last_error(lib))
        if hess_inv0 is not None:
            _hessinv.initial_inverse_hessian(lib, solver, hess_inv0, n)
        if initial_simplex is not None:
            _set_rows(lib, lib.optbench_solver_set_initial_simplex, solver, initial_simplex,
                      "initial_simplex must be an array of shape (n + 1, n)")
        if direc is not None:
            _set_rows(lib, lib.optbench_solver_set_directions, solver, direc, "direc must be an array of shape (n, n)")

        value_gradient = L.VALUE_GRADIENT(run.value_gradient)
        keep.append(value_gradient)
        _check(lib, lib.optbench_problem_create(n, value_gradient, None, ctypes.byref(problem)))
        if jac is not None or str(method) in DERIVATIVE_FREE:
            value_only = L.VALUE(run.value_only)
            keep.append(value_only)
            _check(lib, lib.optbench_problem_set_value(problem, value_only, None))
            if gradient_cost:
                _check(lib, lib.optbench_problem_set_gradient_cost(problem, gradient_cost))
        if hessp is not None:
            product = L.HESSIAN_VECTOR(run.hessian_vector)
            keep.append(product)
            _check(lib, lib.optbench_problem_set_hessian_vector(problem, product, None))
        if hess is not None:
            dense = L.HESSIAN(run.hessian)
            keep.append(dense)
            _check(lib, lib.optbench_problem_set_hessian(problem, dense, None))
        if bounds is not None:
            lower, upper = _bounds(bounds, n)
            code = lib.optbench_problem_set_bounds(problem, lower.ctypes.data_as(L.c_double_p), upper.ctypes.data_as(L.c_double_p))
            if code != L.OK:
                raise ValueError(L.last_error(lib))
        if constraints is not None:
            _set_constraints(lib, problem, run, constraints, keep)
        iteration = L.ITERATION(run.iteration)
        keep.append(iteration)

        previous_handler = run.install_interrupt_handler()
        code = lib.optbench_minimize(problem, solver, start.ctypes.data_as(L.c_double_p), iteration, None, ctypes.byref(result))
        if previous_handler is not None:
            signal.signal(signal.SIGINT, previous_handler)
            previous_handler = None
        if code != L.OK:
            raise ValueError(L.last_error(lib))
        outcome = _result(lib, result, n)
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGINT, previous_handler)
        lib.optbench_result_free(result)
        lib.optbench_problem_free(problem)
        lib.optbench_solver_free(solver)
    if jac is None:
        outcome["nfev"] = run.calls  # every call of fun, the differences' included
    if run.interrupted:
        interruption = KeyboardInterrupt()
        interruption.optbench_result = outcome
        raise interruption
    if run.error is not None:
        error = run.error
        try:
            error.optbench_result = outcome
        except AttributeError:
            pass
        raise error
    return outcome


def _set_constraints(lib, problem, run, constraints, keep):
    """optbench_problem_set_constraints (and the linear flags) with the run's callbacks."""
    values, jacobian = L.CONSTRAINTS(run.constraint_values), L.CONSTRAINT_JACOBIAN(run.constraint_jacobian)
    keep += [values, jacobian]
    lower = np.ascontiguousarray(constraints.lower, dtype=float)
    upper = np.ascontiguousarray(constraints.upper, dtype=float)
    code = lib.optbench_problem_set_constraints(
        problem, constraints.count, lower.ctypes.data_as(L.c_double_p), upper.ctypes.data_as(L.c_double_p), values,
        jacobian, None)
    if code != L.OK:
        raise ValueError(L.last_error(lib))
    linear = (ctypes.c_int * constraints.count)(*[1 if flag else 0 for flag in constraints.linear])
    _check(lib, lib.optbench_problem_set_linear_constraints(problem, linear))


def has_solver(name):
    """Whether the library's catalog has the solver `name` (optbench_solver_create accepts it)."""
    lib = L.library()
    solver = ctypes.c_void_p()
    known = lib.optbench_solver_create(str(name).encode(), None, None, 0, ctypes.byref(solver)) == L.OK
    lib.optbench_solver_free(solver)
    return known


def _set_rows(lib, setter, solver, values, shape_message):
    """Hands the solver a matrix row by row (nelder-mead's simplex, powell's directions)."""
    rows = np.ascontiguousarray(np.atleast_2d(np.asarray(values, dtype=float)))
    if rows.ndim != 2:
        raise ValueError(shape_message)
    if setter(solver, rows.shape[0], rows.shape[1], rows.ctypes.data_as(L.c_double_p)) != L.OK:
        raise ValueError(L.last_error(lib))


def _check(lib, code):
    if code != L.OK:
        raise RuntimeError(L.last_error(lib))


def _text(pointer):
    return (pointer or b"").decode("utf-8", "replace")


def _result(lib, result, n):
    def copy(pointer, count):
        return np.ctypeslib.as_array(pointer, shape=(count,)).copy() if count else np.empty(0)

    rows = lib.optbench_result_trace_length(result)
    trace = {name: copy(lib.optbench_result_trace(result, column), rows) for column, name in enumerate(L.TRACE_COLUMNS)}
    for name in ("iteration", "f_evaluations", "gradient_evaluations"):
        trace[name] = trace[name].astype(np.int64)
    detail = _text(lib.optbench_result_detail(result))
    objective_seconds = lib.optbench_result_objective_seconds(result)
    directions = lib.optbench_result_directions(result)
    extra = {} if not directions else {"direc": copy(directions, n * n).reshape(n, n)}
    m = lib.optbench_result_constraint_count(result)
    if m:
        extra.update(
            constraint_values=copy(lib.optbench_result_constraint_values(result), m),
            multipliers=copy(lib.optbench_result_multipliers(result), m),
            constr_violation=lib.optbench_result_constraint_violation(result),
            kkt_stationarity=lib.optbench_result_kkt_stationarity(result),
            complementarity=lib.optbench_result_complementarity(result),
            constraint_evaluations=lib.optbench_result_constraint_evaluations(result),
            constraint_jacobian_evaluations=lib.optbench_result_constraint_jacobian_evaluations(result),
            constraint_jacobian_products=lib.optbench_result_constraint_jacobian_products(result))
    return OptimizeResult(
        x=copy(lib.optbench_result_x(result), n),
        fun=lib.optbench_result_f(result),
        jac=copy(lib.optbench_result_gradient(result), n),
        nit=lib.optbench_result_iterations(result),
        nfev=lib.optbench_result_f_evaluations(result),
        njev=lib.optbench_result_gradient_evaluations(result),
        nhev=lib.optbench_result_hessian_evaluations(result) + lib.optbench_result_hessian_vector_products(result),
        status=_text(lib.optbench_result_status(result)),
        status_code=lib.optbench_result_status_code(result),
        success=bool(lib.optbench_result_converged(result)),
        message=_text(lib.optbench_result_message(result)),
        detail=detail or None,
        gradient_norm=lib.optbench_result_gradient_norm(result),
        solver=_text(lib.optbench_result_solver(result)),
        seconds=lib.optbench_result_seconds(result),
        objective_seconds=objective_seconds,
        trace=trace,
        hess_inv=_hessinv.from_result(lib, result, n),
        **extra,
    )
