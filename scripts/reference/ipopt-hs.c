/* IPOPT (C interface, IpStdCInterface.h) on four Hock–Schittkowski problems of problems/hs, with
 * exact first and second derivatives written out by hand, dense Jacobian and lower-triangle
 * Hessian, default options but tol = 1e-10 and no output. Prints one JSON object: per problem
 * IPOPT's status, iteration count, x, f and multipliers λ of the constraints (IPOPT's Lagrangian
 * f + λᵀg is OptBench's L = f + λᵀc). Built and run by scripts/reference/ipopt-hs, whose output
 * is Tests/Data/ipopt-hs.json. */
#include <stdio.h>
#include <IpStdCInterface.h>

#define INF 2e19
typedef struct {
    const char *name;
    int n, m;
    double x0[4], xl[4], xu[4], gl[2], gu[2];
    double (*f)(const double *);
    void (*grad)(const double *, double *);
    void (*g)(const double *, double *);
    void (*jac)(const double *, double *);            /* dense m × n, row-major */
    void (*hess)(const double *, double, const double *, double *); /* dense n × n */
} Problem;

/* HS 71: x1 x4 (x1 + x2 + x3) + x3; x1x2x3x4 ≥ 25; Σx² = 40; 1 ≤ x ≤ 5. */
static double f71(const double *x) { return x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2]; }
static void grad71(const double *x, double *d) {
    d[0] = x[3] * (2 * x[0] + x[1] + x[2]); d[1] = x[0] * x[3]; d[2] = x[0] * x[3] + 1;
    d[3] = x[0] * (x[0] + x[1] + x[2]);
}
static void g71(const double *x, double *g) {
    g[0] = x[0] * x[1] * x[2] * x[3] - 25; g[1] = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 40;
}
static void jac71(const double *x, double *j) {
    j[0] = x[1] * x[2] * x[3]; j[1] = x[0] * x[2] * x[3]; j[2] = x[0] * x[1] * x[3]; j[3] = x[0] * x[1] * x[2];
    for (int k = 0; k < 4; k++) j[4 + k] = 2 * x[k];
}
static void hess71(const double *x, double s, const double *l, double *h) {
    double H[16] = {2 * x[3], x[3], x[3], 2 * x[0] + x[1] + x[2], x[3], 0, 0, x[0], x[3], 0, 0, x[0],
                    2 * x[0] + x[1] + x[2], x[0], x[0], 0};
    double C[16] = {0, x[2] * x[3], x[1] * x[3], x[1] * x[2], x[2] * x[3], 0, x[0] * x[3], x[0] * x[2],
                    x[1] * x[3], x[0] * x[3], 0, x[0] * x[1], x[1] * x[2], x[0] * x[2], x[0] * x[1], 0};
    for (int k = 0; k < 16; k++) h[k] = s * H[k] + l[0] * C[k] + (k % 5 == 0 ? 2 * l[1] : 0);
}

/* HS 35: 9 − 8x1 − 6x2 − 4x3 + 2x1² + 2x2² + x3² + 2x1x2 + 2x1x3; 3 − x1 − x2 − 2x3 ≥ 0; x ≥ 0. */
static double f35(const double *x) {
    return 9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] * x[0] + 2 * x[1] * x[1] + x[2] * x[2]
        + 2 * x[0] * x[1] + 2 * x[0] * x[2];
}
static void grad35(const double *x, double *d) {
    d[0] = -8 + 4 * x[0] + 2 * x[1] + 2 * x[2]; d[1] = -6 + 4 * x[1] + 2 * x[0]; d[2] = -4 + 2 * x[2] + 2 * x[0];
}
static void g35(const double *x, double *g) { g[0] = 3 - x[0] - x[1] - 2 * x[2]; }
static void jac35(const double *x, double *j) { (void)x; j[0] = -1; j[1] = -1; j[2] = -2; }
static void hess35(const double *x, double s, const double *l, double *h) {
    (void)x; (void)l;
    double H[9] = {4, 2, 2, 2, 4, 0, 2, 0, 2};
    for (int k = 0; k < 9; k++) h[k] = s * H[k];
}

/* HS 6: (1 − x1)²; 10(x2 − x1²) = 0. */
static double f6(const double *x) { return (1 - x[0]) * (1 - x[0]); }
static void grad6(const double *x, double *d) { d[0] = -2 * (1 - x[0]); d[1] = 0; }
static void g6(const double *x, double *g) { g[0] = 10 * (x[1] - x[0] * x[0]); }
static void jac6(const double *x, double *j) { j[0] = -20 * x[0]; j[1] = 10; }
static void hess6(const double *x, double s, const double *l, double *h) {
    (void)x;
    h[0] = 2 * s - 20 * l[0]; h[1] = 0; h[2] = 0; h[3] = 0;
}

