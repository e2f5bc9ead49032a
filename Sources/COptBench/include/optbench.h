/*
 * optbench.h — OptBench's C interface (libOptBenchC.so).
 *
 * Minimize a function given as C callbacks with any OptBench solver, chosen by name with the
 * command line's options as key/value strings: the same catalog and the same one-line refusals
 * as `optbench run`.
 *
 *   optbench_problem *p;   optbench_problem_create(2, rosen_fg, NULL, &p);
 *   const char *keys[] = {"memory", "gtol"}, *values[] = {"5", "1e-8"};
 *   optbench_solver *s;    if (optbench_solver_create("lbfgs", keys, values, 2, &s)) puts(optbench_last_error());
 *   optbench_result *r;    optbench_minimize(p, s, x0, NULL, NULL, &r);
 *   printf("%s %g\n", optbench_result_status(r), optbench_result_f(r));
 *   optbench_result_free(r); optbench_solver_free(s); optbench_problem_free(p);
 *
 * Conventions
 * - Functions that can fail return an int: OPTBENCH_OK (0) or one of the OPTBENCH_E… codes;
 *   the failure's one-line message is then optbench_last_error() on the calling thread.
 *   Nothing in the library prints, traps or exits on bad input.
 * - Objects are opaque handles, created by …_create and released by …_free (NULL is
 *   accepted and ignored). Problems and solvers are not changed by a run: one of each can
 *   serve many runs, also at once on different threads (a run calls the callbacks on its
 *   caller's thread; they must then be safe to call concurrently). Do not change or free a
 *   problem or solver while a run uses it.
 * - A run pins OpenBLAS to one thread (process-wide), as `optbench run` does, so the same call
 *   gives the same numbers on any machine.
 * - Vectors are arrays of n doubles. The callbacks receive pointers straight into the
 *   solver's buffers, valid only during the call: read x, write the outputs, copy nothing
 *   you need later.
 * - Evaluation callbacks return 0 on success. Any other value ends the run with status
 *   "evaluation-failed" at the last accepted iterate; OPTBENCH_INTERRUPT ends it with
 *   "interrupted" (the caller's Ctrl-C). Before returning nonzero a callback may call
 *   optbench_set_callback_error() to give the run's detail message. A NaN or ±inf f or ∇f is
 *   not a failure: the line search treats it as a step too far and backs off (non-finite at
 *   x0 ends the run with status "non-finite"), as everywhere in OptBench.
 */
#ifndef OPTBENCH_H
#define OPTBENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when a declaration of this header changes incompatibly (new functions and enums, which
 * older callers do not use, leave it as it is). */
#define OPTBENCH_ABI_VERSION 1

/* ---- return codes ---------------------------------------------------------------------- */

/* Success. */
#define OPTBENCH_OK 0
/* A NULL pointer, n = 0, a problem without callbacks: a programming error of the caller. */
#define OPTBENCH_EINVAL 1
/* A solver name, option key or value refused (the command line's message: unknown solver,
 * invalid value, a parameter that does not apply, …), or bounds that are not a box. */
#define OPTBENCH_EOPTION 2
/* The solver cannot minimize this problem: a capability it needs (Hessian, residuals) is
 * missing, bounds given to a solver that takes none, a dimension above its limit. */
#define OPTBENCH_EUNSUPPORTED 3

/* Returned by an evaluation or iteration callback: the user interrupted (Ctrl-C); the run
 * ends with status "interrupted". */
#define OPTBENCH_INTERRUPT 130

/* ---- statuses: optbench_result_status_code() (stable; the strings are optbench run's) -- */

