"""Exact pairwise feasibility (need, provider) with structured why-not reasons.

A need fits a provider iff: the mode is accepted; the child's age is within the legal limits,
the agrément conditions or a crèche section; the provider is free from the start date; every
slot of the need is inside the opening hours; the distance is within the family's maximum; and
every resource the child would consume has at least one free place at every needed slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag
from typing import Any

import numpy as np
import numpy.typing as npt

from . import budget
from .geo import TOLERANCE_KM, PointIndex
from .native.jobs import StripFilter
from .ranges import expand_ranges
from .tables import NO_AGE_LIMIT, QUOTA_KINDS, NeedTable, ProviderTable, ResourceKind

I64 = npt.NDArray[np.int64]
Index = npt.NDArray[np.integer[Any]]


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
    reasons[dist > nt.max_km[need_idx] + TOLERANCE_KM] |= Reason.DISTANCE
    # expand pairs over the resources of their provider
    pair_of, res = expand_ranges(
        pt.res_start[prov_idx], pt.res_start[prov_idx + 1] - pt.res_start[prov_idx]
    )
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


@dataclass
class CheapFilter:
    """The candidate search's pre-filter, before any distance: mode and age bounds by (need
    class, provider class) and dates by rank (or field by field when the class table would be
    too big); outside opening hours, or a place every child needs is full, by verdict. Called
    with (query index in ``chunk``, provider index); ``native`` gives the same test as tables
    for the compiled strip join."""

    nt: NeedTable
    pt: ProviderTable
    chunk: I64
    trivial: bool
    classes: Classes | None
    verdict_flat: npt.NDArray[np.int8] | None
    sched_of: I64

    def __call__(self, q: Index, p: Index) -> npt.NDArray[np.bool_]:
        nt, pt = self.nt, self.pt
        j = self.chunk[q]
        if self.trivial:
            ok = np.ones(len(j), dtype=np.bool_)
        elif self.classes is not None:
            table, n_pc, need_cls, prov_cls, need_rank, prov_rank = self.classes
            cell = need_cls[j]
            cell += prov_cls[p]
            ok = table[cell]
            ok &= prov_rank[p] <= need_rank[j]
        else:
            ok = np.asarray(
                ((nt.modes[j] >> pt.mode[p]) & 1).astype(np.bool_)
                & (pt.free_from[p] <= nt.start[j])
                & (nt.age[j] >= pt.age_lo[p])
                & (nt.age[j] < pt.age_hi[p])
            )
        if self.verdict_flat is not None:
            at = self.sched_of[j]
            at += p
            ok &= self.verdict_flat[at] > 0
        return ok

    @property
    def native(self) -> StripFilter | None:
        """The tables of this test, or None when it is field by field (numpy only)."""
        if not self.trivial and self.classes is None:
            return None
        tables = StripFilter(chunk=self.chunk)
        if not self.trivial and self.classes is not None:
            table, _, need_cls, prov_cls, need_rank, prov_rank = self.classes
            tables.table = table.astype(np.uint8)
            tables.need_cls, tables.prov_cls = need_cls, prov_cls
            tables.need_rank, tables.prov_rank = need_rank, prov_rank
        if self.verdict_flat is not None:
            tables.verdict, tables.sched_of = self.verdict_flat, self.sched_of
        return tables


def candidate_pairs(
    nt: NeedTable,
    pt: ProviderTable,
    index: PointIndex,
    need_rows: I64 | None = None,
    *,
    with_quotas: bool = True,
    counts: I64 | None = None,
) -> PairCheck:
    """All individually feasible pairs for the given need rows (all needs by default).

    ``counts`` (per need row, an upper bound of the providers within reach): the search then
    runs by chunks of bounded size (:func:`budget.chunks`), so memory stays bounded.

    Pairs are grouped by ascending need row (not sorted by provider inside a need). The exact
    :func:`check_pairs` runs only on pairs that a per-provider test cannot settle: crèches
    (sections by age) and providers with a resource short of room at some slot.
    """
    rows = np.arange(len(nt.needs)) if need_rows is None else need_rows
    verdict = _provider_verdicts(nt, pt)
    trivial = _cheap_always_true(nt, pt, rows)
    parts: list[tuple[I64, I64, npt.NDArray[np.float64]]] = []
    classes = _cheap_classes(nt, pt)
    verdict_flat = None if verdict is None or len(verdict) == 1 else verdict.ravel()
    sched_of = nt.sched_id.astype(np.int64) * len(pt.providers)
    pieces = (
        np.array_split(rows, max(1, len(rows) // 20000))
        if counts is None
        else budget.chunks(rows, counts)
    )
    for chunk in pieces:
        cheap = CheapFilter(nt, pt, chunk, trivial, classes, verdict_flat, sched_of)
        q, p, d = index.within(
            nt.lat[chunk],
            nt.lon[chunk],
            nt.max_km[chunk],
            None if trivial and verdict_flat is None else cheap,
            ordered=False,
        )
        need = chunk[q] if need_rows is not None or len(parts) or len(chunk) != len(rows) else q
        keep = np.ones(len(need), dtype=np.bool_)  # ``within`` kept only d <= max_km
        if verdict is None:
            sched_id = nt.sched_id[need]
            keep &= _subset(sched_id, pt.opening_id[p], nt.sched_words, pt.opening_words)
            room_ok = _subset(sched_id, p, nt.sched_words, _all_room_words(pt))
            settled = pt.res_kind[pt.res_start[:-1]] != ResourceKind.SECTION
            exact = np.flatnonzero(keep & ~(settled[p] & room_ok))
        else:
            code = verdict[0, p] if len(verdict) == 1 else verdict[nt.sched_id[need], p]
            keep &= code > 0
            exact = np.flatnonzero(keep & (code == 1))
        if len(exact):
            check = check_pairs(nt, pt, need[exact], p[exact], d[exact], with_quotas=with_quotas)
            keep[exact] = check.reasons == 0
        parts.append((need, p, d) if keep.all() else (need[keep], p[keep], d[keep]))
    if len(parts) == 1:
        need, p, d = parts[0]
    else:
        need = np.concatenate([c[0] for c in parts])
        p = np.concatenate([c[1] for c in parts])
        d = np.concatenate([c[2] for c in parts])
    # every kept pair fits: no reason, no full resource (read-only constant views)
    return PairCheck(
        need,
        p,
        d,
        np.broadcast_to(np.int64(0), need.shape),
        np.broadcast_to(np.int64(-1), need.shape),
    )


def _all_room_words(pt: ProviderTable, every_child: bool = False) -> npt.NDArray[np.uint64]:
    """Per provider, the slots where every resource has room (as 6 words); ``every_child``:
    only the resources that every child consumes (no age bound, no eligibility exclusion)."""
    words = pt.room_words[pt.room_id] if len(pt.room_id) else np.zeros((0, 6), dtype=np.uint64)
    if len(pt.providers) == 0:
        return np.zeros((0, 6), dtype=np.uint64)
    if every_child:
        ones = np.iinfo(np.uint64).max
        universal = (
            (pt.res_age_min <= 0) & (pt.res_age_max >= NO_AGE_LIMIT) & (pt.res_excluded == 0)
        )
        words = np.where(universal[:, None], words, np.uint64(ones))
    counts = np.diff(pt.res_start)
    out = np.full((len(pt.providers), 6), np.iinfo(np.uint64).max, dtype=np.uint64)
    has = np.flatnonzero(counts > 0)
    if len(has):
        out[has] = np.bitwise_and.reduceat(words, pt.res_start[has], axis=0)
    return out


def _provider_verdicts(nt: NeedTable, pt: ProviderTable) -> npt.NDArray[np.int8] | None:
    """Per (distinct need schedule, provider): 0 outside opening hours, 2 fits whatever the
    child (not a crèche, every resource has room), 1 needs the exact check; None if too big."""
    n_sched, n_prov = len(nt.sched_words), len(pt.providers)
    if n_sched * n_prov > 4_000_000 or n_prov == 0:
        return None
    sched = nt.sched_words[:, None, :]
    opening_ok = ~np.any(sched & ~pt.opening_words[pt.opening_id][None, :, :], axis=2)
    room_ok = ~np.any(sched & ~_all_room_words(pt)[None, :, :], axis=2)
    # a resource every child consumes (agrément places, a crèche's total) full at one of the
    # need's slots: no child of that schedule fits, whatever its age and eligibility
    base_ok = ~np.any(sched & ~_all_room_words(pt, every_child=True)[None, :, :], axis=2)
    settled = pt.res_kind[pt.res_start[:-1]] != ResourceKind.SECTION
    verdict = np.where(room_ok & settled[None, :], 2, 1).astype(np.int8)
    verdict[~opening_ok | ~base_ok] = 0
    return verdict


def _cheap_always_true(nt: NeedTable, pt: ProviderTable, rows: I64) -> bool:
    """True when mode, start date and age bounds hold for every (need, provider) pair."""
    if len(rows) == 0 or len(pt.providers) == 0:
        return True
    modes = np.bitwise_and.reduce(nt.modes[rows].astype(np.int64))
    every_mode = bool(np.all((modes >> pt.mode.astype(np.int64)) & 1))
    age = nt.age[rows]
    return (
        every_mode
        and int(pt.free_from.max()) <= int(nt.start[rows].min())
        and int(age.min()) >= int(pt.age_lo.max())
        and int(age.max()) < int(pt.age_hi.min())
    )


I32 = npt.NDArray[np.int32]
Classes = tuple[npt.NDArray[np.bool_], int, I32, I32, I32, I32]


def _cheap_classes(nt: NeedTable, pt: ProviderTable) -> Classes | None:
    """Tables for the cheap pre-filter: None when the class table would be too big."""
    if len(nt.needs) == 0 or len(pt.providers) == 0:
        return None
    # classes as packed integers (np.unique on rows is several times slower); an empty age
    # range stays empty with its low end brought down to its high end
    low_end = np.minimum(pt.age_lo, pt.age_hi)
    ages = (nt.age, low_end, pt.age_hi)
    if min(int(a.min()) for a in ages) < 0 or max(int(a.max()) for a in ages) >= 1 << 20:
        return None  # the field-by-field test
    need_key = (nt.modes.astype(np.int64) << 40) | nt.age
    need_classes, need_cls = np.unique(need_key, return_inverse=True)
    prov_key = (pt.mode.astype(np.int64) << 40) | (low_end << 20) | pt.age_hi
    prov_classes, prov_cls = np.unique(prov_key, return_inverse=True)
    n_pc = len(prov_classes)
    if len(need_classes) * n_pc > 1_000_000:
        return None
    modes, age = (need_classes >> 40)[:, None], (need_classes & 0xFFFFFFFFFF)[:, None]
    mode, low, high = prov_classes >> 40, (prov_classes >> 20) & 0xFFFFF, prov_classes & 0xFFFFF
    table = (((modes >> mode) & 1) == 1) & (age >= low) & (age < high)
    dates = np.unique(np.concatenate([nt.start, pt.free_from]))
    return (
        table.ravel(),
        n_pc,
        need_cls.ravel().astype(np.int32) * np.int32(n_pc),
        prov_cls.ravel().astype(np.int32),
        np.searchsorted(dates, nt.start).astype(np.int32),
        np.searchsorted(dates, pt.free_from).astype(np.int32),
    )
