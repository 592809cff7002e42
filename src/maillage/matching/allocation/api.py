"""Public entry points of territory allocation."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from operator import attrgetter

import numpy as np

from .. import budget
from ..bounds import capped_need
from ..collector import collector_paused
from ..errors import InvalidConfigurationError
from ..feasibility import candidate_pairs
from ..geo import PointIndex
from ..model import Need, Policy, PriorityGrid, Provider
from ..results import AllocationMode, AllocationResult, Assignment, BlockingPair
from ..tables import build_need_table, build_provider_table
from ..validation import validate_inputs
from .ledger import Ledger
from .optimal import solve_optimal
from .problem import Problem, build_problem
from .report import fairness_report
from .sequential import (
    Envy,
    blocking_pairs,
    declaration_order,
    serial_assignment,
    stable_assignment,
)


def build(
    needs: Sequence[Need],
    providers: Sequence[Provider],
    policy: Policy,
    grid: PriorityGrid,
    mode: str = AllocationMode.OPTIMAL.value,
    stats: dict[str, float] | None = None,
) -> Problem:
    """Validated, canonically ordered (by id) problem; refuses an input over the memory budget.

    The order of the input never matters: needs and providers are sorted by id first.
    """
    validate_inputs(needs, providers, policy, grid)
    # both tables sort their records by id: every index below is in canonical order
    pt = build_provider_table(providers, policy)
    nt = build_need_table(needs, grid)
    index = PointIndex(pt.lat, pt.lon)
    counts = index.count_upper(nt.lat, nt.lon, nt.max_km)
    found = budget.estimate(counts, len(pt.res_kind), mode, policy)
    if stats is not None:
        stats["memory_estimate_bytes"] = float(found.total)
    budget.check(found, policy)
    pairs = candidate_pairs(nt, pt, index, with_quotas=False, counts=counts)
    return build_problem(nt, pt, pairs, policy.max_candidates_per_need)


def allocate(
    needs: Sequence[Need],
    providers: Sequence[Provider],
    *,
    mode: AllocationMode | str = AllocationMode.OPTIMAL,
    policy: Policy | None = None,
    grid: PriorityGrid | None = None,
) -> AllocationResult:
    """Allocate places for a territory.

    Deterministic: the same needs and providers, in any order, on any machine, give the same
    assignments and objective (every limit is counted in work, never in seconds). Memory is
    bounded: radii are capped (``Policy.max_candidates_km``, with a French note per need in
    ``notes_fr``), each need keeps its ``Policy.max_candidates_per_need`` nearest candidates, and
    an input whose estimate exceeds ``Policy.memory_budget_bytes`` raises
    :class:`MemoryBudgetError` before anything big is built. Python's cyclic garbage collector
    is paused during the call (it leaves no reference cycle; see ``matching/collector.py``).
    """
    with collector_paused():
        return _allocate(needs, providers, mode, policy, grid)


def _allocate(
    needs: Sequence[Need],
    providers: Sequence[Provider],
    mode: AllocationMode | str,
    policy: Policy | None,
    grid: PriorityGrid | None,
) -> AllocationResult:
    policy = policy or Policy()
    grid = grid or PriorityGrid()
    try:
        mode = AllocationMode(mode)
    except ValueError:
        allowed = ", ".join(m.value for m in AllocationMode)
        raise InvalidConfigurationError(
            "allocate", "mode", f"mode d'attribution inconnu {mode!r} (attendu : {allowed})"
        ) from None
    started = time.perf_counter()
    # A radius above the territory's limit is capped (bounded candidate sets, bounded memory).
    capped: list[Need] = []
    notes: list[str] = []
    limit = policy.max_candidates_km
    for need in needs:
        if type(need.max_km) is float and need.max_km <= limit:  # the common case, unchanged
            capped.append(need)
            continue
        need, note = capped_need(need, policy)
        capped.append(need)
        if note:
            notes.append(f"{need.id} : {note}")
    stats: dict[str, float] = {}
    problem = build(capped, providers, policy, grid, mode.value, stats)
    built = time.perf_counter()
    stats["candidate_pairs"] = float(len(problem.pair_entity))
    upper: float | None = None
    envy: list[Envy] | None = None
    assigned: dict[int, int]
    if mode is AllocationMode.OPTIMAL:
        ledger, opt = solve_optimal(problem, policy)
        assigned = ledger.assigned
        upper = float(opt.upper_bound)
        stats |= {
            "components": opt.components,
            "largest_component_needs": opt.largest_component_needs,
            "exact_components": opt.exact_components,
            "rescued_components": opt.rescued_components,
            "polished_windows": opt.polished_windows,
            "lp_columns": opt.lp_columns,
            "lp_rows": opt.lp_rows,
            "lp_seconds": opt.lp_seconds,
            "lagrangian_iterations": opt.lagrangian_iterations,
        }
    elif mode is AllocationMode.STABLE:
        assigned, envy = stable_assignment(problem)
    else:
        assigned = serial_assignment(problem, declaration_order(problem))
    solved = time.perf_counter()
    stats |= {"build_seconds": built - started, "solve_seconds": solved - built}
    result = result_from_assignment(problem, assigned, mode, grid, upper, stats, envy)
    return dataclasses.replace(result, notes_fr=tuple(sorted(notes))) if notes else result


def first_come_first_served(
    needs: Sequence[Need],
    providers: Sequence[Provider],
    *,
    policy: Policy | None = None,
    grid: PriorityGrid | None = None,
) -> AllocationResult:
    """Today's practice: each family, in declaration order, takes its best free option."""
    return allocate(
        needs, providers, mode=AllocationMode.FIRST_COME_FIRST_SERVED, policy=policy, grid=grid
    )