typedef enum optbench_status {
    OPTBENCH_CONVERGED_GRADIENT = 0,            /* "converged-gradient": ‖∇f‖∞ ≤ gtol */
    OPTBENCH_CONVERGED_SUBGRADIENT = 1,         /* "converged-subgradient" (OWL-QN) */
    OPTBENCH_CONVERGED_PROJECTED_GRADIENT = 2,  /* "converged-projected-gradient" (bounds) */
    OPTBENCH_CONVERGED_F_CHANGE = 3,            /* "converged-f-change": ftol */
    OPTBENCH_CONVERGED_STEP = 4,                /* "converged-step": xtol */
    OPTBENCH_ITERATION_LIMIT = 5,               /* "iteration-limit" */
    OPTBENCH_EVALUATION_LIMIT = 6,              /* "evaluation-limit" */
    OPTBENCH_TIME_LIMIT = 7,                    /* "time-limit" */
    OPTBENCH_LINE_SEARCH_FAILED = 8,            /* "line-search-failed" */
    OPTBENCH_NON_FINITE = 9,                    /* "non-finite" */
    OPTBENCH_FACTORIZATION_FAILED = 10,         /* "factorization-failed" */
    OPTBENCH_NON_POSITIVE_CURVATURE = 11,       /* "non-positive-curvature" */
    OPTBENCH_RADIUS_COLLAPSED = 12,             /* "radius-collapsed" */
    OPTBENCH_STOPPED_BY_CALLBACK = 13,          /* "stopped-by-callback" */
    OPTBENCH_INTERRUPTED = 14,                  /* "interrupted" */
    OPTBENCH_EVALUATION_FAILED = 15,            /* "evaluation-failed" */
    OPTBENCH_EPOCHS_COMPLETED = 16,             /* "epochs-completed" (not from this API) */
    OPTBENCH_DIVERGED = 17,                     /* "diverged" (not from this API) */
    OPTBENCH_UNBOUNDED = 18,                    /* "unbounded": f kept decreasing to the line search's
                                                   largest step; x is that point */
    OPTBENCH_CONVERGED_KKT = 19,                /* "converged-kkt": a constrained run: violation and
                                                   complementarity ≤ ctol, KKT stationarity ≤ gtol */
    OPTBENCH_INFEASIBLE = 20,                   /* "infeasible": a local minimizer of the constraint
                                                   violation that is not feasible */
    OPTBENCH_STAGNATED = 21,                    /* "stagnated": cmaes's tolstagnation */
    OPTBENCH_ILL_CONDITIONED = 22               /* "ill-conditioned": cmaes's tolconditioncov */
} optbench_status;

/* ---- callbacks ------------------------------------------------------------------------- */

/* f(x) and ∇f(x), fused: write f into *f and all n elements of g. */
typedef int (*optbench_value_gradient_fn)(const double *x, double *f, double *g, void *user);
/* f(x) alone, where it is cheaper than with the gradient. */
typedef int (*optbench_value_fn)(const double *x, double *f, void *user);
/* out ← ∇²f(x) v (n elements each). */
typedef int (*optbench_hessian_vector_fn)(const double *x, const double *v, double *out, void *user);
/* h ← ∇²f(x), n × n, row-major, both triangles. */
typedef int (*optbench_hessian_fn)(const double *x, double *h, void *user);
/* r ← r(x), the m residuals (f = Σ rᵢ²). */
typedef int (*optbench_residuals_fn)(const double *x, double *r, void *user);
/* jac ← J(x) = ∂r/∂x, m × n, column-major (column j, ∂r/∂xⱼ, contiguous at j·m). */
typedef int (*optbench_jacobian_fn)(const double *x, double *jac, void *user);

/* c ← c(x), the m constraint values. */
typedef int (*optbench_constraints_fn)(const double *x, double *c, void *user);
/* jac ← J(x) = ∂c/∂x, m × n, row-major (row i, ∇cᵢ(x)ᵀ, contiguous at i·n; unlike the residuals'
 * column-major Jacobian). */
typedef int (*optbench_constraint_jacobian_fn)(const double *x, double *jac, void *user);

/* What the iteration callback sees: the iterate just accepted (iteration 0: x0). */
typedef struct optbench_iteration {
    int64_t iteration;
    double f;                       /* f(xₖ) */
    double gradient_norm;           /* ‖∇f(xₖ)‖∞ (bounded solvers: the projected gradient's) */
    double step_length;             /* αₖ (0 at iteration 0) */
    int64_t f_evaluations;          /* so far, this iteration included */
    int64_t gradient_evaluations;
    double seconds;                 /* since the run started */
    size_t n;
    const double *x;                /* xₖ, n elements, valid during the call only */
    const double *gradient;         /* ∇f(xₖ), n elements, valid during the call only */
} optbench_iteration;

/* Called at x0 and after every iteration. Return 0 to go on, OPTBENCH_INTERRUPT to end the
 * run with status "interrupted", anything else to end it with "stopped-by-callback". */
typedef int (*optbench_iteration_fn)(const optbench_iteration *info, void *user);

/* ---- errors ---------------------------------------------------------------------------- */

/* The message of the last failed call on this thread ("" if none); valid until the next
 * failing call on this thread. */
const char *optbench_last_error(void);

/* Inside an evaluation callback, before returning nonzero: the message the run's detail will
 * carry (copied). Without it the detail names the callback, its code and the evaluation. */
void optbench_set_callback_error(const char *message);

/* OPTBENCH_ABI_VERSION of the library (compare with the header's). */
int optbench_abi_version(void);

