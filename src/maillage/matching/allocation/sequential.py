"""Sequential allocations: priority order (stable mode) and declaration order (FCFS baseline).

With one territory-wide priority order (the cotation, then declaration date, then id), the
family-proposing deferred acceptance outcome is the serial dictatorship in that order: each
family, best priority first, takes its most preferred option still feasible. It is the unique
matching without blocking pair (a pair (family, provider) where the family prefers the provider
and fits there beside the children the provider ranks above her).
"""

from __future__ import annotations

from dataclasses import dataclass

from .problem import Ledger, Problem


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
    return sorted(range(problem.n_entities), key=problem.order_key.__getitem__)


def declaration_order(problem: Problem) -> list[int]:
    def key(e: int) -> tuple[int, str]:
        need = problem.nt.needs[problem.members[e][0]]
        return (need.declared_at.toordinal(), need.id)

    return sorted(range(problem.n_entities), key=key)


QUICK_TRIES = 3


def serial_allocation(problem: Problem, order: list[int]) -> Ledger:
    ledger = Ledger(problem)
    for e in order:
        prefs = preference_list(problem, e)
        chosen = next((p for p in prefs[:QUICK_TRIES] if ledger.fits(e, p)), None)
        if chosen is None and len(prefs) > QUICK_TRIES:
            fitting = ledger.fitting_providers(e)
            chosen = next((p for p in prefs[QUICK_TRIES:] if p in fitting), None)
        if chosen is not None:
            ledger.add(e, chosen)
    return ledger


@dataclass(frozen=True)
class Envy:
    entity: int
    provider: int
    by_quota: bool


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
