"""The pipe backend (``optbench.minimize(..., backend="pipe")``): OptBench's solvers on a
Python function through a child process. The default backend calls the C library in-process
(``optbench._native``); this one needs only the ``optbench`` binary.

OptBench (the ``optbench`` command of this repository) runs its solvers on a Python
function through ``optbench run --problem pipe``: OptBench writes every point x it needs as
one JSON array line on its stdout, and this module answers each with one line
``{"f": ..., "g": [...]}`` on OptBench's stdin, computed by calling the function in this
process. Nothing but the standard library is needed; NumPy arrays are accepted and
returned when the start point is one.

Example::

    import optbench

    def rosen(x):
        a, b = x
        f = (1 - a) ** 2 + 100 * (b - a * a) ** 2
        g = [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)]
        return f, g

    r = optbench.minimize(rosen, [-1.2, 1.0], jac=True, method="bfgs",
                          options={"gtol": 1e-8})
    print(r.status, r.x, r.nit, r.nfev)

    rows = optbench.compare([("rosen", rosen)], [[-1.2, 1.0]], jac=True)
    print(optbench.format_table(rows))

The protocol, as this module speaks it
--------------------------------------
* request (OptBench's stdout): ``[x1, x2, ...]`` (``null`` for a non-finite element);
* answer (OptBench's stdin): ``{"f": f, "g": [g1, ...]}``; ``{"f": f}`` alone when OptBench
  differences f itself (``jac=None``: ``--gradient fd``); ``null`` in place of a non-finite
  number (the line search backs off); ``{"error": "TypeName: message"}`` when the Python
  function raised, which ends the run with status ``evaluation-failed`` at the last accepted
  iterate;
* the last stdout line is ``{"result": {...}}``, the run's JSON report;
* OptBench's human trace and summary go to its stderr (shown with ``disp=True``);
* exit status 0 converged, 1 stopped otherwise, 2 bad input (one line
  ``optbench: error: ...`` on stderr and no result: raised here as ``ValueError``),
  130 interrupted.

What is counted
---------------
``nfev``, ``njev`` and ``nhev`` are OptBench's own counts from the report (its
``f_evaluations``, ``gradient_evaluations``, and ``hessian_evaluations`` plus
``hessian_vector_products``, which scipy also counts in ``nhev``), which include the
request whose answer was an error. One request is one call of ``fun`` (and, with a callable
``jac``, one call of ``jac``), so with ``jac=True`` or a callable ``jac`` ``nfev == njev``.
With ``jac=None`` each gradient costs 1 + 2n requests (f at x, then central differences):
``nfev == njev * (1 + 2 * n)`` when every request came from a gradient evaluation;
with ``jac="2-point"`` (forward differences) 1 + n.

``result.jac`` is not in OptBench's report: it is computed here, after the run, at
``result.x``, and those calls are NOT included in ``nfev``/``njev``: with a callable ``jac``
one call of ``jac``; with ``jac=True`` one call of ``fun``; with ``jac=None`` (or a
difference scheme) Python-side differences of ``fun`` with OptBench's step (central:
``h = eps**(1/3) * max(1, |x_i|)``, 2n calls; forward: ``h = eps**(1/2) * max(1, |x_i|)``,
n + 1 calls), so ``max(abs(result.jac))`` reproduces OptBench's ``gradient_norm``. If that
last evaluation fails, ``result.jac`` is None.
"""

import collections
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time

__all__ = ["minimize", "compare", "format_table", "OptimizeResult", "find_optbench"]

# Options this module sets itself; users choose them through the arguments instead.
_RESERVED = {
    "problem": "the problem is always 'pipe' (the Python function)",
    "x0": "give the start as the x0 argument",
    "format": "the result line is JSON whatever the format; the text format keeps the trace on stderr (disp)",
    "output": "the report must come back on stdout",
    "gradient": "choose the gradient with the jac argument (None, True, a callable, '2-point' or '3-point')",
    "solver": "choose the solver with the method argument",
}