/* ---- problems -------------------------------------------------------------------------- */

typedef struct optbench_problem optbench_problem;

/* A problem of n variables with f and ∇f fused (value_gradient). value_gradient may be NULL
 * if residuals and their Jacobian are set before the run (f = Σ rᵢ², ∇f = 2Jᵀr). */
int optbench_problem_create(size_t n, optbench_value_gradient_fn value_gradient, void *user,
                            optbench_problem **out);

/* f alone (line searches that need no slope, f-only trial points). */
int optbench_problem_set_value(optbench_problem *problem, optbench_value_fn value, void *user);

/* The value-gradient callback computes ∇f from `value_evaluations` evaluations of f besides f(x)
 * (finite differences in the caller: n forward, 2n central). With a value callback set, the line
 * searches then evaluate f alone at a trial point and ask for ∇f only where they read the slope or
 * accept the point (the value-gradient callback is called at the point the value callback was
 * just called at), and the result's f count includes the differences. 0 (the default): ∇f is
 * analytic, f and ∇f are asked for together. */
int optbench_problem_set_gradient_cost(optbench_problem *problem, size_t value_evaluations);

/* Hessian-vector products: newton-cg, trust-region with steihaug, linear cg's exact search.
 * A dense Hessian, if not given, is then assembled from n products. */
int optbench_problem_set_hessian_vector(optbench_problem *problem, optbench_hessian_vector_fn hv, void *user);

/* The dense Hessian: newton, trust-region (exact, dogleg). */
int optbench_problem_set_hessian(optbench_problem *problem, optbench_hessian_fn hessian, void *user);

/* m ≥ n residuals and their Jacobian (both required): gauss-newton, lm. */
int optbench_problem_set_residuals(optbench_problem *problem, size_t m, optbench_residuals_fn residuals,
                                   optbench_jacobian_fn jacobian, void *user);

/* Box bounds lower ≤ x ≤ upper (n elements each, copied; -INFINITY/INFINITY for none; either
 * array may be NULL for no bound on that side). Only solvers that take bounds (lbfgsb) accept
 * a bounded problem. OPTBENCH_EOPTION if lower > upper somewhere or a bound is NaN. */
int optbench_problem_set_bounds(optbench_problem *problem, const double *lower, const double *upper);

/* General constraints lower ≤ c(x) ≤ upper, i = 1…m (lower, upper: m elements each, copied;
 * -INFINITY/INFINITY for no side, lower = upper for an equality; either array may be NULL for no
 * side), with c(x) from `values` and the dense Jacobian from `jacobian` (both required; `user` is
 * passed to both). m = 0 removes them. Only solvers that take constraints (auglag; the result's
 * status is then "converged-kkt" when it converged) accept a constrained problem: another solver's
 * run is refused with OPTBENCH_EUNSUPPORTED naming them. OPTBENCH_EOPTION if lower > upper, a side
 * is NaN, or lower = INFINITY / upper = -INFINITY. Multipliers follow L = f + λᵀc: λᵢ ≥ 0 where the
 * upper side is active, ≤ 0 where the lower side is. A product Jv or Jᵀw is formed from one
 * jacobian call (and a values call for Jᵀw); a nonzero return fails the run as for f. */
int optbench_problem_set_constraints(optbench_problem *problem, size_t m, const double *lower, const double *upper,
                                     optbench_constraints_fn values, optbench_constraint_jacobian_fn jacobian,
                                     void *user);

/* Marks constraints affine in x (linear[i] ≠ 0; m elements, copied; NULL: none), after
 * optbench_problem_set_constraints (OPTBENCH_EINVAL before). */
int optbench_problem_set_linear_constraints(optbench_problem *problem, const int *linear);

size_t optbench_problem_dimension(const optbench_problem *problem);

void optbench_problem_free(optbench_problem *problem);

/* ---- solvers --------------------------------------------------------------------------- */

typedef struct optbench_solver optbench_solver;

/* The solver `name` (as `optbench run --solver`: lbfgs, bfgs, cg, newton-cg, lbfgsb, lm, …;
 * NULL for the default, lbfgs) with `count` options: keys[i] = values[i] as
 * `optbench run --keys[i] values[i]` takes them (a leading "--" is optional): solver and
 * line-search parameters ("memory", "c2"), "line-search" ("hager-zhang"), the stopping rules
 * ("gtol", "ftol", "xtol", "max-iter", "max-evals", "time-limit") and "trace-every" (record
 * every k-th iteration in the result's trace; default 1). A NULL value is a switch without a
 * value. Checked at once: OPTBENCH_EOPTION with the command line's one-line message. */
