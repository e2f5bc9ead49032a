"""Finding and loading libOptBenchC.so, OptBench's C interface, with ctypes.

Why ctypes rather than cffi: ctypes is in the standard library, so installing this package
needs no C compiler and no build step for the binding (only SwiftPM's build of the library
itself), and NumPy arrays go to C as pointers (``arr.ctypes.data_as``) and come back from
callbacks as views (``np.ctypeslib.as_array(ptr, shape=(n,))``) without a copy. cffi's
out-of-line mode would compile a module at install time; its ABI mode offers nothing here
that ctypes lacks. The declarations below follow ``Sources/COptBench/include/optbench.h``
one for one.
"""

import ctypes
import os
import sys
from ctypes import POINTER, c_char_p, c_double, c_int, c_int64, c_size_t, c_void_p

LIBRARY_NAME = "libOptBenchC.dylib" if sys.platform == "darwin" else "libOptBenchC.so"
ABI_VERSION = 1

OK = 0
EINVAL = 1
EOPTION = 2
EUNSUPPORTED = 3
INTERRUPT = 130

# optbench_inverse_hessian_kind
INVERSE_HESSIAN_NONE = 0
INVERSE_HESSIAN_DENSE = 1
INVERSE_HESSIAN_LIMITED_MEMORY = 2

TRACE_COLUMNS = ("iteration", "f", "gradient_norm", "step_length", "f_evaluations", "gradient_evaluations", "seconds")

c_double_p = POINTER(c_double)

# Callbacks: the vectors arrive as addresses (c_void_p: a Python int, the cheapest conversion),
# which the callbacks wrap with np.ctypeslib.as_array once per buffer (_Run.view); the scalar f
# is written through its POINTER(c_double).
VALUE_GRADIENT = ctypes.CFUNCTYPE(c_int, c_void_p, c_double_p, c_void_p, c_void_p)
VALUE = ctypes.CFUNCTYPE(c_int, c_void_p, c_double_p, c_void_p)
HESSIAN_VECTOR = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p, c_void_p)
HESSIAN = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p)
RESIDUALS = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p)
JACOBIAN = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p)
CONSTRAINTS = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p)
CONSTRAINT_JACOBIAN = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p)


class Iteration(ctypes.Structure):
    """``optbench_iteration``."""
    _fields_ = [
        ("iteration", c_int64),
        ("f", c_double),
        ("gradient_norm", c_double),
        ("step_length", c_double),
        ("f_evaluations", c_int64),
        ("gradient_evaluations", c_int64),
        ("seconds", c_double),
        ("n", c_size_t),
        ("x", c_void_p),          # addresses, wrapped by _Run.point
        ("gradient", c_void_p),
    ]


ITERATION = ctypes.CFUNCTYPE(c_int, POINTER(Iteration), c_void_p)

