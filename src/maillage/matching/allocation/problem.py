"""The allocation problem in compiled form: entities, candidate pairs and a capacity ledger.

An *entity* is one child, or a sibling group that asked to be placed together (same provider or
nobody). Candidate pairs are the providers individually feasible for every member.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import chain

import numpy as np
import numpy.typing as npt

from ..feasibility import PairCheck
from ..native import kernels
from ..ranges import expand_ranges
from ..schedule import N_BYTES
from ..tables import ELIG_AVIP, ELIG_SOCIAL, QUOTA_KINDS, NeedTable, ProviderTable
from .cap import nearest_pairs

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
    # ``members`` in CSR form: each entity's count, and their need rows entity after entity
    member_size: I64
    member_flat: I64

    @property
    def member_start(self) -> I64:
        return np.cumsum(self.member_size) - self.member_size

    @property
    def first_member(self) -> I64:
        return self.member_flat[self.member_start]

    @property
    def n_entities(self) -> int:
        return len(self.members)

    @cached_property
    def priority(self) -> tuple[int, ...]:
        """The entities by ``order_key`` (weight, declaration date, id): sorted once, read by
        every rounding and by the stable mode's passes."""
        return tuple(sorted(range(self.n_entities), key=self.order_key.__getitem__))

    def pairs_of(self, e: int) -> range:
        return range(int(self.pair_start[e]), int(self.pair_start[e + 1]))


def build_problem(nt: NeedTable, pt: ProviderTable, pairs: PairCheck, cap: int = 0) -> Problem:
    """``cap`` > 0: each entity keeps its ``cap`` nearest candidates (ties: provider order, that
    is id order) and the providers its family named in its preferences."""
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
    size = np.array(list(map(len, members)), dtype=np.int64)
    flat = np.fromiter(chain.from_iterable(members), dtype=np.int64, count=len(nt.needs))
    n_prov = max(1, len(pt.providers))
    if not groups:
        # one entity per child: pairs are already unique per (entity, provider)
        first = np.arange(len(members), dtype=np.int64)
        main = (pairs.need, pairs.provider, pairs.distance_km)
        grouped, extra = None, None
        weight = nt.weight.astype(np.int64)
        per_child = weight
        reach: npt.NDArray[np.float64] = nt.max_km
    else:
        entity_of = np.empty(len(nt.needs), dtype=np.int64)
        entity_of[flat] = np.repeat(np.arange(len(members)), size)
        # candidate pairs per entity: providers shared by all members, distance summed (in
        # need order); a single child's pairs pass as they are
        ent = entity_of[pairs.need]
        grouped = size[ent] > 1
        together = np.flatnonzero(grouped)
        key = ent[together] * n_prov + pairs.provider[together]
        uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        dist = np.zeros(len(uniq))
        np.add.at(dist, inverse, pairs.distance_km[together])
        u_ent = uniq // n_prov
        keep = counts == size[u_ent]
        # a single child's pairs pass as they are (``grouped`` ones left out), then the groups'
        main = (ent, pairs.provider, pairs.distance_km)
        extra = (u_ent[keep], uniq[keep] % n_prov, dist[keep])
        first = flat[np.cumsum(size) - size]
        weight = np.bincount(entity_of, weights=nt.weight, minlength=len(members)).astype(np.int64)
        per_child = weight // size
        reach = np.bincount(entity_of, weights=nt.max_km, minlength=len(members)).astype(np.float64)
    pe, pp, pd = nearest_pairs(nt, pt, members, main, reach, cap, grouped, extra)
    start = np.searchsorted(pe, np.arange(len(members) + 1))
    needs = nt.needs
    order_key = [
        (-w, needs[j].declared_at.toordinal(), needs[j].id)
        for w, j in zip(per_child.tolist(), first.tolist(), strict=True)
    ]
    active = _active_quotas(nt, pt, size, flat, pe, pp)
    return Problem(nt, pt, members, weight, order_key, pe, pp, pd, start, active, size, flat)


def _active_quotas(
    nt: NeedTable, pt: ProviderTable, size: I64, flat: I64, pe: I64, pp: I64
) -> npt.NDArray[np.bool_]:
    """A quota pool is void when no eligible candidate asks for its provider (``size`` and
    ``flat``: the entities' member counts and their need rows, entity after entity)."""
    active = np.ones(len(pt.res_kind), dtype=np.bool_)
    quota = np.flatnonzero(np.isin(pt.res_kind, QUOTA_KINDS))
    if len(quota) == 0:
        return active
    elig_of_entity = np.zeros(len(size), dtype=np.int64)
    if len(flat):
        starts = np.cumsum(size) - size
        elig_of_entity = np.bitwise_or.reduceat(nt.elig[flat].astype(np.int64), starts)
    # per provider, the eligibility bits of the entities asking for it (bit by bit)
    asked = np.zeros(len(pt.providers), dtype=np.int64)
    if len(pe):
        bits = elig_of_entity[pe]
        for bit in (ELIG_AVIP, ELIG_SOCIAL):
            asked[pp[(bits & bit) > 0]] |= bit
    active[quota] = (asked[pt.res_provider[quota]] & pt.res_excluded[quota]) != 0
    return active


