/* The ledger shared by primal.c and serial.c: per-resource, per-slot loads (int16), the
 * free-place bits (one bit per slot, `width` 64-bit words per resource) and the resources a
 * child consumes at a provider, as ledger.Ledger keeps them (its arrays, worked in place). */
#ifndef MAILLAGE_LEDGER_H
#define MAILLAGE_LEDGER_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t n_slots, width, max_res, max_members;
    int16_t *used;
    const int16_t *cap;
    uint64_t *room;
    const uint64_t *need_words;
    const int64_t *res_start;
    const uint8_t *active;
    const int64_t *age_min, *age_max;
    const int8_t *excluded;
    const int64_t *need_age;
    const int8_t *need_elig;
    const int64_t *member_start, *member_list;
    const int64_t *pair_start, *pair_provider;
    const int64_t *option_provider; /* per pair slot: the family's options in trying order */
    const int64_t *weight, *rank;
    int64_t *assigned, *seq, next_seq;
    uint8_t *dirty;
    /* scratch */
    int64_t *res_buf, *load_res, *touched;
    int16_t *load;
    /* entities at each provider, in order of arrival (repair's by_provider) */
    int64_t **at, *at_len, *at_cap;
    /* 1: reserved places open to all (quota pools not consumed), for the quota envy test */
    int open_quota;
} Ledger;

static inline int consumes(const Ledger *L, int64_t age, int8_t elig, int64_t r) {
    return L->active[r] && L->age_min[r] <= age && age < L->age_max[r] &&
           (elig & L->excluded[r]) == 0 && !(L->open_quota && L->excluded[r]);
}

static inline int64_t consumed(const Ledger *L, int64_t j, int64_t p, int64_t *out) {
    int64_t n = 0, age = L->need_age[j];
    int8_t elig = L->need_elig[j];
    for (int64_t r = L->res_start[p]; r < L->res_start[p + 1]; r++)
        if (consumes(L, age, elig, r)) out[n++] = r;
    return n;
}

static inline int has_slot(const Ledger *L, int64_t j, int64_t s) {
    return (int)((L->need_words[j * L->width + s / 64] >> (s % 64)) & 1u);
}

/* the hottest test of the primal: each resource the child consumes, in one pass (no list),
 * its slots against the free ones word by word, without a branch per word */
static inline int fits_single(const Ledger *L, int64_t j, int64_t p) {
    int64_t age = L->need_age[j];
    int8_t elig = L->need_elig[j];
    const uint64_t *need = L->need_words + j * L->width;
    for (int64_t r = L->res_start[p]; r < L->res_start[p + 1]; r++) {
        if (!consumes(L, age, elig, r)) continue;
        const uint64_t *room = L->room + r * L->width;
        uint64_t blocked = 0;
        for (int64_t w = 0; w < L->width; w++) blocked |= need[w] & ~room[w];
        if (blocked) return 0;
    }
    return 1;
}

/* sibling groups: the members' loads summed per resource, against used and capacity */
static inline int fits_group(const Ledger *L, int64_t e, int64_t p) {
    int64_t k = 0;
    for (int64_t m = L->member_start[e]; m < L->member_start[e + 1]; m++) {
        int64_t j = L->member_list[m], n = consumed(L, j, p, L->res_buf);
        for (int64_t i = 0; i < n; i++) {
            int64_t slot = 0;
            while (slot < k && L->load_res[slot] != L->res_buf[i]) slot++;
            int16_t *row = L->load + slot * L->n_slots;
            if (slot == k) {
                L->load_res[k++] = L->res_buf[i];
                memset(row, 0, (size_t)L->n_slots * sizeof(int16_t));
            }
            for (int64_t s = 0; s < L->n_slots; s++) row[s] += (int16_t)has_slot(L, j, s);
        }
    }
    for (int64_t slot = 0; slot < k; slot++) {
        int64_t r = L->load_res[slot];
        const int16_t *row = L->load + slot * L->n_slots;
        for (int64_t s = 0; s < L->n_slots; s++)
            if (L->used[r * L->n_slots + s] + row[s] > L->cap[r * L->n_slots + s]) return 0;
    }
    return 1;
}

static inline int fits(const Ledger *L, int64_t e, int64_t p) {
    if (L->member_start[e + 1] - L->member_start[e] == 1)
        return fits_single(L, L->member_list[L->member_start[e]], p);
    return fits_group(L, e, p);
}

/* Ledger._apply: the child's slots only. The free-place bits stay equal to used < cap at
 * every slot (Ledger keeps them so from the start), so recomputing them at the slots whose
 * load changed gives the whole row Ledger._apply recomputes. */
static inline void apply(Ledger *L, int64_t e, int64_t p, int16_t sign) {
    for (int64_t m = L->member_start[e]; m < L->member_start[e + 1]; m++) {
        int64_t j = L->member_list[m], n = consumed(L, j, p, L->res_buf);
        const uint64_t *need = L->need_words + j * L->width;
        for (int64_t i = 0; i < n; i++) {
            int64_t r = L->res_buf[i];
            int16_t *used = L->used + r * L->n_slots;
            const int16_t *cap = L->cap + r * L->n_slots;
            uint64_t *room = L->room + r * L->width;
            for (int64_t w = 0; w < L->width; w++) {
                uint64_t free = 0; /* the word's new bits at the child's slots */
                for (uint64_t bits = need[w]; bits; bits &= bits - 1) {
                    int64_t b = __builtin_ctzll(bits), s = w * 64 + b;
                    used[s] = (int16_t)(used[s] + sign);
                    free |= (uint64_t)(used[s] < cap[s]) << b;
                }
                room[w] = (room[w] & ~need[w]) | free;
            }
            L->dirty[r] = 1;
        }
    }
}

static inline void add(Ledger *L, int64_t e, int64_t p) {
    apply(L, e, p, 1);
    L->assigned[e] = p;
    L->seq[e] = L->next_seq++;
}

static inline void remove_entity(Ledger *L, int64_t e) {
    apply(L, e, L->assigned[e], -1);
    L->assigned[e] = -1;
    L->seq[e] = -1;
}

#endif
