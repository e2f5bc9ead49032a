/*
 * The per-evaluation cost of OptBench's C interface from a C caller (scripts/bench/bench-cabi).
 *
 * The objective is a tiny quadratic, f = ½ Σ dᵢ(xᵢ − 1)², ∇f = d ∘ (x − 1), with dᵢ spaced
 * logarithmically in [1, 10³], started at x = 0. For each n it prints one JSON line:
 *   direct_ns      one f + ∇f called directly from C through a function pointer, in a loop
 *                  (best of 5 rounds; the same buffers, so warm caches);
 *   inside_ns      one f + ∇f as L-BFGS runs (lbfgs, m = 10, through optbench_minimize) see
 *                  it: the result's objective_seconds / f evaluations, summed over as many
 *                  whole runs as it takes to reach the target count (best of 5 rounds);
 *   run_ns         the whole run's seconds / f evaluations (the solver's own work included);
 *   evaluations, runs, iterations: of the best round.
 * inside_ns − direct_ns is what the interface adds to an evaluation: the call from Swift
 * through the C function pointer, the failure check, and CountedObjective's clock reads.
 *   cabi_overhead N [N …]
 */
#define _POSIX_C_SOURCE 199309L
#include "optbench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct { size_t n; double *d; } quadratic;

static int quadratic_fg(const double *x, double *f, double *g, void *user) {
    const quadratic *q = user;
    double sum = 0;
    for (size_t i = 0; i < q->n; i++) {
        double r = x[i] - 1;
        g[i] = q->d[i] * r;
        sum += g[i] * r;
    }
    *f = 0.5 * sum;
    return 0;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* Through a volatile pointer, so the loop calls the function as the library does. */
static int (*volatile direct)(const double *, double *, double *, void *) = quadratic_fg;

int main(int argc, char **argv) {
    for (int a = 1; a < argc; a++) {
        size_t n = strtoul(argv[a], NULL, 10);
        quadratic q = {n, malloc(n * sizeof(double))};
        double *x = calloc(n, sizeof(double)), *g = malloc(n * sizeof(double));
        for (size_t i = 0; i < n; i++) q.d[i] = pow(10, n > 1 ? 3.0 * i / (n - 1) : 0);
        /* Evaluations per round: about 0.2 s of direct calls, at least 20. */
        double f, t0 = now();
        direct(x, &f, g, &q);
        double one = fmax(now() - t0, 1e-9);
        long target = (long)fmin(fmax(0.2 / one, 20), 2e6);

        double direct_best = INFINITY;
        for (int round = 0; round < 5; round++) {
            t0 = now();
            for (long k = 0; k < target; k++) {
                x[k % n] = 1e-300 * k; /* a point that changes, as in a run */
                direct(x, &f, g, &q);
            }
            direct_best = fmin(direct_best, (now() - t0) / target);
        }
        for (size_t i = 0; i < n; i++) x[i] = 0;

        optbench_problem *p;
        optbench_solver *s;
        const char *keys[] = {"gtol", "max-iter", "trace-every"}, *values[] = {"0", "200", "0"};
        if (optbench_problem_create(n, quadratic_fg, &q, &p) || optbench_solver_create("lbfgs", keys, values, 3, &s)) {
            fprintf(stderr, "%s\n", optbench_last_error());
            return 1;
        }
        double inside_best = INFINITY, run_best = INFINITY;
        long best_evaluations = 0, best_runs = 0, best_iterations = 0;
        for (int round = 0; round < 5; round++) {
            long evaluations = 0, runs = 0, iterations = 0;
            double inside = 0, whole = 0;
            while (evaluations < target) {
                optbench_result *r;
                if (optbench_minimize(p, s, x, NULL, NULL, &r)) {
                    fprintf(stderr, "%s\n", optbench_last_error());
                    return 1;
                }
                evaluations += optbench_result_f_evaluations(r);
                iterations += optbench_result_iterations(r);
                inside += optbench_result_objective_seconds(r);
                whole += optbench_result_seconds(r);
                runs++;
                optbench_result_free(r);
            }
            if (inside / evaluations < inside_best) {
                inside_best = inside / evaluations;
                run_best = whole / evaluations;
                best_evaluations = evaluations;
                best_runs = runs;
                best_iterations = iterations;
            }
        }
        printf("{\"n\": %zu, \"direct_ns\": %.1f, \"inside_ns\": %.1f, \"run_ns\": %.1f, \"evaluations\": %ld, "
               "\"runs\": %ld, \"iterations\": %ld}\n",
               n, direct_best * 1e9, inside_best * 1e9, run_best * 1e9, best_evaluations, best_runs, best_iterations);
        fflush(stdout);
        optbench_solver_free(s);
        optbench_problem_free(p);
        free(q.d);
        free(x);
        free(g);
    }
    return 0;
}
