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
) -> list[tuple[ResourceKind, int, int, int, npt.NDArray[np.int64]]]:
    """(kind, age_min, age_max, excluded bits, residual per slot) of one provider."""
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
        avip = math.ceil(policy.avip_share * total - 1e-9) if p.avip else 0
        social = (
            math.ceil(policy.social_minima_share * total - 1e-9) if p.social_minima_quota else 0
        )
        specs.append((ResourceKind.TOTAL, 0, NO_AGE_LIMIT, 0, total))
        if avip:
            specs.append((ResourceKind.QUOTA_AVIP, 0, NO_AGE_LIMIT, ELIG_AVIP, total - avip))
        if social:
            specs.append((ResourceKind.QUOTA_SOCIAL, 0, NO_AGE_LIMIT, ELIG_SOCIAL, total - social))
        if avip and social:
            both = ELIG_AVIP | ELIG_SOCIAL
            specs.append((ResourceKind.QUOTA_BOTH, 0, NO_AGE_LIMIT, both, total - avip - social))
    out = []
    for kind, lo, hi, excluded, places in specs:
        cap = np.full(N_SLOTS, places, dtype=np.int64)
        for child in p.in_care:
            if kind is ResourceKind.AGREMENT and child.own_child:
                continue
            elig = eligibility_bits(child.priorities)
            if _consumes(child.age_months, elig, lo, hi, excluded):
                cap -= child.schedule.array
        out.append((kind, lo, hi, excluded, np.maximum(cap, 0)))
    return out


def build_provider_table(providers: Sequence[Provider], policy: Policy) -> ProviderTable:
    ordered = sorted(providers, key=lambda p: p.id)
    m = len(ordered)
    starts, prov, kinds, amin, amax, excl, caps = [0], [], [], [], [], [], []
    age_lo = np.zeros(m, dtype=np.int64)
    age_hi = np.zeros(m, dtype=np.int64)
    for i, p in enumerate(ordered):
        for kind, lo, hi, excluded, cap in _provider_resources(p, policy):
            prov.append(i)
            kinds.append(int(kind))
            amin.append(lo)
            amax.append(hi)
            excl.append(excluded)
            caps.append(cap)
        starts.append(len(prov))
        if p.is_nursery:
            age_lo[i] = min(g.min_months for g in p.groups)
            age_hi[i] = max(g.max_months for g in p.groups)
        else:
            age_lo[i] = p.min_age_months
            age_hi[i] = p.max_age_months if p.max_age_months is not None else NO_AGE_LIMIT
        age_lo[i] = max(age_lo[i], policy.min_age_months)
        age_hi[i] = min(age_hi[i], policy.max_age_months + 1)
    cap_arr = np.array(caps, dtype=np.int16).reshape(len(caps), N_SLOTS)
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
        age_lo=age_lo,
        age_hi=age_hi,
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
    unique, inverse = np.unique(words, axis=0, return_inverse=True)
    return unique, inverse.ravel().astype(np.int64)


def pack_schedules(schedules: Sequence[WeeklySchedule]) -> U8:
    raw = b"".join(s.bits.to_bytes(N_BYTES, "little") for s in schedules)
    return np.frombuffer(raw, dtype=np.uint8).reshape(len(schedules), N_BYTES).copy()


def unpack(packed: U8) -> npt.NDArray[np.bool_]:
    return np.unpackbits(packed, axis=-1, bitorder="little").astype(np.bool_)


def build_need_table(needs: Sequence[Need], grid: PriorityGrid) -> NeedTable:
    ordered = sorted(needs, key=lambda n: n.id)
    sched = pack_schedules([n.schedule for n in ordered])
    sched_words, sched_id = unique_words(sched)
    return NeedTable(
        needs=ordered,
        index={n.id: i for i, n in enumerate(ordered)},
        lat=np.array([n.lat for n in ordered], dtype=np.float64),
        lon=np.array([n.lon for n in ordered], dtype=np.float64),
        age=np.array([n.age_months or 0 for n in ordered], dtype=np.int64),
        elig=np.array([eligibility_bits(n.priorities) for n in ordered], dtype=np.int8),
        modes=np.array([sum(1 << MODE_CODE[m] for m in n.modes) for n in ordered], dtype=np.int8),
        sched=sched,
        start=np.array([n.start.toordinal() for n in ordered], dtype=np.int64),
        max_km=np.array([n.max_km for n in ordered], dtype=np.float64),
        weight=np.array([grid.weight(n.priorities) for n in ordered], dtype=np.int64),
        sched_id=sched_id,
        sched_words=sched_words,
    )
