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
from .native import kernels
from .ranges import expand_ranges
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


Spec = tuple[ResourceKind, int, int, int, int]  # kind, age_min, age_max, excluded, places


def _provider_specs(p: Provider, policy: Policy) -> list[Spec]:
    """The provider's resources: (kind, age_min, age_max, excluded bits, places)."""
    if not p.is_nursery:
        n = p.assistants
        return [
            (ResourceKind.AGREMENT, 0, NO_AGE_LIMIT, 0, p.capacity),
            (ResourceKind.UNDER_11, 0, 132, 0, policy.max_minors_under_11 * n),
            (ResourceKind.UNDER_3, 0, 36, 0, policy.max_under_3 * n),
        ]
    specs: list[Spec] = [
        (ResourceKind.SECTION, group.min_months, group.max_months, 0, group.places)
        for group in sorted(p.groups, key=lambda g: (g.min_months, g.name))
    ]
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
    return specs


@dataclass
class _Children:
    """Every child in care, columns in provider order (``start``: each provider's range)."""

    start: I64
    age: I64
    elig: I64
    own: npt.NDArray[np.bool_]
    packed: U8  # children × N_BYTES, their schedules' bits

    @classmethod
    def of(cls, ordered: Sequence[Provider]) -> _Children:
        counts = [len(p.in_care) for p in ordered]
        kids = [c for p in ordered for c in p.in_care]
        # many children share a set of priorities: eligibility computed once per set
        elig = list(map(_EligibilityOf().__getitem__, [c.priorities for c in kids]))
        return cls(
            start=np.r_[0, np.cumsum(counts, dtype=np.int64)],
            age=np.array([c.age_months for c in kids], dtype=np.int64),
            elig=np.array(elig, dtype=np.int64),
            own=np.array([c.own_child for c in kids], dtype=np.bool_),
            packed=pack_schedules([c.schedule for c in kids]),
        )


class _EligibilityOf(dict[frozenset[Priority], int]):
    """Eligibility bits per set of priorities, computed on first use."""

    def __missing__(self, priorities: frozenset[Priority]) -> int:
        self[priorities] = bits = eligibility_bits(priorities)
        return bits


def _residual_places(
    places: I64, res: I64, child: I64, children: _Children
) -> npt.NDArray[np.int16]:
    """Per resource and slot, its places minus the children in care taking one there
    (``res`` ascending, with ``child``), at least 0; in the compiled kernels when they are
    there (the same numbers)."""
    compiled = kernels()
    if compiled is not None:
        return compiled.residual_places(places, res, child, children.packed)
    small = len(places) == 0 or (int(places.min()) > -(2**14) and int(places.max()) < 2**14)
    cap = np.repeat(
        places.astype(np.int16 if small and len(res) < 2**14 else np.int64)[:, None],
        N_SLOTS,
        axis=1,
    )
    if len(res):
        # per resource, children present at each slot: one sparse (resources × children)
        # product (numpy's reduceat along rows is many times slower)
        slots = np.unpackbits(children.packed, axis=1, bitorder="little")
        first = np.flatnonzero(np.r_[True, res[1:] != res[:-1]])
        counts = np.diff(np.r_[first, len(res)])
        dtype = np.int16 if int(counts.max()) < 2**15 else np.int64
        pick = sp.csr_matrix(
            (np.ones(len(res), dtype=dtype), child, np.r_[first, len(res)]),
            shape=(len(first), len(children.age)),
        )
        cap[res[first]] -= np.asarray(pick @ slots.astype(dtype)).astype(cap.dtype)
    np.maximum(cap, 0, out=cap)
    return cap.astype(np.int16, copy=False)


def _taken(
    children: _Children, prov: I64, kinds: npt.NDArray[np.int8], specs: npt.NDArray[np.int64]
) -> tuple[I64, I64]:
    """(resource row, child) for every child in care that takes one of the row's places: its
    age in the row's bounds, none of its excluded eligibility bits, and for the agrément
    places not the childminder's own child."""
    first = children.start[prov]
    res, child = expand_ranges(first, children.start[prov + 1] - first)
    age, lo, hi, excluded = children.age[child], specs[res, 0], specs[res, 1], specs[res, 2]
    takes = (lo <= age) & (age < hi) & ((children.elig[child] & excluded) == 0)
    takes &= ~((kinds[res] == ResourceKind.AGREMENT) & children.own[child])
    return res[takes], child[takes]


def build_provider_table(providers: Sequence[Provider], policy: Policy) -> ProviderTable:
    ordered = sorted(providers, key=lambda p: p.id)
    starts: list[int] = [0]
    rows: list[Spec] = []
    age_lo: list[int] = []
    age_hi: list[int] = []
    # childminders share their resources given (capacity, assistants): computed once per pair
    plain: dict[tuple[int, int], list[Spec]] = {}
    for p in ordered:
        if p.is_nursery:
            rows += _provider_specs(p, policy)
            low = min(g.min_months for g in p.groups)
            high = max(g.max_months for g in p.groups)
        else:
            key = (p.capacity, p.assistants)
            rows += plain.get(key) or plain.setdefault(key, _provider_specs(p, policy))
            low = p.min_age_months
            high = p.max_age_months if p.max_age_months is not None else NO_AGE_LIMIT
        starts.append(len(rows))
        age_lo.append(max(low, policy.min_age_months))
        age_hi.append(min(high, policy.max_age_months + 1))
    res_start = np.array(starts, dtype=np.int64)
    prov = np.repeat(np.arange(len(ordered), dtype=np.int64), np.diff(res_start))
    kinds = np.array([int(row[0]) for row in rows], dtype=np.int8)
    specs = np.array([row[1:] for row in rows], dtype=np.int64).reshape(-1, 4)
    places = specs[:, 3]
    children = _Children.of(ordered)
    res, child = _taken(children, prov, kinds, specs)
    cap_arr = _residual_places(places, res, child, children)
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
        res_start=res_start,
        res_provider=prov,
        res_kind=kinds,
        res_age_min=specs[:, 0].copy(),
        res_age_max=specs[:, 1].copy(),
        res_excluded=specs[:, 2].astype(np.int8),
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