def result_from_ledger(
    problem: Problem,
    ledger: Ledger,
    mode: AllocationMode,
    grid: PriorityGrid,
    upper: float | None,
    stats: dict[str, float],
    envy: list[Envy] | None = None,
) -> AllocationResult:
    return result_from_assignment(problem, ledger.assigned, mode, grid, upper, stats, envy)


def result_from_assignment(
    problem: Problem,
    assigned: dict[int, int],
    mode: AllocationMode,
    grid: PriorityGrid,
    upper: float | None,
    stats: dict[str, float],
    envy: list[Envy] | None = None,
) -> AllocationResult:
    """``envy`` (stable mode): the envy list already computed with the allocation, if any."""
    nt, pt = problem.nt, problem.pt
    entities = np.fromiter(assigned.keys(), dtype=np.int64, count=len(assigned))
    chosen = np.full(problem.n_entities, -1, dtype=np.int64)
    chosen[entities] = np.fromiter(assigned.values(), dtype=np.int64, count=len(assigned))
    hit = np.flatnonzero(problem.pair_provider == chosen[problem.pair_entity])
    distance = dict(
        zip(problem.pair_entity[hit].tolist(), problem.pair_distance[hit].tolist(), strict=True)
    )
    needs, providers = nt.needs, pt.providers
    assignments: list[Assignment] = []
    for e, p in assigned.items():
        members = problem.members[e]
        share = round(distance[e] / len(members), 6)
        provider_id = providers[p].id
        for j in members:
            assignments.append(Assignment(needs[j].id, provider_id, share))
    assignments.sort(key=attrgetter("need_id"))
    placed_ids = {a.need_id for a in assignments}
    weight = problem.weight.tolist()
    objective = sum(weight[e] for e in assigned)
    if mode is AllocationMode.STABLE and envy is None:
        envy = blocking_pairs(problem, assigned)
    envy = envy or []
    blocking = tuple(_pair(problem, v.entity, v.provider, False) for v in envy if not v.by_quota)
    quota = tuple(_pair(problem, v.entity, v.provider, True) for v in envy if v.by_quota)
    note = _stability_note(mode, len(blocking), len(quota))
    gap = None if upper is None else (max(0.0, upper - objective) / upper if upper else 0.0)
    return AllocationResult(
        mode=mode,
        assignments=tuple(assignments),
        unassigned=tuple(n.id for n in needs if n.id not in placed_ids),
        objective=objective,
        placed=len(assignments),
        total_distance_km=round(sum(a.distance_km for a in assignments), 6),
        upper_bound=upper,
        gap=gap,
        blocking_pairs=blocking,
        quota_envy=quota,
        stability_note_fr=note,
        report=fairness_report(needs, placed_ids, grid),
        stats=stats,
    )


def _pair(problem: Problem, e: int, p: int, by_quota: bool) -> BlockingPair:
    need = problem.nt.needs[problem.members[e][0]]
    provider = problem.pt.providers[p]
    if by_quota:
        text = (
            f"{need.id} préfère {provider.display_name} et y tiendrait sans les places réservées "
            "(AVIP ou minima sociaux) : refus justifié par le quota"
        )
    else:
        text = f"{need.id} préfère {provider.display_name} et y tiendrait devant un enfant moins prioritaire"
    return BlockingPair(need.id, provider.id, text)


def _stability_note(mode: AllocationMode, blocking: int, quota: int) -> str:
    if mode is not AllocationMode.STABLE:
        return "mode non stable : aucune garantie d'absence de paire bloquante"
    text = "aucune paire bloquante : chaque refus s'explique par un enfant plus prioritaire"
    if blocking:
        text = f"{blocking} paire(s) bloquante(s)"
    if quota:
        text += f" ; {quota} refus dû(s) uniquement aux places réservées (quotas AVIP / minima)"
    return text
