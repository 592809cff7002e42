/* The candidate search's inner loop (geo.PointIndex._within_strips with
 * feasibility.CheapFilter): for each (query, strip range of sorted points), the pre-filter
 * (mode, age, dates by class table; opening hours and full places by verdict), then the chord
 * between unit vectors, ((dx·dx) + (dy·dy)) + dz·dz, against the query's squared limit. The
 * same pairs, in the same order, with the same chords as the numpy code. */
#include <stdint.h>

/* The provider-side tables are in sorted-point order (native.Kernels.strip_join permutes
 * them), so that the loop reads them in sequence. */
typedef struct { /* NULL table: no class filter; NULL verdict: no verdict */
    const int64_t *chunk;     /* query -> need row */
    const uint8_t *table;     /* (need class, provider class) -> mode and age fit */
    const int32_t *need_cls;  /* need row -> class × provider classes */
    const int32_t *prov_cls;  /* sorted point -> provider class */
    const int32_t *need_rank; /* start date rank */
    const int32_t *prov_rank; /* sorted point -> free-from date rank */
    const int8_t *verdict;    /* (schedule, sorted point) -> 0 refused, 1 or 2 possible */
    const int64_t *sched_of;  /* need row -> schedule × points */
} Filter;

int64_t strip_join(int64_t n_rows, const int64_t *q_row, const int64_t *lo, const int64_t *hi,
                   const double *qx, const double *qy, const double *qz,
                   const double *sx, const double *sy, const double *sz, const double *limit,
                   const Filter *f, int64_t room, int64_t *out_q, int64_t *out_s,
                   double *out_chord2) {
    int64_t n = 0;
    for (int64_t i = 0; i < n_rows; i++) {
        int64_t q = q_row[i], j = f->chunk ? f->chunk[q] : q;
        if (n + (hi[i] - lo[i]) > room) return -1;
        const uint8_t *table = f->table ? f->table + f->need_cls[j] : 0;
        const int8_t *verdict = f->verdict ? f->verdict + f->sched_of[j] : 0;
        int32_t rank = f->table ? f->need_rank[j] : 0;
        double x = qx[q], y = qy[q], z = qz[q], lim = limit[q];
        /* branch-free: every point is written at n, and n moves on when the point is kept */
        for (int64_t s = lo[i]; s < hi[i]; s++) {
            double acc = x - sx[s];
            acc = acc * acc;
            double t = y - sy[s];
            t = t * t;
            acc = acc + t;
            t = z - sz[s];
            t = t * t;
            acc = acc + t;
            int keep = acc <= lim;
            if (table) keep &= table[f->prov_cls[s]] & (f->prov_rank[s] <= rank);
            if (verdict) keep &= verdict[s] > 0;
            out_q[n] = q;
            out_s[n] = s;
            out_chord2[n] = acc;
            n += keep;
        }
    }
    return n;
}