# scipy.optimize option names that mean the same as an OptBench flag.
_ALIASES = {
    "maxiter": "max-iter",
    "maxcor": "memory",    # L-BFGS-B: number of correction pairs
    "maxfun": "max-evals",  # OptBench checks it between iterations, so it may be passed by one search
    "maxfev": "max-evals",
}

# jac strings -> OptBench's --gradient value.
_DIFFERENCES = {"3-point": "fd", "cs": None, "2-point": "fd-forward", "fd": "fd", "fd-forward": "fd-forward"}

_CBRT_EPS = 6.0554544523933395e-06   # eps ** (1/3), OptBench's central step factor
_SQRT_EPS = 1.4901161193847656e-08   # eps ** (1/2), its forward step factor

# Status names (the report's "status") and OptBench's one-sentence explanation of each.
STATUS_EXPLANATIONS = {
    "converged-gradient": "converged: gradient norm below tolerance",
    "converged-subgradient": "converged: minimum-norm subgradient of f + λ‖x‖₁ below tolerance",
    "converged-projected-gradient": "converged: projected gradient ‖P(x − ∇f) − x‖∞ below tolerance",
    "converged-f-change": "converged: relative change of f below tolerance",
    "converged-step": "converged: step below tolerance",
    "iteration-limit": "stopped: iteration limit reached",
    "evaluation-limit": "stopped: evaluation limit reached",
    "time-limit": "stopped: time limit reached",
    "line-search-failed": "failed: line search found no acceptable step",
    "non-finite": "failed: non-finite function value or gradient",
    "factorization-failed": "failed: the shifted Hessian could not be factored",
    "non-positive-curvature": "failed: non-positive curvature along the search direction",
    "radius-collapsed": "failed: the trust region collapsed without an acceptable step",
    "stopped-by-callback": "stopped by callback",
    "interrupted": "stopped: interrupted",
    "evaluation-failed": "failed: the objective could not be evaluated",
    "epochs-completed": "finished the requested epochs",
    "diverged": "failed: the training loss grew past the divergence bound",
    "unbounded": "failed: f appears unbounded below (it kept decreasing along a ray up to the solver's largest step)",
    "converged-kkt": "converged: constraints satisfied and KKT stationarity below tolerance",
    "infeasible": "failed: a local minimizer of the constraint violation that is not feasible",
    "stagnated": "stopped: no progress in f over the recent iterations",
    "ill-conditioned": "stopped: the method's covariance or model matrix became too ill-conditioned",
}


class OptimizeResult(dict):
    """The result of :func:`minimize`: a dict whose keys are also attributes.

    Keys: ``x``, ``fun``, ``jac``, ``nit``, ``nfev``, ``njev``, ``nhev``, ``status`` (OptBench's
    status name, e.g. ``"converged-gradient"``), ``success`` (OptBench's ``converged``),
    ``message`` (the status explanation, then OptBench's detail when there is one),
    ``solver`` (OptBench's description of the solver and line search), ``extras`` (what only
    the method reports — OptBench's one ``extras`` object, e.g. ``{"l1": {...}}`` for owlqn or
    ``{"active_set": [...]}`` for lbfgsb on a box — or None), ``report`` (the whole JSON report,
    the fields of README's "JSON output of run"), ``seconds`` (OptBench's run time, which
    includes the time this process spent answering) and ``wall_seconds`` (the whole call,
    start-up included).
    """

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value

    def __delattr__(self, name):
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self):
        return list(self.keys())

    def __repr__(self):
        if not self:
            return "OptimizeResult()"
        width = max(len(k) for k in self)
        lines = []
        for key, value in self.items():
            if key in ("report", "trace"):
                value = "{...}"
            lines.append("%s: %r" % (key.rjust(width), value))
        return "\n".join(lines)


def _repository():
    """The OptBench checkout: python/optbench/_pipe.py's grandparent when it is one (in-tree
    and editable installs), else the one recorded when the package was installed."""
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if os.path.isfile(os.path.join(here, "Package.swift")):
        return here
    try:
        from . import _build_info
        return _build_info.REPOSITORY
    except ImportError:
        return here


