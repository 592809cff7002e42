/* Sorting within groups of pairs: the per-need cap of the candidate pairs, and the order in
 * which a family tries its places.
 *
 * problem.build_problem's last step (its numpy code does the same with distance bins, a
 * stable sort and ranks): each entity's candidate pairs sorted by (metres, provider), the
 * first cap kept, and the pairs its family named in its preferences (force). The same pairs in
 * the same order as the numpy code. */
#include <stdint.h>
#include <math.h>
#include <stdlib.h>

typedef struct {
    int64_t key; /* metres << 20 | provider: unique within an entity */
    int64_t pair;
} Keyed;

static void swap(Keyed *a, Keyed *b) {
    Keyed t = *a;
    *a = *b;
    *b = t;
}

/* Hoare partition of v[lo..hi] around the median of three; returns (i, j): v[lo..j] <= pivot,
 * v[i..hi] >= pivot, i > j. */
static void partition(Keyed *v, int64_t lo, int64_t hi, int64_t *pi, int64_t *pj) {
    int64_t mid = lo + (hi - lo) / 2;
    if (v[mid].key < v[lo].key) swap(&v[mid], &v[lo]);
    if (v[hi].key < v[lo].key) swap(&v[hi], &v[lo]);
    if (v[hi].key < v[mid].key) swap(&v[hi], &v[mid]);
    int64_t pivot = v[mid].key, i = lo, j = hi;
    while (i <= j) {
        while (v[i].key < pivot) i++;
        while (v[j].key > pivot) j--;
        if (i <= j) {
            swap(&v[i], &v[j]);
            i++;
            j--;
        }
    }
    *pi = i;
    *pj = j;
}

