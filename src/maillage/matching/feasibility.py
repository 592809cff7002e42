"""Exact pairwise feasibility (need, provider) with structured why-not reasons.

A need fits a provider iff: the mode is accepted; the child's age is within the legal limits,
the agrément conditions or a crèche section; the provider is free from the start date; every
slot of the need is inside the opening hours; the distance is within the family's maximum; and
every resource the child would consume has at least one free place at every needed slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag

import numpy as np
import numpy.typing as npt

from .geo import PointIndex
from .tables import QUOTA_KINDS, NeedTable, ProviderTable, ResourceKind

I64 = npt.NDArray[np.int64]


class Reason(IntFlag):
    """Why a provider does not fit a need (0 = it fits)."""

    MODE = 1
    AGE = 2
    START = 4
    HOURS = 8
    FULL = 16
    DISTANCE = 32
    QUOTA = 64


@dataclass
class PairCheck:
    need: I64
    provider: I64
    distance_km: npt.NDArray[np.float64]
    reasons: npt.NDArray[np.int64]
    full_resource: I64


def _subset(
    a_id: I64, b_id: I64, a_words: npt.NDArray[np.uint64], b_words: npt.NDArray[np.uint64]
) -> npt.NDArray[np.bool_]:
    """Is row a_id[k] of a_words a subset of row b_id[k] of b_words? (evaluated per distinct pair)"""
    if len(a_id) == 0:
        return np.zeros(0, dtype=np.bool_)
    if len(a_words) * len(b_words) <= 1_000_000:
        table = ~np.any(a_words[:, None, :] & ~b_words[None, :, :], axis=2)
        return np.asarray(table[a_id, b_id])
    key = a_id * len(b_words) + b_id
    uniq, inverse = np.unique(key, return_inverse=True)
    ua, ub = uniq // len(b_words), uniq % len(b_words)
    ok = ~np.any(a_words[ua] & ~b_words[ub], axis=1)
    return np.asarray(ok[inverse.ravel()])


def check_pairs(
    nt: NeedTable,
    pt: ProviderTable,
    need_idx: I64,
    prov_idx: I64,
    dist: npt.NDArray[np.float64],
    *,
    with_quotas: bool = True,
) -> PairCheck:
    """Vectorised reasons for each (need, provider) pair; ``full_resource`` = first full one."""
    reasons = np.zeros(len(need_idx), dtype=np.int64)
    modes = nt.modes[need_idx].astype(np.int64) >> pt.mode[prov_idx].astype(np.int64)
    reasons[(modes & 1) == 0] |= Reason.MODE
    age = nt.age[need_idx]
    bad_age = (age < pt.age_lo[prov_idx]) | (age >= pt.age_hi[prov_idx])
    reasons[pt.free_from[prov_idx] > nt.start[need_idx]] |= Reason.START
    sched_id = nt.sched_id[need_idx]
    opening_ok = _subset(sched_id, pt.opening_id[prov_idx], nt.sched_words, pt.opening_words)
    reasons[~opening_ok] |= Reason.HOURS
    reasons[dist > nt.max_km[need_idx] + 1e-9] |= Reason.DISTANCE
    # expand pairs over the resources of their provider
    counts = pt.res_start[prov_idx + 1] - pt.res_start[prov_idx]
    pair_of = np.repeat(np.arange(len(need_idx)), counts)
    offsets = np.arange(len(pair_of)) - np.repeat(np.cumsum(counts) - counts, counts)
    res = np.repeat(pt.res_start[prov_idx], counts) + offsets
    r_age = age[pair_of]
    consumes = (
        (pt.res_age_min[res] <= r_age)
        & (r_age < pt.res_age_max[res])
        & ((nt.elig[need_idx][pair_of] & pt.res_excluded[res]) == 0)
    )
    kind = pt.res_kind[res]
    has_section = np.bincount(
        pair_of, weights=consumes & (kind == ResourceKind.SECTION), minlength=len(need_idx)
    )
    is_nursery = pt.res_kind[pt.res_start[prov_idx]] == ResourceKind.SECTION
    bad_age |= is_nursery & (has_section == 0)
    reasons[bad_age] |= Reason.AGE
    is_quota = np.isin(kind, QUOTA_KINDS)
    check = consumes & (with_quotas | ~is_quota)
    room_ok = _subset(sched_id[pair_of], pt.room_id[res], nt.sched_words, pt.room_words)
    full = check & ~room_ok
    full_resource = np.full(len(need_idx), -1, dtype=np.int64)
    hit = np.flatnonzero(full)[::-1]
    full_resource[pair_of[hit]] = res[hit]
    quota_full = np.zeros(len(need_idx), dtype=np.bool_)
    quota_full[pair_of[full & is_quota]] = True
    plain_full = np.zeros(len(need_idx), dtype=np.bool_)
    plain_full[pair_of[full & ~is_quota]] = True
    reasons[plain_full] |= Reason.FULL
    reasons[quota_full & ~plain_full] |= Reason.QUOTA
    return PairCheck(need_idx, prov_idx, dist, reasons, full_resource)


def candidate_pairs(
    nt: NeedTable,
    pt: ProviderTable,
    index: PointIndex,
    need_rows: I64 | None = None,
    *,
    with_quotas: bool = True,
) -> PairCheck:
    """All individually feasible pairs for the given need rows (all needs by default)."""
    rows = np.arange(len(nt.needs)) if need_rows is None else need_rows
    parts: list[PairCheck] = []
    for chunk in np.array_split(rows, max(1, len(rows) // 2000)):

        def cheap(q: I64, p: I64, chunk: I64 = chunk) -> npt.NDArray[np.bool_]:
            j = chunk[q]
            return np.asarray(
                ((nt.modes[j] >> pt.mode[p]) & 1).astype(np.bool_)
                & (pt.free_from[p] <= nt.start[j])
                & (nt.age[j] >= pt.age_lo[p])
                & (nt.age[j] < pt.age_hi[p])
            )

        q, p, d = index.within(nt.lat[chunk], nt.lon[chunk], nt.max_km[chunk], cheap)
        check = check_pairs(nt, pt, chunk[q], p, d, with_quotas=with_quotas)
        keep = check.reasons == 0
        parts.append(
            PairCheck(
                check.need[keep],
                check.provider[keep],
                check.distance_km[keep],
                check.reasons[keep],
                check.full_resource[keep],
            )
        )
    return PairCheck(
        *(np.concatenate([getattr(c, f) for c in parts]) for f in PairCheck.__dataclass_fields__)
    )