_SIGNATURES = {
    "optbench_last_error": (c_char_p, []),
    "optbench_set_callback_error": (None, [c_char_p]),
    "optbench_abi_version": (c_int, []),
    "optbench_problem_create": (c_int, [c_size_t, VALUE_GRADIENT, c_void_p, POINTER(c_void_p)]),
    "optbench_problem_set_value": (c_int, [c_void_p, VALUE, c_void_p]),
    "optbench_problem_set_gradient_cost": (c_int, [c_void_p, c_size_t]),
    "optbench_problem_set_hessian_vector": (c_int, [c_void_p, HESSIAN_VECTOR, c_void_p]),
    "optbench_problem_set_hessian": (c_int, [c_void_p, HESSIAN, c_void_p]),
    "optbench_problem_set_residuals": (c_int, [c_void_p, c_size_t, RESIDUALS, JACOBIAN, c_void_p]),
    "optbench_problem_set_bounds": (c_int, [c_void_p, c_double_p, c_double_p]),
    "optbench_problem_set_constraints": (
        c_int, [c_void_p, c_size_t, c_double_p, c_double_p, CONSTRAINTS, CONSTRAINT_JACOBIAN, c_void_p]),
    "optbench_problem_set_linear_constraints": (c_int, [c_void_p, POINTER(c_int)]),
    "optbench_problem_dimension": (c_size_t, [c_void_p]),
    "optbench_problem_free": (None, [c_void_p]),
    "optbench_solver_create": (c_int, [c_char_p, POINTER(c_char_p), POINTER(c_char_p), c_size_t, POINTER(c_void_p)]),
    "optbench_solver_description": (c_char_p, [c_void_p]),
    "optbench_solver_free": (None, [c_void_p]),
    "optbench_minimize": (c_int, [c_void_p, c_void_p, c_double_p, ITERATION, c_void_p, POINTER(c_void_p)]),
    "optbench_result_status": (c_char_p, [c_void_p]),
    "optbench_result_status_code": (c_int, [c_void_p]),
    "optbench_result_converged": (c_int, [c_void_p]),
    "optbench_result_detail": (c_char_p, [c_void_p]),
    "optbench_result_message": (c_char_p, [c_void_p]),
    "optbench_result_solver": (c_char_p, [c_void_p]),
    "optbench_result_dimension": (c_size_t, [c_void_p]),
    "optbench_result_x": (c_double_p, [c_void_p]),
    "optbench_result_gradient": (c_double_p, [c_void_p]),
    "optbench_result_f": (c_double, [c_void_p]),
    "optbench_result_gradient_norm": (c_double, [c_void_p]),
    "optbench_result_iterations": (c_int64, [c_void_p]),
    "optbench_result_f_evaluations": (c_int64, [c_void_p]),
    "optbench_result_gradient_evaluations": (c_int64, [c_void_p]),
    "optbench_result_hessian_evaluations": (c_int64, [c_void_p]),
    "optbench_result_hessian_vector_products": (c_int64, [c_void_p]),
    "optbench_result_jacobian_evaluations": (c_int64, [c_void_p]),
    "optbench_result_constraint_count": (c_size_t, [c_void_p]),
    "optbench_result_constraint_values": (c_double_p, [c_void_p]),
    "optbench_result_multipliers": (c_double_p, [c_void_p]),
    "optbench_result_constraint_violation": (c_double, [c_void_p]),
    "optbench_result_kkt_stationarity": (c_double, [c_void_p]),
    "optbench_result_complementarity": (c_double, [c_void_p]),
    "optbench_result_constraint_evaluations": (c_int64, [c_void_p]),
    "optbench_result_constraint_jacobian_evaluations": (c_int64, [c_void_p]),
    "optbench_result_constraint_jacobian_products": (c_int64, [c_void_p]),
    "optbench_result_seconds": (c_double, [c_void_p]),
    "optbench_result_objective_seconds": (c_double, [c_void_p]),
    "optbench_result_trace_length": (c_size_t, [c_void_p]),
    "optbench_result_trace": (c_double_p, [c_void_p, c_int]),
    "optbench_result_free": (None, [c_void_p]),
    "optbench_solver_set_initial_inverse_hessian": (c_int, [c_void_p, c_size_t, c_double_p]),
    "optbench_solver_set_initial_simplex": (c_int, [c_void_p, c_size_t, c_size_t, c_double_p]),
    "optbench_solver_set_directions": (c_int, [c_void_p, c_size_t, c_size_t, c_double_p]),
    "optbench_result_directions": (c_double_p, [c_void_p]),
    "optbench_result_inverse_hessian_kind": (c_int, [c_void_p]),
    "optbench_result_inverse_hessian": (c_double_p, [c_void_p]),
    "optbench_result_memory_pairs": (c_size_t, [c_void_p]),
    "optbench_result_memory_s": (c_double_p, [c_void_p]),
    "optbench_result_memory_y": (c_double_p, [c_void_p]),
    "optbench_result_memory_gamma": (c_double, [c_void_p]),
    "optbench_result_apply_inverse_hessian": (c_int, [c_void_p, c_double_p, c_double_p]),
}


def _repositories():
    """OptBench checkouts to look in: the one this file is in (python/optbench/ of a checkout:
    in-tree use and editable installs), then the one the package was installed from."""
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    roots = []
    if os.path.isfile(os.path.join(here, "Package.swift")):
        roots.append(here)
    try:
        from . import _build_info
        if _build_info.REPOSITORY not in roots:
            roots.append(_build_info.REPOSITORY)
    except ImportError:
        pass
    return roots


def find_library():
    """The path of libOptBenchC.so to load, in this order:

    1. ``$OPTBENCH_LIB`` (a file; an error if it does not exist);
    2. the copy bundled into the package when it was installed (``pip install ./python``);
    3. the repository's ``.build/release`` or ``.build/debug`` (the checkout this package is
       in — ``pip install -e ./python`` or ``python/`` on ``sys.path`` — or the one it was
       installed from); release unless the debug build is newer.

    Raises ``FileNotFoundError`` naming everything tried.
    """
    env = os.environ.get("OPTBENCH_LIB")
    if env:
        if os.path.isfile(env):
            return os.path.abspath(env)
        raise FileNotFoundError("optbench: OPTBENCH_LIB=%r is not a file" % env)
    bundled = os.path.join(os.path.dirname(os.path.abspath(__file__)), LIBRARY_NAME)
    if os.path.isfile(bundled):
        return bundled
    tried = [bundled]
    for root in _repositories():
        candidates = [os.path.join(root, ".build", configuration, LIBRARY_NAME) for configuration in ("release", "debug")]
        tried += candidates
        built = [path for path in candidates if os.path.isfile(path)]
        if built:
            return max(built, key=lambda path: (os.path.getmtime(path), path == candidates[0]))
    raise FileNotFoundError(
        "optbench: %s not found; tried %s. Build it with 'swift build -c release --product OptBenchC' in the "
        "repository, install the package with 'pip install ./python' (which builds and bundles it), or set "
        "OPTBENCH_LIB to its path (or use backend='pipe')" % (LIBRARY_NAME, ", ".join(tried)))


_library = None


def library():
    """The loaded library (loaded once per process), with every function's signature set."""
    global _library
    if _library is None:
        path = find_library()
        lib = ctypes.CDLL(path)
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
        version = lib.optbench_abi_version()
        if version != ABI_VERSION:
            raise ImportError("optbench: %s has C interface version %d, this package expects %d; rebuild it"
                              % (path, version, ABI_VERSION))
        lib.path = path
        _library = lib
    return _library


def last_error(lib):
    return (lib.optbench_last_error() or b"").decode("utf-8", "replace")