/* The k-th smallest key of v[0..n-1] (0-based), v reordered. */
static int64_t select_kth(Keyed *v, int64_t n, int64_t k) {
    int64_t lo = 0, hi = n - 1, i, j;
    while (hi > lo) {
        partition(v, lo, hi, &i, &j);
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
    return v[k].key;
}

static void sort_keyed(Keyed *v, int64_t lo, int64_t hi) { /* v[lo..hi], keys distinct */
    while (hi - lo > 16) {
        int64_t i, j;
        partition(v, lo, hi, &i, &j);
        if (j - lo < hi - i) { /* recurse on the smaller side: bounded depth */
            sort_keyed(v, lo, j);
            lo = i;
        } else {
            sort_keyed(v, i, hi);
            hi = j;
        }
    }
    for (int64_t a = lo + 1; a <= hi; a++) {
        Keyed t = v[a];
        int64_t b = a - 1;
        for (; b >= lo && v[b].key > t.key; b--) v[b + 1] = v[b];
        v[b + 1] = t;
    }
}

/* pairs (pe, pp, pd) of entities 0..n_ent-1, in any order, but those of skip (NULL: none);
 * cap 0: no cap. Writes the kept pairs grouped by ascending entity into out_*, returns how
 * many (or -1 when memory runs out). metres = min(rint(pd * 1000), 2^20 - 1), as the numpy code rounds them. */
int64_t nearest_pairs(int64_t n, const int64_t *pe, const int64_t *pp, const double *pd,
                      const uint8_t *skip, const uint8_t *force, int64_t n_ent, int64_t cap,
                      int64_t *out_pe, int64_t *out_pp, double *out_pd) {
    /* per entity: how many pairs, and where its first and last are (when the pairs come by
     * ascending entity, each one's are a contiguous run but for skipped pairs) */
    int64_t *count = calloc((size_t)n_ent + 1, sizeof *count);
    int64_t *first = malloc((size_t)(n_ent > 0 ? n_ent : 1) * sizeof *first);
    int64_t *last = malloc((size_t)(n_ent > 0 ? n_ent : 1) * sizeof *last);
    int64_t *by_entity = NULL; /* pair indices grouped by entity, when not ascending */
    Keyed *bucket = NULL;
    int64_t ascending = 1, largest = 0, count_kept = -1;
    if (!count || !first || !last) goto done;
    for (int64_t k = 0, previous = -1; k < n; k++) {
        if (skip && skip[k]) continue;
        int64_t e = pe[k];
        if (!count[e]) first[e] = k;
        last[e] = k;
        count[e]++;
        if (e < previous) ascending = 0;
        previous = e;
    }
    for (int64_t e = 0; e < n_ent; e++)
        if (count[e] > largest) largest = count[e];
    bucket = malloc((size_t)(largest > 0 ? largest : 1) * sizeof *bucket);
    if (!bucket) goto done;
    if (!ascending) { /* offsets (count becomes the running start), then a scatter */
        by_entity = malloc((size_t)(n > 0 ? n : 1) * sizeof *by_entity);
        if (!by_entity) goto done;
        for (int64_t e = 0, at = 0; e <= n_ent; e++) {
            int64_t size = count[e];
            count[e] = at;
            at += size;
        }
        for (int64_t k = 0; k < n; k++)
            if (!(skip && skip[k])) by_entity[count[pe[k]]++] = k;
        /* count[e] is now the end of e's slice: back to sizes */
        for (int64_t e = n_ent - 1; e > 0; e--) count[e] -= count[e - 1];
    }
    count_kept = 0;
    for (int64_t e = 0, at = 0; e < n_ent; e++) {
        int64_t size = 0;
        if (!count[e]) continue;
        if (ascending) {
            for (int64_t k = first[e]; k <= last[e]; k++)
                if (!(skip && skip[k])) bucket[size++].pair = k;
        } else {
            for (int64_t i = 0; i < count[e]; i++) bucket[size++].pair = by_entity[at + i];
            at += count[e];
        }
        for (int64_t i = 0; i < size; i++) {
            int64_t k = bucket[i].pair;
            double scaled = nearbyint(pd[k] * 1000.0);
            int64_t metres = scaled < (double)((1 << 20) - 1) ? (int64_t)scaled : (1 << 20) - 1;
            bucket[i].key = (metres << 20) | pp[k];
        }
        if (cap > 0 && size > cap) { /* the cap nearest and the forced ones */
            int64_t limit = select_kth(bucket, size, cap - 1), kept = 0;
            for (int64_t i = 0; i < size; i++)
                if (bucket[i].key <= limit || (force && force[bucket[i].pair]))
                    bucket[kept++] = bucket[i];
            size = kept;
        }
        sort_keyed(bucket, 0, size - 1);
        for (int64_t i = 0; i < size; i++) {
            int64_t k = bucket[i].pair;
            out_pe[count_kept] = e;
            out_pp[count_kept] = pp[k];
            out_pd[count_kept] = pd[k];
            count_kept++;
        }
    }
done:
    free(count);
    free(first);
    free(last);
    free(by_entity);
    free(bucket);
    return count_kept;
}

typedef struct {
    double key, then;
    int64_t at;
} Ranked;

static int ranked_before(const Ranked *a, const Ranked *b) {
    if (a->key != b->key) return a->key < b->key;
    if (a->then != b->then) return a->then < b->then;
    return a->at < b->at;
}

static void sort_ranked(Ranked *v, int64_t n) { /* (key, then, position): distinct, no NaN */
    if (n <= 24) {
        for (int64_t i = 1; i < n; i++) {
            Ranked t = v[i];
            int64_t j = i - 1;
            for (; j >= 0 && ranked_before(&t, &v[j]); j--) v[j + 1] = v[j];
            v[j + 1] = t;
        }
        return;
    }
    Ranked pivot = v[n / 2];
    int64_t i = 0, j = n - 1;
    while (i <= j) {
        while (ranked_before(&v[i], &pivot)) i++;
        while (ranked_before(&pivot, &v[j])) j--;
        if (i <= j) {
            Ranked t = v[i];
            v[i++] = v[j];
            v[j--] = t;
        }
    }
    if (j > 0) sort_ranked(v, j + 1);
    if (i < n - 1) sort_ranked(v + i, n - i);
}

/* np.lexsort((then, key, group)) for positions already grouped (group g is [start[g],
 * start[g+1])): within each group by key, then by then (NULL: no second key), ties in
 * position order. Returns -1 when memory runs out. */
int64_t segment_order(int64_t n_groups, const int64_t *start, const double *key,
                      const double *then, int64_t *out) {
    int64_t largest = 0;
    for (int64_t g = 0; g < n_groups; g++)
        if (start[g + 1] - start[g] > largest) largest = start[g + 1] - start[g];
    Ranked *work = malloc((size_t)(largest > 0 ? largest : 1) * sizeof *work);
    if (!work) return -1;
    for (int64_t g = 0; g < n_groups; g++) {
        int64_t lo = start[g], size = start[g + 1] - lo;
        for (int64_t i = 0; i < size; i++) {
            work[i].key = key[lo + i];
            work[i].then = then ? then[lo + i] : 0.0;
            work[i].at = lo + i;
        }
        sort_ranked(work, size);
        for (int64_t i = 0; i < size; i++) out[lo + i] = work[i].at;
    }
    free(work);
    return 0;
}