FIT_BLOCK = 1 << 14


def consumed_by_provider(
    pt: ProviderTable, active: npt.NDArray[np.bool_], age: int, elig: int
) -> list[list[int]]:
    """Per provider, the active resources a child of this age and eligibility consumes.

    One vectorised test over every resource: a sequential pass asks it once per child *kind*
    (age bucket between resource age bounds, eligibility), not once per (provider, kind).
    The lists are shared: callers must not change them.
    """
    ok = active & (pt.res_age_min <= age) & (age < pt.res_age_max) & ((elig & pt.res_excluded) == 0)
    index = np.flatnonzero(ok)
    flat: list[int] = index.tolist()
    cut: list[int] = np.searchsorted(index, pt.res_start).tolist()
    return [flat[a:b] for a, b in zip(cut[:-1], cut[1:], strict=True)]


@dataclass(frozen=True)
class LedgerState:
    assigned: dict[int, int]
    used: npt.NDArray[np.int16]
    room: list[int]
    room_words: npt.NDArray[np.uint64]


class Ledger:
    """Per-resource, per-slot load with Python-int bitmasks for fast fit tests."""

    def __init__(self, problem: Problem) -> None:
        pt, nt = problem.pt, problem.nt
        self.problem = problem
        self.cap = pt.res_cap.astype(np.int16)
        self.used = np.zeros_like(self.cap)
        raw, size = pt.res_room.tobytes(), pt.res_room.shape[1]
        self.room = [int.from_bytes(raw[i : i + size], "little") for i in range(0, len(raw), size)]
        self.res_start = pt.res_start.tolist()
        self.age_min = pt.res_age_min.tolist()
        self.age_max = pt.res_age_max.tolist()
        self.excluded = pt.res_excluded.tolist()
        self.active = problem.active_resource.tolist()
        self.age = nt.age.tolist()
        self.elig = nt.elig.tolist()
        self.bits = [need.schedule.bits for need in nt.needs]
        self.assigned: dict[int, int] = {}
        # the resources a child consumes depend on its age only through the age bounds: the
        # (age bucket, eligibility) *kind* of a child and the provider decide them
        bounds = np.unique(np.concatenate([pt.res_age_min, pt.res_age_max]))
        bucket = np.searchsorted(bounds, nt.age, side="right").tolist()
        kinds: dict[tuple[int, int], int] = {}
        self.kind = [kinds.setdefault(k, len(kinds)) for k in zip(bucket, self.elig, strict=True)]
        self.n_kinds = max(1, len(kinds))
        self._by_kind: list[list[list[int]] | None] = [None] * self.n_kinds
        self._vectors: dict[int, npt.NDArray[np.int16]] = {}
        self.room_words = packed_words(pt.res_room)
        self.need_words = packed_words(nt.sched)
        self._pair_res: tuple[I64, I64, I64] | None = None

    def restore(self, assigned: dict[int, int], used: npt.NDArray[np.int16]) -> None:
        """Set the state of a fresh ledger: the assignment and its per-resource loads."""
        self.assigned = dict(assigned)
        self.used = used.astype(self.cap.dtype, copy=False)
        changed = np.flatnonzero(self.used.any(axis=1))
        if len(changed):
            free = np.packbits(self.used[changed] < self.cap[changed], axis=1, bitorder="little")
            for r, row in zip(changed.tolist(), free, strict=True):
                self.room[r] = int.from_bytes(row.tobytes(), "little")
            self.room_words[changed] = packed_words(free)

    def snapshot(self) -> LedgerState:
        """The whole state (assignments, loads, free-place bits), to :meth:`rewind` to."""
        return LedgerState(
            dict(self.assigned), self.used.copy(), list(self.room), self.room_words.copy()
        )

    def rewind(self, state: LedgerState) -> None:
        """Back to a :meth:`snapshot`: a few array copies, where undoing thousands of
        assignments one by one costs a tenth of a second of a département."""
        self.assigned = dict(state.assigned)
        self.used = state.used.copy()
        self.room = list(state.room)
        self.room_words = state.room_words.copy()
        self.freed = None

    def set_active(self, active: list[bool]) -> None:
        self.active = active
        self._by_kind = [None] * self.n_kinds
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
        table = self._by_kind[self.kind[j]]
        if table is None:
            table = self._kind_table(j)
        return table[p]

    def _kind_table(self, j: int) -> list[list[int]]:
        """Resources consumed by a child of ``j``'s kind, per provider (built once per kind)."""
        active = np.array(self.active, dtype=np.bool_)
        table = consumed_by_provider(self.problem.pt, active, self.age[j], self.elig[j])
        self._by_kind[self.kind[j]] = table
        return table

    def fits(self, e: int, p: int) -> bool:
        members = self.problem.members[e]
        if len(members) == 1:
            j = members[0]
            table = self._by_kind[self.kind[j]]
            if table is None:
                table = self._kind_table(j)
            bits, room = self.bits[j], self.room
            for r in table[p]:  # noqa: SIM110 (a plain loop: no generator per test, hot path)
                if bits & ~room[r]:
                    return False
            return True
        load = self._load(members, p)
        return all(bool(np.all(self.used[r] + vec <= self.cap[r])) for r, vec in load.items())

    def _vector(self, j: int) -> npt.NDArray[np.int16]:
        vec = self._vectors.get(j)
        if vec is None:
            vec = self._vectors[j] = _unpack_bits(self.bits[j])
        return vec

    def _load(self, members: list[int], p: int) -> dict[int, npt.NDArray[np.int16]]:
        if len(members) == 1:
            vec = self._vector(members[0])
            return dict.fromkeys(self._consumed(members[0], p), vec)
        load: dict[int, npt.NDArray[np.int16]] = {}
        for j in members:
            vec = self._vector(j)
            for r in self._consumed(j, p):
                load[r] = load[r] + vec if r in load else vec
        return load

    def add(self, e: int, p: int) -> None:
        self._apply(e, p, 1)
        self.assigned[e] = p

    def remove(self, e: int) -> int:
        p = self.assigned.pop(e)
        self._apply(e, p, -1)
        if self.freed is not None:
            self.freed.add(p)
        return p

    # providers that lost a child since :meth:`fits_now` was taken (None: not tracked)
    freed: set[int] | None = None

    def fits_now(self, pairs: I64) -> npt.NDArray[np.bool_]:
        """Per candidate pair, False when its child does not fit there now (one vectorised
        test; sibling groups are always True: they are tested one by one). A pair that does
        not fit can only start fitting when its provider loses a child: from now on,
        :attr:`freed` records those providers."""
        problem = self.problem
        out = np.ones(len(pairs), dtype=np.bool_)
        self.freed = set()
        if not self.vectorised or len(pairs) == 0:
            return out
        if self._pair_res is None:
            self._pair_res = _pair_resources(problem)
        start, _, res = self._pair_res
        ent = problem.pair_entity[pairs]
        size, first = problem.member_size, problem.first_member
        compiled = kernels()
        if compiled is not None:
            single_need = np.where(size[ent] == 1, first[ent], -1)
            return compiled.fits_now(
                pairs, single_need, start, res, self.need_words, self.room_words
            )
        lo = start[pairs]
        rep, at = expand_ranges(lo, start[pairs + 1] - lo)
        need, res = first[ent][rep], res[at]
        bad = np.empty(len(rep), dtype=np.bool_)
        for k in range(0, len(rep), FIT_BLOCK):  # small temporaries: they stay in cache
            block = slice(k, k + FIT_BLOCK)
            words = self.need_words[need[block]]
            words &= ~self.room_words[res[block]]
            np.any(words, axis=1, out=bad[block])
        failed = np.bincount(rep[bad], minlength=len(pairs)) > 0
        out[failed & (size[ent] == 1)] = False
        return out

    def _apply(self, e: int, p: int, sign: int) -> None:
        used, cap, room, room_words = self.used, self.cap, self.room, self.room_words
        for r, vec in self._load(self.problem.members[e], p).items():
            row = used[r]
            if sign > 0:
                row += vec
            else:
                row -= vec
            free = np.packbits(row < cap[r], bitorder="little").tobytes()
            room[r] = int.from_bytes(free, "little")
            room_words[r] = np.frombuffer(free + _PAD, dtype=np.uint64)


_PAD = bytes(48 - N_BYTES)


def packed_words(packed: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint64]:
    padded = np.zeros((len(packed), 48), dtype=np.uint8)
    padded[:, :N_BYTES] = packed
    return padded.view(np.uint64)


def _pair_resources(problem: Problem) -> tuple[I64, I64, I64]:
    """CSR by pair of the active resources each single child would consume."""
    pt, nt = problem.pt, problem.nt
    need = np.array([m[0] for m in problem.members], dtype=np.int64)[problem.pair_entity]
    prov = problem.pair_provider
    rep, res = expand_ranges(pt.res_start[prov], pt.res_start[prov + 1] - pt.res_start[prov])
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
