"""pytest plugin for scipy's own test files (copied from the installed scipy by run.py):
routes scipy.optimize.minimize to optbench.minimize for the methods OptBench has, and records
which tests reached OptBench and how each ended.

Loaded as the conftest.py of the folder run.py copies the test files into, so it patches
scipy before any test module does ``from scipy.optimize import minimize``. Every other call
(methods OptBench lacks, custom callables) goes to scipy's own minimize; tests that never
reach OptBench are not counted. The record is written to $OPTBENCH_ACCEPTANCE_REPORT (JSON).
"""

import json
import os

import numpy as np
import pytest
import scipy.optimize
import scipy.optimize._minimize

import optbench
from optbench import _scipy

_SCIPY_MINIMIZE = scipy.optimize._minimize.minimize
_REACHED = set()
_OUTCOMES = {}
_CURRENT = [None]


def _routed_method(method, bounds, constraints):
    """The lower-case scipy name minimize would run, or None when it is not OptBench's."""
    if callable(method):
        return None
    if method is None:
        if _scipy._constraints.listed(constraints):
            return None   # scipy picks SLSQP
        method = "L-BFGS-B" if bounds is not None else "BFGS"
    key = str(method).lower()
    return key if key in _scipy.METHODS or key in _scipy.DERIVATIVE_FREE_METHODS else None


def minimize(fun, x0, args=(), method=None, jac=None, hess=None, hessp=None, bounds=None, constraints=(),
             tol=None, callback=None, options=None):
    if _routed_method(method, bounds, constraints) is None:
        return _SCIPY_MINIMIZE(fun, x0, args=args, method=method, jac=jac, hess=hess, hessp=hessp, bounds=bounds,
                               constraints=constraints, tol=tol, callback=callback, options=options)
    if _CURRENT[0] is not None:
        _REACHED.add(_CURRENT[0])
    return optbench.minimize(fun, x0, args=args, method=method, jac=jac, hess=hess, hessp=hessp, bounds=bounds,
                             constraints=constraints, tol=tol, callback=callback, options=options)


minimize.__doc__ = _SCIPY_MINIMIZE.__doc__
scipy.optimize.minimize = minimize
scipy.optimize._minimize.minimize = minimize


def pytest_configure(config):
    for marker in ("slow", "xslow", "fail_slow(seconds)", "thread_unsafe", "parallel_threads(n)",
                   "skip_xp_backends", "xfail_xp_backends", "array_api_backends"):
        config.addinivalue_line("markers", marker + ": scipy's marker")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _CURRENT[0] = item.nodeid
    yield
    _CURRENT[0] = None


def pytest_runtest_logreport(report):
    outcome = report.outcome
    if hasattr(report, "wasxfail"):
        outcome = "xfailed" if report.skipped else "xpassed"
    previous = _OUTCOMES.get(report.nodeid)
    if report.when == "call" or outcome == "failed" or previous is None:
        if previous in ("failed",) and outcome != "failed":
            return   # a failure in setup or teardown stays a failure
        _OUTCOMES[report.nodeid] = outcome


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("OPTBENCH_ACCEPTANCE_REPORT")
    if not path:
        return
    record = {nodeid: {"outcome": outcome, "reached": nodeid in _REACHED} for nodeid, outcome in _OUTCOMES.items()}
    with open(path, "w") as handle:
        json.dump(record, handle, indent=1, sort_keys=True)


@pytest.fixture
def xp():
    """scipy's array-API fixture, NumPy only (scipy's own conftest is not copied)."""
    return np
