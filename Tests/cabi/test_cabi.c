/*
 * Tests of the C interface (Sources/COptBench/include/optbench.h) from C, against the built
 * libOptBenchC.so. Run by scripts/ci/test-cabi (which scripts/test calls):
 *
 *   test_cabi                       runs every test; exit 0 when all pass
 *   test_cabi --message SOLVER [KEY VALUE]…   prints optbench_solver_create's refusal (the
 *                                   script compares it with `optbench run`'s message)
 */
#include "optbench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0, checks = 0;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        checks++;                                                          \
        if (!(cond)) {                                                     \
            failures++;                                                    \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

/* ---- Rosenbrock, f = (1 − a)² + 100(b − a²)², x* = (1, 1), f* = 0 ------------------------ */

typedef struct { long value_gradient, hessian_vector, hessian, value; } counts;

static int rosen_f(const double *x, double *f, void *user) {
    double a = x[0], b = x[1];
    *f = (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
    if (user) ((counts *)user)->value++;
    return 0;
}

static int rosen_fg(const double *x, double *f, double *g, void *user) {
    double a = x[0], b = x[1];
    *f = (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    if (user) ((counts *)user)->value_gradient++;
    return 0;
}

static int rosen_hv(const double *x, const double *v, double *out, void *user) {
    double a = x[0], b = x[1];
    double h00 = 2 - 400 * (b - a * a) + 800 * a * a, h01 = -400 * a, h11 = 200;
    out[0] = h00 * v[0] + h01 * v[1];
    out[1] = h01 * v[0] + h11 * v[1];
    if (user) ((counts *)user)->hessian_vector++;
    return 0;
}

static int rosen_hessian(const double *x, double *h, void *user) {
    double a = x[0], b = x[1];
    h[0] = 2 - 400 * (b - a * a) + 800 * a * a;
    h[1] = h[2] = -400 * a;
    h[3] = 200;
    if (user) ((counts *)user)->hessian++;
    return 0;
}

/* Residuals r = (10(b − a²), 1 − a): f = Σ rᵢ² is Rosenbrock. J column-major 2 × 2. */
static int rosen_residuals(const double *x, double *r, void *user) {
    (void)user;
    r[0] = 10 * (x[1] - x[0] * x[0]);
    r[1] = 1 - x[0];
    return 0;
}

static int rosen_jacobian(const double *x, double *j, void *user) {
    (void)user;
    j[0] = -20 * x[0]; /* ∂r0/∂a */
    j[1] = -1;         /* ∂r1/∂a */
    j[2] = 10;         /* ∂r0/∂b */
    j[3] = 0;          /* ∂r1/∂b */
    return 0;
}

static const double start[2] = {-1.2, 1.0};

static optbench_solver *solver(const char *name, size_t count, const char *const *keys, const char *const *values) {
    optbench_solver *s = NULL;
    int code = optbench_solver_create(name, keys, values, count, &s);
    CHECK(code == OPTBENCH_OK && s != NULL, "optbench_solver_create(%s): %d %s", name, code, optbench_last_error());
    return s;
}

static optbench_result *run(optbench_problem *p, optbench_solver *s, const double *x0, optbench_iteration_fn cb, void *user) {
    optbench_result *r = NULL;
    int code = optbench_minimize(p, s, x0, cb, user, &r);
    CHECK(code == OPTBENCH_OK && r != NULL, "optbench_minimize: %d %s", code, optbench_last_error());
    return r;
}

static void check_minimum(optbench_result *r, const char *label) {
    if (!r) return;
    const double *x = optbench_result_x(r);
    CHECK(optbench_result_dimension(r) == 2, "%s: dimension %zu", label, optbench_result_dimension(r));
    CHECK(fabs(x[0] - 1) <= 1e-6 && fabs(x[1] - 1) <= 1e-6, "%s: x = (%.17g, %.17g)", label, x[0], x[1]);
    CHECK(optbench_result_f(r) <= 1e-12, "%s: f = %g", label, optbench_result_f(r));
    CHECK(strcmp(optbench_result_status(r), "converged-gradient") == 0, "%s: status %s", label, optbench_result_status(r));
    CHECK(optbench_result_status_code(r) == OPTBENCH_CONVERGED_GRADIENT, "%s: code %d", label, optbench_result_status_code(r));
    CHECK(optbench_result_converged(r) == 1, "%s: not converged", label);
}

static void test_nelder_mead(void) {
    /* Derivative-free: only f is asked for (the fused callback is never called when f alone is
     * registered), and the simplex is the caller's. */
    counts c = {0};
    optbench_problem *p;
    CHECK(optbench_problem_create(2, rosen_fg, &c, &p) == OPTBENCH_OK, "create");
    CHECK(optbench_problem_set_value(p, rosen_f, &c) == OPTBENCH_OK, "set value");
    optbench_solver *s = solver("nelder-mead", 0, NULL, NULL);
    const double simplex[] = {-1.2, 1, -1, 1, -1.2, 1.2};
    CHECK(optbench_solver_set_initial_simplex(s, 3, 2, simplex) == OPTBENCH_OK, "set simplex: %s", optbench_last_error());
    optbench_result *r = run(p, s, start, NULL, NULL);
    CHECK(strcmp(optbench_result_status(r), "converged-step") == 0, "status %s", optbench_result_status(r));
    CHECK(c.value_gradient == 0 && optbench_result_gradient_evaluations(r) == 0, "no gradient asked for");
    CHECK(optbench_result_f_evaluations(r) == c.value, "f evaluations");
    CHECK(isnan(optbench_result_gradient_norm(r)), "no gradient norm");
    CHECK(fabs(optbench_result_x(r)[0] - 1) < 1e-3 && fabs(optbench_result_x(r)[1] - 1) < 1e-3, "x*");
    optbench_result_free(r);
    CHECK(optbench_solver_set_initial_simplex(s, 2, 2, simplex) == OPTBENCH_OK, "two points (checked by the run)");
    optbench_result *refused = NULL;
    CHECK(optbench_minimize(p, s, start, NULL, NULL, &refused) == OPTBENCH_EUNSUPPORTED && refused == NULL,
          "a simplex of 2 points refused: %s", optbench_last_error());
    optbench_solver_free(s);
    optbench_solver *l = solver("lbfgs", 0, NULL, NULL);
    CHECK(optbench_solver_set_initial_simplex(l, 3, 2, simplex) == OPTBENCH_EOPTION, "lbfgs takes no simplex");
    optbench_solver_free(l);
    optbench_problem_free(p);
}

/* ∇f by central differences in the caller, as the Python package makes them: f(x) comes from the
 * value callback's last call when x is that point (counted there), else it is evaluated here. */
static double last_x[2] = {NAN, NAN}, last_f = NAN;

static int remembering_f(const double *x, double *f, void *user) {
    rosen_f(x, f, user);
    last_x[0] = x[0], last_x[1] = x[1], last_f = *f;
    return 0;
}

static int differenced_fg(const double *x, double *f, double *g, void *user) {
    counts *c = user;
    if (x[0] == last_x[0] && x[1] == last_x[1]) {
        *f = last_f;
    } else {
        remembering_f(x, f, user);
    }
    for (int i = 0; i < 2; i++) {
        double h = 6.0554544523933395e-06 * fmax(1, fabs(x[i])), up[2] = {x[0], x[1]}, down[2] = {x[0], x[1]};
        double f_up, f_down;
        up[i] += h, down[i] -= h;
        rosen_f(up, &f_up, user);
        rosen_f(down, &f_down, user);
        g[i] = (f_up - f_down) / (up[i] - down[i]);
    }
    c->value_gradient++;
    return 0;
}

static void test_gradient_cost(void) {
    /* Declared difference cost (4 = 2n): the line search calls f alone at trial points and the
     * fused callback only where it needs ∇f; every call of f is in the result's count. */
    counts c = {0};
    optbench_problem *p;
    CHECK(optbench_problem_create(2, differenced_fg, &c, &p) == OPTBENCH_OK, "create");
    CHECK(optbench_problem_set_value(p, remembering_f, &c) == OPTBENCH_OK, "set value");
    CHECK(optbench_problem_set_gradient_cost(p, 4) == OPTBENCH_OK, "set gradient cost");
    CHECK(optbench_problem_set_gradient_cost(NULL, 4) == OPTBENCH_EINVAL, "NULL problem");
    optbench_solver *s = solver("bfgs", 0, NULL, NULL);
    optbench_result *r = run(p, s, start, NULL, NULL);
    if (r) {
        CHECK(fabs(optbench_result_x(r)[0] - 1) < 1e-6 && fabs(optbench_result_x(r)[1] - 1) < 1e-6, "x*");
        CHECK(optbench_result_f_evaluations(r) == c.value, "f evaluations %ld, calls %ld",
              (long)optbench_result_f_evaluations(r), c.value);
        CHECK(optbench_result_gradient_evaluations(r) == c.value_gradient, "gradients");
        /* Points: the calls outside differences; more of them than gradients (trials rejected on f). */
        CHECK(c.value - 4 * c.value_gradient > c.value_gradient, "points %ld, gradients %ld",
              c.value - 4 * c.value_gradient, c.value_gradient);
    }
    optbench_result_free(r);
    optbench_solver_free(s);
    optbench_problem_free(p);
}

static void expect_refusal(const char *name, size_t count, const char *const *keys, const char *const *values,
                           const char *message);

static void test_cmaes(void) {
    /* f only, seeded: the same seed gives the same bits; a popsize below 2 is refused. */
    counts c = {0};
    optbench_problem *p;
    CHECK(optbench_problem_create(2, rosen_fg, &c, &p) == OPTBENCH_OK, "create");
    CHECK(optbench_problem_set_value(p, rosen_f, &c) == OPTBENCH_OK, "set value");
    const char *keys[] = {"sigma", "seed"}, *values[] = {"0.5", "3"};
    optbench_solver *s = solver("cmaes", 2, keys, values);
    optbench_result *r = run(p, s, start, NULL, NULL);
    optbench_result *again = run(p, s, start, NULL, NULL);
    CHECK(strcmp(optbench_result_status(r), "converged-f-change") == 0, "cmaes status %s", optbench_result_status(r));
    CHECK(c.value_gradient == 0 && optbench_result_gradient_evaluations(r) == 0, "cmaes: no gradient asked for");
    CHECK(optbench_result_f_evaluations(r) == 1 + 6 * optbench_result_iterations(r), "cmaes: 1 + λ·generations");
    CHECK(optbench_result_f(r) < 1e-10 && optbench_result_f(r) == optbench_result_f(again),
          "cmaes: f* and the same bits");
    optbench_result_free(r);
    optbench_result_free(again);
    optbench_solver_free(s);
    const char *k[] = {"popsize"}, *v[] = {"1"};
    expect_refusal("cmaes", 1, k, v, "invalid value '1' for --popsize: expected an integer ≥ 2");
    optbench_problem_free(p);
}

static void test_powell(void) {
    /* Derivative-free, scipy's Powell: f only; the caller's direction set (the unit vectors
     * here: the same run as the default); the final set; refusals. */
    counts c = {0};
    optbench_problem *p;
    CHECK(optbench_problem_create(2, rosen_fg, &c, &p) == OPTBENCH_OK, "create");
    CHECK(optbench_problem_set_value(p, rosen_f, &c) == OPTBENCH_OK, "set value");
    optbench_solver *s = solver("powell", 0, NULL, NULL);
    const double unit[] = {1, 0, 0, 1};
    CHECK(optbench_solver_set_directions(s, 2, 2, unit) == OPTBENCH_OK, "set directions: %s", optbench_last_error());
    optbench_result *r = run(p, s, start, NULL, NULL);
    CHECK(strcmp(optbench_result_status(r), "converged-f-change") == 0, "status %s", optbench_result_status(r));
    CHECK(c.value_gradient == 0 && optbench_result_gradient_evaluations(r) == 0, "no gradient asked for");
    CHECK(optbench_result_f_evaluations(r) == c.value, "f evaluations");
    /* scipy 1.17.1 on Rosenbrock from (-1.2, 1): nit 23, nfev 607 (scripts/reference/reference-powell.py) */
    CHECK(optbench_result_iterations(r) == 23 && optbench_result_f_evaluations(r) == 607, "nit %lld nfev %lld",
          (long long)optbench_result_iterations(r), (long long)optbench_result_f_evaluations(r));
    CHECK(fabs(optbench_result_x(r)[0] - 1) < 1e-9 && fabs(optbench_result_x(r)[1] - 1) < 1e-9, "x*");
    const double *direc = optbench_result_directions(r);
    CHECK(direc != NULL && (direc[0] != 1 || direc[1] != 0 || direc[2] != 0 || direc[3] != 1),
          "the final direction set differs from the unit vectors");
    optbench_result_free(r);
    CHECK(optbench_solver_set_directions(s, 1, 2, unit) == OPTBENCH_OK, "one direction (checked by the run)");
    optbench_result *refused = NULL;
    CHECK(optbench_minimize(p, s, start, NULL, NULL, &refused) == OPTBENCH_EUNSUPPORTED && refused == NULL,
          "a set of 1 direction refused: %s", optbench_last_error());
    const double bad[] = {1, 0, NAN, 1};
    CHECK(optbench_solver_set_directions(s, 2, 2, bad) == OPTBENCH_EOPTION, "a NaN direction refused");
    optbench_solver_free(s);
    optbench_solver *l = solver("lbfgs", 0, NULL, NULL);
    CHECK(optbench_solver_set_directions(l, 2, 2, unit) == OPTBENCH_EOPTION, "lbfgs takes no direction set");
    optbench_result *lr = run(p, l, start, NULL, NULL);
    CHECK(optbench_result_directions(lr) == NULL, "no direction set from lbfgs");
    optbench_result_free(lr);
    optbench_solver_free(l);
    optbench_problem_free(p);
}

static void test_powell_model(const char *name) {
    /* Powell's BOBYQA and NEWUOA by name, f only, with their parameters as keys. */
    counts c = {0};
    optbench_problem *p;
    CHECK(optbench_problem_create(2, rosen_fg, &c, &p) == OPTBENCH_OK, "create");
    CHECK(optbench_problem_set_value(p, rosen_f, &c) == OPTBENCH_OK, "set value");
    const char *keys[] = {"rhobeg", "rhoend"}, *values[] = {"0.5", "1e-8"};
    optbench_solver *s = solver(name, 2, keys, values);
    optbench_result *r = run(p, s, start, NULL, NULL);
    CHECK(strcmp(optbench_result_status(r), "converged-step") == 0, "%s status %s", name, optbench_result_status(r));
    CHECK(c.value_gradient == 0 && optbench_result_f_evaluations(r) == c.value, "%s: f only", name);
    CHECK(fabs(optbench_result_x(r)[0] - 1) < 1e-6 && fabs(optbench_result_x(r)[1] - 1) < 1e-6, "%s x*", name);
    optbench_result_free(r);
    optbench_solver_free(s);
    optbench_problem_free(p);
}

static void test_lbfgs(void) {
    counts c = {0};
    optbench_problem *p;
    CHECK(optbench_problem_create(2, rosen_fg, &c, &p) == OPTBENCH_OK, "create");
    optbench_solver *s = solver("lbfgs", 0, NULL, NULL);
    optbench_result *r = run(p, s, start, NULL, NULL);
    check_minimum(r, "lbfgs");
    /* The counts are the callbacks' own: every call into C is one f and one ∇f evaluation. */
    CHECK(optbench_result_f_evaluations(r) == c.value_gradient, "f evaluations %lld, calls %ld",
          (long long)optbench_result_f_evaluations(r), c.value_gradient);
    CHECK(optbench_result_gradient_evaluations(r) == c.value_gradient, "gradient evaluations");
    /* `optbench run --solver lbfgs --problem rosenbrock`: 37 iterations, 45 evaluations (README). */
    CHECK(optbench_result_iterations(r) == 37, "iterations %lld", (long long)optbench_result_iterations(r));
    CHECK(optbench_result_f_evaluations(r) == 45, "evaluations %lld", (long long)optbench_result_f_evaluations(r));
    CHECK(optbench_result_hessian_evaluations(r) == 0 && optbench_result_hessian_vector_products(r) == 0, "hessians");
    /* The trace: every iteration (trace-every 1), 0…37. */
    size_t rows = optbench_result_trace_length(r);
    CHECK(rows == 38, "trace rows %zu", rows);
    const double *it = optbench_result_trace(r, OPTBENCH_TRACE_ITERATION), *f = optbench_result_trace(r, OPTBENCH_TRACE_F);
    const double *fe = optbench_result_trace(r, OPTBENCH_TRACE_F_EVALUATIONS);
    CHECK(it[0] == 0 && it[rows - 1] == 37, "trace iterations");
    CHECK(fabs(f[0] - 24.2) < 1e-12 && f[rows - 1] == optbench_result_f(r), "trace f %.17g %.17g %.17g", f[0], f[rows - 1], optbench_result_f(r));
    CHECK(fe[0] == 1 && fe[rows - 1] == 45, "trace evaluations");
    CHECK(optbench_result_trace(r, 7) == NULL, "unknown column");
    const double *g = optbench_result_gradient(r);
    CHECK(fmax(fabs(g[0]), fabs(g[1])) == optbench_result_gradient_norm(r), "‖g‖∞");
    CHECK(optbench_result_gradient_norm(r) <= 1e-6, "gradient norm %g", optbench_result_gradient_norm(r));
    CHECK(optbench_result_seconds(r) >= optbench_result_objective_seconds(r) && optbench_result_objective_seconds(r) >= 0, "seconds");
    CHECK(strcmp(optbench_result_detail(r), "") == 0, "detail '%s'", optbench_result_detail(r));
    CHECK(strncmp(optbench_result_solver(r), "L-BFGS (m = 10)", 15) == 0, "solver %s", optbench_result_solver(r));
    optbench_result_free(r);
    optbench_solver_free(s);
    optbench_problem_free(p);
}

static void test_options(void) {
    optbench_problem *p;
    optbench_problem_create(2, rosen_fg, NULL, &p);
    const char *keys[] = {"memory", "--gtol", "line-search", "trace-every"};
    const char *values[] = {"5", "1e-10", "hager-zhang", "0"};
    optbench_solver *s = solver("lbfgs", 4, keys, values);
    CHECK(strstr(optbench_solver_description(s), "L-BFGS (m = 5)") != NULL, "%s", optbench_solver_description(s));
    CHECK(strstr(optbench_solver_description(s), "Hager–Zhang") != NULL, "%s", optbench_solver_description(s));
    optbench_result *r = run(p, s, start, NULL, NULL);
    check_minimum(r, "lbfgs memory=5 gtol=1e-10 hager-zhang");
    CHECK(optbench_result_gradient_norm(r) <= 1e-10, "gtol: %g", optbench_result_gradient_norm(r));
    CHECK(optbench_result_trace_length(r) == 2, "trace-every 0: %zu rows", optbench_result_trace_length(r));
    optbench_result_free(r);
    optbench_solver_free(s);
    /* The default solver: NULL name. */
    s = solver(NULL, 0, NULL, NULL);
    CHECK(strncmp(optbench_solver_description(s), "L-BFGS (m = 10)", 15) == 0, "default %s", optbench_solver_description(s));
    optbench_solver_free(s);
    /* max-iter stops it. */
    const char *k2[] = {"max-iter"}, *v2[] = {"3"};
    s = solver("bfgs", 1, k2, v2);
    r = run(p, s, start, NULL, NULL);
    CHECK(strcmp(optbench_result_status(r), "iteration-limit") == 0 && optbench_result_iterations(r) == 3, "%s",
          optbench_result_status(r));
    optbench_result_free(r);
    optbench_solver_free(s);
    optbench_problem_free(p);
}

static void expect_refusal(const char *name, size_t count, const char *const *keys, const char *const *values,
                           const char *message) {
    optbench_solver *s = (optbench_solver *)0x1;
    int code = optbench_solver_create(name, keys, values, count, &s);
    CHECK(code == OPTBENCH_EOPTION, "%s: code %d", name ? name : "(null)", code);
    CHECK(s == NULL, "no handle on failure");
    CHECK(strcmp(optbench_last_error(), message) == 0, "\n  got      '%s'\n  expected '%s'", optbench_last_error(), message);
}

static void test_refusals(void) {
    /* The command line's messages (`optbench run --problem rosenbrock --solver … --key value`;
     * scripts/ci/test-cabi also compares them with the binary's, for the same cases). */
    expect_refusal("nope", 0, NULL, NULL,
                   "invalid value 'nope' for --solver: expected one of: lbfgs, lbfgsb, owlqn, bfgs, cg, linear-cg, newton, newton-cg, "
                   "newton-cg-tr, dogleg, trust-exact, sr1, gauss-newton, lm, gd, momentum, nag, bb, adam, adamw, rmsprop, "
                   "adagrad, adadelta, nadam, nelder-mead, powell, bobyqa, newuoa, cmaes, auglag, sqp, ipm");
    const char *k1[] = {"memory"}, *v1[] = {"0"};
    expect_refusal("lbfgs", 1, k1, v1, "invalid value '0' for --memory: expected an integer in [1, 2000]");
    const char *k2[] = {"memory"}, *v2[] = {"five"};
    expect_refusal("lbfgs", 1, k2, v2, "invalid value 'five' for --memory: expected an integer in [1, 2000]");
    const char *k3[] = {"bogus"}, *v3[] = {"1"};
    expect_refusal("lbfgs", 1, k3, v3, "unknown parameter --bogus (see 'optbench list')");
    const char *k4[] = {"gtol"}, *v4[] = {"-1"};
    expect_refusal("lbfgs", 1, k4, v4, "invalid value '-1' for --gtol: expected a number ≥ 0");
    const char *k5[] = {"line-search"}, *v5[] = {"nope"};
    expect_refusal("lbfgs", 1, k5, v5,
                   "invalid value 'nope' for --line-search: expected one of: more-thuente, strong-wolfe, hager-zhang, "
                   "backtracking, exact, none");
    const char *k6[] = {"memory"}, *v6[] = {"5"};
    expect_refusal("bfgs", 1, k6, v6, "--memory does not apply to bfgs; it applies to lbfgs, lbfgsb and owlqn");
    const char *k7[] = {"epochs"}, *v7[] = {"5"};
    expect_refusal("lbfgs", 1, k7, v7, "--epochs applies to mini-batch training, which the C API does not do");
    optbench_solver *s;
    CHECK(optbench_solver_create("lbfgs", NULL, NULL, 1, &s) == OPTBENCH_EINVAL, "NULL keys");
    CHECK(optbench_solver_create("lbfgs", NULL, NULL, 0, NULL) == OPTBENCH_EINVAL, "NULL out");
}

static void test_newton_cg(void) {
    counts c = {0};
    optbench_problem *p;
    optbench_problem_create(2, rosen_fg, &c, &p);
    optbench_solver *s = solver("newton-cg", 0, NULL, NULL);
    /* Without products newton-cg is refused, with the command line's message. */
    optbench_result *r = (optbench_result *)0x1;
    CHECK(optbench_minimize(p, s, start, NULL, NULL, &r) == OPTBENCH_EUNSUPPORTED && r == NULL, "newton-cg without Hv");
    CHECK(strcmp(optbench_last_error(), "newton-cg needs an objective with a Hessian; for other objectives use lbfgs, bfgs or cg") == 0,
          "%s", optbench_last_error());
    optbench_problem_set_hessian_vector(p, rosen_hv, &c);
    r = run(p, s, start, NULL, NULL);
    check_minimum(r, "newton-cg");
    CHECK(optbench_result_hessian_vector_products(r) == c.hessian_vector && c.hessian_vector > 0, "products %lld, calls %ld",
          (long long)optbench_result_hessian_vector_products(r), c.hessian_vector);
    optbench_result_free(r);
    optbench_solver_free(s);
    /* newton with the Hessian assembled from products (n products per Hessian)... */
    s = solver("newton", 0, NULL, NULL);
    c.hessian_vector = 0;
    r = run(p, s, start, NULL, NULL);
    check_minimum(r, "newton (assembled)");
    CHECK(c.hessian_vector == 2 * optbench_result_hessian_evaluations(r), "assembled: %ld products for %lld Hessians",
          c.hessian_vector, (long long)optbench_result_hessian_evaluations(r));
    optbench_result_free(r);
    /* ...and with the dense Hessian. */
    optbench_problem_set_hessian(p, rosen_hessian, &c);
    c.hessian_vector = 0;
    r = run(p, s, start, NULL, NULL);
    check_minimum(r, "newton (dense)");
    CHECK(c.hessian_vector == 0 && c.hessian == optbench_result_hessian_evaluations(r) && c.hessian > 0, "dense: %ld %ld",
          c.hessian_vector, c.hessian);
    optbench_result_free(r);
    optbench_solver_free(s);
    optbench_problem_free(p);
}

static void test_least_squares(void) {
    optbench_problem *p;
    /* No value-gradient callback: f and ∇f from the residuals. */
    optbench_problem_create(2, NULL, NULL, &p);
    optbench_solver *s = solver("lm", 0, NULL, NULL);
    optbench_result *r = (optbench_result *)0x1;
    CHECK(optbench_minimize(p, s, start, NULL, NULL, &r) == OPTBENCH_EINVAL && r == NULL, "no callbacks at all");
    optbench_problem_set_residuals(p, 2, rosen_residuals, rosen_jacobian, NULL);
    r = run(p, s, start, NULL, NULL);
    const double *x = optbench_result_x(r);
    CHECK(fabs(x[0] - 1) <= 1e-6 && fabs(x[1] - 1) <= 1e-6, "lm: x = (%.17g, %.17g) %s", x[0], x[1], optbench_result_status(r));
    CHECK(optbench_result_jacobian_evaluations(r) > 0, "jacobians");
    CHECK(optbench_result_converged(r) == 1, "lm: %s", optbench_result_message(r));
    optbench_result_free(r);
    optbench_solver_free(s);
    /* lbfgs on the same problem: ∇f = 2Jᵀr. */
    s = solver("lbfgs", 0, NULL, NULL);
    r = run(p, s, start, NULL, NULL);
    check_minimum(r, "lbfgs from residuals");
    optbench_result_free(r);
    optbench_solver_free(s);
    optbench_problem_free(p);
}

static void test_bounds(void) {
    optbench_problem *p;
    optbench_problem_create(2, rosen_fg, NULL, &p);
    /* a ≤ 0.5: the minimum is at (0.5, 0.25) (b = a², then (1 − a)² falls until the bound). */
    double lower[2] = {-INFINITY, -INFINITY}, upper[2] = {0.5, INFINITY};
    CHECK(optbench_problem_set_bounds(p, lower, upper) == OPTBENCH_OK, "bounds");
    optbench_solver *s = solver("lbfgsb", 0, NULL, NULL);
    optbench_result *r = run(p, s, start, NULL, NULL);
    const double *x = optbench_result_x(r);
    CHECK(x[0] == 0.5, "the active bound: x0 = %.17g", x[0]);
    CHECK(fabs(x[1] - 0.25) <= 1e-6, "x1 = %.17g", x[1]);
    CHECK(strcmp(optbench_result_status(r), "converged-projected-gradient") == 0, "%s", optbench_result_status(r));
    CHECK(optbench_result_status_code(r) == OPTBENCH_CONVERGED_PROJECTED_GRADIENT, "code");
    optbench_result_free(r);
    optbench_solver_free(s);
    /* A solver that takes no bounds is refused on a bounded problem. */
    s = solver("lbfgs", 0, NULL, NULL);
    r = (optbench_result *)0x1;
    CHECK(optbench_minimize(p, s, start, NULL, NULL, &r) == OPTBENCH_EUNSUPPORTED && r == NULL, "lbfgs with bounds");
    CHECK(strncmp(optbench_last_error(), "lbfgs does not take bounds", 26) == 0, "%s", optbench_last_error());
    optbench_solver_free(s);
    /* Crossed bounds are refused. */
    double low2[2] = {1, 0}, up2[2] = {0, 1};
    CHECK(optbench_problem_set_bounds(p, low2, up2) == OPTBENCH_EOPTION, "crossed");
    CHECK(strcmp(optbench_last_error(), "bounds: lower bound 0 (1) is above upper bound 0 (0)") == 0, "%s", optbench_last_error());
    optbench_problem_free(p);
}

/* Fails from the 10th call on (with a message when user is non-NULL). */
static int failing_fg(const double *x, double *f, double *g, void *user) {
    static int calls = 0;
    if (x == NULL) { calls = 0; return 0; }
    if (++calls >= 10) {
        if (user) optbench_set_callback_error((const char *)user);
        return 7;
    }
    return rosen_fg(x, f, g, NULL);
}

static void test_failing_callback(void) {
    optbench_problem *p;
    optbench_solver *s = solver("lbfgs", 0, NULL, NULL);
    optbench_problem_create(2, failing_fg, "the model diverged", &p);
    failing_fg(NULL, NULL, NULL, NULL);
    optbench_result *r = run(p, s, start, NULL, NULL);
    CHECK(strcmp(optbench_result_status(r), "evaluation-failed") == 0, "%s", optbench_result_status(r));
    CHECK(optbench_result_status_code(r) == OPTBENCH_EVALUATION_FAILED, "code");
    CHECK(strcmp(optbench_result_detail(r), "the model diverged") == 0, "detail '%s'", optbench_result_detail(r));
    CHECK(strcmp(optbench_result_message(r), "failed: the objective could not be evaluated: the model diverged") == 0, "%s",
          optbench_result_message(r));
    CHECK(optbench_result_f_evaluations(r) == 10, "evaluations %lld", (long long)optbench_result_f_evaluations(r));
    CHECK(isfinite(optbench_result_f(r)) && optbench_result_f(r) < 24.2, "the last accepted iterate: f = %g", optbench_result_f(r));
    optbench_result_free(r);
    optbench_problem_free(p);
    /* Without a message: the callback, its code and the evaluation. */
    optbench_problem_create(2, failing_fg, NULL, &p);
    failing_fg(NULL, NULL, NULL, NULL);
    r = run(p, s, start, NULL, NULL);
    CHECK(strcmp(optbench_result_detail(r), "the value-gradient callback returned 7 at evaluation 10") == 0, "detail '%s'",
          optbench_result_detail(r));
    optbench_result_free(r);
    optbench_problem_free(p);
    optbench_solver_free(s);
}

static int interrupting_fg(const double *x, double *f, double *g, void *user) {
    int *calls = user;
    if (++*calls == 5) return OPTBENCH_INTERRUPT;
    return rosen_fg(x, f, g, NULL);
}

static int nan_fg(const double *x, double *f, double *g, void *user) {
    (void)user;
    rosen_fg(x, f, g, NULL);
    if (fabs(x[0]) > 2) *f = NAN; /* outside |a| ≤ 2 "undefined": the line search backs off */
    return 0;
}

static void test_interrupt_and_nan(void) {
    int calls = 0;
    optbench_problem *p;
    optbench_solver *s = solver("lbfgs", 0, NULL, NULL);
    optbench_problem_create(2, interrupting_fg, &calls, &p);
    optbench_result *r = run(p, s, start, NULL, NULL);
    CHECK(strcmp(optbench_result_status(r), "interrupted") == 0, "%s", optbench_result_status(r));
    optbench_result_free(r);
    optbench_problem_free(p);
    /* NaN at the start: status non-finite. */
    optbench_problem_create(2, nan_fg, NULL, &p);
    double far[2] = {3, 3};
    r = run(p, s, far, NULL, NULL);
    CHECK(strcmp(optbench_result_status(r), "non-finite") == 0, "%s", optbench_result_status(r));
    optbench_result_free(r);
    /* NaN beyond |a| > 2 only: the run still converges. */
    r = run(p, s, start, NULL, NULL);
    check_minimum(r, "NaN away from the path");
    optbench_result_free(r);
    optbench_problem_free(p);
    optbench_solver_free(s);
}

typedef struct { int64_t stop_at, seen, last_evaluations; int monotone; } watcher;

static int watch(const optbench_iteration *info, void *user) {
    watcher *w = user;
    if (info->iteration != w->seen) w->monotone = 0;
    if (info->f_evaluations < w->last_evaluations) w->monotone = 0;
    w->last_evaluations = info->f_evaluations;
    w->seen++;
    if (info->iteration == 0 && !(fabs(info->f - 24.2) < 1e-12 && info->f_evaluations == 1 && info->step_length == 0)) w->monotone = 0;
    if (info->iteration == 0 && !(info->n == 2 && info->x[0] == -1.2 && info->x[1] == 1 && fabs(info->gradient[1] + 88) < 1e-12)) w->monotone = 0;
    /* x and ∇f are the iterate's: f and ‖∇f‖∞ recomputed from them agree. */
    double f, g[2];
    rosen_fg(info->x, &f, g, NULL);
    if (f != info->f || fmax(fabs(g[0]), fabs(g[1])) != info->gradient_norm ||
        g[0] != info->gradient[0] || g[1] != info->gradient[1]) w->monotone = 0;
    return info->iteration == w->stop_at ? 1 : 0;
}

static void test_iteration_callback(void) {
    optbench_problem *p;
    optbench_problem_create(2, rosen_fg, NULL, &p);
    optbench_solver *s = solver("lbfgs", 0, NULL, NULL);
    watcher w = {5, 0, 0, 1};
    optbench_result *r = run(p, s, start, watch, &w);
    CHECK(strcmp(optbench_result_status(r), "stopped-by-callback") == 0, "%s", optbench_result_status(r));
    CHECK(optbench_result_status_code(r) == OPTBENCH_STOPPED_BY_CALLBACK, "code");
    CHECK(optbench_result_iterations(r) == 5 && w.seen == 6 && w.monotone, "iterations %lld, calls %lld",
          (long long)optbench_result_iterations(r), (long long)w.seen);
    optbench_result_free(r);
    /* A callback that never stops sees every iteration: 0…37. */
    w = (watcher){-1, 0, 0, 1};
    r = run(p, s, start, watch, &w);
    CHECK(w.seen == 38 && w.monotone && optbench_result_iterations(r) == 37, "seen %lld", (long long)w.seen);
    optbench_result_free(r);
    optbench_solver_free(s);
    optbench_problem_free(p);
}

static void test_arguments(void) {
    optbench_problem *p = (optbench_problem *)0x1;
    CHECK(optbench_problem_create(0, rosen_fg, NULL, &p) == OPTBENCH_EINVAL && p == NULL, "n = 0");
    CHECK(strcmp(optbench_last_error(), "optbench_problem_create: n must be at least 1") == 0, "%s", optbench_last_error());
    CHECK(optbench_problem_set_value(NULL, NULL, NULL) == OPTBENCH_EINVAL, "NULL problem");
    CHECK(optbench_abi_version() == OPTBENCH_ABI_VERSION, "ABI version");
    optbench_problem_free(NULL);
    optbench_solver_free(NULL);
    optbench_result_free(NULL);
}

/* ---- the inverse-Hessian approximation and BFGS's H₀ ------------------------------------- */

/* f = ½xᵀAx − bᵀx with A = Q D Qᵀ, Q = I − 2uuᵀ/uᵀu (a reflection, Q = Qᵀ = Q⁻¹): A⁻¹ = Q D⁻¹ Qᵀ
 * and x* = A⁻¹b in closed form, independent of the library. */
#define QN 4
static const double qu[QN] = {1, 2, 3, 4}, qd[QN] = {1, 2, 5, 10}, qb[QN] = {1, -1, 2, 0.5};

static double reflection(int i, int j) { return (i == j) - 2 * qu[i] * qu[j] / 30.0; }

/* Q diag(w) Qᵀ. */
static void spectral(const double *w, double *out) {
    for (int i = 0; i < QN; i++)
        for (int j = 0; j < QN; j++) {
            double sum = 0;
            for (int k = 0; k < QN; k++) sum += reflection(i, k) * w[k] * reflection(j, k);
            out[i * QN + j] = sum;
        }
}

static double qa[QN * QN], qa_inverse[QN * QN], qx_star[QN];

static void quadratic_setup(void) {
    double inverse_d[QN];
    for (int k = 0; k < QN; k++) inverse_d[k] = 1 / qd[k];
    spectral(qd, qa);
    spectral(inverse_d, qa_inverse);
    for (int i = 0; i < QN; i++) {
        qx_star[i] = 0;
        for (int j = 0; j < QN; j++) qx_star[i] += qa_inverse[i * QN + j] * qb[j];
    }
}

static int quadratic_fg(const double *x, double *f, double *g, void *user) {
    (void)user;
    double value = 0;
    for (int i = 0; i < QN; i++) {
        double ax = 0;
        for (int j = 0; j < QN; j++) ax += qa[i * QN + j] * x[j];
        g[i] = ax - qb[i];
        value += 0.5 * x[i] * ax - qb[i] * x[i];
    }
    *f = value;
    return 0;
}

static int quadratic_hv(const double *x, const double *v, double *out, void *user) {
    (void)x;
    (void)user;
    for (int i = 0; i < QN; i++) {
        out[i] = 0;
        for (int j = 0; j < QN; j++) out[i] += qa[i * QN + j] * v[j];
    }
    return 0;
}

static double max_difference(const double *a, const double *b, int count) {
    double worst = 0;
    for (int i = 0; i < count; i++) worst = fmax(worst, fabs(a[i] - b[i]));
    return worst;
}

static void test_inverse_hessian(void) {
    quadratic_setup();
    const double x0[QN] = {0, 0, 0, 0};
    optbench_problem *p = NULL;
    optbench_problem_create(QN, quadratic_fg, NULL, &p);
    optbench_problem_set_hessian_vector(p, quadratic_hv, NULL);

    /* BFGS with exact line searches on a quadratic: Hₙ = A⁻¹ after n steps (quadratic termination).
     * Moré–Thuente's cubic interpolation is exact on a quadratic: with c1, c2 tiny it returns the
     * exact minimizer along d to rounding. */
    const char *keys[] = {"gtol", "h0", "c1", "c2"}, *values[] = {"1e-12", "identity", "1e-12", "1e-10"};
    optbench_solver *s = solver("bfgs", 4, keys, values);
    optbench_result *r = run(p, s, x0, NULL, NULL);
    if (r) {
        CHECK(optbench_result_iterations(r) == QN, "bfgs exact: %lld iterations", (long long)optbench_result_iterations(r));
        CHECK(optbench_result_inverse_hessian_kind(r) == OPTBENCH_INVERSE_HESSIAN_DENSE, "bfgs: kind %d",
              optbench_result_inverse_hessian_kind(r));
        const double *h = optbench_result_inverse_hessian(r);
        CHECK(h != NULL, "bfgs: no dense H");
        if (h) {
            double error = max_difference(h, qa_inverse, QN * QN);
            CHECK(error <= 1e-10, "bfgs: max |H − A⁻¹| = %g", error);
            printf("inverse hessian: bfgs + exact search, n = %d steps: max |H - A^-1| = %.2e\n", QN, error);
        }
        double v[QN] = {1, 2, -1, 0.5}, out[QN], expected[QN];
        CHECK(optbench_result_apply_inverse_hessian(r, v, out) == OPTBENCH_OK, "apply: %s", optbench_last_error());
        for (int i = 0; i < QN; i++) {
            expected[i] = 0;
            for (int j = 0; j < QN; j++) expected[i] += qa_inverse[i * QN + j] * v[j];
        }
        CHECK(max_difference(out, expected, QN) <= 1e-10, "bfgs apply: %g", max_difference(out, expected, QN));
        CHECK(optbench_result_memory_pairs(r) == 0 && optbench_result_memory_s(r) == NULL, "bfgs has no pairs");
        CHECK(isnan(optbench_result_memory_gamma(r)), "bfgs: gamma %g", optbench_result_memory_gamma(r));
    }
    optbench_result_free(r);
    optbench_solver_free(s);

    /* H₀ = A⁻¹ (scipy's hess_inv0): the first step is the Newton step, to x* in one iteration. */
    s = solver("bfgs", 1, (const char *[]){"gtol"}, (const char *[]){"1e-10"});
    CHECK(optbench_solver_set_initial_inverse_hessian(s, QN, qa_inverse) == OPTBENCH_OK, "set H0: %s",
          optbench_last_error());
    r = run(p, s, x0, NULL, NULL);
    if (r) {
        CHECK(optbench_result_iterations(r) == 1, "bfgs H0 = A⁻¹: %lld iterations, %s",
              (long long)optbench_result_iterations(r), optbench_result_status(r));
        double error = max_difference(optbench_result_x(r), qx_star, QN);
        CHECK(error <= 1e-12, "bfgs H0 = A⁻¹: max |x − x*| = %g", error);
        CHECK(optbench_result_converged(r) == 1, "bfgs H0: %s", optbench_result_message(r));
        printf("hess_inv0 = A^-1: %lld iteration, %lld evaluations, max |x - x*| = %.2e\n",
               (long long)optbench_result_iterations(r), (long long)optbench_result_f_evaluations(r), error);
    }
    optbench_result_free(r);
    /* Without H₀ the same solver takes more steps. */
    CHECK(optbench_solver_set_initial_inverse_hessian(s, QN, NULL) == OPTBENCH_OK, "clear H0");
    r = run(p, s, x0, NULL, NULL);
    if (r) CHECK(optbench_result_iterations(r) > 1, "bfgs without H0: %lld", (long long)optbench_result_iterations(r));
    optbench_result_free(r);

    /* Refusals: a matrix that is not symmetric, not positive definite, not finite; the wrong
     * order for the problem; a solver other than bfgs. */
    double bad[QN * QN];
    memcpy(bad, qa_inverse, sizeof bad);
    bad[1] += 0.1;
    CHECK(optbench_solver_set_initial_inverse_hessian(s, QN, bad) == OPTBENCH_EOPTION &&
              strstr(optbench_last_error(), "symmetric"), "asymmetric: %s", optbench_last_error());
    memcpy(bad, qa_inverse, sizeof bad);
    bad[0] = -1;
    CHECK(optbench_solver_set_initial_inverse_hessian(s, QN, bad) == OPTBENCH_EOPTION &&
              strstr(optbench_last_error(), "positive definite"), "indefinite: %s", optbench_last_error());
    bad[0] = NAN;
    CHECK(optbench_solver_set_initial_inverse_hessian(s, QN, bad) == OPTBENCH_EOPTION &&
              strstr(optbench_last_error(), "finite"), "NaN: %s", optbench_last_error());
    const double two[4] = {1, 0, 0, 1};
    CHECK(optbench_solver_set_initial_inverse_hessian(s, 2, two) == OPTBENCH_OK, "2 × 2: %s", optbench_last_error());
    r = NULL;
    CHECK(optbench_minimize(p, s, x0, NULL, NULL, &r) == OPTBENCH_EUNSUPPORTED && r == NULL &&
              strstr(optbench_last_error(), "2 × 2"), "wrong order: %s", optbench_last_error());
    optbench_solver_free(s);
    s = solver("lbfgs", 0, NULL, NULL);
    CHECK(optbench_solver_set_initial_inverse_hessian(s, QN, qa_inverse) == OPTBENCH_EOPTION &&
              strstr(optbench_last_error(), "only bfgs"), "lbfgs H0: %s", optbench_last_error());
    optbench_solver_free(s);
    optbench_problem_free(p);

    /* Limited memory (lbfgs, lbfgsb) on Rosenbrock: the newest pair satisfies the secant
     * equation Hₖyₖ = sₖ; γ is sᵀy/yᵀy of the newest pair (both solvers' default). */
    const char *names[] = {"lbfgs", "lbfgsb"};
    for (int which = 0; which < 2; which++) {
        optbench_problem_create(2, rosen_fg, NULL, &p);
        s = solver(names[which], 1, (const char *[]){"memory"}, (const char *[]){"3"});
        r = run(p, s, start, NULL, NULL);
        if (r) {
            CHECK(optbench_result_inverse_hessian_kind(r) == OPTBENCH_INVERSE_HESSIAN_LIMITED_MEMORY, "%s: kind %d",
                  names[which], optbench_result_inverse_hessian_kind(r));
            size_t k = optbench_result_memory_pairs(r);
            CHECK(k >= 1 && k <= 3, "%s: %zu pairs", names[which], k);
            CHECK(optbench_result_inverse_hessian(r) == NULL, "%s: dense H", names[which]);
            const double *ps = optbench_result_memory_s(r), *py = optbench_result_memory_y(r);
            if (k >= 1 && ps && py) {
                const double *sk = ps + 2 * (k - 1), *yk = py + 2 * (k - 1);
                double sy = sk[0] * yk[0] + sk[1] * yk[1], yy = yk[0] * yk[0] + yk[1] * yk[1];
                double gamma = optbench_result_memory_gamma(r);
                CHECK(fabs(gamma - sy / yy) <= 1e-12 * fabs(sy / yy), "%s: γ = %.17g, sᵀy/yᵀy = %.17g", names[which],
                      gamma, sy / yy);
                double out[2];
                CHECK(optbench_result_apply_inverse_hessian(r, yk, out) == OPTBENCH_OK, "%s apply", names[which]);
                double error = fmax(fabs(out[0] - sk[0]), fabs(out[1] - sk[1])) / fmax(fabs(sk[0]), fabs(sk[1]));
                CHECK(error <= 1e-10, "%s: |H y − s| / |s| = %g", names[which], error);
                /* The last accepted step is the newest pair: x − (the iterate before) = s. */
                printf("inverse hessian: %s, %zu pairs, secant |H y - s|/|s| = %.2e, gamma = %.6g\n", names[which], k,
                       error, gamma);
            }
        }
        optbench_result_free(r);
        optbench_solver_free(s);
        optbench_problem_free(p);
    }

    /* L-BFGS holding every pair with γ of the first pair is BFGS with N&W's H₀ (same line search,
     * same iterates): its two-loop operator applied to e₁…eₙ gives BFGS's dense H. */
    optbench_problem_create(QN, quadratic_fg, NULL, &p);
    /* κ = 1: BFGS's default H₀ = 100γI has no L-BFGS counterpart (L-BFGS's H₀ is γI); trial step 1 as
     * L-BFGS's (BFGS's default is N&W eq. 3.60). */
    const char *first_keys[] = {"h0", "h0-factor", "trial-step", "gtol", "max-iter"};
    const char *first_values[] = {"first", "1", "unit", "0", "3"};
    optbench_solver *dense = solver("bfgs", 5, first_keys, first_values);
    const char *lm_keys[] = {"h0", "gtol", "max-iter", "memory"}, *lm_values[] = {"first", "0", "3", "10"};
    optbench_solver *limited = solver("lbfgs", 4, lm_keys, lm_values);
    optbench_result *rd = run(p, dense, x0, NULL, NULL), *rl = run(p, limited, x0, NULL, NULL);
    if (rd && rl) {
        CHECK(optbench_result_memory_pairs(rl) == 3, "lbfgs: %zu pairs", optbench_result_memory_pairs(rl));
        const double *h = optbench_result_inverse_hessian(rd);
        double worst = 0;
        for (int j = 0; j < QN && h; j++) {
            double unit[QN] = {0}, column[QN];
            unit[j] = 1;
            CHECK(optbench_result_apply_inverse_hessian(rl, unit, column) == OPTBENCH_OK, "apply e%d", j);
            for (int i = 0; i < QN; i++) worst = fmax(worst, fabs(column[i] - h[i * QN + j]) / fabs(h[i * QN + i]));
        }
        CHECK(h && worst <= 1e-10, "lbfgs operator vs bfgs H: %g", worst);
        printf("inverse hessian: lbfgs (m = 10, h0 first) operator vs bfgs (h0 first) dense H after 3 steps: %.2e\n",
               worst);
    }
    optbench_result_free(rd);
    optbench_result_free(rl);
    optbench_solver_free(dense);
    optbench_solver_free(limited);
    optbench_problem_free(p);

    /* Solvers without an approximation. */
    optbench_problem_create(2, rosen_fg, NULL, &p);
    optbench_problem_set_hessian_vector(p, rosen_hv, NULL);
    s = solver("newton-cg", 0, NULL, NULL);
    r = run(p, s, start, NULL, NULL);
    if (r) {
        double v[2] = {1, 1}, out[2];
        CHECK(optbench_result_inverse_hessian_kind(r) == OPTBENCH_INVERSE_HESSIAN_NONE, "newton-cg: kind");
        CHECK(optbench_result_apply_inverse_hessian(r, v, out) == OPTBENCH_EUNSUPPORTED, "newton-cg: apply");
    }
    optbench_result_free(r);
    optbench_solver_free(s);
    optbench_problem_free(p);
}

/* ---- HS 71 through constraint callbacks: f = x1 x4 (x1 + x2 + x3) + x3, x1 x2 x3 x4 ≥ 25,
 * Σ xᵢ² = 40, 1 ≤ x ≤ 5; published f* = 17.0140173 at (1, 4.7429994, 3.8211503, 1.3794082) ----- */

typedef struct { long values, jacobian; int fail_at; } constraint_counts;

static int hs71_fg(const double *x, double *f, double *g, void *user) {
    (void)user;
    *f = x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2];
    g[0] = x[3] * (2 * x[0] + x[1] + x[2]);
    g[1] = x[0] * x[3];
    g[2] = x[0] * x[3] + 1;
    g[3] = x[0] * (x[0] + x[1] + x[2]);
    return 0;
}

static int hs71_c(const double *x, double *c, void *user) {
    constraint_counts *k = user;
    k->values++;
    if (k->fail_at && k->values == k->fail_at) {
        optbench_set_callback_error("constraint values refused");
        return 7;
    }
    c[0] = x[0] * x[1] * x[2] * x[3];
    c[1] = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3];
    return 0;
}

static int hs71_jac(const double *x, double *j, void *user) {
    ((constraint_counts *)user)->jacobian++;
    j[0] = x[1] * x[2] * x[3]; j[1] = x[0] * x[2] * x[3]; j[2] = x[0] * x[1] * x[3]; j[3] = x[0] * x[1] * x[2];
    for (int i = 0; i < 4; i++) j[4 + i] = 2 * x[i];
    return 0;
}

static void test_constraints(void) {
    const double lower[] = {25, 40}, upper[] = {INFINITY, 40}, box_lo[] = {1, 1, 1, 1}, box_hi[] = {5, 5, 5, 5};
    const double x0[] = {1, 5, 5, 1}, xstar[] = {1, 4.7429994, 3.8211503, 1.3794082};
    constraint_counts k = {0, 0, 0};
    optbench_problem *p;
    optbench_problem_create(4, hs71_fg, NULL, &p);
    CHECK(optbench_problem_set_linear_constraints(p, NULL) == OPTBENCH_EINVAL, "linear flags before constraints");
    CHECK(optbench_problem_set_constraints(p, 2, lower, upper, hs71_c, NULL, &k) == OPTBENCH_EINVAL &&
              strstr(optbench_last_error(), "Jacobian") != NULL,
          "no Jacobian: %s", optbench_last_error());
    const double reversed[] = {25, 41};
    CHECK(optbench_problem_set_constraints(p, 2, reversed, upper, hs71_c, hs71_jac, &k) == OPTBENCH_EOPTION &&
              strstr(optbench_last_error(), "constraint 1") != NULL,
          "41 > 40: %s", optbench_last_error());
    const double below[] = {INFINITY, 40};
    CHECK(optbench_problem_set_constraints(p, 2, below, upper, hs71_c, hs71_jac, &k) == OPTBENCH_EOPTION &&
              strstr(optbench_last_error(), "constraint 0") != NULL,
          "lower = ∞: %s", optbench_last_error());
    CHECK(optbench_problem_set_constraints(p, 2, lower, upper, hs71_c, hs71_jac, &k) == OPTBENCH_OK, "set: %s",
          optbench_last_error());
    optbench_problem_set_bounds(p, box_lo, box_hi);

    optbench_solver *s;
    optbench_result *r = NULL;
    optbench_solver_create("lbfgsb", NULL, NULL, 0, &s);
    CHECK(optbench_minimize(p, s, x0, NULL, NULL, &r) == OPTBENCH_EUNSUPPORTED && r == NULL &&
              strstr(optbench_last_error(), "auglag") != NULL,
          "lbfgsb refuses constraints: %s", optbench_last_error());
    optbench_solver_free(s);

    CHECK(optbench_solver_create("auglag", NULL, NULL, 0, &s) == OPTBENCH_OK, "auglag: %s", optbench_last_error());
    CHECK(optbench_minimize(p, s, x0, NULL, NULL, &r) == OPTBENCH_OK && r, "auglag run: %s", optbench_last_error());
    if (r) {
        const double *x = optbench_result_x(r), *c = optbench_result_constraint_values(r);
        const double *lambda = optbench_result_multipliers(r);
        CHECK(optbench_result_status_code(r) == OPTBENCH_CONVERGED_KKT, "status %s", optbench_result_message(r));
        CHECK(fabs(optbench_result_f(r) - 17.0140173) <= 1e-6, "f = %.10f", optbench_result_f(r));
        CHECK(max_difference(x, xstar, 4) <= 1e-5, "|x − x*| = %g", max_difference(x, xstar, 4));
        CHECK(optbench_result_constraint_count(r) == 2, "m = %zu", optbench_result_constraint_count(r));
        CHECK(c && fabs(c[0] - x[0] * x[1] * x[2] * x[3]) <= 1e-12 && fabs(c[1] - 40) <= 1e-6, "c = (%g, %g)",
              c ? c[0] : NAN, c ? c[1] : NAN);
        CHECK(optbench_result_constraint_violation(r) <= 1e-6, "violation %g", optbench_result_constraint_violation(r));
        CHECK(optbench_result_kkt_stationarity(r) <= 1e-5, "KKT %g", optbench_result_kkt_stationarity(r));
        CHECK(optbench_result_complementarity(r) <= 1e-6, "complementarity %g", optbench_result_complementarity(r));
        /* Both constraints are active at x*: the lower side of c₁ (λ₁ ≤ 0); the equality. The stationarity of
         * L = f + λᵀc in the free variables x2, x3 (1 < x < 5) holds with these λ. */
        if (lambda) {
            double g[4], f, j[8];
            constraint_counts scratch = {0, 0, 0};
            hs71_fg(x, &f, g, NULL);
            hs71_jac(x, j, &scratch);
            for (int i = 1; i <= 2; i++) {
                double residual = g[i] + lambda[0] * j[i] + lambda[1] * j[4 + i];
                CHECK(fabs(residual) <= 1e-5, "∂L/∂x%d = %g", i + 1, residual);
            }
            CHECK(lambda[0] < 0, "λ₁ = %g (lower side active)", lambda[0]);
        }
        printf("constraints: HS71 by auglag, f = %.9f, %lld iterations, violation %.1e, KKT %.1e, c %lld, "
               "Jacobians %lld, products %lld\n", optbench_result_f(r), (long long)optbench_result_iterations(r),
               optbench_result_constraint_violation(r), optbench_result_kkt_stationarity(r),
               (long long)optbench_result_constraint_evaluations(r),
               (long long)optbench_result_constraint_jacobian_evaluations(r),
               (long long)optbench_result_constraint_jacobian_products(r));
        CHECK(optbench_result_constraint_evaluations(r) == k.values, "c evaluations %lld, callbacks %ld",
              (long long)optbench_result_constraint_evaluations(r), k.values);
        CHECK(optbench_result_constraint_jacobian_evaluations(r) + optbench_result_constraint_jacobian_products(r) ==
                  k.jacobian,
              "J %lld + products %lld, callbacks %ld", (long long)optbench_result_constraint_jacobian_evaluations(r),
              (long long)optbench_result_constraint_jacobian_products(r), k.jacobian);
        optbench_result_free(r);
    }

    /* A failing constraint callback ends the run with its message. */
    k.values = 0;
    k.fail_at = 5;
    CHECK(optbench_minimize(p, s, x0, NULL, NULL, &r) == OPTBENCH_OK && r, "failing run");
    if (r) {
        CHECK(optbench_result_status_code(r) == OPTBENCH_EVALUATION_FAILED &&
                  strcmp(optbench_result_detail(r), "constraint values refused") == 0,
              "failing constraints: %s", optbench_result_message(r));
        optbench_result_free(r);
    }

    /* Without constraints the accessors are empty. */
    CHECK(optbench_problem_set_constraints(p, 0, NULL, NULL, NULL, NULL, NULL) == OPTBENCH_OK, "remove");
    optbench_solver_free(s);
    optbench_solver_create("lbfgsb", NULL, NULL, 0, &s);
    CHECK(optbench_minimize(p, s, x0, NULL, NULL, &r) == OPTBENCH_OK && r, "unconstrained: %s", optbench_last_error());
    if (r) {
        CHECK(optbench_result_constraint_count(r) == 0 && optbench_result_multipliers(r) == NULL &&
                  isnan(optbench_result_constraint_violation(r)),
              "unconstrained accessors");
        optbench_result_free(r);
    }
    optbench_solver_free(s);
    optbench_problem_free(p);
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "--message") == 0) {
        const char *keys[32], *values[32];
        size_t count = 0;
        for (int i = 3; i + 1 < argc && count < 32; i += 2, count++) {
            keys[count] = argv[i];
            values[count] = argv[i + 1];
        }
        optbench_solver *s;
        if (optbench_solver_create(argv[2], keys, values, count, &s) == OPTBENCH_OK) {
            optbench_solver_free(s);
            return 1;
        }
        puts(optbench_last_error());
        return 0;
    }
    test_arguments();
    test_lbfgs();
    test_nelder_mead();
    test_gradient_cost();
    test_powell();
    test_powell_model("bobyqa");
    test_powell_model("newuoa");
    test_cmaes();
    test_options();
    test_refusals();
    test_newton_cg();
    test_least_squares();
    test_bounds();
    test_failing_callback();
    test_interrupt_and_nan();
    test_iteration_callback();
    test_inverse_hessian();
    test_constraints();
    printf("test_cabi: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
