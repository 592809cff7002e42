"""Sequential allocations: priority order (stable mode) and declaration order (FCFS baseline).

With one territory-wide priority order (the cotation, then declaration date, then id), the
family-proposing deferred acceptance outcome is the serial dictatorship in that order: each
family, best priority first, takes its most preferred option still feasible. It is the unique
matching without blocking pair (a pair (family, provider) where the family prefers the provider
and fits there beside the children the provider ranks above her).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..native import kernels
from ..tables import NO_AGE_LIMIT
from .compiled_serial import Loads, compiled_serial
from .counters import FULL_WEEK, SlotCounters
from .ledger import Ledger
from .problem import Problem, consumed_by_provider


def preference_list(problem: Problem, e: int) -> list[int]:
    """The family's declared preferences first (in order), then other options by distance."""
    candidates: list[int] = problem.pair_provider[
        problem.pair_start[e] : problem.pair_start[e + 1]
    ].tolist()
    declared = problem.nt.needs[problem.members[e][0]].preferences
    if not declared:
        return candidates
    index = problem.pt.index
    ranked = [index[pid] for pid in declared if pid in index]
    allowed = set(candidates)
    chosen = [p for p in dict.fromkeys(ranked) if p in allowed]
    taken = set(chosen)
    return chosen + [p for p in candidates if p not in taken]


def priority_order(problem: Problem) -> list[int]:
    return list(problem.priority)


def declaration_order(problem: Problem) -> list[int]:
    def key(e: int) -> tuple[int, str]:
        need = problem.nt.needs[problem.members[e][0]]
        return (need.declared_at.toordinal(), need.id)

    return sorted(range(problem.n_entities), key=key)


QUICK_TRIES = 3
HEAD = 8  # candidates tried one by one before a vectorised skip of the full ones


@dataclass(frozen=True)
class Envy:
    entity: int
    provider: int
    by_quota: bool


def serial_allocation(problem: Problem, order: list[int]) -> Ledger:
    """Each entity in ``order`` takes its most preferred candidate still feasible."""
    assigned, counters, _ = _serial(problem, order, with_envy=False)
    return _ledger(problem, assigned, counters)


def stable_allocation(problem: Problem) -> tuple[Ledger, list[Envy]]:
    """Serial allocation in priority order and its envy list, in one pass.

    With a common priority order, the ledger state when entity e is processed is exactly the
    assignment of the entities ranked above e: every option e prefers to its outcome was tested
    against that state and refused, so there is no blocking pair by construction, and the
    quota envy of e (options refused only because of reserved places) is tested right there.
    The result equals :func:`blocking_pairs` on the serial allocation (checked in the tests).
    """
    assigned, counters, envy = _serial(problem, priority_order(problem), with_envy=True)
    return _ledger(problem, assigned, counters), envy


def stable_assignment(problem: Problem) -> tuple[dict[int, int], list[Envy]]:
    """Like :func:`stable_allocation`, without building the final ledger."""
    assigned, _, envy = _serial(problem, priority_order(problem), with_envy=True)
    return assigned, envy


def serial_assignment(problem: Problem, order: list[int]) -> dict[int, int]:
    """Like :func:`serial_allocation`, without building the final ledger."""
    return _serial(problem, order, with_envy=False)[0]


