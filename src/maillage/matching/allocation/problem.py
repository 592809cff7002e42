"""The allocation problem in compiled form: entities, candidate pairs and a capacity ledger.

An *entity* is one child, or a sibling group that asked to be placed together (same provider or
nobody). Candidate pairs are the providers individually feasible for every member.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..feasibility import PairCheck
from ..schedule import N_BYTES, N_SLOTS
from ..tables import QUOTA_KINDS, NeedTable, ProviderTable

I64 = npt.NDArray[np.int64]


@dataclass
class Problem:
    nt: NeedTable
    pt: ProviderTable
    members: list[list[int]]
    weight: I64
    order_key: list[tuple[int, int, str]]
    pair_entity: I64
    pair_provider: I64
    pair_distance: npt.NDArray[np.float64]
    pair_start: I64
    active_resource: npt.NDArray[np.bool_]

    @property
    def n_entities(self) -> int:
        return len(self.members)

    def pairs_of(self, e: int) -> range:
        return range(int(self.pair_start[e]), int(self.pair_start[e + 1]))


def build_problem(nt: NeedTable, pt: ProviderTable, pairs: PairCheck) -> Problem:
    groups: dict[str, list[int]] = {}
    members: list[list[int]] = []
    for row, need in enumerate(nt.needs):
        if need.sibling_group and need.siblings_together:
            if need.sibling_group not in groups:
                groups[need.sibling_group] = []
                members.append(groups[need.sibling_group])
            groups[need.sibling_group].append(row)
        else:
            members.append([row])
    entity_of = np.empty(len(nt.needs), dtype=np.int64)
    for e, rows in enumerate(members):
        entity_of[rows] = e
    size = np.array([len(m) for m in members], dtype=np.int64)
    # candidate pairs per entity: providers shared by all members, distance summed
    ent = entity_of[pairs.need]
    key = ent * len(pt.providers) + pairs.provider
    uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    dist = np.zeros(len(uniq))
    np.add.at(dist, inverse, pairs.distance_km)
    u_ent = uniq // max(1, len(pt.providers))
    keep = counts == size[u_ent]
    pe, pp, pd = u_ent[keep], uniq[keep] % max(1, len(pt.providers)), dist[keep]
    metres = np.minimum(np.round(pd * 1000), (1 << 20) - 1).astype(np.int64)
    order = np.argsort((pe << 40) | (metres << 20) | pp, kind="stable")
    pe, pp, pd = pe[order], pp[order], pd[order]
    start = np.searchsorted(pe, np.arange(len(members) + 1))
    weight = np.array([int(nt.weight[m].sum()) for m in members], dtype=np.int64)
    order_key = [
        (-int(weight[e] // len(m)), nt.needs[m[0]].declared_at.toordinal(), nt.needs[m[0]].id)
        for e, m in enumerate(members)
    ]
    active = _active_quotas(nt, pt, members, pe, pp)
    return Problem(nt, pt, members, weight, order_key, pe, pp, pd, start, active)


def _active_quotas(
    nt: NeedTable, pt: ProviderTable, members: list[list[int]], pe: I64, pp: I64
) -> npt.NDArray[np.bool_]:
    """A quota pool is void when no eligible candidate asks for its provider."""
    active = np.ones(len(pt.res_kind), dtype=np.bool_)
    quota = np.flatnonzero(np.isin(pt.res_kind, QUOTA_KINDS))
    if len(quota) == 0:
        return active
    elig_of_entity = np.array([int(np.bitwise_or.reduce(nt.elig[m])) for m in members])
    asked = np.zeros(len(pt.providers), dtype=np.int64)
    if len(pe):
        np.bitwise_or.at(asked, pp, elig_of_entity[pe].astype(np.int64))
    for r in quota.tolist():
        active[r] = bool(asked[pt.res_provider[r]] & pt.res_excluded[r])
    return active


class Ledger:
    """Per-resource, per-slot load with Python-int bitmasks for fast fit tests."""

    def __init__(self, problem: Problem) -> None:
        pt, nt = problem.pt, problem.nt
        self.problem = problem
        self.cap = pt.res_cap.astype(np.int16)
        self.used = np.zeros_like(self.cap)
        self.room = [int.from_bytes(row.tobytes(), "little") for row in pt.res_room]
        self.res_start = pt.res_start.tolist()
        self.age_min = pt.res_age_min.tolist()
        self.age_max = pt.res_age_max.tolist()
        self.excluded = pt.res_excluded.tolist()
        self.active = problem.active_resource.tolist()
        self.age = nt.age.tolist()
        self.elig = nt.elig.tolist()
        self.bits = [int.from_bytes(row.tobytes(), "little") for row in nt.sched]
        self.assigned: dict[int, int] = {}
        self._cache: dict[tuple[int, int, int], list[int]] = {}
        self.room_words = _words(pt.res_room)
        self.need_words = _words(nt.sched)
        self._pair_res: tuple[I64, I64, I64] | None = None

    def set_active(self, active: list[bool]) -> None:
        self.active = active
        self._cache.clear()
        self._pair_res = None
        self.vectorised = False

    vectorised = True

    def fitting_providers(self, e: int) -> set[int]:
        """All candidate providers where entity ``e`` fits now (one vectorised test)."""
        problem = self.problem
        a, b = int(problem.pair_start[e]), int(problem.pair_start[e + 1])
        members = problem.members[e]
        if len(members) > 1 or not self.vectorised:
            return {p for p in problem.pair_provider[a:b].tolist() if self.fits(e, p)}
        if self._pair_res is None:
            self._pair_res = _pair_resources(problem)
        start, pair, res = self._pair_res
        t0, t1 = int(start[a]), int(start[b])
        bad = np.any(self.need_words[members[0]] & ~self.room_words[res[t0:t1]], axis=1)
        failed = np.bincount(pair[t0:t1][bad] - a, minlength=b - a)
        return set(problem.pair_provider[a:b][failed == 0].tolist())

    def _consumed(self, j: int, p: int) -> list[int]:
        age, elig = self.age[j], self.elig[j]
        key = (p, age, elig)
        found = self._cache.get(key)
        if found is None:
            found = [
                r
                for r in range(self.res_start[p], self.res_start[p + 1])
                if self.active[r]
                and self.age_min[r] <= age < self.age_max[r]
                and not elig & self.excluded[r]
            ]
            self._cache[key] = found
        return found

    def fits(self, e: int, p: int) -> bool:
        members = self.problem.members[e]
        if len(members) == 1:
            bits = self.bits[members[0]]
            room = self.room
            return all(not bits & ~room[r] for r in self._consumed(members[0], p))
        load = self._load(members, p)
        return all(bool(np.all(self.used[r] + vec <= self.cap[r])) for r, vec in load.items())

    def _load(self, members: list[int], p: int) -> dict[int, npt.NDArray[np.int16]]:
        load: dict[int, npt.NDArray[np.int16]] = {}
        for j in members:
            vec = _unpack_bits(self.bits[j])
            for r in self._consumed(j, p):
                load[r] = load.get(r, np.zeros(N_SLOTS, dtype=np.int16)) + vec
        return load

    def add(self, e: int, p: int) -> None:
        self._apply(e, p, 1)
        self.assigned[e] = p

    def remove(self, e: int) -> int:
        p = self.assigned.pop(e)
        self._apply(e, p, -1)
        return p

    def _apply(self, e: int, p: int, sign: int) -> None:
        for r, vec in self._load(self.problem.members[e], p).items():
            self.used[r] += sign * vec
            free = np.packbits(self.used[r] < self.cap[r], bitorder="little")
            self.room[r] = int.from_bytes(free.tobytes(), "little")
            self.room_words[r] = _words(free[None, :])[0]


def _words(packed: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint64]:
    padded = np.zeros((len(packed), 48), dtype=np.uint8)
    padded[:, :N_BYTES] = packed
    return padded.view(np.uint64)


def _pair_resources(problem: Problem) -> tuple[I64, I64, I64]:
    """CSR by pair of the active resources each single child would consume."""
    pt, nt = problem.pt, problem.nt
    need = np.array([m[0] for m in problem.members], dtype=np.int64)[problem.pair_entity]
    prov = problem.pair_provider
    counts = pt.res_start[prov + 1] - pt.res_start[prov]
    rep = np.repeat(np.arange(len(prov)), counts)
    offset = np.arange(len(rep)) - np.repeat(np.cumsum(counts) - counts, counts)
    res = np.repeat(pt.res_start[prov], counts) + offset
    age = nt.age[need][rep]
    keep = (
        problem.active_resource[res]
        & (pt.res_age_min[res] <= age)
        & (age < pt.res_age_max[res])
        & ((nt.elig[need][rep] & pt.res_excluded[res]) == 0)
    )
    pair, res = rep[keep], res[keep]
    start = np.searchsorted(pair, np.arange(len(prov) + 1))
    return start, pair, res


def _unpack_bits(bits: int) -> npt.NDArray[np.int16]:
    raw = np.frombuffer(bits.to_bytes(N_BYTES, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little").astype(np.int16)
