"""Lagrangian relaxation of the capacity rows, for components too large for the exact MILP.

With multipliers ``λ ≥ 0`` on the capacity rows ``A x ≤ b`` (the aggregated rows of
:func:`class_rows`, quota pools included), every entity independently takes its best candidate
by reduced weight ``w − ε·d − (Aᵀλ)_k``, or nothing. For *any* ``λ ≥ 0``

    L(λ) = Σ_e max(0, max_k reduced_k) + λ·b

is an upper bound of the integer optimum: each feasible assignment ``x`` satisfies
``Σ obj·x ≤ Σ obj·x + λ·(b − A x) = Σ (obj − Aᵀλ)·x + λ·b ≤ L(λ)`` (the rows are valid
inequalities of the problem and each entity takes at most one candidate). The multipliers are
improved by the subgradient method (Polyak steps towards the best primal objective); the primal
is a Lagrangian heuristic (entities in decreasing best reduced weight, each on its best fitting
candidate by reduced weight), followed by the greedy repair / 1-exchange of the optimal mode.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]

from ..model import Policy
from .problem import Ledger, Problem
from .rows import consumption_triplets

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@dataclass
class ClassRows:
    """Capacity rows ``matrix · x ≤ rhs`` (rows × local pairs)."""

    matrix: sp.csr_matrix
    rhs: F64


def class_rows(problem: Problem, pairs: I64) -> ClassRows:
    """Tight (resource, slot) cells merged by the set of schedule classes present at the slot.

    Needs are grouped by distinct schedule; two slots of a resource have the same constraint
    column iff the same classes (among those consuming the resource) are present at both, so the
    cells are merged on (resource, class pattern), keeping the smallest residual capacity. A row
    whose pattern is contained in another row's pattern with no less capacity is dropped
    (dominated). Same rows as :func:`rows.capacity_rows`, computed on classes, not needs.
    """
    nt = problem.nt
    trip = consumption_triplets(problem, pairs)
    n_pairs = len(pairs)
    if len(trip.res) == 0:
        return ClassRows(sp.csr_matrix((0, n_pairs)), np.zeros(0))
    classes, sid = np.unique(nt.sched, axis=0, return_inverse=True)
    sid = sid.reshape(-1)
    cls = np.unpackbits(classes, axis=1, bitorder="little")[:, :336].astype(np.bool_)
    n_s = len(classes)
    # slots with the same set of classes present are interchangeable: work on column types
    columns, cid = np.unique(cls.T, axis=0, return_inverse=True)
    cid = cid.reshape(-1)
    res_ids, res_local = np.unique(trip.res, return_inverse=True)
    count = np.bincount(res_local * n_s + sid[trip.need], minlength=len(res_ids) * n_s)
    count = count.reshape(len(res_ids), n_s)
    totals = count @ columns.T.astype(np.int64)  # resources × column types
    slot_order = np.argsort(cid, kind="stable")
    cuts = np.flatnonzero(np.r_[True, np.diff(cid[slot_order]) != 0])
    cap = problem.pt.res_cap[res_ids].astype(np.int64)
    min_cap = np.minimum.reduceat(cap[:, slot_order], cuts, axis=1)
    tight_r, tight_c = np.nonzero(totals > min_cap)
    if len(tight_r) == 0:
        return ClassRows(sp.csr_matrix((0, n_pairs)), np.zeros(0))
    pattern = (count[tight_r] > 0) & columns[tight_c]
    packed = np.packbits(pattern, axis=1).astype(np.int64)
    key = np.column_stack([tight_r, packed])
    cell_cap = min_cap[tight_r, tight_c]
    order = np.lexsort((cell_cap, *key.T[::-1]))
    key_s = key[order]
    first = np.ones(len(order), dtype=np.bool_)
    first[1:] = np.any(key_s[1:] != key_s[:-1], axis=1)
    row_r = tight_r[order][first]
    row_pat = pattern[order][first]
    row_cap = cell_cap[order][first]
    keep = _undominated(row_r, row_pat, row_cap)
    row_r, row_pat, row_cap = row_r[keep], row_pat[keep], row_cap[keep]
    # expand every triplet over the rows of its resource whose pattern holds its class
    lo = np.searchsorted(row_r, res_local, side="left")
    counts = np.searchsorted(row_r, res_local, side="right") - lo
    rep = np.repeat(np.arange(len(res_local)), counts)
    row = np.repeat(lo, counts) + (np.arange(len(rep)) - np.repeat(np.cumsum(counts) - counts, counts))
    hit = row_pat[row, sid[trip.need[rep]]]
    matrix = sp.csr_matrix(
        (np.ones(int(hit.sum())), (row[hit], trip.pair[rep][hit])), shape=(len(row_r), n_pairs)
    )
    return ClassRows(matrix, row_cap.astype(np.float64))


def _undominated(row_r: I64, pat: npt.NDArray[np.bool_], cap: I64) -> npt.NDArray[np.bool_]:
    """Row i is dropped if a row j of the same resource has pattern ⊇ pattern_i and cap ≤."""
    starts = np.flatnonzero(np.r_[True, row_r[1:] != row_r[:-1]])
    sizes = np.diff(np.r_[starts, len(row_r)])
    grp_i = np.repeat(starts, sizes * sizes)
    within = np.arange(len(grp_i)) - np.repeat(np.cumsum(sizes * sizes) - sizes * sizes, sizes * sizes)
    size_rep = np.repeat(sizes, sizes * sizes)
    i = grp_i + within // size_rep
    j = grp_i + within % size_rep
    other = i != j
    i, j = i[other], j[other]
    superset = ~np.any(pat[i] & ~pat[j], axis=1)
    dominated = superset & (cap[j] <= cap[i])
    keep = np.ones(len(row_r), dtype=np.bool_)
    keep[i[dominated]] = False
    return keep


@dataclass
class LagrangianOutcome:
    bound: float
    iterations: int
    rows: int
    seconds: float


def solve_lagrangian(
    problem: Problem,
    ents: I64,
    pairs: I64,
    obj: F64,
    policy: Policy,
    primal: Callable[[F64], Ledger],
    value: Callable[[Ledger], float],
    slack: float,
) -> tuple[Ledger, LagrangianOutcome]:
    """Subgradient on ``L(λ)``; ``primal(reduced)`` builds an assignment from reduced weights,
    ``value`` its objective in ``obj`` units; ``slack`` converts the bound to the reported
    integer bound (``floor(L + slack)``) for the stopping test on the weighted count."""
    started = time.perf_counter()
    rows = class_rows(problem, pairs)
    at, b = rows.matrix.T.tocsr(), rows.rhs
    local_ent = np.searchsorted(ents, problem.pair_entity[pairs])
    seg = np.flatnonzero(np.r_[True, local_ent[1:] != local_ent[:-1]])
    lam = np.zeros(len(b))
    best_lam = lam
    best_ledger = primal(obj)
    lower = value(best_ledger)
    upper = np.inf
    theta = policy.lagrangian_step
    stall, it = 0, 0
    for it in range(1, policy.lagrangian_iterations + 1):
        reduced = obj - at @ lam
        best = np.maximum.reduceat(reduced, seg)
        dual = float(np.maximum(best, 0.0).sum() + lam @ b)
        if dual < upper - 1e-9:
            upper, best_lam, stall = dual, lam.copy(), 0
        else:
            stall += 1
            if stall >= policy.lagrangian_patience:
                theta, stall = theta / 2.0, 0
        if _gap(upper, lower, slack) <= policy.lagrangian_target_gap:
            break
        if it % policy.lagrangian_primal_every == 0:
            ledger = primal(obj - at @ best_lam)
            if value(ledger) > lower:
                best_ledger, lower = ledger, value(ledger)
            if _gap(upper, lower, slack) <= policy.lagrangian_target_gap:
                break
        is_best = reduced == np.repeat(best, np.diff(np.r_[seg, len(reduced)]))
        first = np.maximum.reduceat(np.where(is_best, -np.arange(len(reduced)), -len(reduced)), seg)
        take = -first[best > 0]
        g = b - np.asarray(at[take].sum(axis=0)).ravel()
        norm = float(g @ g)
        if norm <= 1e-12:
            break
        step = theta * max(dual - lower, 1e-6) / norm
        lam = np.maximum(lam - step * g, 0.0)
    ledger = primal(obj - at @ best_lam) if np.isfinite(upper) else best_ledger
    if value(ledger) > lower:
        best_ledger, lower = ledger, value(ledger)
    seconds = time.perf_counter() - started
    return best_ledger, LagrangianOutcome(float(upper), it, len(b), seconds)


def _gap(upper: float, lower: float, slack: float) -> float:
    if not np.isfinite(upper):
        return np.inf
    bound = np.floor(upper + slack + 1e-6)
    return float((bound - np.ceil(lower - 1e-9)) / bound) if bound > 0 else 0.0
