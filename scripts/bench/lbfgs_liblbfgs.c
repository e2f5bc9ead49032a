/* liblbfgs's time per L-BFGS iteration on chained Rosenbrock (peer measurement for
 * scripts/bench/bench-lbfgs).
 *
 *   lbfgs_liblbfgs N M K
 *
 * Minimizes f(x) = sum_{i<n} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 from (-1.2, 1, -1.2, 1, ...)
 * with liblbfgs (Okazaki; Debian liblbfgs-dev) with m = M, its default More-Thuente line search
 * (ftol 1e-4, wolfe 0.9, as OptBench's defaults), and times iterations M+1 ... M+1+K: the wall
 * time between the progress callbacks of those iterations, and the time spent inside the
 * objective. Prints one JSON object: total_ms_per_iteration, own_ms_per_iteration (total minus
 * objective), evaluations_per_iteration, objective_ms_per_evaluation, and f at the end. */
#include <lbfgs.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int n, first, last;
static double inside, mark_time, mark_inside, end_time, end_inside;
static long evaluations, mark_evaluations, end_evaluations;
static double final_f;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* The value and gradient, as OptBench's Rosenbrock.valueAndGradient forms them. */
static lbfgsfloatval_t evaluate(void *instance, const lbfgsfloatval_t *x, lbfgsfloatval_t *g,
                                const int count, const lbfgsfloatval_t step) {
    (void)instance; (void)count; (void)step;
    double start = now(), f = 0;
    g[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]);
    f += 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);
    for (int i = 1; i < n - 1; i++) {
        double back = x[i] - x[i - 1] * x[i - 1], t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
        g[i] = -400 * x[i] * t - 2 * u + 200 * back;
        f += 100 * t * t + u * u;
    }
    g[n - 1] = 200 * (x[n - 1] - x[n - 2] * x[n - 2]);
    evaluations++;
    inside += now() - start;
    return f;
}

static int progress(void *instance, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                    const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm, const lbfgsfloatval_t gnorm,
                    const lbfgsfloatval_t step, int count, int k, int ls) {
    (void)instance; (void)x; (void)g; (void)xnorm; (void)gnorm; (void)step; (void)count; (void)ls;
    if (k == first) { mark_time = now(); mark_inside = inside; mark_evaluations = evaluations; }
    if (k == last) { end_time = now(); end_inside = inside; end_evaluations = evaluations; final_f = fx; }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: lbfgs_liblbfgs N M K\n"); return 2; }
    n = atoi(argv[1]);
    int m = atoi(argv[2]), k = atoi(argv[3]);
    if (n < 2 || m < 1 || k < 1) { fprintf(stderr, "lbfgs_liblbfgs: N >= 2, M >= 1, K >= 1\n"); return 2; }
    first = m + 1;
    last = first + k;
    lbfgsfloatval_t *x = lbfgs_malloc(n);
    if (!x) { fprintf(stderr, "lbfgs_liblbfgs: out of memory\n"); return 1; }
    for (int i = 0; i < n; i++) x[i] = i % 2 == 0 ? -1.2 : 1.0;
    lbfgs_parameter_t parameters;
    lbfgs_parameter_init(&parameters);
    parameters.m = m;
    parameters.epsilon = 1e-300;   /* run the iteration budget out */
    parameters.delta = 0;
    parameters.max_iterations = last;
    lbfgsfloatval_t fx;
    int status = lbfgs(n, x, &fx, evaluate, progress, NULL, &parameters);
    if (end_time == 0) { fprintf(stderr, "lbfgs_liblbfgs: stopped before iteration %d (status %d)\n", last, status); return 1; }
    double total = end_time - mark_time, objective = end_inside - mark_inside;
    long count = end_evaluations - mark_evaluations;
    printf("{\"total_ms_per_iteration\":%.6g,\"own_ms_per_iteration\":%.6g,\"evaluations_per_iteration\":%.6g,"
           "\"objective_ms_per_evaluation\":%.6g,\"f\":%.17g,\"lbfgs_status\":%d}\n",
           total / k * 1e3, (total - objective) / k * 1e3, (double)count / k, objective / count * 1e3, final_f, status);
    lbfgs_free(x);
    return 0;
}
