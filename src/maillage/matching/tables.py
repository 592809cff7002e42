"""Compiled numpy tables of needs and providers (sorted by id, so results are deterministic).

Capacity is modelled as *resources*: each provider owns a few resources (agrément places, minors
under 11, under 3, a crèche section, the crèche total, quota pools). A child consumes a resource
at every slot of its schedule when its age is in [age_min, age_max) and it holds none of the
resource's ``excluded`` eligibility bits (quota pools are only consumed by non-eligible
children). ``cap`` is the residual per slot once children already in care are counted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]

from .model import (
    AVIP_ELIGIBLE,
    SOCIAL_MINIMA_ELIGIBLE,
    CareMode,
    Need,
    Policy,
    Priority,
    PriorityGrid,
    Provider,
)
from .schedule import N_BYTES, N_SLOTS, WeeklySchedule

I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
W64 = npt.NDArray[np.uint64]

MODE_CODE = {mode: i for i, mode in enumerate(CareMode)}
ELIG_AVIP = 1
ELIG_SOCIAL = 2
NO_AGE_LIMIT = 10_000


class ResourceKind(IntEnum):
    AGREMENT = 0
    UNDER_11 = 1
    UNDER_3 = 2
    SECTION = 3
    TOTAL = 4
    QUOTA_AVIP = 5
    QUOTA_SOCIAL = 6
    QUOTA_BOTH = 7


QUOTA_KINDS = np.array(
    [ResourceKind.QUOTA_AVIP, ResourceKind.QUOTA_SOCIAL, ResourceKind.QUOTA_BOTH], dtype=np.int8
)


def eligibility_bits(priorities: frozenset[Priority]) -> int:
    return (ELIG_AVIP if priorities & AVIP_ELIGIBLE else 0) | (
        ELIG_SOCIAL if priorities & SOCIAL_MINIMA_ELIGIBLE else 0
    )


@dataclass
class ProviderTable:
    providers: list[Provider]
    index: dict[str, int]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    mode: npt.NDArray[np.int8]
    opening: U8
    free_from: I64
    age_lo: I64
    age_hi: I64
    res_start: I64
    res_provider: I64
    res_kind: npt.NDArray[np.int8]
    res_age_min: I64
    res_age_max: I64
    res_excluded: npt.NDArray[np.int8]
    res_cap: npt.NDArray[np.int16]
    res_room: U8
    opening_id: I64
    opening_words: W64
    room_id: I64
    room_words: W64

    def resources_of(self, p: int) -> range:
        return range(int(self.res_start[p]), int(self.res_start[p + 1]))


@dataclass
class NeedTable:
    needs: list[Need]
    index: dict[str, int]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    age: I64
    elig: npt.NDArray[np.int8]
    modes: npt.NDArray[np.int8]
    sched: U8
    start: I64
    max_km: npt.NDArray[np.float64]
    weight: I64
    sched_id: I64
    sched_words: W64


def _consumes(age: int, elig: int, age_min: int, age_max: int, excluded: int) -> bool:
    return age_min <= age < age_max and not elig & excluded


def _provider_resources(
    p: Provider, policy: Policy
) -> list[tuple[ResourceKind, int, int, int, int, list[int]]]:
    """(kind, age_min, age_max, excluded bits, places, schedules of the children in care
    that take one of these places)."""
    specs: list[tuple[ResourceKind, int, int, int, int]] = []
    if not p.is_nursery:
        n = p.assistants
        specs += [
            (ResourceKind.AGREMENT, 0, NO_AGE_LIMIT, 0, p.capacity),
            (ResourceKind.UNDER_11, 0, 132, 0, policy.max_minors_under_11 * n),
            (ResourceKind.UNDER_3, 0, 36, 0, policy.max_under_3 * n),
        ]
    else:
        for group in sorted(p.groups, key=lambda g: (g.min_months, g.name)):
            specs.append(
                (ResourceKind.SECTION, group.min_months, group.max_months, 0, group.places)
            )
        total = sum(g.places for g in p.groups)
        avip_share = policy.avip_share if p.avip_share is None else p.avip_share
        social_share = (
            policy.social_minima_share if p.social_minima_share is None else p.social_minima_share
        )
        avip = math.ceil(avip_share * total - 1e-9) if p.avip else 0
        social = math.ceil(social_share * total - 1e-9) if p.social_minima_quota else 0
        specs.append((ResourceKind.TOTAL, 0, NO_AGE_LIMIT, 0, total))
        if avip:
            specs.append((ResourceKind.QUOTA_AVIP, 0, NO_AGE_LIMIT, ELIG_AVIP, total - avip))
        if social:
            specs.append((ResourceKind.QUOTA_SOCIAL, 0, NO_AGE_LIMIT, ELIG_SOCIAL, total - social))
        if avip and social:
            both = ELIG_AVIP | ELIG_SOCIAL
            specs.append((ResourceKind.QUOTA_BOTH, 0, NO_AGE_LIMIT, both, total - avip - social))
    children = [
        (c.age_months, eligibility_bits(c.priorities), c.own_child, c.schedule.bits)
        for c in p.in_care
    ]
    out = []
    for kind, lo, hi, excluded, places in specs:
        agrement = kind is ResourceKind.AGREMENT
        taken = [
            bits
            for age, elig, own, bits in children
            if not (agrement and own) and lo <= age < hi and not elig & excluded
        ]
        out.append((kind, lo, hi, excluded, places, taken))
    return out


def build_provider_table(providers: Sequence[Provider], policy: Policy) -> ProviderTable:
    ordered = sorted(providers, key=lambda p: p.id)
    starts: list[int] = [0]
    prov: list[int] = []
    kinds: list[int] = []
    amin: list[int] = []
    amax: list[int] = []
    excl: list[int] = []
    places: list[int] = []
    taken_rows: list[int] = []
    taken_bits: list[int] = []
    age_lo: list[int] = []
    age_hi: list[int] = []
    # childminders without children in care share their resources given (capacity, assistants)
    plain: dict[tuple[int, int], list[tuple[ResourceKind, int, int, int, int, list[int]]]] = {}
    for i, p in enumerate(ordered):
        if p.in_care or p.is_nursery:
            resources = _provider_resources(p, policy)
        else:
            key = (p.capacity, p.assistants)
            resources = plain.get(key) or plain.setdefault(key, _provider_resources(p, policy))
        for kind, lo, hi, excluded, count, taken in resources:
            if taken:
                taken_rows += [len(prov)] * len(taken)
                taken_bits += taken
            prov.append(i)
            kinds.append(int(kind))
            amin.append(lo)
            amax.append(hi)
            excl.append(excluded)
            places.append(count)
        starts.append(len(prov))
        if p.is_nursery:
            low = min(g.min_months for g in p.groups)
            high = max(g.max_months for g in p.groups)
        else:
            low = p.min_age_months
            high = p.max_age_months if p.max_age_months is not None else NO_AGE_LIMIT
        age_lo.append(max(low, policy.min_age_months))
        age_hi.append(min(high, policy.max_age_months + 1))
    # residual = places - children in care at each slot (rows of taken_rows never decrease)
    small = min(places, default=0) > -(2**14) and max(places, default=0) < 2**14
    cap = np.repeat(
        np.array(places, dtype=np.int16 if small and len(taken_bits) < 2**14 else np.int64)[
            :, None
        ],
        N_SLOTS,
        axis=1,
    )
    if taken_rows:
        raw = b"".join(bits.to_bytes(N_BYTES, "little") for bits in taken_bits)
        slots = np.unpackbits(
            np.frombuffer(raw, dtype=np.uint8).reshape(-1, N_BYTES), axis=1, bitorder="little"
        )
        rows = np.array(taken_rows, dtype=np.int64)
        first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        # per resource, children present at each slot: one sparse (resources × children)
        # product (numpy's reduceat along rows is many times slower)
        counts = np.diff(np.r_[first, len(rows)])
        dtype = np.int16 if int(counts.max()) < 2**15 else np.int64
        pick = sp.csr_matrix(
            (
                np.ones(len(rows), dtype=dtype),
                (np.repeat(np.arange(len(first)), counts), np.arange(len(rows))),
            ),
            shape=(len(first), len(rows)),
        )
        cap[rows[first]] -= np.asarray(pick @ slots.astype(dtype)).astype(cap.dtype)
    np.maximum(cap, 0, out=cap)
    cap_arr = cap.astype(np.int16, copy=False)
    opening = pack_schedules([p.opening for p in ordered])
    room = np.packbits(cap_arr > 0, axis=1, bitorder="little").reshape(-1, N_BYTES)
    opening_words, opening_id = unique_words(opening)
    room_words, room_id = unique_words(room)
    return ProviderTable(
        providers=ordered,
        index={p.id: i for i, p in enumerate(ordered)},
        lat=np.array([p.lat for p in ordered], dtype=np.float64),
        lon=np.array([p.lon for p in ordered], dtype=np.float64),
        mode=np.array([MODE_CODE[p.kind] for p in ordered], dtype=np.int8),
        opening=opening,
        free_from=np.array([p.free_from.toordinal() for p in ordered], dtype=np.int64),
        age_lo=np.array(age_lo, dtype=np.int64),
        age_hi=np.array(age_hi, dtype=np.int64),
        res_start=np.array(starts, dtype=np.int64),
        res_provider=np.array(prov, dtype=np.int64),
        res_kind=np.array(kinds, dtype=np.int8),
        res_age_min=np.array(amin, dtype=np.int64),
        res_age_max=np.array(amax, dtype=np.int64),
        res_excluded=np.array(excl, dtype=np.int8),
        res_cap=cap_arr,
        res_room=room,
        opening_id=opening_id,
        opening_words=opening_words,
        room_id=room_id,
        room_words=room_words,
    )


def unique_words(packed: U8) -> tuple[W64, I64]:
    """Distinct bit rows as 6 uint64 words each, and the row -> distinct index map."""
    padded = np.zeros((len(packed), 48), dtype=np.uint8)
    padded[:, :N_BYTES] = packed
    words = padded.view(np.uint64)
    if len(words) == 0:
        return words, np.zeros(0, dtype=np.int64)
    # same as np.unique(words, axis=0, return_inverse=True), without its structured sort
    order = np.lexsort(words.T[::-1])
    ordered = words[order]
    new = np.ones(len(words), dtype=np.bool_)
    new[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    inverse = np.empty(len(words), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def pack_schedules(schedules: Sequence[WeeklySchedule]) -> U8:
    raw = b"".join(s.bits.to_bytes(N_BYTES, "little") for s in schedules)
    return np.frombuffer(raw, dtype=np.uint8).reshape(len(schedules), N_BYTES).copy()


def unpack(packed: U8) -> npt.NDArray[np.bool_]:
    return np.unpackbits(packed, axis=-1, bitorder="little").astype(np.bool_)


def build_need_table(needs: Sequence[Need], grid: PriorityGrid) -> NeedTable:
    ordered = sorted(needs, key=lambda n: n.id)
    sched = pack_schedules([n.schedule for n in ordered])
    sched_words, sched_id = unique_words(sched)
    # many needs share a set of priorities / of modes: compute once per distinct set
    per_priorities: dict[frozenset[Priority], tuple[int, int]] = {}
    per_modes: dict[frozenset[CareMode], int] = {}
    elig, weight, modes = [], [], []
    for n in ordered:
        found = per_priorities.get(n.priorities)
        if found is None:
            found = per_priorities[n.priorities] = (
                eligibility_bits(n.priorities),
                grid.weight(n.priorities),
            )
        elig.append(found[0])
        weight.append(found[1])
        code = per_modes.get(n.modes)
        if code is None:
            code = per_modes[n.modes] = sum(1 << MODE_CODE[m] for m in n.modes)
        modes.append(code)
    return NeedTable(
        needs=ordered,
        index={n.id: i for i, n in enumerate(ordered)},
        lat=np.array([n.lat for n in ordered], dtype=np.float64),
        lon=np.array([n.lon for n in ordered], dtype=np.float64),
        age=np.array([n.age_months or 0 for n in ordered], dtype=np.int64),
        elig=np.array(elig, dtype=np.int8),
        modes=np.array(modes, dtype=np.int8),
        sched=sched,
        start=np.array([n.start.toordinal() for n in ordered], dtype=np.int64),
        max_km=np.array([n.max_km for n in ordered], dtype=np.float64),
        weight=np.array(weight, dtype=np.int64),
        sched_id=sched_id,
        sched_words=sched_words,
    )
