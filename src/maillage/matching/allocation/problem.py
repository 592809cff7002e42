"""The allocation problem in compiled form: entities and candidate pairs (the capacity
ledger that places them is ``ledger.py``).

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

    @cached_property
    def priority_rank(self) -> I64:
        """Each entity's place in :attr:`priority` (read-only: shared by the roundings)."""
        rank = np.empty(self.n_entities, dtype=np.int64)
        rank[np.array(self.priority, dtype=np.int64)] = np.arange(self.n_entities)
        rank.flags.writeable = False
        return rank

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
