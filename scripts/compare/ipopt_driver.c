/* IPOPT (Wächter & Biegler, Math. Program. 106, 2006) on one problem whose f, ∇f, c and J it asks
 * of its parent through a line protocol on stdin/stdout, so the parent (scripts/compare/constrained.py)
 * evaluates OptBench's own functions (`optbench eval --constraints --stdin`) and counts every
 * evaluation as it does for the other peers. Written against IPOPT 3.11's C interface (Number, Index,
 * Bool), which 3.14 keeps. IPOPT runs at its defaults but for the Hessian: its
 * limited-memory quasi-Newton approximation (hessian_approximation limited-memory), as ∇²L is not
 * asked of OptBench.
 *
 * Protocol. The parent first writes, one line each: "n m", x0 (n numbers), the box's lower and upper
 * sides (n numbers each), the constraints' lower and upper sides (m numbers each); "inf"/"-inf"
 * where a side is absent. Then the driver writes requests, one line each, "KIND x1 … xn" with KIND
 * f, g, c or j, and reads the answer line: f (one number), ∇f (n), c (m) or J (m·n, row-major).
 * At the end it writes "done STATUS ITERATIONS" and x (n numbers) on the next line.
 *   cc ipopt_driver.c $(pkg-config --cflags --libs ipopt) -o ipopt_driver   (scripts/compare/constrained)
 */
#include <IpStdCInterface.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int read_numbers(double *out, long count) {
    for (long i = 0; i < count; i++) {
        char word[64];
        if (scanf("%63s", word) != 1) return 0;
        char *end;
        out[i] = strtod(word, &end);
        if (*end != '\0') return 0;
    }
    return 1;
}

/* One request: "kind x…", answered by `count` numbers; 0 when the parent's answer is unusable
 * (IPOPT then treats the point as an evaluation error). */
static Bool ask(char kind, Index n, const Number *x, long count, Number *out) {
    printf("%c", kind);
    for (Index i = 0; i < n; i++) printf(" %.17g", x[i]);
    printf("\n");
    fflush(stdout);
    if (!read_numbers(out, count)) return 0;
    for (long i = 0; i < count; i++)
        if (!isfinite(out[i])) return 0;
    return 1;
}

typedef struct {
    Index m;
    Index iterations;
} Driver;

static Bool eval_f(Index n, Number *x, Bool new_x, Number *f, UserDataPtr data) {
    (void)new_x; (void)data;
    return ask('f', n, x, 1, f);
}

static Bool eval_grad_f(Index n, Number *x, Bool new_x, Number *g, UserDataPtr data) {
    (void)new_x; (void)data;
    return ask('g', n, x, n, g);
}

static Bool eval_g(Index n, Number *x, Bool new_x, Index m, Number *c, UserDataPtr data) {
    (void)new_x; (void)data;
    return m == 0 || ask('c', n, x, m, c);
}

/* J dense: element k = i·n + j is ∂cᵢ/∂xⱼ. */
static Bool eval_jac_g(Index n, Number *x, Bool new_x, Index m, Index nele_jac, Index *rows,
                       Index *columns, Number *values, UserDataPtr data) {
    (void)new_x; (void)data; (void)nele_jac;
    if (values == NULL) {
        for (Index i = 0; i < m; i++)
            for (Index j = 0; j < n; j++) {
                rows[i * n + j] = i;
                columns[i * n + j] = j;
            }
        return 1;
    }
    return m == 0 || ask('j', n, x, (long)m * n, values);
}

/* IPOPT 3.11 wants a Hessian callback even with the limited-memory approximation, which never calls it. */
static Bool eval_h(Index n, Number *x, Bool new_x, Number obj_factor, Index m, Number *lambda, Bool new_lambda,
                   Index nele_hess, Index *rows, Index *columns, Number *values, UserDataPtr data) {
    (void)n; (void)x; (void)new_x; (void)obj_factor; (void)m; (void)lambda; (void)new_lambda; (void)nele_hess;
    (void)rows; (void)columns; (void)values; (void)data;
    return 0;
}

static Bool intermediate(Index mode, Index iteration, Number f, Number primal, Number dual, Number mu,
                         Number d_norm, Number regularization, Number alpha_du, Number alpha_pr,
                         Index trials, UserDataPtr data) {
    (void)mode; (void)f; (void)primal; (void)dual; (void)mu; (void)d_norm; (void)regularization;
    (void)alpha_du; (void)alpha_pr; (void)trials;
    ((Driver *)data)->iterations = iteration;
    return 1;
}

int main(void) {
    long n, m;
    if (scanf("%ld %ld", &n, &m) != 2 || n < 1 || m < 0) {
        fprintf(stderr, "ipopt_driver: expected \"n m\" on the first line\n");
        return 2;
    }
    double *x = malloc(n * sizeof *x), *xl = malloc(n * sizeof *xl), *xu = malloc(n * sizeof *xu);
    double *cl = malloc((m + 1) * sizeof *cl), *cu = malloc((m + 1) * sizeof *cu);
    if (!x || !xl || !xu || !cl || !cu) return 2;
    if (!read_numbers(x, n) || !read_numbers(xl, n) || !read_numbers(xu, n) || !read_numbers(cl, m)
        || !read_numbers(cu, m)) {
        fprintf(stderr, "ipopt_driver: expected x0, the box and the constraints' sides\n");
        return 2;
    }
    /* IPOPT's infinity: ±1e19 (its nlp_lower/upper_bound_inf). */
    for (long i = 0; i < n; i++) {
        if (isinf(xl[i])) xl[i] = -1e19;
        if (isinf(xu[i])) xu[i] = 1e19;
    }
    for (long i = 0; i < m; i++) {
        if (isinf(cl[i])) cl[i] = -1e19;
        if (isinf(cu[i])) cu[i] = 1e19;
    }
    IpoptProblem problem = CreateIpoptProblem((Index)n, xl, xu, (Index)m, cl, cu, (Index)(m * n), 0, 0, eval_f,
                                              eval_g, eval_grad_f, eval_jac_g, eval_h);
    if (problem == NULL) {
        fprintf(stderr, "ipopt_driver: IPOPT refused the problem\n");
        return 2;
    }
    AddIpoptStrOption(problem, "hessian_approximation", "limited-memory");
    AddIpoptIntOption(problem, "print_level", 0);
    AddIpoptStrOption(problem, "sb", "yes");
    SetIntermediateCallback(problem, intermediate);
    Driver driver = {(Index)m, 0};
    double f = 0;
    enum ApplicationReturnStatus status = IpoptSolve(problem, x, NULL, &f, NULL, NULL, NULL, &driver);
    printf("done %d %d\n", (int)status, (int)driver.iterations);
    for (long i = 0; i < n; i++) printf("%s%.17g", i ? " " : "", x[i]);
    printf("\n");
    fflush(stdout);
    FreeIpoptProblem(problem);
    free(x); free(xl); free(xu); free(cl); free(cu);
    return 0;
}
