"""Minimize Python functions with OptBench's solvers.

Two backends, one call::

    import numpy as np, optbench

    def rosen(x):
        a, b = x
        return (1 - a)**2 + 100*(b - a*a)**2, np.array([-2*(1 - a) - 400*a*(b - a*a), 200*(b - a*a)])

    r = optbench.minimize(rosen, [-1.2, 1.0], jac=True, method="lbfgs", options={"gtol": 1e-8})
    print(r.status, r.x, r.nit, r.nfev)

``minimize`` is a drop-in for ``scipy.optimize.minimize`` (``optbench._scipy``).

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


def minimize(fun, x0, args=(), method=None, jac=None, hess=None, hessp=None, bounds=None, constraints=(),
             tol=None, callback=None, options=None, *, backend="native", optbench=None):
    """Minimize ``fun`` from ``x0``: ``scipy.optimize.minimize``'s call and answers, on OptBench.

    Takes scipy 1.17's arguments in scipy's order and means what scipy means by them
    (docs/python.md has the method and option maps and the differences that remain):

    fun : ``fun(x, *args)`` -> f (a float, 0-d or 1-element array), or ``(f, g)`` with
        ``jac=True``. x is a fresh float64 ndarray each call (keep it if you like).
    x0 : the start, 1-D (a scalar is one variable); integers become floats.
    args : extra arguments of fun, jac, hess, hessp (a non-tuple is one argument).
    method : scipy's names, any case: ``BFGS`` (the default; ``L-BFGS-B`` with bounds), ``L-BFGS-B``,
        ``CG``, ``Newton-CG``, ``trust-ncg``, ``trust-krylov``, ``trust-exact``, ``dogleg``, run by
        OptBench's ``bfgs``, ``lbfgsb``, ``cg``, ``newton-cg``, ``newton-cg-tr``, ``trust-exact``
        (trust-krylov too), ``dogleg``; or any of OptBench's own names (``optbench list``:
        ``lbfgs``, ``newton``, ``sr1``, ...); or a callable (a custom method, as scipy calls it).
        ``Nelder-Mead`` (OptBench's ``nelder-mead``: f only, scipy's run bit for bit, with its
        options ``maxiter``, ``maxfev``, ``xatol``, ``fatol``, ``adaptive``, ``initial_simplex``,
        ``return_all``, ``disp``, ``bounds``). ``Powell`` (OptBench's ``powell``: f only, scipy's run bit for
        bit, with its options ``xtol``, ``ftol``, ``maxiter``, ``maxfev``, ``direc``, ``return_all``, ``disp``;
        the result has ``direc``). ``cmaes`` (CMA-ES: f only, seeded; options ``sigma``,
        ``popsize``, ``seed``, ``maxfev``, ``tolfun``, ``tolx``, …, bounds by cma's BoundTransform).
        COBYLA, COBYQA, SLSQP, TNC and trust-constr: ValueError (OptBench
        does not have them yet); constraints with ``method=None``: NotImplementedError.
    jac : a callable ``jac(x, *args)``, True (fun returns f and g), ``'2-point'``, ``'3-point'``,
        ``'cs'`` (differences with a relative step, ``finite_diff_rel_step``) or None (forward
        differences with the absolute step ``eps``). Newton-CG and the trust-region methods need
        a callable or True.
    hess, hessp : for Newton-CG and the trust-region methods: ``hess(x, *args)`` -> n × n (an
        ndarray, a sparse matrix or a LinearOperator), ``hessp(x, p, *args)`` -> ∇²f·p, or
        ``hess='2-point'``/``'3-point'``/``'cs'`` (products by differences of the gradient).
        Given to other methods they are ignored with scipy's RuntimeWarning.
    bounds : for L-BFGS-B, Nelder-Mead (clipping) and Powell (searches on the feasible segment): ``(min, max)`` pairs (None: unbounded) or ``scipy.optimize.Bounds``
        (anything with ``lb`` and ``ub``); other methods warn and ignore them, as scipy does.
    tol : sets ``gtol`` (and ``ftol`` for L-BFGS-B, ``xtol`` for Newton-CG) as scipy does.
    callback : ``callback(xk)`` or ``callback(intermediate_result)`` (by the parameter's name)
        after every iteration; raising StopIteration ends the run with status 99.
    options : scipy's keys for the method (``maxiter``, ``gtol``, ``norm``, ``eps``, ``xrtol``,
        ``c1``, ``c2``, ``maxcor``, ``ftol``, ``maxfun``, ``maxls``, ``xtol``,
        ``initial_trust_radius``, ``max_trust_radius``, ``eta``, ``disp``, ``return_all``,
        ``finite_diff_rel_step``, ``workers`` (accepted; evaluations are serial), ``hess_inv0``)
        and OptBench's own (``optbench run``'s flags: ``memory``, ``line-search``, ...);
        anything else draws scipy's OptimizeWarning ("Unknown solver options") and is ignored.
    backend : ``"native"`` (in-process, the default) or ``"pipe"`` (a child ``optbench``
        process: fun, x0, jac, method, options and args only, with OptBench's statuses;
        ``optbench`` is the binary's path).

    Result: ``scipy.optimize.OptimizeResult`` when scipy imports (otherwise a dict with
    attribute access) with scipy's ``x, fun, jac, nit, nfev, njev, nhev, status, success,
    message`` (scipy's integer codes and words per method), ``allvecs`` with return_all,
    ``hess_inv`` when OptBench's layer provides it, and OptBench's ``cost`` (gradient-evaluation
    equivalents), ``seconds`` (the whole run), ``objective_seconds``, ``trace`` (a dict of arrays),
    ``optbench_status`` and ``optbench_solver``.

    Errors: an exception raised by fun, jac, hess, hessp or callback propagates unchanged (its
    ``optbench_result`` attribute holds OptBench's result at the last accepted iterate);
    Ctrl-C ends the run and raises KeyboardInterrupt.
    """
    if backend == "pipe":
        if bounds is not None or hessp is not None or hess is not None or callback is not None:
            raise ValueError("backend='pipe' takes no bounds, hessp, hess or callback; use backend='native'")
        from . import _constraints, _pipe, _scipy
        if _constraints.listed(constraints):   # refused rather than dropped: the run would ignore them
            raise ValueError("backend='pipe' takes no constraints (this package's pipe backend answers f and g "
                             "only); use backend='native' for constraints=")
        table = dict(_scipy.METHODS, **_scipy.DERIVATIVE_FREE_METHODS)
        solver = "lbfgs" if method is None else table.get(str(method).lower(), (method,))[0]
        return _pipe.minimize(fun, x0, jac=jac, method=solver, options=options, args=args, optbench=optbench)
    if backend != "native":
        raise ValueError("backend=%r: expected 'native' or 'pipe'" % (backend,))
    from . import _scipy
    return _scipy.minimize(fun, x0, args=args, method=method, jac=jac, hess=hess, hessp=hessp, bounds=bounds,
                           constraints=constraints, tol=tol, callback=callback, options=options)


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