int optbench_solver_create(const char *name, const char *const *keys, const char *const *values, size_t count,
                           optbench_solver **out);

/* The solver as results describe it ("L-BFGS (m = 5) + Moré–Thuente strong Wolfe (…)");
 * valid while the solver lives. */
const char *optbench_solver_description(const optbench_solver *solver);

/* BFGS's initial inverse Hessian H₀ (scipy's hess_inv0): n × n, row-major, copied; NULL goes
 * back to the default (H₀ = I, rescaled by γ before the first update: the "h0" option). The
 * matrix must be finite, symmetric (|Hᵢⱼ − Hⱼᵢ| ≤ √ε·max|H|; the two triangles are averaged)
 * and positive definite (a Cholesky factorization, LAPACKE dpotrf): OPTBENCH_EOPTION with the
 * reason otherwise, or when the solver is not bfgs. n must be the problem's dimension:
 * optbench_minimize refuses the run (OPTBENCH_EUNSUPPORTED) otherwise. H₀ is used as given
 * (not rescaled, first trial step 1) for the first step only: a reset after a direction that
 * is not a descent direction goes back to I, as scipy's BFGS applies hess_inv0 only at the
 * start. */
int optbench_solver_set_initial_inverse_hessian(optbench_solver *solver, size_t n, const double *matrix);

/* nelder-mead's initial simplex: `points` rows of n numbers, row-major (points must be n + 1
 * for the problem it runs on; the run refuses another count). NULL clears it (scipy's default
 * simplex). OPTBENCH_EOPTION for another solver or a non-finite number. */
int optbench_solver_set_initial_simplex(optbench_solver *solver, size_t points, size_t n, const double *rows);

/* powell's starting direction set: `count` rows of n numbers, row-major, one direction per row
 * (count must be n for the problem it runs on; the run refuses another count; a zero row is
 * never searched). NULL clears it (the unit vectors, scipy's default). OPTBENCH_EOPTION for
 * another solver or a non-finite number. */
int optbench_solver_set_directions(optbench_solver *solver, size_t count, size_t n, const double *rows);

void optbench_solver_free(optbench_solver *solver);

/* ---- runs ------------------------------------------------------------------------------ */

typedef struct optbench_result optbench_result;

/* Minimizes `problem` with `solver` from x0 (n elements; projected into the bounds by bounded
 * solvers). `callback` (may be NULL) is called at x0 and after every iteration, with
 * `callback_user`. Returns OPTBENCH_OK when the run took place, whatever its status (read it
 * from *out); an error code, and no result, when it was refused before starting
 * (OPTBENCH_EUNSUPPORTED, OPTBENCH_EINVAL). */
int optbench_minimize(const optbench_problem *problem, const optbench_solver *solver, const double *x0,
                      optbench_iteration_fn callback, void *callback_user, optbench_result **out);

/* ---- results (all pointers valid until optbench_result_free) ---------------------------- */

const char *optbench_result_status(const optbench_result *result);       /* "converged-gradient", … */
int optbench_result_status_code(const optbench_result *result);          /* an optbench_status */
int optbench_result_converged(const optbench_result *result);            /* 1 for the converged-… statuses */
const char *optbench_result_detail(const optbench_result *result);       /* what went wrong, or "" */
const char *optbench_result_message(const optbench_result *result);      /* the status in one sentence (+ ": " detail) */
const char *optbench_result_solver(const optbench_result *result);       /* the solver's description */
size_t optbench_result_dimension(const optbench_result *result);         /* n */
const double *optbench_result_x(const optbench_result *result);          /* the last accepted iterate, n */
const double *optbench_result_gradient(const optbench_result *result);   /* ∇f there, n */
const double *optbench_result_directions(const optbench_result *result); /* powell's direction set, n × n, or NULL */
double optbench_result_f(const optbench_result *result);                 /* f there */
double optbench_result_gradient_norm(const optbench_result *result);     /* ‖∇f‖∞ (projected, with bounds) */
int64_t optbench_result_iterations(const optbench_result *result);
int64_t optbench_result_f_evaluations(const optbench_result *result);
int64_t optbench_result_gradient_evaluations(const optbench_result *result);
int64_t optbench_result_hessian_evaluations(const optbench_result *result);
int64_t optbench_result_hessian_vector_products(const optbench_result *result);
int64_t optbench_result_jacobian_evaluations(const optbench_result *result);
double optbench_result_seconds(const optbench_result *result);           /* the whole run */
double optbench_result_objective_seconds(const optbench_result *result); /* of which inside the callbacks */

