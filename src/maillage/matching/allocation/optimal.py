"""Optimal mode: maximise Σ priority weight of placed children, then minimise total distance.

Per connected component of the candidate graph: an exact MILP (HiGHS) when the component is
small; otherwise (``Policy.relaxation``) either the Lagrangian relaxation of the capacity rows
(``lagrangian.py``; default) or the LP relaxation restricted to each entity's nearest
candidates; both give a dual bound valid for *all* candidates; then rounding, greedy repair and
1-exchange improvement. The lexicographic objective is w - ε·d with ε·(Σ max distances) < 1.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]
from scipy.optimize import Bounds, LinearConstraint, linprog, milp  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

from ..errors import SolverError
from ..model import Policy
from ..tables import unpack
from .lagrangian import LagrangianOutcome, LagrangianSolver
from .problem import Ledger, Problem
from .rows import Rows, capacity_rows, consumption_triplets, dual_prices
from .sequential import priority_order

I64 = npt.NDArray[np.int64]


@dataclass
class OptimalStats:
    components: int = 0
    largest_component_needs: int = 0
    exact_components: int = 0
    lp_columns: int = 0
    lp_rows: int = 0
    lp_seconds: float = 0.0
    upper_bound: float = 0.0
    lagrangian_iterations: int = 0
    notes: list[str] = field(default_factory=list)


def components(problem: Problem) -> list[I64]:
    """Entity lists (ascending) of the connected components that have candidates."""
    n, m = problem.n_entities, len(problem.pt.providers)
    graph = sp.coo_matrix(
        (np.ones(len(problem.pair_entity)), (problem.pair_entity, n + problem.pair_provider)),
        shape=(n + m, n + m),
    )
    _, labels = connected_components(graph, directed=False)
    has_pair = np.diff(problem.pair_start) > 0
    ents = np.flatnonzero(has_pair)
    order = np.argsort(labels[ents], kind="stable")
    cuts = np.flatnonzero(np.diff(labels[ents][order])) + 1
    return [np.sort(part) for part in np.split(ents[order], cuts) if len(part)]


def solve_optimal(
    problem: Problem, policy: Policy, only: list[I64] | None = None, ledger: Ledger | None = None
) -> tuple[Ledger, OptimalStats]:
    ledger = ledger or Ledger(problem)
    stats = OptimalStats()
    sched = unpack(problem.nt.sched).astype(np.int8)
    parts = components(problem) if only is None else only
    stats.components = len(parts)
    for ents in parts:
        n_needs = sum(len(problem.members[e]) for e in ents.tolist())
        stats.largest_component_needs = max(stats.largest_component_needs, n_needs)
        pairs = np.concatenate([np.arange(*problem.pair_start[e : e + 2]) for e in ents.tolist()])
        weights = problem.weight[problem.pair_entity[pairs]].astype(np.float64)
        dmax = np.zeros(problem.n_entities)
        np.maximum.at(dmax, problem.pair_entity[pairs], problem.pair_distance[pairs])
        eps = 1.0 / (2.0 + float(dmax.sum()))
        obj = weights - eps * problem.pair_distance[pairs]
        exact = None
        if n_needs <= policy.exact_component_needs:
            exact = _solve_exact(problem, ledger, ents, pairs, obj, sched, policy, stats)
        if exact is not None:
            bound = exact
        elif policy.relaxation == "lagrangian":
            slack = eps * float(dmax.sum())
            bound = _solve_lagrangian(problem, ledger, ents, pairs, obj, slack, policy, stats)
        else:
            bound = _solve_relaxed(problem, ledger, ents, pairs, obj, sched, policy, stats)
        stats.upper_bound += math.floor(bound + eps * float(dmax.sum()) + 1e-6)
    return ledger, stats


def _model(
    problem: Problem,
    ents: I64,
    pairs: I64,
    sched: npt.NDArray[np.int8],
    capacity: npt.NDArray[np.int64] | None = None,
) -> tuple[sp.csr_matrix, npt.NDArray[np.float64], Rows]:
    local_ent = np.searchsorted(ents, problem.pair_entity[pairs])
    assign = sp.csr_matrix(
        (np.ones(len(pairs)), (local_ent, np.arange(len(pairs)))), shape=(len(ents), len(pairs))
    )
    trip = consumption_triplets(problem, pairs)
    rows = capacity_rows(problem, len(pairs), trip, sched, capacity)
    matrix = sp.vstack([assign, rows.matrix]).tocsr()
    rhs = np.concatenate([np.ones(len(ents)), rows.rhs])
    return matrix, rhs, rows


def _solve_exact(
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    pairs: I64,
    obj: npt.NDArray[np.float64],
    sched: npt.NDArray[np.int8],
    policy: Policy,
    stats: OptimalStats,
) -> float | None:
    """Exact MILP; ``None`` when the time limit passes without a solution (caller falls back)."""
    matrix, rhs, _ = _model(problem, ents, pairs, sched)
    result = milp(
        -obj,
        constraints=LinearConstraint(matrix, -np.inf, rhs),
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
        options={"time_limit": policy.milp_time_limit_s, "mip_rel_gap": 0.0},
    )
    if result.x is None:
        stats.notes.append(f"MILP sans solution, relaxation utilisée ({result.message})")
        return None
    stats.exact_components += 1
    chosen = pairs[result.x > 0.5]
    for k in chosen.tolist():
        e, p = int(problem.pair_entity[k]), int(problem.pair_provider[k])
        if e not in ledger.assigned and ledger.fits(e, p):
            ledger.add(e, p)
    _repair(problem, ledger, ents, policy.exchange_options)
    if result.status == 0:
        return float(-result.fun)
    return float(-result.mip_dual_bound)


def _solve_relaxed(
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    pairs: I64,
    obj: npt.NDArray[np.float64],
    sched: npt.NDArray[np.int8],
    policy: Policy,
    stats: OptimalStats,
) -> float:
    """LP on each entity's nearest candidates, priced against all candidates (column
    generation rounds); the bound adds, per entity, its best positive reduced cost."""
    rank = np.arange(len(pairs)) - np.searchsorted(
        problem.pair_entity[pairs], problem.pair_entity[pairs], side="left"
    )
    subset = np.flatnonzero(rank < policy.lp_candidates_per_need)
    local_ent = np.searchsorted(ents, problem.pair_entity[pairs])
    started = time.perf_counter()
    for _round in range(policy.lp_pricing_rounds):
        sub = pairs[subset]
        matrix, rhs, rows = _model(problem, ents, sub, sched)
        method = policy.lp_method or ("highs-ipm" if len(sub) > 30_000 else "highs-ds")
        result = linprog(-obj[subset], A_ub=matrix, b_ub=rhs, bounds=(0, 1), method=method)
        if result.status != 0:
            raise SolverError(f"relaxation LP en échec ({result.message})")
        duals = np.maximum(-np.asarray(result.ineqlin.marginals), 0.0)
        u, y = duals[: len(ents)], duals[len(ents) :]
        reduced = obj - dual_prices(problem, pairs, rows, y, sched)
        best = np.zeros(len(ents))
        np.maximum.at(best, local_ent, reduced)
        gain = reduced - u[local_ent]
        gain[subset] = 0.0
        candidates = np.flatnonzero(gain > 1e-7)
        if len(candidates) == 0:
            break
        # add, per entity, only its best improving columns (keeps the LP small)
        order = candidates[np.lexsort((-gain[candidates], local_ent[candidates]))]
        first = np.searchsorted(local_ent[order], local_ent[order], side="left")
        per_entity = policy.lp_columns_per_round or len(order)
        keep = (np.arange(len(order)) - first) < per_entity
        subset = np.union1d(subset, order[keep])
    stats.lp_seconds += time.perf_counter() - started
    stats.lp_columns += len(subset)
    stats.lp_rows += matrix.shape[0]
    x = result.x
    weight = problem.weight[problem.pair_entity[sub]]
    order = np.lexsort((problem.pair_distance[sub], -weight, -np.round(x, 6)))
    for k in order[x[order] > 1e-6].tolist():
        e, p = int(problem.pair_entity[sub[k]]), int(problem.pair_provider[sub[k]])
        if e not in ledger.assigned and ledger.fits(e, p):
            ledger.add(e, p)
    _repair(problem, ledger, ents, policy.exchange_options)
    return float(np.maximum(u, best).sum() + y @ rows.rhs)


def _solve_lagrangian(
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    pairs: I64,
    obj: npt.NDArray[np.float64],
    slack: float,
    policy: Policy,
    stats: OptimalStats,
) -> float:
    """Smoothed Lagrangian bound (see ``lagrangian.py``), then rounding of the soft assignment,
    greedy repair, 1-exchange and a distance pass. While the gap stays above
    ``Policy.lagrangian_target_gap``, more stages from the same multipliers, and a new primal
    kept if it is better (``slack`` = ε·Σ max distances, as in the reported bound)."""
    solver = LagrangianSolver(problem, ents, pairs, obj, policy)
    stages = list(zip(policy.lagrangian_temperatures, policy.lagrangian_iterations, strict=True))
    share, outcome = solver.run(stages)
    _primal(problem, ledger, ents, pairs, share, outcome, policy)
    value = sum(int(problem.weight[e]) for e in ents.tolist() if e in ledger.assigned)
    extra = (policy.lagrangian_temperatures[-1], policy.lagrangian_extra_iterations)
    for _ in range(policy.lagrangian_extra_rounds):
        upper = math.floor(outcome.bound + slack + 1e-6)
        if upper <= 0 or (upper - value) / upper <= policy.lagrangian_target_gap:
            break
        share, outcome = solver.run([extra])
        kept = {e: ledger.assigned[e] for e in ents.tolist() if e in ledger.assigned}
        for e in kept:
            ledger.remove(e)
        _primal(problem, ledger, ents, pairs, share, outcome, policy)
        again = sum(int(problem.weight[e]) for e in ents.tolist() if e in ledger.assigned)
        if again < value:
            for e in [e for e in ents.tolist() if e in ledger.assigned]:
                ledger.remove(e)
            for e, p in kept.items():
                ledger.add(e, p)
        value = max(value, again)
        stats.notes.append("étape lagrangienne supplémentaire (écart au-dessus de la cible)")
    stats.lp_seconds += outcome.seconds
    stats.lp_rows += outcome.rows
    stats.lp_columns += outcome.restricted_pairs
    stats.lagrangian_iterations += outcome.iterations
    return outcome.bound


def _primal(
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    pairs: I64,
    share: npt.NDArray[np.float64],
    outcome: LagrangianOutcome,
    policy: Policy,
) -> None:
    _round_shares(problem, ledger, pairs, share, policy.lagrangian_round_share)
    ranking = None
    if outcome.price is not None:
        # waiting families try the cheapest places first (prices of the multipliers)
        ranking = np.zeros(len(problem.pair_entity))
        ranking[pairs] = np.round(outcome.price, 2)
    _repair(problem, ledger, ents, policy.exchange_options, policy.repair_passes, ranking)
    _shorten(problem, ledger, ents)
    if policy.distance_swaps:
        _swap_nearer(problem, ledger, ents, policy.distance_swaps)


def _swap_nearer(problem: Problem, ledger: Ledger, ents: I64, limit: int) -> None:
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
                if _fits_without(problem, ledger, e, f, q) and _fits_without(
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


def _round_shares(
    problem: Problem, ledger: Ledger, pairs: I64, share: npt.NDArray[np.float64], floor: float
) -> None:
    """Families by weight (heaviest first), then by how sure the soft assignment is of them;
    each takes the first place that fits among its likely ones (share, then distance)."""
    support = np.flatnonzero(share > floor)
    sub = pairs[support]
    ent = problem.pair_entity[sub]
    sure = np.zeros(problem.n_entities)
    np.maximum.at(sure, ent, share[support])
    coarse = -np.round(share[support], 1)
    order = np.lexsort((problem.pair_distance[sub], coarse, ent, -sure[ent], -problem.weight[ent]))
    assigned = ledger.assigned
    for e, p in zip(ent[order].tolist(), problem.pair_provider[sub][order].tolist(), strict=True):
        if e not in assigned and ledger.fits(e, p):
            ledger.add(e, p)


def _shorten(problem: Problem, ledger: Ledger, ents: I64) -> None:
    """Second criterion: move each placed entity to a nearer candidate where it fits (the soft
    shares ignore the tiny ε·distance term); the weighted count is unchanged."""
    for e in ents.tolist():
        p = ledger.assigned.get(e)
        if p is None:
            continue
        nearer = problem.pair_provider[problem.pair_start[e] : problem.pair_start[e + 1]].tolist()
        nearer = nearer[: nearer.index(p)]
        if not nearer:
            continue
        q = _first_fit(problem, ledger, e, nearer)
        if q is not None:
            ledger.remove(e)
            ledger.add(e, q)


def _repair(
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    depth: int = 8,
    passes: int = 3,
    ranking: npt.NDArray[np.float64] | None = None,
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
            if ranking is None:
                options = problem.pair_provider[lo:hi].tolist()
            else:
                order = np.argsort(ranking[lo:hi], kind="stable")
                options = problem.pair_provider[lo:hi][order].tolist()
            placed = _first_fit(problem, ledger, e, options)
            if placed is None:
                placed = _exchange(problem, ledger, e, options[:depth], by_provider)
            else:
                ledger.add(e, placed)
            if placed is not None:
                by_provider.setdefault(placed, []).append(e)
                changed = True
        if not changed:
            break


def _exchange(
    problem: Problem, ledger: Ledger, e: int, options: list[int], by_provider: dict[int, list[int]]
) -> int | None:
    """Place ``e`` at one of ``options`` by evicting a child of no greater weight that can move
    elsewhere (or of smaller weight, then left waiting). Swaps are tested before being made."""
    w = int(problem.weight[e])
    for p in options:
        for f in sorted(by_provider.get(p, []), key=lambda f: int(problem.weight[f])):
            if int(problem.weight[f]) > w:
                break
            if not _fits_without(problem, ledger, e, f, p):
                continue
            # f's other places do not depend on who holds p
            q = _first_fitting(problem, ledger, f, p)
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


def _fits_without(problem: Problem, ledger: Ledger, e: int, f: int, p: int) -> bool:
    """Would ``e`` fit at ``p`` once ``f`` (placed at ``p``) leaves? Bit tests, no mutation."""
    members_e, members_f = problem.members[e], problem.members[f]
    if len(members_e) > 1 or len(members_f) > 1:
        ledger.remove(f)
        fits = ledger.fits(e, p)
        ledger.add(f, p)
        return fits
    je, jf = members_e[0], members_f[0]
    bits_e, bits_f = ledger.bits[je], ledger.bits[jf]
    freed = set(ledger._consumed(jf, p))
    for r in ledger._consumed(je, p):
        blocked = bits_e & ~ledger.room[r]
        if blocked and (r not in freed or blocked & ~bits_f):
            return False
    return True


def _first_fitting(problem: Problem, ledger: Ledger, f: int, p: int) -> int | None:
    """First candidate of ``f`` (distance order) other than ``p`` where it fits now."""
    options = problem.pair_provider[problem.pair_start[f] : problem.pair_start[f + 1]].tolist()
    return _first_fit(problem, ledger, f, [q for q in options if q != p])


LAZY_OPTIONS = 48


def _first_fit(problem: Problem, ledger: Ledger, e: int, options: list[int]) -> int | None:
    """First of ``options`` where ``e`` fits now: one test at a time for short lists and
    sibling groups, one vectorised test over all candidates for long lists."""
    if len(options) <= LAZY_OPTIONS or len(problem.members[e]) > 1:
        return next((q for q in options if ledger.fits(e, q)), None)
    q = next((q for q in options[:8] if ledger.fits(e, q)), None)
    if q is None:
        fitting = ledger.fitting_providers(e)
        q = next((q for q in options[8:] if q in fitting), None)
    return q
