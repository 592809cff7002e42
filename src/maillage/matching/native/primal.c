/* The optimal mode's primal heuristic (allocation/primal.py: round_shares, repair with
 * 1-exchange, shorten) on a ledger of per-slot loads, for one component. Integer logic only:
 * the decisions are the Python code's, in the same order (tests/matching/test_native.py runs
 * both and compares the ledgers). The Python ledger's arrays are worked in place; `seq`
 * records the order of additions, which is the order of the Python ledger's dict. */
#include "ledger.h"

static int push(Ledger *L, int64_t p, int64_t e) {
    if (L->at_len[p] == L->at_cap[p]) {
        int64_t cap = L->at_cap[p] ? 2 * L->at_cap[p] : 4;
        int64_t *grown = realloc(L->at[p], (size_t)cap * sizeof(int64_t));
        if (!grown) return -1;
        L->at[p] = grown;
        L->at_cap[p] = cap;
    }
    L->at[p][L->at_len[p]++] = e;
    return 0;
}

static void drop(Ledger *L, int64_t p, int64_t e) { /* list.remove: the first occurrence */
    for (int64_t i = 0; i < L->at_len[p]; i++)
        if (L->at[p][i] == e) {
            memmove(L->at[p] + i, L->at[p] + i + 1, (size_t)(L->at_len[p] - i - 1) * 8);
            L->at_len[p]--;
            return;
        }
}

/* primal.fits_without: would e fit at p once f (placed at p) leaves? */
static int fits_without(Ledger *L, int64_t e, int64_t f, int64_t p) {
    int64_t me = L->member_start[e + 1] - L->member_start[e];
    int64_t mf = L->member_start[f + 1] - L->member_start[f];
    if (me > 1 || mf > 1) { /* as the Python code: out, test, back (f's turn moves to the end) */
        remove_entity(L, f);
        int ok = fits(L, e, p);
        add(L, f, p);
        return ok;
    }
    int64_t je = L->member_list[L->member_start[e]], jf = L->member_list[L->member_start[f]];
    int64_t nf = consumed(L, jf, p, L->touched); /* f's resources (scratch) */
    int64_t ne = consumed(L, je, p, L->res_buf);
    const uint64_t *be = L->need_words + je * L->width, *bf = L->need_words + jf * L->width;
    for (int64_t i = 0; i < ne; i++) {
        int64_t r = L->res_buf[i];
        int freed = 0;
        for (int64_t t = 0; t < nf; t++) freed |= L->touched[t] == r;
        const uint64_t *room = L->room + r * L->width;
        for (int64_t w = 0; w < L->width; w++) {
            uint64_t blocked = be[w] & ~room[w];
            if (blocked && (!freed || (blocked & ~bf[w]))) return 0;
        }
    }
    return 1;
}

/* primal.first_fitting: f's first candidate (distance order) other than p where it fits */
static int64_t first_fitting(const Ledger *L, int64_t f, int64_t p) {
    for (int64_t k = L->pair_start[f]; k < L->pair_start[f + 1]; k++) {
        int64_t q = L->pair_provider[k];
        if (q != p && fits(L, f, q)) return q;
    }
    return -1;
}

static int64_t exchange(Ledger *L, int64_t e, const int64_t *options, int64_t depth,
                        int64_t *work) {
    int64_t w = L->weight[e];
    for (int64_t i = 0; i < depth; i++) {
        int64_t p = options[i], n = L->at_len[p];
        /* sorted by weight, ties in arrival order (Python's stable sort) */
        for (int64_t a = 0; a < n; a++) {
            int64_t f = L->at[p][a], b = a;
            while (b > 0 && L->weight[work[b - 1]] > L->weight[f]) {
                work[b] = work[b - 1];
                b--;
            }
            work[b] = f;
        }
        for (int64_t a = 0; a < n; a++) {
            int64_t f = work[a];
            if (L->weight[f] > w) break;
            if (!fits_without(L, e, f, p)) continue;
            int64_t q = first_fitting(L, f, p);
            if (q < 0 && L->weight[f] == w) continue;
            remove_entity(L, f);
            drop(L, p, f);
            add(L, e, p);
            if (q >= 0) {
                add(L, f, q);
                if (push(L, q, f)) return -2;
            }
            return p;
        }
    }
    return -1;
}

static int by_priority(const void *a, const void *b, void *ctx) {
    const Ledger *L = ctx;
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    if (L->weight[x] != L->weight[y]) return L->weight[x] > L->weight[y] ? -1 : 1;
    return (L->rank[x] > L->rank[y]) - (L->rank[x] < L->rank[y]);
}

/* qsort_r is not in C11: a plain insertion-merge sort on (−weight, rank), keys unique */
static void sort_waiting(const Ledger *L, int64_t *v, int64_t n, int64_t *tmp) {
    if (n < 2) return;
    int64_t h = n / 2;
    sort_waiting(L, v, h, tmp);
    sort_waiting(L, v + h, n - h, tmp);
    int64_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = by_priority(&v[j], &v[i], (void *)L) < 0 ? v[j++] : v[i++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, (size_t)n * sizeof(int64_t));
}

