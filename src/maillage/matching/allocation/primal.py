"""Primal heuristics of the optimal mode: rounding, greedy repair with 1-exchange, distance passes.

All work on a :class:`Ledger` (exact per-slot fit tests): rounding and repair build the
assignment (repair only adds a child, or swaps one for a child of no smaller weight); the
distance passes move children without changing who is placed.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..native import kernels
from ..ranges import expand_ranges
from .ledger import Ledger
from .problem import Problem
from .sequential import priority_order

I64 = npt.NDArray[np.int64]


def round_shares(
    problem: Problem, ledger: Ledger, pairs: I64, share: npt.NDArray[np.float64], floor: float
) -> None:
    """Families by weight (heaviest first), then by how sure the soft assignment is of them;
    each takes the first place that fits among its likely ones (share, then distance)."""
    ent, prov = rounding_order(problem, pairs, share, floor)
    assigned = ledger.assigned
    for e, p in zip(ent.tolist(), prov.tolist(), strict=True):
        if e not in assigned and ledger.fits(e, p):
            ledger.add(e, p)


def rounding_order(
    problem: Problem, pairs: I64, share: npt.NDArray[np.float64], floor: float
) -> tuple[I64, I64]:
    """The (entity, provider) pairs :func:`round_shares` tries, in its order."""
    support = np.flatnonzero(share > floor)
    sub = pairs[support]
    ent = problem.pair_entity[sub]
    sure = np.zeros(problem.n_entities)
    np.maximum.at(sure, ent, share[support])
    coarse = -np.round(share[support], 1)
    distance = problem.pair_distance[sub]
    compiled = kernels()
    if compiled is None or len(ent) == 0 or np.any(ent[1:] < ent[:-1]):
        order = np.lexsort((distance, coarse, ent, -sure[ent], -problem.weight[ent]))
        return ent[order], problem.pair_provider[sub][order]
    # the same order, faster: families by (weight, sureness, entity), then each family's
    # pairs (contiguous: pairs come entity after entity) by (share, distance)
    start = np.flatnonzero(np.r_[True, ent[1:] != ent[:-1]])
    within = compiled.segment_order(np.r_[start, len(ent)], coarse, distance)
    first = ent[start]
    by_family = np.lexsort((first, -sure[first], -problem.weight[first]))
    lengths = np.diff(np.r_[start, len(ent)])
    order = within[expand_ranges(start[by_family], lengths[by_family])[1]]
    return ent[order], problem.pair_provider[sub][order]


MayFit = list[bool] | None


def _may_fit(
    ledger: Ledger, may_fit: MayFit, options: list[int], keys: range | list[int]
) -> list[int]:
    """``options`` (pair indices ``keys``) without those that cannot fit: they did not fit when
    ``may_fit`` was taken (:meth:`Ledger.fits_now`) and their provider has lost no child since
    (adding a child never makes a place fit). The first fitting option is unchanged."""
    freed = ledger.freed
    if may_fit is None or freed is None:
        return options
    return [q for q, k in zip(options, keys, strict=True) if may_fit[k] or q in freed]


def shorten(problem: Problem, ledger: Ledger, ents: I64, may_fit: MayFit = None) -> None:
    """Second criterion: move each placed entity to a nearer candidate where it fits (the soft
    shares ignore the tiny ε·distance term); the weighted count is unchanged."""
    for e in ents.tolist():
        p = ledger.assigned.get(e)
        if p is None:
            continue
        lo = int(problem.pair_start[e])
        nearer = problem.pair_provider[lo : problem.pair_start[e + 1]].tolist()
        nearer = nearer[: nearer.index(p)]
        if not nearer:
            continue
        nearer = _may_fit(ledger, may_fit, nearer, range(lo, lo + len(nearer)))
        q = first_fit(problem, ledger, e, nearer)
        if q is not None:
            ledger.remove(e)
            ledger.add(e, q)


def repair(
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    depth: int = 8,
    passes: int = 3,
    ranking: npt.NDArray[np.float64] | None = None,
    may_fit: MayFit = None,
) -> None:
    """Greedy fill by weight, then 1-exchange: evict a lighter child that can move or go.
    Candidates in distance order, or by ``ranking`` (per pair, lowest first) then distance."""
    rank = {e: i for i, e in enumerate(priority_order(problem))}
    by_provider: dict[int, list[int]] = {}
    for e, p in ledger.assigned.items():
        by_provider.setdefault(p, []).append(e)
    for _ in range(passes):
        waiting = sorted(
            (e for e in ents.tolist() if e not in ledger.assigned),
            key=lambda e: (-int(problem.weight[e]), rank[e]),
        )
        changed = False
        for e in waiting:
            lo, hi = int(problem.pair_start[e]), int(problem.pair_start[e + 1])
            keys: range | list[int]
            if ranking is None:
                options = problem.pair_provider[lo:hi].tolist()
                keys = range(lo, hi)
            else:
                order = np.argsort(ranking[lo:hi], kind="stable")
                options = problem.pair_provider[lo:hi][order].tolist()
                keys = (order + lo).tolist()
            placed = first_fit(problem, ledger, e, _may_fit(ledger, may_fit, options, keys))
            if placed is None:
                placed = exchange(problem, ledger, e, options[:depth], by_provider, may_fit)
            else:
                ledger.add(e, placed)
            if placed is not None:
                by_provider.setdefault(placed, []).append(e)
                changed = True
        if not changed:
            break


def exchange(
    problem: Problem,
    ledger: Ledger,
    e: int,
    options: list[int],
    by_provider: dict[int, list[int]],
    may_fit: MayFit = None,
) -> int | None:
    """Place ``e`` at one of ``options`` by evicting a child of no greater weight that can move
    elsewhere (or of smaller weight, then left waiting). Swaps are tested before being made."""
    w = int(problem.weight[e])
    for p in options:
        for f in sorted(by_provider.get(p, []), key=lambda f: int(problem.weight[f])):
            if int(problem.weight[f]) > w:
                break
            if not fits_without(problem, ledger, e, f, p):
                continue
            # f's other places do not depend on who holds p
            q = first_fitting(problem, ledger, f, p, may_fit)
            if q is None and int(problem.weight[f]) == w:
                continue
            ledger.remove(f)
            by_provider[p].remove(f)
            ledger.add(e, p)
            if q is not None:
                ledger.add(f, q)
                by_provider.setdefault(q, []).append(f)
            return p
    return None


def fits_without(problem: Problem, ledger: Ledger, e: int, f: int, p: int) -> bool:
    """Would ``e`` fit at ``p`` once ``f`` (placed at ``p``) leaves? Bit tests, no mutation."""
    members_e, members_f = problem.members[e], problem.members[f]
    if len(members_e) > 1 or len(members_f) > 1:
        ledger.remove(f)
        fits = ledger.fits(e, p)
        ledger.add(f, p)
        return fits
    je, jf = members_e[0], members_f[0]
    bits_e, bits_f = ledger.bits[je], ledger.bits[jf]
    freed, room = set(ledger._consumed(jf, p)), ledger.room
    for r in ledger._consumed(je, p):
        blocked = bits_e & ~room[r]
        if blocked and (r not in freed or blocked & ~bits_f):
            return False
    return True


def first_fitting(
    problem: Problem, ledger: Ledger, f: int, p: int, may_fit: MayFit = None
) -> int | None:
    """First candidate of ``f`` (distance order) other than ``p`` where it fits now."""
    lo, hi = int(problem.pair_start[f]), int(problem.pair_start[f + 1])
    options = problem.pair_provider[lo:hi].tolist()
    if may_fit is not None and ledger.freed is not None:
        freed = ledger.freed
        kept = [q for k, q in enumerate(options, lo) if q != p and (may_fit[k] or q in freed)]
        return first_fit(problem, ledger, f, kept)
    return first_fit(problem, ledger, f, [q for q in options if q != p])


LAZY_OPTIONS = 48


def first_fit(problem: Problem, ledger: Ledger, e: int, options: list[int]) -> int | None:
    """First of ``options`` where ``e`` fits now: one test at a time for short lists and
    sibling groups, one vectorised test over all candidates for long lists."""
    if len(options) <= LAZY_OPTIONS or len(problem.members[e]) > 1:
        return next((q for q in options if ledger.fits(e, q)), None)
    q = next((q for q in options[:8] if ledger.fits(e, q)), None)
    if q is None:
        fitting = ledger.fitting_providers(e)
        q = next((q for q in options[8:] if q in fitting), None)
    return q


def swap_nearer(problem: Problem, ledger: Ledger, ents: I64, limit: int) -> None:
    """Second criterion, pairwise: a child whose nearer place is full swaps with a child placed
    there when both fit in the other's place and the two trips get shorter in total. Single
    children only; ``limit`` nearer places looked at per child; the weighted count is unchanged.
    """
    by_provider: dict[int, list[int]] = {}
    for e in ents.tolist():
        p = ledger.assigned.get(e)
        if p is not None and len(problem.members[e]) == 1:
            by_provider.setdefault(p, []).append(e)
    distances: dict[int, dict[int, float]] = {}

    def distance_of(e: int) -> dict[int, float]:
        found = distances.get(e)
        if found is None:
            lo, hi = int(problem.pair_start[e]), int(problem.pair_start[e + 1])
            found = dict(
                zip(
                    problem.pair_provider[lo:hi].tolist(),
                    problem.pair_distance[lo:hi].tolist(),
                    strict=True,
                )
            )
            distances[e] = found
        return found

    for e in ents.tolist():
        p = ledger.assigned.get(e)
        if p is None or len(problem.members[e]) > 1:
            continue
        lo = int(problem.pair_start[e])
        nearer = problem.pair_provider[lo : lo + limit].tolist()
        if p in nearer:
            nearer = nearer[: nearer.index(p)]
        d_e = distance_of(e)
        for q in nearer:
            for f in by_provider.get(q, ()):
                d_f = distance_of(f)
                if p not in d_f or d_e[q] + d_f[p] >= d_e[p] + d_f[q] - 1e-9:
                    continue
                if fits_without(problem, ledger, e, f, q) and fits_without(
                    problem, ledger, f, e, p
                ):
                    ledger.remove(e)
                    ledger.remove(f)
                    ledger.add(e, q)
                    ledger.add(f, p)
                    by_provider[p].remove(e)
                    by_provider[q].remove(f)
                    by_provider[q].append(e)
                    by_provider[p].append(f)
                    break
            else:
                continue
            break
