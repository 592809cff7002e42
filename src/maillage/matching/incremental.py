"""Incremental allocation: a new need or a freed place re-solves only the touched component.

The state keeps the candidate graph (need <-> individually feasible provider). A change
re-computes the candidates of the records it touches, then re-allocates only the connected
component(s) of the candidate graph that contain them; every other assignment is kept as is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .allocation.api import allocate
from .bounds import capped_need
from .errors import DuplicateIdError, InvalidProviderError
from .feasibility import check_pairs
from .geo import PointIndex, haversine_km
from .model import Need, Policy, PriorityGrid, Provider
from .results import AllocationMode, AllocationResult
from .tables import build_need_table, build_provider_table
from .validation import validate_inputs, validate_need, validate_provider


class TerritoryState:
    """Assignments of a territory kept up to date by local re-solves."""

    def __init__(
        self,
        needs: Sequence[Need],
        providers: Sequence[Provider],
        *,
        mode: AllocationMode | str = AllocationMode.STABLE,
        policy: Policy | None = None,
        grid: PriorityGrid | None = None,
    ) -> None:
        self.policy = policy or Policy()
        self.grid = grid or PriorityGrid()
        self.mode = AllocationMode(mode)
        validate_inputs(needs, providers, self.policy, self.grid)
        self.needs = {n.id: n for n in needs}
        self.providers = {p.id: p for p in providers}
        self._ids = sorted(self.providers)
        lat = np.array([self.providers[i].lat for i in self._ids])
        lon = np.array([self.providers[i].lon for i in self._ids])
        self._points = PointIndex(lat, lon)
        self.candidates: dict[str, set[str]] = {}
        self.askers: dict[str, set[str]] = {pid: set() for pid in self._ids}
        for need in sorted(needs, key=lambda n: n.id):
            self._link(need.id, self._candidates_of(need))
        self.assignment: dict[str, str] = {}
        self.last_recomputed_needs = 0
        self._resolve(set(self.needs))

    # -- public changes -------------------------------------------------------------------
    def add_need(self, need: Need) -> AllocationResult:
        validate_need(need, self.policy)
        if need.id in self.needs:
            raise DuplicateIdError(need.id, "id", "identifiant en double")
        self.needs[need.id] = need
        self._link(need.id, self._candidates_of(need))
        return self._resolve({need.id} | self._siblings(need))

    def update_provider(self, provider: Provider) -> AllocationResult:
        """A freed (or taken) place: the provider's children in care or capacity changed."""
        validate_provider(provider, self.policy)
        old = self.providers.get(provider.id)
        if old is None or (old.lat, old.lon) != (provider.lat, provider.lon):
            raise InvalidProviderError(provider.id, "id", "mode d'accueil inconnu ou déplacé")
        self.providers[provider.id] = provider
        table = build_provider_table([provider], self.policy)
        ids = sorted(self.needs)
        lat = np.array([self.needs[i].lat for i in ids])
        lon = np.array([self.needs[i].lon for i in ids])
        # radii capped by the territory's limit, as in allocate
        reach = np.minimum(
            np.array([self.needs[i].max_km for i in ids]), self.policy.max_candidates_km
        )
        dist = haversine_km(
            lat, lon, np.full(len(ids), provider.lat), np.full(len(ids), provider.lon)
        )
        near = np.flatnonzero(dist <= reach)
        touched = {ids[k] for k in near.tolist()} | self.askers[provider.id]
        if len(near):
            nt = build_need_table([self.needs[ids[k]] for k in near.tolist()], self.grid)
            zero = np.zeros(len(near), dtype=np.int64)
            rows = np.arange(len(near), dtype=np.int64)
            check = check_pairs(nt, table, rows, zero, dist[near], with_quotas=False)
            fits = {nt.needs[r].id for r in rows[check.reasons == 0].tolist()}
        else:
            fits = set()
        for need_id in sorted(touched):
            current = set(self.candidates[need_id])
            current.discard(provider.id)
            if need_id in fits:
                current.add(provider.id)
            self._link(need_id, current)
        return self._resolve(touched | self.askers[provider.id])

    # -- internals --------------------------------------------------------------------------
    def _candidates_of(self, need: Need) -> set[str]:
        # the radius capped by the territory's limit, as in allocate (bounded components)
        need = capped_need(need, self.policy)[0]
        idx, dist = self._points.within_one(need.lat, need.lon, need.max_km)
        if len(idx) == 0:
            return set()
        nearby = [self.providers[self._ids[i]] for i in idx.tolist()]
        table = build_provider_table(nearby, self.policy)
        nt = build_need_table([need], self.grid)
        local = np.array([table.index[p.id] for p in nearby], dtype=np.int64)
        zero = np.zeros(len(idx), dtype=np.int64)
        check = check_pairs(nt, table, zero, local, dist, with_quotas=False)
        return {table.providers[int(p)].id for p in check.provider[check.reasons == 0].tolist()}

    def _link(self, need_id: str, providers: set[str]) -> None:
        for pid in self.candidates.get(need_id, set()):
            self.askers[pid].discard(need_id)
        self.candidates[need_id] = providers
        for pid in providers:
            self.askers[pid].add(need_id)

    def _siblings(self, need: Need) -> set[str]:
        if not need.sibling_group:
            return set()
        return {n.id for n in self.needs.values() if n.sibling_group == need.sibling_group}

    def _component(self, seeds: Iterable[str]) -> tuple[set[str], set[str]]:
        needs: set[str] = set()
        providers: set[str] = set()
        stack = sorted(set(seeds))
        while stack:
            need_id = stack.pop()
            if need_id in needs:
                continue
            needs.add(need_id)
            stack.extend(sorted(self._siblings(self.needs[need_id]) - needs))
            for pid in sorted(self.candidates[need_id] - providers):
                providers.add(pid)
                stack.extend(sorted(self.askers[pid] - needs))
        return needs, providers

    def _resolve(self, seeds: set[str]) -> AllocationResult:
        needs, providers = self._component(seeds)
        for need_id in needs:
            self.assignment.pop(need_id, None)
        result = allocate(
            [self.needs[i] for i in sorted(needs)],
            [self.providers[i] for i in sorted(providers)],
            mode=self.mode,
            policy=self.policy,
            grid=self.grid,
        )
        for a in result.assignments:
            self.assignment[a.need_id] = a.provider_id
        self.last_recomputed_needs = len(needs)
        return result