def find_optbench(optbench=None):
    """The optbench executable to start.

    In order: the ``optbench`` argument (a path, or a name looked up on PATH), the
    environment variable ``OPTBENCH``, the repository's ``.build/release/optbench`` or
    ``.build/debug/optbench`` (the checkout this package is in, or was installed from; release
    unless the debug binary was built more recently), then ``optbench`` on PATH. Raises ``FileNotFoundError`` naming what was tried.
    """
    def usable(path):
        return os.path.isfile(path) and os.access(path, os.X_OK)

    def resolve(given, origin):
        if os.sep in given or usable(given):
            if usable(given):
                return os.path.abspath(given)
            raise FileNotFoundError("optbench: %s %r is not an executable file" % (origin, given))
        found = shutil.which(given)
        if found:
            return found
        raise FileNotFoundError("optbench: %s %r was not found on PATH" % (origin, given))

    if optbench:
        return resolve(str(optbench), "the optbench argument")
    env = os.environ.get("OPTBENCH")
    if env:
        return resolve(env, "OPTBENCH")
    root = _repository()
    tried = [os.path.join(root, ".build", configuration, "optbench") for configuration in ("release", "debug")]
    built = [path for path in tried if usable(path)]
    if built:
        # Release first, unless the debug build is newer (a stale release binary may
        # predate the pipe protocol).
        return max(built, key=lambda path: (os.path.getmtime(path), path == tried[0]))
    found = shutil.which("optbench")
    if found:
        return found
    raise FileNotFoundError(
        "optbench: no executable found; tried %s and 'optbench' on PATH. Build it with "
        "'swift build' (or 'swift build -c release'), or set OPTBENCH or the optbench "
        "argument to its path" % ", ".join(tried))


def _numpy_if_array(x0):
    """NumPy's module when x0 is a NumPy array (NumPy is never imported otherwise)."""
    np = sys.modules.get("numpy")
    if np is not None and isinstance(x0, np.ndarray):
        return np
    return None


def _options(options):
    """(key, text) for each option given, as OptBench names and spells them: ``--`` dropped,
    underscores as dashes, scipy's names mapped (``maxiter`` -> ``max-iter``); text None for a
    switch (True); False and None left out. Keys this module sets itself are refused. A key
    given with ``--`` is OptBench's own, never an alias (``--maxfev``: nelder-mead's maxfev)."""
    for key, value in options.items():
        key = str(key).strip()
        literal = key.startswith("--")
        if literal:
            key = key[2:]
        key = key.replace("_", "-")
        if not literal:
            key = _ALIASES.get(key, key)
        if key in _RESERVED:
            raise ValueError("option %r is not accepted: %s" % (key, _RESERVED[key]))
        if value is None or value is False:
            continue
        if value is True:
            yield key, None
        elif isinstance(value, float):
            # float(), not the value: NumPy 2's repr of np.float64 is "np.float64(...)".
            yield key, repr(float(value))
        else:
            yield key, str(value)


def _option_arguments(options):
    """CLI flags for an options dict: ``{"gtol": 1e-8, "max-iter": 500}`` ->
    ``["--gtol=1e-08", "--max-iter=500"]``; True -> ``--key``; False and None -> nothing."""
    return ["--" + key if text is None else "--%s=%s" % (key, text) for key, text in _options(options)]


def _number_text(value):
    value = float(value)
    if not math.isfinite(value):
        raise ValueError("x0 must be finite, got %r" % value)
    return repr(value)


def _json_number(value):
    """A finite float, or None (JSON null) for NaN and infinities."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _exception_text(error):
    text = str(error)
    name = type(error).__name__
    return "%s: %s" % (name, text) if text else name


def _differences(f, x, scheme):
    """OptBench's finite-difference gradient of f at x (list of floats), in Python."""
    g = []
    point = list(x)
    fx = f(point) if scheme == "fd-forward" else None
    for i, xi in enumerate(x):
        if scheme == "fd-forward":
            h = _SQRT_EPS * max(1.0, abs(xi))
            point[i] = xi + h
            up = point[i]
            g.append((float(f(point)) - float(fx)) / (up - xi))
        else:
            h = _CBRT_EPS * max(1.0, abs(xi))
            point[i] = xi + h
            up = point[i]
            f_up = float(f(point))
            point[i] = xi - h
            down = point[i]
            f_down = float(f(point))
            g.append((f_up - f_down) / (up - down))
        point[i] = xi
    return g


