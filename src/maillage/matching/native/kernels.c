/* Compiled inner loops of the matching engine, loaded by native/__init__.py with ctypes.
 *
 * Why the same bits as the numpy fallback, on every machine: each line is one IEEE 754
 * double operation (+, -, *, /, comparison, integer bit operation) in the order the numpy
 * code performs it, and build.py compiles with -ffp-contract=off and without fast-math (no
 * fused multiply-add, no reassociation, no vectorised sums). Sums run in index order, as
 * numpy's bincount does; the fallback was written with bincount for that reason.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

/* The hottest loops (the dual's pass over the pairs, the quasi-Newton direction, the dot
 * products) get an AVX2 clone beside the baseline one, chosen when the library loads by what
 * the CPU supports; the loops are written so that the compiler may run them four doubles at
 * a time with the same IEEE operations in the same order, hence the same bits either way
 * (test_native builds the baseline alone, with -DMAILLAGE_BASELINE_ONLY, and compares).
 * Only where GCC or clang can dispatch (x86-64, glibc's ifunc). */
#if defined(__x86_64__) && defined(__GLIBC__) && defined(__has_attribute) && \
    !defined(MAILLAGE_BASELINE_ONLY)
#if __has_attribute(target_clones)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef VECTOR_CLONES
#define VECTOR_CLONES
#endif

/* Set by build.py: the SHA-256 of this file, so that a stale library is never used. */
#ifndef KERNELS_SOURCE_SHA256
#define KERNELS_SOURCE_SHA256 "unknown"
#endif

const char *kernels_source_sha256(void) { return KERNELS_SOURCE_SHA256; }

/* Constants of portable_math.exp, passed by the loader (one source of truth). */
typedef struct {
    double inv_ln2_n;   /* N / ln 2 */
    double shift;       /* 1.5 * 2^52 */
    double minus_ln2_n; /* -ln 2 / N */
    double c3;          /* 1/6 */
    double c2;          /* 1/2 */
} ExpConstants;

