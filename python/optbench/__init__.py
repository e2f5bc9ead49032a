"""Minimize Python functions with OptBench's solvers.

Two backends, one call::

    import numpy as np, optbench

    def rosen(x):
        a, b = x
        return (1 - a)**2 + 100*(b - a*a)**2, np.array([-2*(1 - a) - 400*a*(b - a*a), 200*(b - a*a)])

    r = optbench.minimize(rosen, [-1.2, 1.0], jac=True, method="lbfgs", options={"gtol": 1e-8})
    print(r.status, r.x, r.nit, r.nfev)

* ``backend="native"`` (the default): OptBench's C library (libOptBenchC.so) called in this
  process through ctypes; every evaluation is a direct call of the Python function with x as a
  NumPy view of OptBench's buffer. Bounds, ``hessp``/``hess`` and a per-iteration
  ``callback`` are available. See ``optbench._native`` and ``optbench._library``
  (``find_library`` says where the library is looked for).
* ``backend="pipe"``: the fallback when the library is not available: ``optbench run
  --problem pipe`` as a child process, one JSON line per evaluation (``optbench._pipe``;
  needs only the ``optbench`` binary, found by ``find_optbench``).
"""

from ._library import find_library
from ._pipe import OptimizeResult, compare, find_optbench, format_table

__all__ = ["minimize", "least_squares", "compare", "format_table", "OptimizeResult", "find_optbench",
           "find_library"]


def minimize(fun, x0, jac=None, method="lbfgs", options=None, args=(), callback=None, bounds=None,
             hessp=None, hess=None, backend="native", optbench=None):
    """Minimize ``fun`` from ``x0`` with an OptBench solver; returns an :class:`OptimizeResult`.

    Parameters
    ----------
    fun : ``fun(x, *args)`` -> f, or ``(f, g)`` with ``jac=True``. In the native backend x is a
        read-only NumPy view of OptBench's buffer, valid during the call only: copy it
        (``x.copy()``) to keep it.
    x0 : the start, 1-D (n >= 1, finite).
    jac : True (``fun`` returns ``(f, g)``), a callable ``jac(x, *args)`` -> g (n elements), or
        None / ``"3-point"`` / ``"2-point"`` for central differences of ``fun`` (2n extra calls
        per gradient; ``nfev`` then counts every call of ``fun``).
    method : the solver, as ``optbench run --solver`` names it: ``lbfgs`` (default), ``bfgs``,
        ``cg``, ``lbfgsb`` (bounds), ``newton-cg`` (``hessp``), ``newton`` (``hess`` or
        ``hessp``), … (``optbench list``).
    options : ``optbench run``'s flags as a dict: ``{"gtol": 1e-8, "memory": 5,
        "line-search": "hager-zhang", "max-iter": 500, "trace-every": 10}`` (underscores
        become dashes; scipy's ``maxiter``, ``maxcor``, ``maxfun`` are accepted; True is a
        switch). Refused exactly as the command line refuses them: ``ValueError`` with its
        one-line message.
    callback : native only. ``callback(state)`` after every iteration (and at x0); ``state``
        has ``x`` and ``jac`` (read-only views, valid during the call), ``fun``, ``nit``,
        ``nfev``, ``njev``, ``gradient_norm``, ``step_length``, ``seconds``. Return True (or
        raise StopIteration) to stop: status ``stopped-by-callback``.
    bounds : native only, for ``lbfgsb``: a sequence of ``(lower, upper)`` pairs (None: no
        bound), or an object with ``lb`` and ``ub`` (``scipy.optimize.Bounds``).
    hessp, hess : native only: ``hessp(x, p, *args)`` -> ∇²f(x)p, ``hess(x, *args)`` -> n × n.
    backend : ``"native"`` (in-process, the default) or ``"pipe"`` (a child ``optbench``
        process; ``jac``, ``method``, ``options`` and ``args`` only; ``optbench`` is its path).

    Errors
    ------
    An exception raised by ``fun``, ``jac``, ``hessp``, ``hess`` or ``callback`` ends the run
    (status ``evaluation-failed`` at the last accepted iterate) and is re-raised from
    ``minimize`` with the result as its ``optbench_result`` attribute. Ctrl-C ends the run with
    status ``interrupted`` and raises KeyboardInterrupt (its ``optbench_result`` too). A
    gradient of the wrong shape ends the run with ``evaluation-failed`` and says so in
    ``message``. NaN or inf from ``fun`` is not an error: the line search backs off (at x0 the
    run ends with status ``non-finite``).

    Result
    ------
    ``x, fun, jac, nit, nfev, njev, nhev, status, status_code, success, message, detail,
    gradient_norm, solver, seconds, objective_seconds, trace`` (a dict of NumPy arrays:
    iteration, f, gradient_norm, step_length, f_evaluations, gradient_evaluations, seconds).
    """
    if backend == "pipe":
        if bounds is not None or hessp is not None or hess is not None:
            raise ValueError("backend='pipe' takes no bounds, hessp or hess; use backend='native'")
        from . import _pipe
        return _pipe.minimize(fun, x0, jac=jac, method=method, options=options, args=args, callback=callback,
                              optbench=optbench)
    if backend != "native":
        raise ValueError("backend=%r: expected 'native' or 'pipe'" % (backend,))
    from . import _native
    return _native.minimize(fun, x0, jac=jac, method=method, options=options, args=args, callback=callback,
                            bounds=bounds, hessp=hessp, hess=hess)


def least_squares(fun, x0, jac="2-point", bounds=(-float("inf"), float("inf")), method="trf", ftol=1e-8, xtol=1e-8,
                  gtol=1e-8, x_scale=None, loss="linear", f_scale=1.0, diff_step=None, tr_solver=None,
                  tr_options=None, jac_sparsity=None, max_nfev=None, verbose=0, args=(), kwargs=None,
                  callback=None, workers=None):
    """scipy.optimize.least_squares over OptBench's ``lm`` (MINPACK's Levenberg–Marquardt) and
    ``gauss-newton``, in process. ``method='lm'`` maps ftol/xtol/gtol/x_scale/max_nfev onto
    MINPACK's; scipy's default ``'trf'`` (and ``'dogbox'``) runs ``lm`` with a UserWarning when
    unbounded and refuses bounds; robust losses are refused. The result is scipy's (x, cost,
    fun, jac, grad, optimality, active_mask, nfev, njev, status, message, success). Details:
    ``optbench._least_squares``.
    """
    from . import _least_squares
    return _least_squares.least_squares(
        fun, x0, jac=jac, bounds=bounds, method=method, ftol=ftol, xtol=xtol, gtol=gtol, x_scale=x_scale, loss=loss,
        f_scale=f_scale, diff_step=diff_step, tr_solver=tr_solver, tr_options=tr_options, jac_sparsity=jac_sparsity,
        max_nfev=max_nfev, verbose=verbose, args=args, kwargs=kwargs, callback=callback, workers=workers)