class _StderrCollector(object):
    """Reads the child's stderr in a thread (so the pipe never fills), keeping its tail and,
    with ``echo``, copying it to this process's stderr."""

    def __init__(self, stream, echo):
        self.lines = collections.deque(maxlen=200)
        self._stream = stream
        self._echo = sys.stderr if echo else None
        self._thread = threading.Thread(target=self._run, name="optbench-stderr", daemon=True)
        self._thread.start()

    def _run(self):
        try:
            for line in iter(self._stream.readline, ""):
                self.lines.append(line.rstrip("\n"))
                if self._echo is not None:
                    try:
                        self._echo.write(line)
                        self._echo.flush()
                    except Exception:
                        pass
        except (OSError, ValueError):
            pass

    def join(self, timeout=5.0):
        self._thread.join(timeout)

    def last_line(self):
        for line in reversed(self.lines):
            if line.strip():
                return line.strip()
        return ""

    def tail(self, count=10):
        return "\n".join(list(self.lines)[-count:])


def _end(process, stderr, grace=2.0):
    """Terminates the child if it still runs (SIGTERM, ``grace`` seconds, SIGKILL), reaps it,
    closes its pipes."""
    try:
        if process.poll() is None:
            try:
                process.terminate()
                process.wait(grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        for stream in (process.stdin, process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        if stderr is not None:
            stderr.join(1.0)
        if process.stderr is not None:
            try:
                process.stderr.close()
            except OSError:
                pass


def minimize(fun, x0, jac=None, method="lbfgs", options=None, args=(), callback=None, optbench=None):
    """Minimize ``fun`` from ``x0`` with an OptBench solver; returns an :class:`OptimizeResult`.

    Parameters
    ----------
    fun : callable ``fun(x, *args)`` returning f (a number), or ``(f, g)`` when ``jac=True``.
        x is a list of floats, or a NumPy array when ``x0`` is one.
    x0 : the start, a list/tuple of numbers or a 1-D NumPy array (n >= 1, finite). It is
        passed as ``--x0=`` with ``repr(float)`` of each element (an exact round trip).
    jac : None (default): OptBench differences f (``--gradient fd``, central, 2n extra
        requests per gradient); True: ``fun`` returns ``(f, g)``; a callable
        ``jac(x, *args)`` returning g; or ``"3-point"``/``"fd"`` (as None) or
        ``"2-point"``/``"fd-forward"`` (forward differences, n extra requests).
    method : OptBench's solver name: ``lbfgs`` (default), ``bfgs``, ``cg``, ``gd``,
        ``momentum``, ``nag`` (these two need ``options={"lr": ...}``), ``bb`` — see
        ``optbench list``. (``newton`` and ``linear-cg`` need a Hessian or a quadratic, which
        this protocol cannot provide: OptBench refuses them.)
    options : dict of OptBench flags, ``{"key": value}`` -> ``--key=value`` (underscores
        become dashes; True -> the switch ``--key``; False/None -> omitted), e.g.
        ``{"gtol": 1e-8, "max-iter": 500, "memory": 5, "line-search": "strong-wolfe"}``.
        scipy names accepted: ``maxiter`` (``max-iter``), ``maxcor`` (``memory``),
        ``maxfun``/``maxfev`` (``max-evals``, checked by OptBench between iterations);
        ``gtol`` and ``ftol`` are the same names in both (OptBench's gtol bounds
        ``max|g_i|``; its ftol is the relative decrease of f, as L-BFGS-B's). ``disp``:
        True copies OptBench's trace and summary (its stderr) to ``sys.stderr``; False
        (default) collects it silently. Unknown or inapplicable flags are OptBench's to
        refuse: ``ValueError`` with its message.
    args : extra positional arguments for ``fun`` and ``jac``.
    callback : must be None. OptBench's protocol shows this process the points it
        evaluates, not which of them it accepts as iterates, so a per-iteration callback
        cannot be honoured; ``result.report["trace"]`` has the per-iteration records.
    optbench : path of the optbench executable (see :func:`find_optbench`).

    Errors
    ------
    An exception raised by ``fun`` or ``jac`` is sent as ``{"error": "Type: message"}``;
    the run ends with ``status == "evaluation-failed"``, ``success`` False, the message in
    ``result.message``, and ``result.x``/``result.fun`` at the last accepted iterate.
    Non-finite f or g elements are sent as null. OptBench's bad-input exit (2) raises
    ``ValueError`` with its one-line message; OptBench ending without a result raises
    ``RuntimeError`` with its exit status and the tail of its stderr. ``KeyboardInterrupt``
    (Ctrl-C) terminates the child (SIGTERM, 2 s, SIGKILL) and is re-raised. The child is
    always reaped.
    """
    if callback is not None:
        raise NotImplementedError(
            "callback is not supported: OptBench's pipe protocol reports evaluation points, "
            "not accepted iterates; see result.report['trace'] after the run")
    options = dict(options or {})
    disp = bool(options.pop("disp", False))
    if not isinstance(args, tuple):
        args = (args,)

    np = _numpy_if_array(x0)
    if np is not None:
        if x0.ndim != 1:
            raise ValueError("x0 must be one-dimensional, got shape %r" % (x0.shape,))
        start = [float(v) for v in x0.tolist()]
    elif isinstance(x0, (int, float)):
        start = [float(x0)]
    else:
        start = [float(v) for v in x0]
    n = len(start)
    if n == 0:
        raise ValueError("x0 is empty")
    x0_text = ",".join(_number_text(v) for v in start)

    # How g is obtained.
    difference = None
    if jac is None:
        difference = "fd"
    elif isinstance(jac, str):
        if jac not in _DIFFERENCES or _DIFFERENCES[jac] is None:
            raise ValueError("jac=%r: expected None, True, a callable, '2-point' or '3-point'" % jac)
        difference = _DIFFERENCES[jac]
    elif jac is not True and not callable(jac):
        if jac is False:
            difference = "fd"
        else:
            raise ValueError("jac must be None, True, a callable, '2-point' or '3-point'")

    def to_user(x):
        return np.array(x, dtype=float) if np is not None else list(x)

    def vector(g):
        if np is not None and isinstance(g, np.ndarray):
            g = g.ravel().tolist()
        return [_json_number(v) for v in g]

    def answer(x):
        """The answer line for one request."""
        point = to_user(x)
        if difference is not None:
            return {"f": _json_number(fun(point, *args))}
        if jac is True:
            f, g = fun(point, *args)
        else:
            f = fun(point, *args)
            g = jac(to_user(x), *args)
        return {"f": _json_number(f), "g": vector(g)}

    executable = find_optbench(optbench)
    command = [executable, "run", "--problem", "pipe", "--x0=" + x0_text,
               "--solver", str(method).lower()]
    if difference is not None:
        command += ["--gradient", difference]
    command += _option_arguments(options)

    began = time.monotonic()
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        encoding="utf-8", errors="replace", bufsize=1)
    stderr = _StderrCollector(process.stderr, disp)
    report = None
    try:
        stdin_open = True
        while True:
            line = process.stdout.readline()
            if not line:
                break
            text = line.strip()
            if not text:
                continue
            try:
                message = json.loads(text)
            except ValueError:
                raise RuntimeError("optbench printed a line that is not JSON: %r" % text[:200])
            if isinstance(message, dict) and "result" in message:
                report = message["result"]
                break
            if not isinstance(message, list):
                raise RuntimeError("optbench printed an unexpected line: %r" % text[:200])
            x = [float("nan") if v is None else float(v) for v in message]
            try:
                reply = answer(x)
            except Exception as error:  # the user's function failed: tell OptBench why
                reply = {"error": _exception_text(error)}
            if stdin_open:
                try:
                    process.stdin.write(json.dumps(reply, separators=(",", ":"), allow_nan=False) + "\n")
                    process.stdin.flush()
                except (BrokenPipeError, OSError, ValueError):
                    stdin_open = False  # it ended; read on to see how
        # The run is over (or OptBench ended): close its input and let it exit.
        try:
            process.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        try:
            code = process.wait(10.0 if report is not None else 30.0)
        except subprocess.TimeoutExpired:
            code = None
        stderr.join(5.0)
        if report is None:
            if code == 2:
                line = stderr.last_line() or "optbench: bad input (exit status 2)"
                if "unknown problem 'pipe'" in line:
                    line += " (%s predates --problem pipe: rebuild it, or set OPTBENCH)" % executable
                raise ValueError(line)
            if code is None:
                how = "stopped writing without a result and did not exit"
            elif code < 0:
                how = "was killed by signal %d" % -code
            else:
                how = "exited with status %d" % code
            tail = stderr.tail()
            raise RuntimeError("optbench %s without a result%s" % (
                how, (":\n" + tail) if tail else " (nothing on its stderr)"))
    except BaseException:
        _end(process, stderr)
        raise
    _end(process, stderr)
    wall = time.monotonic() - began
    return _result(report, fun, jac, args, difference, to_user, vector, wall)


def _result(report, fun, jac, args, difference, to_user, vector, wall):
    status = report.get("status")
    explanation = STATUS_EXPLANATIONS.get(status, status or "")
    detail = report.get("detail")
    message = explanation + (" — " + detail if detail else "")
    xs = [float("nan") if v is None else float(v) for v in report.get("x") or []]
    f = report.get("f")
    f = float("nan") if f is None else float(f)

    # The final gradient, computed here (not counted in nfev/njev).
    g = None
    if xs and all(math.isfinite(v) for v in xs):
        try:
            if difference is not None:
                g = _differences(lambda p: fun(to_user(p), *args), xs, difference)
            elif jac is True:
                g = vector(fun(to_user(xs), *args)[1])
            else:
                g = vector(jac(to_user(xs), *args))
            g = [float("nan") if v is None else v for v in g]
        except Exception:
            g = None

    x = to_user(xs)
    if g is not None:
        g = to_user(g)
    return OptimizeResult(
        x=x,
        fun=f,
        jac=g,
        nit=report.get("iterations"),
        nfev=report.get("f_evaluations"),
        njev=report.get("gradient_evaluations"),
        nhev=(report.get("hessian_evaluations") or 0) + (report.get("hessian_vector_products") or 0),
        status=status,
        success=bool(report.get("converged")),
        message=message,
        solver=report.get("method"),
        extras=report.get("extras"),
        seconds=report.get("seconds"),
        wall_seconds=wall,
        report=report,
    )


def _entries(functions):
    """(name, fun, jac-or-missing) for each function or (name, fun[, jac]) pair."""
    missing = object()
    entries = []
    for item in functions:
        if isinstance(item, (tuple, list)):
            if len(item) == 2:
                entries.append((str(item[0]), item[1], missing))
            elif len(item) == 3:
                entries.append((str(item[0]), item[1], item[2]))
            else:
                raise ValueError("expected a function, (name, fun) or (name, fun, jac), got %r" % (item,))
        else:
            entries.append((getattr(item, "__name__", repr(item)), item, missing))
    return entries, missing


def compare(functions, x0s, methods=("lbfgs", "bfgs", "cg"), jac=None, options=None, optbench=None, as_frame=None):
    """Run every (function, method) pair with :func:`minimize`, one after another.

    ``functions``: callables (named by ``__name__``), ``(name, fun)`` pairs or
    ``(name, fun, jac)`` triples (a triple's jac overrides the ``jac`` argument).
    ``x0s``: one start per function, in the same order. ``jac`` and ``options`` apply to every
    run (``options`` may be a dict, or a dict from method name to a dict of that method's
    options).

    Returns, when pandas is installed (``as_frame=None``, the default, or True), a
    ``pandas.DataFrame`` with one row per run and the columns of OptBench's result schema
    (``compare --format csv``'s: ``problem`` — the function's name —, ``dimension``,
    ``label`` — the method as given —, ``solver``, ``status``, ``converged``,
    ``iterations``, ``f_evaluations``, ``gradient_evaluations``, ``hessian_evaluations``,
    ``hessian_vector_products``, ``jacobian_evaluations``, ``f``, ``gradient_norm``,
    ``seconds``, ``objective_seconds``, ``blas_threads``, ``method``, ``detail``, ``message``;
    see ``optbench._frame``). Without pandas (or ``as_frame=False``): a list of rows (dicts)
    with ``function, method, status, success, nit, nfev, njev, fun, seconds`` (``seconds``
    is OptBench's run time, answering included) and ``message``. A run OptBench refuses as
    bad input (e.g. an option the method does not take) gives a row with status
    ``"bad-input"``, the refusal as message and None (NA) counts; other errors propagate.
    See :func:`format_table` (which takes either).
    """
    entries, missing = _entries(functions)
    x0s = list(x0s)
    if len(x0s) != len(entries):
        raise ValueError("compare: %d functions but %d starts (give one x0 per function)"
                         % (len(entries), len(x0s)))
    if isinstance(methods, str):
        methods = (methods,)
    per_method = bool(options) and all(isinstance(v, dict) for v in options.values()) \
        and set(options) <= set(str(m) for m in methods)
    from . import _frame
    pd = _frame.pandas() if as_frame is not False else None
    if as_frame and pd is None:
        raise ImportError("compare(as_frame=True) needs pandas (pip install pandas)")
    rows, records = [], []
    for (name, fun, own_jac), x0 in zip(entries, x0s):
        for method in methods:
            run_options = (options or {}).get(method, {}) if per_method else options
            row = {"function": name, "method": method}
            try:
                r = minimize(fun, x0, jac=jac if own_jac is missing else own_jac, method=method,
                             options=run_options, optbench=optbench)
            except ValueError as error:
                row.update(status="bad-input", success=False, nit=None, nfev=None, njev=None,
                           fun=None, seconds=None, message=str(error))
                records.append(_frame.record(name, str(method), None, str(error)))
            else:
                row.update(status=r.status, success=r.success, nit=r.nit, nfev=r.nfev,
                           njev=r.njev, fun=r.fun, seconds=r.seconds, message=r.message)
                records.append(_frame.record(name, str(method), r.report, r.message))
            rows.append(row)
    return _frame.frame(records) if pd is not None else rows


def _plain(value):
    """None for a missing value of a DataFrame (NaN, None, pandas.NA), else the value."""
    try:
        return None if value is None or bool(value != value) else value
    except TypeError:  # pandas.NA has no truth value
        return None


def format_table(rows, columns=("function", "method", "status", "success", "nit", "nfev",
                                "njev", "fun", "seconds")):
    """The rows of :func:`compare` as an aligned text table (text left, numbers right); a
    DataFrame of :func:`compare` is shown by the same columns under their schema names."""
    if hasattr(rows, "to_dict"):  # compare's DataFrame
        schema = {"function": "problem", "method": "label", "success": "converged", "nit": "iterations",
                  "nfev": "f_evaluations", "njev": "gradient_evaluations", "fun": "f"}
        records = rows.astype(object).to_dict("records")
        rows = []
        for record in records:
            row = {old: _plain(record.get(new)) for old, new in schema.items()}
            row.update(status=record["status"], seconds=_plain(record["seconds"]))
            rows.append(row)

    def cell(key, value):
        if value is None:
            return "-"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if key == "fun" and isinstance(value, float):
            return "%.6e" % value
        if key == "seconds" and isinstance(value, float):
            return "%.4f" % value
        return str(value)

    table = [[cell(k, row.get(k)) for k in columns] for row in rows]
    numeric = [k in ("nit", "nfev", "njev", "fun", "seconds") for k in columns]
    widths = [max([len(k)] + [len(r[i]) for r in table]) for i, k in enumerate(columns)]

    def line(cells):
        parts = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric)]
        return "  ".join(parts).rstrip()

    out = [line(list(columns))]
    out.extend(line(r) for r in table)
    return "\n".join(out)