static inline uint64_t bits_of(double x) {
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static inline double double_of(uint64_t b) {
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* portable_math._exp_kernel, operation by operation. */
static inline double portable_exp(double z, const ExpConstants *c, const uint64_t *pow2_bits) {
    double t = z * c->inv_ln2_n;
    t = t + c->shift;
    uint64_t bits = bits_of(t);
    t = t - c->shift;
    t = t * c->minus_ln2_n;
    t = t + z;
    uint64_t index = bits & (uint64_t)1023;
    bits <<= 42; /* 52 - table bits */
    bits += pow2_bits[index];
    double r = t * c->c3;
    r = r + c->c2;
    r = r * t;
    r = r + 1.0;
    r = r * t;
    r = r + 1.0;
    return r * double_of(bits);
}

void exp_array(int64_t n, const double *z, double *out, const ExpConstants *c,
               const uint64_t *pow2_bits) {
    for (int64_t k = 0; k < n; k++) out[k] = portable_exp(z[k], c, pow2_bits);
}

/* Constants of portable_math.log, passed by the loader. */
typedef struct {
    double sqrt_half;
    double ln2_lo;
    double ln2_hi;
    double coeffs[11]; /* 2/23, 2/21, ..., 2/3 */
} LogConstants;

/* portable_math.log, operation by operation (frexp is exact). */
static inline double portable_log(double x, const LogConstants *c) {
    int exponent;
    double m = frexp(x, &exponent);
    double low = m < c->sqrt_half ? 1.0 : 0.0;
    m = m * (low + 1.0);
    double e = (double)exponent;
    e = e - low;
    double s = m - 1.0;
    s = s / (m + 1.0);
    double s2 = s * s;
    double r = s2 * c->coeffs[0];
    for (int i = 1; i < 10; i++) {
        r = r + c->coeffs[i];
        r = r * s2;
    }
    r = r + c->coeffs[10];
    r = r * s2;
    r = r + 2.0;
    r = r * s;
    r = r + e * c->ln2_lo;
    return r + e * c->ln2_hi;
}

void log_array(int64_t n, const double *x, double *out, const LogConstants *c) {
    for (int64_t k = 0; k < n; k++) out[k] = portable_log(x[k], c);
}

/* scipy's csr_matvec: y[i] = 0 + sum of data * x over the row's entries, in stored order.
 * data NULL: every value is 1.0, and 1.0 * x is x (exactly): the same sums, less to read. */
static void csr_matvec(int64_t n_rows, const int64_t *ptr, const int32_t *idx,
                       const double *data, const double *x, double *y) {
    for (int64_t i = 0; i < n_rows; i++) {
        double sum = 0.0;
        if (data)
            for (int64_t jj = ptr[i]; jj < ptr[i + 1]; jj++) sum += data[jj] * x[idx[jj]];
        else
            for (int64_t jj = ptr[i]; jj < ptr[i + 1]; jj++) sum += x[idx[jj]];
        y[i] = sum;
    }
}

/* The smoothed dual on the restricted pairs (lagrangian._Restricted.soft), pair part:
 * reduced weights, per-family top and soft-max total, shares, and the load per type.
 * One pass, family by family: each pair's reduced weight is its objective less its type's
 * price, less its extras' prices in extra order (extra_pos ascending, as DualJob checks), the
 * same operations as numpy's whole-array passes, with the family's pairs still in cache. */
VECTOR_CLONES
static void soft_pairs(int64_t n_pairs, const double *obj, const int32_t *kind,
                       const double *by_type, int64_t n_extra, const int64_t *extra_pos,
                       const int64_t *extra_kind, int64_t n_seg, const int64_t *seg, double tau,
                       double inv_tau, const ExpConstants *c, const uint64_t *pow2_bits,
                       double *share, double *top, double *total, int64_t n_types, double *load,
                       double *load_extra) {
    memset(load, 0, (size_t)n_types * sizeof(double));
    int64_t e = 0;
    for (int64_t s = 0; s < n_seg; s++) {
        int64_t lo = seg[s], hi = s + 1 < n_seg ? seg[s + 1] : n_pairs;
        for (int64_t k = lo; k < hi; k++) share[k] = obj[k] - by_type[kind[k]];
        for (; e < n_extra && extra_pos[e] < hi; e++)
            share[extra_pos[e]] -= by_type[extra_kind[e]];
        double best = share[lo];
        for (int64_t k = lo + 1; k < hi; k++)
            if (share[k] > best) best = share[k];
        if (!(best > 0.0)) best = 0.0;
        double sum = 0.0;
        for (int64_t k = lo; k < hi; k++) {
            double z = share[k] - best;
            z = z * inv_tau;
            if (z < -60.0) z = -60.0; /* no subnormal numbers */
            z = portable_exp(z, c, pow2_bits);
            share[k] = z;
            sum += z;
        }
        double outside = (-best) / tau;
        if (outside < -60.0) outside = -60.0;
        double all = portable_exp(outside, c, pow2_bits) + sum;
        double inv_all = 1.0 / all; /* one division per family, not per pair */
        /* the load per type in pair order, as bincount adds it */
        for (int64_t k = lo; k < hi; k++) {
            share[k] = share[k] * inv_all;
            load[kind[k]] += share[k];
        }
        top[s] = best;
        total[s] = all;
    }
    memset(load_extra, 0, (size_t)n_types * sizeof(double));
    for (int64_t i = 0; i < n_extra; i++) load_extra[extra_kind[i]] += share[extra_pos[i]];
}

/* quasi_newton.dot, np.add.reduce(a * b): numpy's pairwise summation of the products
 * (numpy/_core/src/umath/loops_utils.h.src, pairwise_sum): below 8 terms in order; up to 128
 * in eight accumulators combined ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the
 * rest in order; above, the two halves (the first a multiple of 8) summed separately.
 * test_native compares the two on every length up to 1,000 and on long arrays. */
VECTOR_CLONES
static double pairwise_dot(const double *a, const double *b, int64_t n) {
    if (n < 8) {
        double res = 0.0;
        for (int64_t i = 0; i < n; i++) res += a[i] * b[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; j++) r[j] = a[j] * b[j];
        int64_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; j++) r[j] += a[i + j] * b[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i] * b[i];
        return res;
    }
    int64_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_dot(a, b, n2) + pairwise_dot(a + n2, b + n2, n - n2);
}

double product_dot(int64_t n, const double *a, const double *b) {
    return n > 0 ? 0.0 + pairwise_dot(a, b, n) : 0.0;
}

/* np.add.reduce(a): the same pairwise summation as pairwise_dot, on the values. */
static double pairwise_sum(const double *a, int64_t n) {
    if (n < 8) {
        double res = 0.0;
        for (int64_t i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; j++) r[j] = a[j];
        int64_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; j++) r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    }
    int64_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

/* CSR arrays of a matrix: rows, row pointers, column indices, values (NULL: all 1.0). */
typedef struct {
    int64_t n_rows;
    const int64_t *ptr;
    const int32_t *idx;
    const double *data;
} Csr;

/* by_type = q @ λ from qᵀ's rows, skipping the rows whose multiplier is 0 (often half of
 * them): each type's sum adds the same terms in the same order as csr_matvec on q (q's rows
 * hold ascending column indices, as DualJob checks), and a term data * 0 adds nothing. */
static void prices_by_type(const Csr *q, const Csr *q_t, const double *lam, double *by_type) {
    memset(by_type, 0, (size_t)q->n_rows * sizeof(double));
    for (int64_t r = 0; r < q_t->n_rows; r++) {
        double x = lam[r];
        if (x == 0.0) continue;
        if (q_t->data)
            for (int64_t jj = q_t->ptr[r]; jj < q_t->ptr[r + 1]; jj++)
                by_type[q_t->idx[jj]] += q_t->data[jj] * x;
        else
            for (int64_t jj = q_t->ptr[r]; jj < q_t->ptr[r + 1]; jj++) by_type[q_t->idx[jj]] += x;
    }
}

/* What stays the same over the calls of dual_eval on one restricted set of pairs. */
typedef struct {
    const Csr *q, *q_t;
    const double *rhs;
    int64_t n_pairs;
    const double *obj;
    const int32_t *kind;
    int64_t n_extra;
    const int64_t *extra_pos, *extra_kind;
    int64_t n_seg;
    const int64_t *seg;
    const ExpConstants *c;
    const uint64_t *pow2_bits;
    const LogConstants *lc;
    double *by_type, *top, *total, *load, *load_extra, *terms; /* work */
} DualJob;

/* lagrangian._Restricted.soft whole: prices per type (q @ λ), the pair pass (soft_pairs),
 * the value Σ(top + τ·log total) + λ·rhs and the gradient rhs − qᵀ·load. Returns the value. */
double dual_eval(const DualJob *job, const double *lam, double tau, double inv_tau,
                 double *share, double *grad) {
    const Csr *q = job->q, *q_t = job->q_t;
    const double *rhs = job->rhs;
    int64_t n_seg = job->n_seg, n_extra = job->n_extra;
    double *by_type = job->by_type, *top = job->top, *total = job->total, *load = job->load;
    double *load_extra = job->load_extra, *terms = job->terms;
    const LogConstants *lc = job->lc;
    prices_by_type(q, q_t, lam, by_type);
    soft_pairs(job->n_pairs, job->obj, job->kind, by_type, n_extra, job->extra_pos,
               job->extra_kind, n_seg, job->seg, tau, inv_tau, job->c, job->pow2_bits, share, top,
               total, q->n_rows, load, load_extra);
    for (int64_t s = 0; s < n_seg; s++) {
        double t = tau * portable_log(total[s], lc);
        terms[s] = top[s] + t;
    }
    double value = (n_seg > 0 ? 0.0 + pairwise_sum(terms, n_seg) : 0.0) +
                   product_dot(q_t->n_rows, lam, rhs);
    if (n_extra)
        for (int64_t t = 0; t < q->n_rows; t++) load[t] = load[t] + load_extra[t];
    csr_matvec(q_t->n_rows, q_t->ptr, q_t->idx, q_t->data, load, grad);
    for (int64_t r = 0; r < q_t->n_rows; r++) grad[r] = rhs[r] - grad[r];
    return value;
}

/* quasi_newton.direction: the projected L-BFGS direction. Coordinates at the bound whose
 * gradient pushes outwards are frozen (direction 0); the two-loop recursion runs on the
 * others over the m corrections of s and y (rows order[0..m-1] of S and Y, oldest first). */
VECTOR_CLONES
void qn_direction(int64_t n, const double *x, const double *g, int64_t m, const double *S,
                  const double *Y, const int64_t *order, const double *sy, const double *yy,
                  double *alpha, double *d) {
    for (int64_t k = 0; k < n; k++) d[k] = (x[k] > 0.0 || g[k] < 0.0) ? g[k] : 0.0;
    for (int64_t i = m - 1; i >= 0; i--) {
        const double *s = S + order[i] * n, *y = Y + order[i] * n;
        double rho = 1.0 / sy[order[i]];
        double a = rho * product_dot(n, s, d);
        alpha[i] = a;
        for (int64_t k = 0; k < n; k++) d[k] = d[k] - y[k] * a;
    }
    if (m > 0) {
        double scale = sy[order[m - 1]] / yy[order[m - 1]];
        for (int64_t k = 0; k < n; k++) d[k] = d[k] * scale;
    }
    for (int64_t i = 0; i < m; i++) {
        const double *s = S + order[i] * n, *y = Y + order[i] * n;
        double rho = 1.0 / sy[order[i]];
        double b = rho * product_dot(n, y, d);
        double c = alpha[i] - b;
        for (int64_t k = 0; k < n; k++) d[k] = d[k] + s[k] * c;
    }
    for (int64_t k = 0; k < n; k++) d[k] = (x[k] > 0.0 || g[k] < 0.0) ? -d[k] : 0.0;
}

/* ledger.Ledger.fits_now: per candidate pair, 0 when its (single) child does not fit now,
 * i.e. when one of the resources it would consume has no free place at one of its slots:
 * need_words[child] & ~room_words[resource] != 0 over `width` 64-bit words. Pairs of sibling
 * groups are left at 1 (tested one by one by the caller). */
void fits_now(int64_t n, const int64_t *pairs, const int64_t *single_need, const int64_t *start,
              const int64_t *res, int64_t width, const uint64_t *need_words,
              const uint64_t *room_words, uint8_t *out) {
    for (int64_t i = 0; i < n; i++) {
        int64_t p = pairs[i], j = single_need[i];
        uint8_t fits = 1;
        if (j >= 0) {
            const uint64_t *need = need_words + j * width;
            for (int64_t t = start[p]; fits && t < start[p + 1]; t++) {
                const uint64_t *room = room_words + res[t] * width;
                for (int64_t w = 0; w < width; w++)
                    if (need[w] & ~room[w]) {
                        fits = 0;
                        break;
                    }
            }
        }
        out[i] = fits;
    }
}

/* quasi_newton.minimise on dual_eval, step by step in the same operations: the projected
 * limited-memory quasi-Newton loop with its backtracking (Armijo) line search. x: the start
 * on entry, the end on exit; share: the last evaluation's shares. work: 5 n + 2 n_pairs
 * + 2 (memory + 1) n + 2 (memory + 1) + memory values. Returns the number of evaluations. */
int64_t qn_minimise(const DualJob *job, double tau, int64_t iterations, int64_t memory,
                    double *x, double *share, double *work) {
    int64_t n = job->q_t->n_rows, n_pairs = job->n_pairs, rows = memory + 1;
    double inv_tau = 1.0 / tau;
    double *g = work, *g_new = g + n, *x_new = g_new + n, *d = x_new + n, *diff = d + n;
    double *extra = diff + n, *extra_new = extra + n_pairs;
    double *S = extra_new + n_pairs, *Y = S + rows * n, *sy = Y + rows * n, *yy = sy + rows;
    double *alpha = yy + rows;
    int64_t order[rows > 0 ? rows : 1], m = 0, evaluations = 1;
    double f = dual_eval(job, x, tau, inv_tau, extra, g);
    for (int64_t it = 0; it < iterations; it++) {
        qn_direction(n, x, g, m, S, Y, order, sy, yy, alpha, d);
        double slope = product_dot(n, g, d);
        if (slope >= 0.0) { /* projected steepest descent */
            m = 0;
            qn_direction(n, x, g, m, S, Y, order, sy, yy, alpha, d);
            slope = product_dot(n, g, d);
        }
        if (slope > -1e-12) break;
        double step = 1.0;
        if (!m) {
            double largest = 0.0;
            for (int64_t k = 0; k < n; k++) {
                double a = fabs(d[k]);
                if (a > largest) largest = a;
            }
            step = 1.0 / (largest > 1e-12 ? largest : 1e-12);
        }
        int accepted = 0;
        double f_new = 0.0;
        for (int attempt = 0; attempt < 30; attempt++) {
            for (int64_t k = 0; k < n; k++) {
                double v = x[k] + step * d[k];
                x_new[k] = v < 1e-12 ? 0.0 : v; /* projection; no subnormal multipliers */
            }
            f_new = dual_eval(job, x_new, tau, inv_tau, extra_new, g_new);
            evaluations++;
            for (int64_t k = 0; k < n; k++) diff[k] = x_new[k] - x[k];
            if (f_new <= f + 1e-4 * product_dot(n, g, diff)) {
                accepted = 1;
                break;
            }
            step *= 0.5;
        }
        if (!accepted) break;
        /* the spare row: the first not among the kept corrections */
        int64_t row = 0;
        for (; row < rows; row++) {
            int64_t used = 0;
            for (int64_t i = 0; i < m; i++) used |= order[i] == row;
            if (!used) break;
        }
        double *s = S + row * n, *y = Y + row * n;
        for (int64_t k = 0; k < n; k++) s[k] = x_new[k] - x[k];
        for (int64_t k = 0; k < n; k++) y[k] = g_new[k] - g[k];
        double s_y = product_dot(n, s, y);
        if (s_y > 1e-12) {
            sy[row] = s_y;
            yy[row] = product_dot(n, y, y);
            order[m++] = row;
            if (m > memory) { /* the oldest goes */
                for (int64_t i = 1; i < m; i++) order[i - 1] = order[i];
                m--;
            }
        }
        memcpy(x, x_new, (size_t)n * sizeof *x);
        f = f_new;
        double *t = g;
        g = g_new, g_new = t;
        t = extra, extra = extra_new, extra_new = t;
    }
    memcpy(share, extra, (size_t)n_pairs * sizeof *share);
    return evaluations;
}
