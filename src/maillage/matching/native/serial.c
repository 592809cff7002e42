/* The sequential allocations (allocation/sequential.py, _serial): each entity, in the given
 * order, takes the first provider of its preference list where it fits beside the children
 * already placed; with `check_quota`, the providers it preferred that refused it only because
 * of reserved places are listed (quota envy). The Python code keeps its loads as bit planes
 * and skips providers it knows full; both are shortcuts to the same answers, which this pass
 * computes with plain per-slot counts (tests/matching/test_native.py compares them). */
#include "ledger.h"

/* Returns the number of quota-envy records, -2 when memory runs out, -3 when `envy_room`
 * is too small (the caller then runs the Python code). */
int64_t serial(int64_t n_slots, int64_t width, int64_t max_res, int64_t max_members,
               int16_t *used, const int16_t *cap, uint64_t *room, const uint64_t *need_words,
               const int64_t *res_start, const uint8_t *active, const int64_t *age_min,
               const int64_t *age_max, const int8_t *excluded, const int64_t *need_age,
               const int8_t *need_elig, const int64_t *member_start, const int64_t *member_list,
               const int64_t *pref_start, const int64_t *pref_list, int64_t n_entities,
               int64_t n_order,
               const int64_t *order, int64_t check_quota, const uint8_t *quota_provider,
               const uint8_t *quota_candidate, int64_t *assigned, uint8_t *dirty,
               int64_t envy_room, int64_t *envy_entity, int64_t *envy_provider) {
    Ledger L = {0};
    L.n_slots = n_slots, L.width = width, L.max_res = max_res, L.max_members = max_members;
    L.used = used, L.cap = cap, L.room = room, L.need_words = need_words;
    L.res_start = res_start, L.active = active, L.age_min = age_min, L.age_max = age_max;
    L.excluded = excluded, L.need_age = need_age, L.need_elig = need_elig;
    L.member_start = member_start, L.member_list = member_list, L.assigned = assigned;
    L.dirty = dirty;
    int64_t scratch = max_res * max_members + 1;
    L.res_buf = malloc((size_t)scratch * 8);
    L.load_res = malloc((size_t)scratch * 8);
    L.touched = malloc((size_t)scratch * 8);
    L.load = malloc((size_t)(scratch * n_slots) * sizeof(int16_t));
    int64_t *seq = malloc((size_t)(n_entities + 1) * 8);
    L.seq = seq;
    int64_t found = -2;
    if (L.res_buf && L.load_res && L.touched && L.load && seq) {
        found = 0;
        for (int64_t i = 0; i < n_order && found >= 0; i++) {
            int64_t e = order[i], chosen = -1, k = pref_start[e], end = pref_start[e + 1];
            for (; k < end; k++)
                if (fits(&L, e, pref_list[k])) {
                    chosen = pref_list[k];
                    break;
                }
            if (check_quota && quota_candidate[e]) { /* preferred, refused, with quotas */
                L.open_quota = 1;
                for (int64_t t = pref_start[e]; t < k; t++) {
                    int64_t p = pref_list[t];
                    if (!quota_provider[p] || !fits(&L, e, p)) continue;
                    if (found == envy_room) {
                        found = -3;
                        break;
                    }
                    envy_entity[found] = e;
                    envy_provider[found++] = p;
                }
                L.open_quota = 0;
            }
            if (chosen >= 0) add(&L, e, chosen);
        }
    }
    free(L.res_buf), free(L.load_res), free(L.touched), free(L.load), free(seq);
    return found;
}
