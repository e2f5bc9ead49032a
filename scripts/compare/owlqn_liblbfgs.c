/* The L1-regularized objectives of scripts/compare/owlqn-vs-liblbfgs, for liblbfgs and for OptBench.
 *
 *   owlqn_liblbfgs solve KIND DATA LAMBDA EPSILON   minimizes f(w) + LAMBDA*|w|_1 with liblbfgs's
 *       OWL-QN (orthantwise_c = LAMBDA, backtracking line search as OWL-QN requires, m = 10,
 *       stop when |pseudo-gradient|_2 <= EPSILON * max(1, |w|_2)) from w = 0 and prints one JSON
 *       line: status, iterations, evaluations, F, f and w.
 *   owlqn_liblbfgs serve KIND DATA   answers OptBench's program protocol (a JSON array of w per
 *       line in, {"f": ..., "g": [...]} out), so both solvers minimize the same arithmetic.
 *
 * KIND: "logistic"  f(w) = sum_i log(1 + exp(-y_i a_i'w)),  y_i in {-1, +1};
 *       "lsq"       f(w) = 1/2 sum_i (a_i'w - y_i)^2.
 * DATA: first line "m n", then m lines "y_i a_i1 ... a_in" (written by the script).
 * liblbfgs: Okazaki, http://www.chokkan.org/software/liblbfgs/ (Debian liblbfgs-dev). */
#include <lbfgs.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int m, n, logistic;
static double *A, *y;
static int evaluations;

static void load(const char *kind, const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) { fprintf(stderr, "owlqn_liblbfgs: cannot open %s\n", path); exit(2); }
    if (fscanf(file, "%d %d", &m, &n) != 2) { fprintf(stderr, "owlqn_liblbfgs: bad header in %s\n", path); exit(2); }
    logistic = strcmp(kind, "logistic") == 0;
    if (!logistic && strcmp(kind, "lsq") != 0) { fprintf(stderr, "owlqn_liblbfgs: kind must be logistic or lsq\n"); exit(2); }
    A = malloc(sizeof(double) * m * n);
    y = malloc(sizeof(double) * m);
    for (int i = 0; i < m; i++) {
        if (fscanf(file, "%lf", &y[i]) != 1) exit(2);
        for (int j = 0; j < n; j++) if (fscanf(file, "%lf", &A[i * n + j]) != 1) exit(2);
    }
    fclose(file);
}

/* f(w), and its gradient into g. */
static double objective(const double *w, double *g) {
    double f = 0;
    for (int j = 0; j < n; j++) g[j] = 0;
    for (int i = 0; i < m; i++) {
        const double *a = A + i * n;
        double t = 0;
        for (int j = 0; j < n; j++) t += a[j] * w[j];
        double r;
        if (logistic) {
            double z = -y[i] * t; /* log(1 + e^z), and d/dt = -y * sigma(z) */
            f += z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
            r = -y[i] * (z > 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)));
        } else {
            r = t - y[i];
            f += 0.5 * r * r;
        }
        for (int j = 0; j < n; j++) g[j] += r * a[j];
    }
    return f;
}

static lbfgsfloatval_t evaluate(void *instance, const lbfgsfloatval_t *w, lbfgsfloatval_t *g, const int count, const lbfgsfloatval_t step) {
    (void)instance; (void)count; (void)step;
    evaluations++;
    return objective(w, g);
}

static int iterations;
static int progress(void *instance, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g, const lbfgsfloatval_t fx,
                    const lbfgsfloatval_t xnorm, const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int count, int k, int ls) {
    (void)instance; (void)x; (void)g; (void)fx; (void)xnorm; (void)gnorm; (void)step; (void)count; (void)ls;
    iterations = k;
    return 0;
}

static int solve(double lambda, double epsilon) {
    lbfgsfloatval_t *w = lbfgs_malloc(n), F = 0;
    for (int j = 0; j < n; j++) w[j] = 0;
    lbfgs_parameter_t param;
    lbfgs_parameter_init(&param);
    param.m = 10;
    param.epsilon = epsilon;
    param.max_iterations = 10000;
    param.orthantwise_c = lambda;
    param.linesearch = LBFGS_LINESEARCH_BACKTRACKING;
    int status = lbfgs(n, w, &F, evaluate, progress, NULL, &param);
    /* F at the returned w (lbfgs leaves its own F unset when the last line search fails). */
    double *g = malloc(sizeof(double) * n);
    double f = objective(w, g), norm1 = 0;
    for (int j = 0; j < n; j++) norm1 += fabs(w[j]);
    F = f + lambda * norm1;
    const char *name = status == LBFGS_SUCCESS ? "converged" : status == LBFGSERR_MAXIMUMLINESEARCH ? "line search: 40 trials"
        : status == LBFGSERR_ROUNDING_ERROR ? "rounding error" : status == LBFGSERR_MINIMUMSTEP ? "minimum step"
        : status == LBFGSERR_MAXIMUMITERATION ? "iteration limit" : "other error";
    printf("{\"status\": \"%s (%d)\", \"iterations\": %d, \"evaluations\": %d, \"F\": %.17g, \"f\": %.17g, \"w\": [", name, status,
           iterations, evaluations, F, f);
    for (int j = 0; j < n; j++) printf("%s%.17g", j ? ", " : "", w[j]);
    printf("]}\n");
    return 0;
}

static int serve(void) {
    double *w = malloc(sizeof(double) * n), *g = malloc(sizeof(double) * n);
    size_t capacity = 0;
    char *line = NULL;
    while (getline(&line, &capacity, stdin) > 0) {
        char *p = line;
        for (int j = 0; j < n; j++) {
            while (*p == '[' || *p == ',' || *p == ' ') p++;
            char *end;
            w[j] = strtod(p, &end);
            if (end == p) { printf("{\"error\": \"expected %d numbers\"}\n", n); fflush(stdout); return 1; }
            p = end;
        }
        double f = objective(w, g);
        printf("{\"f\": %.17g, \"g\": [", f);
        for (int j = 0; j < n; j++) printf("%s%.17g", j ? "," : "", g[j]);
        printf("]}\n");
        fflush(stdout);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 6 && strcmp(argv[1], "solve") == 0) { load(argv[2], argv[3]); return solve(atof(argv[4]), atof(argv[5])); }
    if (argc == 4 && strcmp(argv[1], "serve") == 0) { load(argv[2], argv[3]); return serve(); }
    fprintf(stderr, "usage: owlqn_liblbfgs solve KIND DATA LAMBDA EPSILON | serve KIND DATA\n");
    return 2;
}