static int repair(Ledger *L, const int64_t *ents, int64_t n_ents, int64_t depth, int64_t passes,
                  int64_t *waiting, int64_t *tmp, int64_t *options, int64_t *work) {
    /* entities already placed, in the ledger's order */
    int64_t n_placed = 0;
    for (int64_t i = 0; i < n_ents; i++)
        if (L->assigned[ents[i]] >= 0) waiting[n_placed++] = ents[i];
    for (int64_t a = 1; a < n_placed; a++) { /* by seq (insertion sort: mostly sorted) */
        int64_t e = waiting[a], b = a;
        while (b > 0 && L->seq[waiting[b - 1]] > L->seq[e]) {
            waiting[b] = waiting[b - 1];
            b--;
        }
        waiting[b] = e;
    }
    for (int64_t a = 0; a < n_placed; a++)
        if (push(L, L->assigned[waiting[a]], waiting[a])) return -2;
    for (int64_t pass = 0; pass < passes; pass++) {
        int64_t n_wait = 0;
        for (int64_t i = 0; i < n_ents; i++)
            if (L->assigned[ents[i]] < 0) waiting[n_wait++] = ents[i];
        sort_waiting(L, waiting, n_wait, tmp);
        int changed = 0;
        for (int64_t i = 0; i < n_wait; i++) {
            int64_t e = waiting[i], lo = L->pair_start[e], hi = L->pair_start[e + 1];
            int64_t placed = -1;
            for (int64_t k = lo; k < hi; k++) options[k - lo] = L->option_provider[k];
            for (int64_t k = 0; k < hi - lo; k++)
                if (fits(L, e, options[k])) {
                    placed = options[k];
                    break;
                }
            if (placed < 0) {
                placed = exchange(L, e, options, depth < hi - lo ? depth : hi - lo, work);
                if (placed == -2) return -2;
            } else {
                add(L, e, placed);
            }
            if (placed >= 0) {
                if (push(L, placed, e)) return -2;
                changed = 1;
            }
        }
        if (!changed) break;
    }
    return 0;
}

static void shorten(Ledger *L, const int64_t *ents, int64_t n_ents) {
    for (int64_t i = 0; i < n_ents; i++) {
        int64_t e = ents[i], p = L->assigned[e];
        if (p < 0) continue;
        for (int64_t k = L->pair_start[e]; k < L->pair_start[e + 1]; k++) {
            int64_t q = L->pair_provider[k];
            if (q == p) break; /* only the candidates nearer than the place held */
            if (fits(L, e, q)) {
                remove_entity(L, e);
                add(L, e, q);
                break;
            }
        }
    }
}

/* Returns 0, or -2 when memory runs out (the caller then runs the Python code). */
int64_t primal(int64_t n_slots, int64_t width, int64_t max_res, int64_t max_members,
               int16_t *used, const int16_t *cap, uint64_t *room, const uint64_t *need_words,
               const int64_t *res_start, const uint8_t *active, const int64_t *age_min,
               const int64_t *age_max, const int8_t *excluded, const int64_t *need_age,
               const int8_t *need_elig, const int64_t *member_start, const int64_t *member_list,
               const int64_t *pair_start, const int64_t *pair_provider,
               const int64_t *option_provider, const int64_t *weight, const int64_t *rank,
               int64_t *assigned, int64_t *seq, int64_t next_seq, uint8_t *dirty,
               int64_t n_providers, int64_t n_rounded, const int64_t *round_entity,
               const int64_t *round_provider, int64_t n_ents, const int64_t *ents, int64_t depth,
               int64_t passes, int64_t max_options) {
    Ledger L = {n_slots, width, max_res, max_members, used, cap, room, need_words, res_start,
                active, age_min, age_max, excluded, need_age, need_elig, member_start,
                member_list, pair_start, pair_provider, option_provider, weight, rank, assigned,
                seq, next_seq, dirty, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    int64_t scratch = max_res * max_members + 1;
    int64_t span = n_ents + max_options + 1;
    L.res_buf = malloc((size_t)scratch * 8);
    L.load_res = malloc((size_t)scratch * 8);
    L.touched = malloc((size_t)scratch * 8);
    L.load = malloc((size_t)(scratch * n_slots) * sizeof(int16_t));
    L.at = calloc((size_t)n_providers, sizeof(int64_t *));
    L.at_len = calloc((size_t)n_providers, sizeof(int64_t));
    L.at_cap = calloc((size_t)n_providers, sizeof(int64_t));
    int64_t *waiting = malloc((size_t)span * 8), *tmp = malloc((size_t)span * 8);
    int64_t *options = malloc((size_t)span * 8), *work = malloc((size_t)span * 8);
    int64_t status = -2;
    if (L.res_buf && L.load_res && L.touched && L.load && L.at && L.at_len && L.at_cap &&
        waiting && tmp && options && work) {
        for (int64_t k = 0; k < n_rounded; k++) /* primal.round_shares */
            if (assigned[round_entity[k]] < 0 && fits(&L, round_entity[k], round_provider[k]))
                add(&L, round_entity[k], round_provider[k]);
        status = repair(&L, ents, n_ents, depth, passes, waiting, tmp, options, work);
        if (status == 0) shorten(&L, ents, n_ents);
    }
    if (L.at)
        for (int64_t p = 0; p < n_providers; p++) free(L.at[p]);
    free(L.at), free(L.at_len), free(L.at_cap), free(L.res_buf), free(L.load_res);
    free(L.touched), free(L.load), free(waiting), free(tmp), free(options), free(work);
    return status == 0 ? L.next_seq : status;
}