/* The trace: one row per recorded iteration (iteration 0, every trace-every-th, the last). */
typedef enum optbench_trace_column {
    OPTBENCH_TRACE_ITERATION = 0,
    OPTBENCH_TRACE_F = 1,
    OPTBENCH_TRACE_GRADIENT_NORM = 2,
    OPTBENCH_TRACE_STEP_LENGTH = 3,
    OPTBENCH_TRACE_F_EVALUATIONS = 4,
    OPTBENCH_TRACE_GRADIENT_EVALUATIONS = 5,
    OPTBENCH_TRACE_SECONDS = 6
} optbench_trace_column;

size_t optbench_result_trace_length(const optbench_result *result);
/* One column of the trace as trace_length doubles (counts are exact integers); NULL for an
 * unknown column. */
const double *optbench_result_trace(const optbench_result *result, int column);

/* The solver's inverse-Hessian approximation Hₖ ≈ ∇²f(x)⁻¹ at the end of the run (the one its
 * next step would use), as the solver keeps it:
 * - OPTBENCH_INVERSE_HESSIAN_DENSE (bfgs): optbench_result_inverse_hessian, n × n row-major
 *   (symmetric; both triangles filled);
 * - OPTBENCH_INVERSE_HESSIAN_LIMITED_MEMORY (lbfgs, lbfgsb): the k ≤ m pairs it holds,
 *   sᵢ = xᵢ₊₁ − xᵢ and yᵢ = ∇fᵢ₊₁ − ∇fᵢ, oldest first (k × n row-major each; NULL when k = 0),
 *   and γ of H₀ = γI: Hₖ is the two-loop recursion (N&W Algorithm 7.4) on them — for lbfgsb
 *   exactly the inverse of its compact matrix θI − WMWᵀ (γ = 1/θ);
 * - OPTBENCH_INVERSE_HESSIAN_NONE: every other solver, and a run refused before its start. */
typedef enum optbench_inverse_hessian_kind {
    OPTBENCH_INVERSE_HESSIAN_NONE = 0,
    OPTBENCH_INVERSE_HESSIAN_DENSE = 1,
    OPTBENCH_INVERSE_HESSIAN_LIMITED_MEMORY = 2
} optbench_inverse_hessian_kind;

int optbench_result_inverse_hessian_kind(const optbench_result *result);   /* an optbench_inverse_hessian_kind */
const double *optbench_result_inverse_hessian(const optbench_result *result); /* dense: n × n; else NULL */
size_t optbench_result_memory_pairs(const optbench_result *result);        /* limited memory: k; else 0 */
const double *optbench_result_memory_s(const optbench_result *result);     /* k × n, oldest first, or NULL */
const double *optbench_result_memory_y(const optbench_result *result);     /* k × n, oldest first, or NULL */
double optbench_result_memory_gamma(const optbench_result *result);        /* γ of H₀ = γI; NaN if not limited */
/* out ← Hₖ v (n elements each; out must not alias v) for either kind; OPTBENCH_EUNSUPPORTED
 * when the result holds no approximation. Safe to call from several threads at once. */
int optbench_result_apply_inverse_hessian(const optbench_result *result, const double *v, double *out);

/* A constrained run's report at the returned x (0, NULL or NaN for a run without constraints):
 * c(x) and λ (m elements each), the violation maxᵢ max(lᵢ − cᵢ, cᵢ − uᵢ, 0), the KKT stationarity
 * ‖∇f + Jᵀλ‖∞ (projected on the box with bounds), the complementarity
 * maxᵢ max(min(λᵢ⁺, |uᵢ − cᵢ|), min(λᵢ⁻, |cᵢ − lᵢ|)), and the counts: c evaluations, dense
 * Jacobians, products Jv or Jᵀw (a Jᵀw counts in the evaluations too). */
size_t optbench_result_constraint_count(const optbench_result *result);             /* m */
const double *optbench_result_constraint_values(const optbench_result *result);     /* c(x), m */
const double *optbench_result_multipliers(const optbench_result *result);           /* λ, m */
double optbench_result_constraint_violation(const optbench_result *result);
double optbench_result_kkt_stationarity(const optbench_result *result);
double optbench_result_complementarity(const optbench_result *result);
int64_t optbench_result_constraint_evaluations(const optbench_result *result);
int64_t optbench_result_constraint_jacobian_evaluations(const optbench_result *result);
int64_t optbench_result_constraint_jacobian_products(const optbench_result *result);

void optbench_result_free(optbench_result *result);

#ifdef __cplusplus
}
#endif

#endif /* OPTBENCH_H */
