/* class_rows._undominated: row i is dropped when a row j of the same resource has a pattern
 * containing i's and no more capacity (of two identical rows, the first is kept). Rows come
 * grouped by resource; patterns are `width` 64-bit words each. */
#include <stdint.h>

static int contains(const uint64_t *big, const uint64_t *small, int64_t width) {
    for (int64_t w = 0; w < width; w++)
        if (small[w] & ~big[w]) return 0;
    return 1;
}

void undominated(int64_t n, const int64_t *row_r, int64_t width, const uint64_t *code,
                 const int64_t *cap, uint8_t *keep) {
    for (int64_t start = 0, end; start < n; start = end) {
        for (end = start + 1; end < n && row_r[end] == row_r[start];) end++;
        for (int64_t i = start; i < end; i++) {
            const uint64_t *pi = code + i * width;
            keep[i] = 1;
            for (int64_t j = start; j < end; j++) {
                if (j == i || cap[j] > cap[i]) continue;
                const uint64_t *pj = code + j * width;
                if (!contains(pj, pi, width)) continue;
                /* j contains i with no more places: i goes, unless both are the same row
                 * (same pattern, same capacity) and i comes first */
                int same = cap[j] == cap[i] && contains(pi, pj, width);
                if (!same || j < i) {
                    keep[i] = 0;
                    break;
                }
            }
        }
    }
}

/* class_rows.consumption_masks: per (child, provider), bit o set when the child consumes the
 * provider's o-th resource (active, age within its bounds, none of its excluded bits). */
void consumption_masks(int64_t n, const int64_t *need, const int64_t *prov,
                       const int64_t *res_start, const uint8_t *active, const int64_t *age_min,
                       const int64_t *age_max, const int8_t *excluded, const int64_t *need_age,
                       const int8_t *need_elig, int64_t *mask) {
    for (int64_t k = 0; k < n; k++) {
        int64_t lo = res_start[prov[k]], hi = res_start[prov[k] + 1];
        int64_t age = need_age[need[k]], m = 0;
        int8_t elig = need_elig[need[k]];
        for (int64_t r = lo; r < hi; r++) {
            int ok = active[r] && age_min[r] <= age && age < age_max[r] && !(elig & excluded[r]);
            m |= (int64_t)ok << (r - lo);
        }
        mask[k] = m;
    }
}

/* tables._residual_places: per resource and slot, its places minus the children in care
 * taking one there, at least 0, as int16 (res ascending; packed: each child's schedule, bit
 * s of byte s / 8 for slot s). */
void residual_places(int64_t n_res, int64_t n_slots, const int64_t *places, int64_t n_taken,
                     const int64_t *res, const int64_t *child, int64_t n_bytes,
                     const uint8_t *packed, int64_t *work, int16_t *out) {
    for (int64_t r = 0, t = 0; r < n_res; r++) {
        for (int64_t s = 0; s < n_slots; s++) work[s] = places[r];
        for (; t < n_taken && res[t] == r; t++) {
            const uint8_t *bytes = packed + child[t] * n_bytes;
            for (int64_t b = 0; b < n_bytes; b++)
                for (uint8_t v = bytes[b]; v; v &= (uint8_t)(v - 1))
                    work[b * 8 + __builtin_ctz(v)]--;
        }
        for (int64_t s = 0; s < n_slots; s++)
            out[r * n_slots + s] = (int16_t)(work[s] > 0 ? work[s] : 0);
    }
}

/* class_rows._column_minima: per listed resource and column (the slots with the same
 * classes present, cid[s] their column), the smallest residual capacity over the column's
 * slots; one pass over each resource's row (numpy needs a transposed copy and a reduceat). */
void column_minima(int64_t n, const int64_t *res_ids, int64_t n_slots, const int16_t *cap,
                   const int64_t *cid, int64_t n_cols, int64_t *out) {
    for (int64_t i = 0; i < n; i++) {
        const int16_t *row = cap + res_ids[i] * n_slots;
        int64_t *least = out + i * n_cols;
        for (int64_t c = 0; c < n_cols; c++) least[c] = INT64_MAX;
        for (int64_t s = 0; s < n_slots; s++)
            if (row[s] < least[cid[s]]) least[cid[s]] = row[s];
    }
}

/* class_rows.row_model's sort of the tight cells: within each resource's cells (group g is
 * [start[g], start[g+1])), by pattern words (unsigned, in turn), then capacity, then position:
 * np.lexsort((cap, words[W-1], ..., words[0], resource)) when the cells come by resource. */
typedef struct {
    const uint64_t *words;
    const int64_t *cap;
    int64_t width;
} Cells;

static int cell_before(const Cells *c, int64_t i, int64_t j) {
    const uint64_t *a = c->words + i * c->width, *b = c->words + j * c->width;
    for (int64_t w = 0; w < c->width; w++)
        if (a[w] != b[w]) return a[w] < b[w];
    if (c->cap[i] != c->cap[j]) return c->cap[i] < c->cap[j];
    return i < j;
}

static void sort_cells(const Cells *c, int64_t *v, int64_t n) {
    while (n > 16) {
        int64_t pivot = v[n / 2], i = 0, j = n - 1;
        while (i <= j) {
            while (cell_before(c, v[i], pivot)) i++;
            while (cell_before(c, pivot, v[j])) j--;
            if (i <= j) {
                int64_t t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (j + 1 < n - i) { /* recurse on the smaller side */
            sort_cells(c, v, j + 1);
            v += i;
            n -= i;
        } else {
            sort_cells(c, v + i, n - i);
            n = j + 1;
        }
    }
    for (int64_t a = 1; a < n; a++) {
        int64_t t = v[a], b = a - 1;
        for (; b >= 0 && cell_before(c, t, v[b]); b--) v[b + 1] = v[b];
        v[b + 1] = t;
    }
}

void order_cells(int64_t n_groups, const int64_t *start, int64_t width, const uint64_t *words,
                 const int64_t *cap, int64_t *order) {
    Cells c = {words, cap, width};
    for (int64_t g = 0; g < n_groups; g++) {
        for (int64_t k = start[g]; k < start[g + 1]; k++) order[k] = k;
        sort_cells(&c, order + start[g], start[g + 1] - start[g]);
    }
}

/* class_rows._unique_inverse's first step: each key's provisional id (order of first
 * appearance) through an open-addressing table of `size` slots (a power of two above n; filled
 * here). first[u]: where the u-th distinct key first appears. Returns how many distinct. */
int64_t distinct_keys(int64_t n, const int64_t *key, int64_t size, int64_t *slot,
                      int64_t *first, int64_t *id) {
    uint64_t mask = (uint64_t)size - 1;
    int64_t count = 0;
    for (int64_t s = 0; s < size; s++) slot[s] = -1;
    for (int64_t k = 0; k < n; k++) {
        uint64_t h = (uint64_t)key[k] * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
        for (uint64_t s = h & mask;; s = (s + 1) & mask) {
            int64_t u = slot[s];
            if (u < 0) {
                slot[s] = count;
                first[count] = k;
                id[k] = count++;
                break;
            }
            if (key[first[u]] == key[k]) {
                id[k] = u;
                break;
            }
        }
    }
    return count;
}
