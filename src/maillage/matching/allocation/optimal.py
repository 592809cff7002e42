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
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]
from scipy.optimize import linprog  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

from ..errors import SolverError
from ..model import Policy
from ..native import kernels
from ..ranges import expand_ranges
from ..tables import unpack
from .compiled_primal import compiled_primal
from .lagrangian import LagrangianOutcome, LagrangianSolver
from .ledger import Ledger, LedgerState
from .milp_assist import component_gap, milp_model, polish, rescue, solve_milp
from .primal import repair, round_shares, shorten, swap_nearer
from .problem import Problem
from .quasi_newton import dot
from .rows import dual_prices

I64 = npt.NDArray[np.int64]


@dataclass
class OptimalStats:
    components: int = 0
    largest_component_needs: int = 0
    exact_components: int = 0
    rescued_components: int = 0  # Lagrangian components handed to the MILP as well
    polished_windows: int = 0  # windows of a large component improved by the MILP
    lp_columns: int = 0
    lp_rows: int = 0
    lp_seconds: float = 0.0
    upper_bound: float = 0.0
    lagrangian_iterations: int = 0
    notes: list[str] = field(default_factory=list)


def components(problem: Problem) -> list[I64]:
    """Entity lists (ascending) of the connected components that have candidates."""
    n, m = problem.n_entities, len(problem.pt.providers)
    # entity rows in CSR form as they are (pairs grouped by entity), provider rows empty
    indptr = np.r_[problem.pair_start, np.full(m, problem.pair_start[-1])]
    graph = sp.csr_matrix(
        (np.ones(len(problem.pair_entity)), n + problem.pair_provider, indptr),
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
        lo = problem.pair_start[ents]
        pairs = expand_ranges(lo, problem.pair_start[ents + 1] - lo)[1]
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
            if n_needs <= policy.milp_rescue_needs and (
                component_gap(problem, ledger, ents, bound + slack) > policy.lagrangian_target_gap
            ):
                bound, rescued = rescue(problem, ledger, ents, pairs, obj, sched, policy, bound)
                stats.rescued_components += rescued
            elif policy.polish_window_needs and (
                component_gap(problem, ledger, ents, bound + slack) > policy.lagrangian_target_gap
            ):
                upper = bound + slack
                stats.polished_windows += polish(
                    problem, ledger, ents, pairs, obj, sched, policy, upper
                )
        else:
            bound = _solve_relaxed(problem, ledger, ents, pairs, obj, sched, policy, stats)
        stats.upper_bound += math.floor(bound + eps * float(dmax.sum()) + 1e-6)
    return ledger, stats


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
    """Exact MILP with a work limit in branch-and-bound nodes (deterministic: no clock);
    ``None`` when the limit passes without a solution (the caller falls back)."""
    matrix, rhs, _ = milp_model(problem, ents, pairs, sched)
    result = solve_milp(obj, matrix, rhs, policy, 0.0)
    if result.x is None:
        stats.notes.append(f"MILP sans solution, relaxation utilisée ({result.message})")
        return None
    stats.exact_components += 1
    chosen = pairs[result.x > 0.5]
    for k in chosen.tolist():
        e, p = int(problem.pair_entity[k]), int(problem.pair_provider[k])
        if e not in ledger.assigned and ledger.fits(e, p):
            ledger.add(e, p)
    repair(problem, ledger, ents, policy.exchange_options)
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
        matrix, rhs, rows = milp_model(problem, ents, sub, sched)
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
    repair(problem, ledger, ents, policy.exchange_options)
    return float(np.maximum(u, best).sum() + dot(y, rows.rhs))


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
    greedy repair, 1-exchange and a distance pass.

    The stages run in turn; from stage ``Policy.lagrangian_check_after`` on, a primal is built
    after each one (the better one kept) and the run stops as soon as the gap to the bound is
    within ``Policy.lagrangian_target_gap``. A primal that misses it by at most
    ``lagrangian_reround_within`` is rounded again at the next of
    ``lagrangian_round_shares`` (the best kept). Past the default stages, at most
    ``lagrangian_extra_rounds`` more (``slack`` = ε·Σ max distances, as in the reported bound).
    A rule on work only: the same input stops at the same stage on every machine.
    """
    solver = LagrangianSolver(problem, ents, pairs, obj, policy)
    stages = list(zip(policy.lagrangian_temperatures, policy.lagrangian_iterations, strict=True))
    extra = (policy.lagrangian_temperatures[-1], policy.lagrangian_extra_iterations)
    stages += [extra] * policy.lagrangian_extra_rounds
    first_check = min(policy.lagrangian_check_after, len(policy.lagrangian_iterations))
    # a second rounding tries harder: more places in the 1-exchange
    harder = replace(policy, exchange_options=policy.reround_exchange_options)
    value, before = -1, ledger.snapshot()  # before: none of the component placed
    for done, stage in enumerate(stages, start=1):
        share, outcome = solver.run([stage])
        if done < first_check:
            continue
        memo: dict[str, I64] = {}  # shared by this stage's roundings (same shares and prices)
        if done > len(policy.lagrangian_iterations):
            stats.notes.append("étape lagrangienne supplémentaire (écart au-dessus de la cible)")
        upper = math.floor(outcome.bound + slack + 1e-6)
        for n, threshold in enumerate(policy.lagrangian_round_shares):
            gap = (upper - value) / upper if upper > 0 else 0.0
            if n and not 0 < gap - policy.lagrangian_target_gap <= policy.lagrangian_reround_within:
                break  # met, or too far above the target for another rounding to close it
            value = _better_primal(
                problem, ledger, before, ents, pairs, share, outcome, harder if n else policy,
                value, threshold, memo,
            )  # fmt: skip
        if upper <= 0 or (upper - value) / upper <= policy.lagrangian_target_gap:
            break
    stats.lp_seconds += outcome.seconds
    stats.lp_rows += outcome.rows
    stats.lp_columns += outcome.restricted_pairs
    stats.lagrangian_iterations += outcome.iterations
    return outcome.bound


def _better_primal(
    problem: Problem,
    ledger: Ledger,
    before: LedgerState,
    ents: I64,
    pairs: I64,
    share: npt.NDArray[np.float64],
    outcome: LagrangianOutcome,
    policy: Policy,
    value: int,
    threshold: float,
    memo: dict[str, I64] | None = None,
) -> int:
    """A primal from these shares (rounded above ``threshold``), built from ``before`` (none of
    the component placed) and kept if worth more than the one in the ledger (``value``; −1:
    none yet); returns the kept one's value."""
    kept = ledger.snapshot() if value >= 0 else None
    if kept is not None:
        ledger.rewind(before)
    _primal(problem, ledger, ents, pairs, share, outcome, policy, threshold, memo)
    placed = np.zeros(problem.n_entities, dtype=np.bool_)
    placed[np.fromiter(ledger.assigned, np.int64, count=len(ledger.assigned))] = True
    again = int(problem.weight[ents[placed[ents]]].sum())
    if kept is not None and again < value:
        ledger.rewind(kept)
    return max(value, again)


def _primal(
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    pairs: I64,
    share: npt.NDArray[np.float64],
    outcome: LagrangianOutcome,
    policy: Policy,
    threshold: float,
    memo: dict[str, I64] | None = None,
) -> None:
    ranking = None
    if outcome.price is not None:
        # waiting families try the cheapest places first (prices of the multipliers)
        ranking = np.zeros(len(problem.pair_entity))
        ranking[pairs] = np.round(outcome.price, 2)
    compiled = kernels()
    if compiled is not None and compiled_primal(
        compiled, problem, ledger, ents, pairs, share, ranking,
        threshold, policy.exchange_options, policy.repair_passes, memo,
    ):  # fmt: skip
        if policy.distance_swaps:
            swap_nearer(problem, ledger, ents, policy.distance_swaps)
        return
    round_shares(problem, ledger, pairs, share, threshold)
    # one vectorised fit test of every candidate now; the passes then skip the pairs that
    # cannot fit (no fit, and no child left their provider since): same answers, fewer tests
    may_fit = np.ones(len(problem.pair_entity), dtype=np.bool_)
    may_fit[pairs] = ledger.fits_now(pairs)
    fit_list = may_fit.tolist()
    repair(problem, ledger, ents, policy.exchange_options, policy.repair_passes, ranking, fit_list)
    may_fit[pairs] = ledger.fits_now(pairs)  # fuller now: fewer pairs pass
    shorten(problem, ledger, ents, may_fit.tolist())
    ledger.freed = None
    if policy.distance_swaps:
        swap_nearer(problem, ledger, ents, policy.distance_swaps)