/* HS 65: (x1 − x2)² + (x1 + x2 − 10)²/9 + (x3 − 5)²; 48 − Σx² ≥ 0; −4.5 ≤ x1, x2 ≤ 4.5, −5 ≤ x3 ≤ 5. */
static double f65(const double *x) {
    return (x[0] - x[1]) * (x[0] - x[1]) + (x[0] + x[1] - 10) * (x[0] + x[1] - 10) / 9 + (x[2] - 5) * (x[2] - 5);
}
static void grad65(const double *x, double *d) {
    double s = 2 * (x[0] + x[1] - 10) / 9;
    d[0] = 2 * (x[0] - x[1]) + s; d[1] = -2 * (x[0] - x[1]) + s; d[2] = 2 * (x[2] - 5);
}
static void g65(const double *x, double *g) { g[0] = 48 - x[0] * x[0] - x[1] * x[1] - x[2] * x[2]; }
static void jac65(const double *x, double *j) { j[0] = -2 * x[0]; j[1] = -2 * x[1]; j[2] = -2 * x[2]; }
static void hess65(const double *x, double s, const double *l, double *h) {
    (void)x;
    double H[9] = {2 + 2.0 / 9, -2 + 2.0 / 9, 0, -2 + 2.0 / 9, 2 + 2.0 / 9, 0, 0, 0, 2};
    for (int k = 0; k < 9; k++) h[k] = s * H[k] + (k % 4 == 0 ? -2 * l[0] : 0);
}

static const Problem problems[] = {
    {"hs71", 4, 2, {1, 5, 5, 1}, {1, 1, 1, 1}, {5, 5, 5, 5}, {0, 0}, {INF, 0}, f71, grad71, g71, jac71, hess71},
    {"hs35", 3, 1, {0.5, 0.5, 0.5}, {0, 0, 0}, {INF, INF, INF}, {0}, {INF}, f35, grad35, g35, jac35, hess35},
    {"hs6", 2, 1, {-1.2, 1}, {-INF, -INF}, {INF, INF}, {0}, {0}, f6, grad6, g6, jac6, hess6},
    {"hs65", 3, 1, {-5, 5, 0}, {-4.5, -4.5, -5}, {4.5, 4.5, 5}, {0}, {INF}, f65, grad65, g65, jac65, hess65},
};
static const Problem *current;
static int iterations;

static Bool eval_f(Index n, Number *x, Bool nx, Number *v, UserDataPtr u) {
    (void)n; (void)nx; (void)u; *v = current->f(x); return 1;
}
static Bool eval_grad(Index n, Number *x, Bool nx, Number *d, UserDataPtr u) {
    (void)n; (void)nx; (void)u; current->grad(x, d); return 1;
}
static Bool eval_g(Index n, Number *x, Bool nx, Index m, Number *g, UserDataPtr u) {
    (void)n; (void)nx; (void)m; (void)u; current->g(x, g); return 1;
}
static Bool eval_jac(Index n, Number *x, Bool nx, Index m, Index nele, Index *row, Index *col, Number *v,
                     UserDataPtr u) {
    (void)nx; (void)nele; (void)u;
    if (v == NULL) {
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { row[i * n + j] = i; col[i * n + j] = j; }
    } else current->jac(x, v);
    return 1;
}
static Bool eval_h(Index n, Number *x, Bool nx, Number s, Index m, Number *l, Bool nl, Index nele, Index *row,
                   Index *col, Number *v, UserDataPtr u) {
    (void)nx; (void)m; (void)nl; (void)nele; (void)u;
    int k = 0;
    if (v == NULL) {
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) { row[k] = i; col[k] = j; k++; }
    } else {
        double h[16];
        current->hess(x, s, l, h);
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) v[k++] = h[i * n + j];
    }
    return 1;
}
static Bool count(Index mode, Index iter, Number f, Number pr, Number du, Number mu, Number dn, Number rg,
                  Number a_d, Number a_p, Index ls, UserDataPtr u) {
    (void)mode; (void)f; (void)pr; (void)du; (void)mu; (void)dn; (void)rg; (void)a_d; (void)a_p; (void)ls; (void)u;
    iterations = iter;
    return 1;
}

int main(void) {
    printf("{\n");
    int count_problems = sizeof problems / sizeof problems[0];
    for (int p = 0; p < count_problems; p++) {
        current = &problems[p];
        int n = current->n, m = current->m;
        double xl[4], xu[4], gl[2], gu[2], x[4], lambda[2], zl[4], zu[4], f;
        for (int j = 0; j < n; j++) { xl[j] = current->xl[j]; xu[j] = current->xu[j]; x[j] = current->x0[j]; }
        for (int i = 0; i < m; i++) { gl[i] = current->gl[i]; gu[i] = current->gu[i]; }
        IpoptProblem problem = CreateIpoptProblem(n, xl, xu, m, gl, gu, n * m, n * (n + 1) / 2, 0, eval_f, eval_g,
                                                  eval_grad, eval_jac, eval_h);
        AddIpoptNumOption(problem, "tol", 1e-10);
        AddIpoptIntOption(problem, "print_level", 0);
        AddIpoptStrOption(problem, "sb", "yes");
        SetIntermediateCallback(problem, count);
        iterations = -1;
        int status = IpoptSolve(problem, x, NULL, &f, lambda, zl, zu, NULL);
        FreeIpoptProblem(problem);
        printf("  \"%s\": {\"status\": %d, \"iterations\": %d, \"f\": %.17g, \"x\": [", current->name, status,
               iterations, f);
        for (int j = 0; j < n; j++) printf("%s%.17g", j ? ", " : "", x[j]);
        printf("], \"lambda\": [");
        for (int i = 0; i < m; i++) printf("%s%.17g", i ? ", " : "", lambda[i]);
        printf("]}%s\n", p + 1 < count_problems ? "," : "");
    }
    printf("}\n");
    return 0;
}