def quota_tables(
    problem: Problem,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(providers with reserved places, entities with such a provider among their candidates)."""
    pt = problem.pt
    quota_provider = np.zeros(len(pt.providers), dtype=np.bool_)
    quota_provider[pt.res_provider[pt.res_excluded != 0]] = True
    candidate = (
        np.bincount(
            problem.pair_entity,
            weights=quota_provider[problem.pair_provider],
            minlength=problem.n_entities,
        )
        > 0
    )
    return quota_provider, candidate


def _serial(
    problem: Problem, order: list[int], with_envy: bool
) -> tuple[dict[int, int], SlotCounters | Loads, list[Envy]]:
    quota_provider, quota_candidates_array = quota_tables(problem)
    check_quota = with_envy and bool(quota_provider.any())
    compiled = kernels()
    if compiled is not None:
        ranked = {
            e: preference_list(problem, e)
            for e, m in enumerate(problem.members)
            if problem.nt.needs[m[0]].preferences
        }
        done = compiled_serial(
            compiled, problem, order, ranked, quota_provider, quota_candidates_array, check_quota
        )
        if done is not None:
            return done[0], done[1], [Envy(e, p, by_quota=True) for e, p in done[2]]
    nt, pt = problem.nt, problem.pt
    counters = SlotCounters(problem)
    room, room_of, add = counters.room, counters.room_of, counters.add
    constant, levels_of = counters.constant, counters.levels
    excluded = pt.res_excluded.tolist()
    active_array = problem.active_resource
    base = (
        active_array
        & (pt.res_excluded == 0)
        & (pt.res_age_min <= 0)
        & (pt.res_age_max >= NO_AGE_LIMIT)
    ).tolist()
    ages, eligs = nt.age.tolist(), nt.elig.tolist()
    bits = [need.schedule.bits for need in nt.needs]
    sched_id = nt.sched_id.tolist()
    # the resources a child consumes depend on its age only through the age bounds: its
    # (age bucket, eligibility) decides them, and with its schedule, every fit test
    bounds = np.unique(np.concatenate([pt.res_age_min, pt.res_age_max]))
    bucket = np.searchsorted(bounds, nt.age, side="right").tolist()
    kinds: dict[tuple[int, int], int] = {}
    kind = [kinds.setdefault(key, len(kinds)) for key in zip(bucket, eligs, strict=True)]
    n_kinds = max(1, len(kinds))
    classes: dict[tuple[int, int], int] = {}
    cls = [classes.setdefault(key, len(classes)) for key in zip(sched_id, kind, strict=True)]
    n_cls = max(1, len(classes))
    # per kind, per provider: the resources consumed (one vectorised test per kind)
    by_kind: list[list[list[int]] | None] = [None] * n_kinds

    def kind_table(j: int) -> list[list[int]]:
        table = by_kind[kind[j]]
        if table is None:
            table = consumed_by_provider(pt, active_array, ages[j], eligs[j])
            by_kind[kind[j]] = table
        return table

    def consumed(j: int, p: int) -> list[int]:
        return kind_table(j)[p]

    def group_fits(members: list[int], p: int, open_quota: bool) -> bool:
        loads: dict[int, list[int]] = {}
        for j in members:
            for r in consumed(j, p):
                if not (open_quota and excluded[r]):
                    loads.setdefault(r, []).append(bits[j])
        return all(counters.fits_load(r, load) for r, load in loads.items())

    has_quota = set(np.flatnonzero(quota_provider).tolist())
    # entities with no candidate holding reserved places have no quota envy: skipped
    quota_candidates = quota_candidates_array.tolist()
    # refusals only grow: (provider, schedule) refused by an always-consumed resource, and
    # (provider, class) refused by another resource, are refused for good
    dead_base: dict[int, tuple[bytearray, npt.NDArray[np.uint8]]] = {}
    dead: set[int] = set()
    n_prov = len(pt.providers)
    pair_provider = problem.pair_provider
    starts = problem.pair_start.tolist()
    # the first HEAD candidates of every entity, in one gather
    first = problem.pair_start[:-1, None] + np.arange(HEAD)
    heads: list[list[int]] = (
        pair_provider[np.minimum(first, len(pair_provider) - 1)].tolist()
        if len(pair_provider)
        else [[] for _ in range(problem.n_entities)]
    )
    all_members = problem.members
    needs = nt.needs
    assigned: dict[int, int] = {}
    found: list[Envy] = []

    def first_fit(j: int, prefs: list[int], db: bytearray) -> int | None:
        s, c = bits[j], cls[j]
        table = kind_table(j)
        for p in prefs:
            if db[p]:
                continue
            key = p * n_cls + c
            if key in dead:
                continue
            for r in table[p]:
                free = room[r]
                if s & ~(room_of(r) if free is None else free):
                    if base[r]:
                        db[p] = 1
                    else:
                        dead.add(key)
                    break
            else:
                return p
        return None

    declared = {e for e, m in enumerate(all_members) if needs[m[0]].preferences}
    for e in order:
        members = all_members[e]
        a, b = starts[e], starts[e + 1]
        prefs: list[int] | None = preference_list(problem, e) if e in declared else None
        chosen = None
        if len(members) == 1:
            j = members[0]
            dead_of = dead_base.get(sched_id[j])
            if dead_of is None:
                buffer = bytearray(n_prov)
                dead_of = dead_base[sched_id[j]] = (buffer, np.frombuffer(buffer, dtype=np.uint8))
            db, db_array = dead_of
            if prefs is not None:
                chosen = first_fit(j, prefs, db)
            else:
                # nearest candidates one by one, then the others without the known-full ones
                head = heads[e]
                chosen = first_fit(j, head if b - a >= HEAD else head[: b - a], db)
                if chosen is None and b > a + HEAD:
                    rest = pair_provider[a + HEAD : b]
                    chosen = first_fit(j, rest[db_array[rest] == 0].tolist(), db)
        else:
            if prefs is None:
                prefs = pair_provider[a:b].tolist()
            chosen = next((p for p in prefs if group_fits(members, p, False)), None)
        if check_quota and quota_candidates[e]:
            if prefs is None:
                # only the candidates with reserved places, among those preferred to the outcome
                segment = pair_provider[a:b]
                if chosen is not None:
                    segment = segment[: int(np.argmax(segment == chosen))]
                before = segment[quota_provider[segment]].tolist()
            else:
                before = prefs if chosen is None else prefs[: prefs.index(chosen)]
            for p in before:
                if p in has_quota and (
                    group_fits(members, p, True)
                    if len(members) > 1
                    else not any(
                        bits[members[0]] & ~room_of(r)
                        for r in consumed(members[0], p)
                        if not excluded[r]
                    )
                ):
                    found.append(Envy(e, p, by_quota=True))
        if chosen is not None:
            assigned[e] = chosen
            for j in members:
                s = bits[j]
                for r in consumed(j, chosen):
                    c = constant[r]
                    levels = levels_of.get(r) if c > 0 else None
                    if levels is None:
                        add(r, s)
                        continue
                    for k in range(c - 1, 0, -1):
                        levels[k] |= levels[k - 1] & s
                    levels[0] |= s
                    room[r] = FULL_WEEK & ~levels[-1]
    return assigned, counters, found


def _ledger(problem: Problem, assigned: dict[int, int], counters: SlotCounters | Loads) -> Ledger:
    ledger = Ledger(problem)
    ledger.restore(assigned, counters.used_array())
    return ledger


def blocking_pairs(problem: Problem, assigned: dict[int, int]) -> list[Envy]:
    """Pairs (e, p): e prefers p to its outcome and fits beside the higher-ranked assignees.

    ``by_quota`` pairs are not blocking: e would fit only if the reserved places were open to
    all; they are reported so that a commission can explain the refusal.
    """
    order = priority_order(problem)
    strict = Ledger(problem)
    open_quota = Ledger(problem)
    excluded = problem.pt.res_excluded.tolist()
    open_quota.set_active([a and not excluded[r] for r, a in enumerate(open_quota.active)])
    has_quota = {int(problem.pt.res_provider[r]) for r, x in enumerate(excluded) if x}
    found: list[Envy] = []
    for e in order:
        current = assigned.get(e)
        prefs = preference_list(problem, e)
        before = prefs[: prefs.index(current)] if current is not None else prefs
        fitting = strict.fitting_providers(e) if len(before) > QUICK_TRIES else None
        for p in before:
            if strict.fits(e, p) if fitting is None else p in fitting:
                found.append(Envy(e, p, by_quota=False))
            elif p in has_quota and open_quota.fits(e, p):
                found.append(Envy(e, p, by_quota=True))
        if current is not None:
            strict.add(e, current)
            if current in has_quota:
                open_quota.add(e, current)
    return found
