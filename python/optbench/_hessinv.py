"""The quasi-Newton inverse Hessian of a run, as ``result.hess_inv`` (scipy's field).

* ``bfgs``: the dense n × n matrix Hₖ (an ndarray), as scipy's BFGS returns it.
* ``lbfgs`` / ``lbfgsb``: :class:`LbfgsInverseHessian`, the operator Hₖ of the two-loop
  recursion on the k ≤ m pairs (sᵢ, yᵢ) the solver held at the end, with H₀ = γI — a
  ``scipy.sparse.linalg.LinearOperator`` when scipy imports (like scipy's
  ``LbfgsInvHessProduct``), otherwise a small class with the same methods (``matvec``,
  ``rmatvec``, ``matmat``, ``dot``, ``@``, ``todense``).
* other solvers: None.

The operator is applied in NumPy rather than through ``optbench_result_apply_inverse_hessian``:
the C result is freed as soon as the run's fields are copied, and the operator must outlive
it; the pairs are 2kn doubles, and NumPy's two-loop applies to a whole block of vectors at
once (``matmat``, ``todense``) with BLAS. The tests check it against the C function on a live
result.

One difference from scipy: scipy's ``LbfgsInvHessProduct`` starts its recursion from H₀ = I;
this operator uses the γ the solver used (sᵀy/yᵀy of the newest pair by default; L-BFGS-B's
1/θ), so it is the matrix the solver's next step would have used — for ``lbfgsb`` exactly the
inverse of its compact matrix θI − WMWᵀ.
"""

import numpy as np

from . import _library as L

try:
    from scipy.sparse.linalg import LinearOperator as _Base
except ImportError:  # scipy is optional
    _Base = object


def _two_loop(s, y, rho, gamma, v):
    """Hₖ v for v of shape (n,) or (n, p) (N&W Algorithm 7.4, on all columns at once)."""
    q = np.array(v, dtype=float, copy=True)
    k = s.shape[0]
    alpha = [None] * k
    for i in range(k - 1, -1, -1):
        alpha[i] = rho[i] * (s[i] @ q)
        q -= np.multiply.outer(y[i], alpha[i])
    q *= gamma
    for i in range(k):
        beta = rho[i] * (y[i] @ q)
        q += np.multiply.outer(s[i], alpha[i] - beta)
    return q


class LbfgsInverseHessian(_Base):
    """Hₖ of L-BFGS from its pairs: ``sk`` and ``yk`` (k × n, oldest first), ``rho``
    (1/sᵢᵀyᵢ), ``n_corrs`` (k) and ``gamma`` (H₀ = γI). Symmetric positive definite."""

    def __init__(self, sk, yk, gamma):
        sk = np.asarray(sk, dtype=float)
        yk = np.asarray(yk, dtype=float)
        if sk.ndim != 2 or sk.shape != yk.shape:
            raise ValueError("sk and yk must be k × n arrays of the same shape")
        n = sk.shape[1]
        if _Base is object:
            self.shape = (n, n)
            self.dtype = np.dtype(np.float64)
        else:
            super().__init__(dtype=np.float64, shape=(n, n))
        self.sk, self.yk, self.gamma = sk, yk, float(gamma)
        self.n_corrs = sk.shape[0]
        self.rho = 1.0 / np.einsum("ij,ij->i", sk, yk)

    def _matvec(self, x):
        return _two_loop(self.sk, self.yk, self.rho, self.gamma, np.reshape(x, -1))

    def _matmat(self, x):
        return _two_loop(self.sk, self.yk, self.rho, self.gamma, x)

    def _rmatvec(self, x):
        return self._matvec(x)  # symmetric

    def _adjoint(self):
        return self

    def todense(self):
        """Hₖ as a dense n × n ndarray."""
        return _two_loop(self.sk, self.yk, self.rho, self.gamma, np.eye(self.shape[0]))

    if _Base is object:
        def matvec(self, x):
            x = np.asarray(x, dtype=float)
            if x.shape not in ((self.shape[1],), (self.shape[1], 1)):
                raise ValueError("dimension mismatch: %r for a %r operator" % (x.shape, self.shape))
            return self._matvec(x).reshape(x.shape)

        rmatvec = matvec

        def matmat(self, x):
            x = np.asarray(x, dtype=float)
            if x.ndim != 2 or x.shape[0] != self.shape[1]:
                raise ValueError("dimension mismatch: %r for a %r operator" % (x.shape, self.shape))
            return self._matmat(x)

        def dot(self, x):
            x = np.asarray(x)
            return self.matmat(x) if x.ndim == 2 else self.matvec(x)

        def __matmul__(self, x):
            return self.dot(x)

        def __repr__(self):
            return "<%dx%d LbfgsInverseHessian with %d pairs>" % (self.shape + (self.n_corrs,))


def from_result(lib, result, n):
    """``hess_inv`` of a live ``optbench_result``: an ndarray, an LbfgsInverseHessian or None."""
    kind = lib.optbench_result_inverse_hessian_kind(result)
    if kind == L.INVERSE_HESSIAN_DENSE:
        return np.ctypeslib.as_array(lib.optbench_result_inverse_hessian(result), shape=(n, n)).copy()
    if kind == L.INVERSE_HESSIAN_LIMITED_MEMORY:
        k = lib.optbench_result_memory_pairs(result)
        if k:
            s = np.ctypeslib.as_array(lib.optbench_result_memory_s(result), shape=(k, n)).copy()
            y = np.ctypeslib.as_array(lib.optbench_result_memory_y(result), shape=(k, n)).copy()
        else:
            s = y = np.empty((0, n))
        return LbfgsInverseHessian(s, y, lib.optbench_result_memory_gamma(result))
    return None


def initial_inverse_hessian(lib, solver, matrix, n):
    """Gives ``options["hess_inv0"]`` (n × n) to the C solver; ValueError with the library's
    reason when refused (not bfgs, wrong shape, not symmetric, not positive definite, not
    finite). A matrix that is not symmetric positive definite gets scipy's sentence first
    ("'hess_inv0' matrix isn't positive definite."), so code that matches scipy's error works."""
    h0 = np.ascontiguousarray(np.asarray(matrix, dtype=float))
    if h0.shape != (n, n):
        raise ValueError("hess_inv0 has shape %r, expected (%d, %d) for x0 of %d elements" % (h0.shape, n, n, n))
    code = lib.optbench_solver_set_initial_inverse_hessian(solver, n, h0.ctypes.data_as(L.c_double_p))
    if code != L.OK:
        reason = L.last_error(lib)
        if reason.startswith("hess-inv0 = "):  # the matrix itself, not the solver
            reason = "'hess_inv0' matrix isn't positive definite. " + reason
        raise ValueError(reason)
