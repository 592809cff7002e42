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
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]

from ..model import Policy
from ..schedule import N_SLOTS
from .problem import Problem
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
    cls = np.unpackbits(classes, axis=1, bitorder="little")[:, :N_SLOTS].astype(np.bool_)
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
    row = np.repeat(lo, counts) + (
        np.arange(len(rep)) - np.repeat(np.cumsum(counts) - counts, counts)
    )
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
    within = np.arange(len(grp_i)) - np.repeat(
        np.cumsum(sizes * sizes) - sizes * sizes, sizes * sizes
    )
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
) -> tuple[F64, LagrangianOutcome]:
    """Minimise a smoothed dual, return (soft assignment ``p`` per pair, outcome).

    The hard max of ``L`` is replaced by ``τ·log(1 + Σ_k exp(reduced_k / τ))`` (≥ the max,
    smooth, gradient ``b − A·p`` with ``p`` the soft-max weights) and minimised over ``λ ≥ 0``
    by L-BFGS-B for a decreasing sequence of temperatures. The reported bound is the *hard*
    ``L(λ)`` (valid for any ``λ ≥ 0``), the smallest seen over the stages.
    """
    from scipy.optimize import minimize  # type: ignore[import-untyped]

    started = time.perf_counter()
    rows = class_rows(problem, pairs)
    b = rows.rhs
    at = rows.matrix.T.tocsr()
    # pairs with the same column (same provider, schedule class, consumed resources) share
    # their price: work on distinct columns (found by two random hashes), gather per pair
    rng = np.random.default_rng(12345)
    hashes = at @ rng.random((len(b), 2)) if len(b) else np.zeros((len(pairs), 2))
    _, first, kind = np.unique(hashes, axis=0, return_index=True, return_inverse=True)
    kind = kind.reshape(-1)
    types = at[first]
    types_t = types.T.tocsr()
    local_ent = np.searchsorted(ents, problem.pair_entity[pairs])
    seg = np.flatnonzero(np.r_[True, local_ent[1:] != local_ent[:-1]])
    lens = np.diff(np.r_[seg, len(pairs)])
    evaluations = 0

    def hard(lam: F64) -> float:
        """Exact dual value on the full matrix (no hashing involved)."""
        reduced = obj - at @ lam
        best = np.maximum(np.maximum.reduceat(reduced, seg), 0.0)
        return float(best.sum() + lam @ b)

    def soft(lam: F64, tau: float) -> tuple[float, F64]:
        nonlocal evaluations
        evaluations += 1
        reduced = obj - (types @ lam)[kind]
        top = np.maximum(np.maximum.reduceat(reduced, seg), 0.0)
        z = np.exp((reduced - np.repeat(top, lens)) / tau)
        total = np.exp(-top / tau) + np.add.reduceat(z, seg)
        value = float((top + tau * np.log(total)).sum() + lam @ b)
        share = z / np.repeat(total, lens)
        load = np.bincount(kind, weights=share, minlength=types.shape[0])
        return value, b - types_t @ load

    lam = np.zeros(len(b))
    upper = hard(lam)
    share = np.zeros(len(pairs))
    if len(b):
        for tau in policy.lagrangian_temperatures:
            found = minimize(
                soft,
                lam,
                args=(tau,),
                jac=True,
                method="L-BFGS-B",
                bounds=[(0.0, None)] * len(b),
                options={
                    "maxiter": policy.lagrangian_iterations,
                    "maxcor": policy.lagrangian_memory,
                },
            )
            lam = np.asarray(found.x, dtype=np.float64)
            upper = min(upper, hard(lam))
        reduced = obj - at @ lam
        top = np.maximum(np.maximum.reduceat(reduced, seg), 0.0)
        tau = policy.lagrangian_temperatures[-1]
        z = np.exp((reduced - np.repeat(top, lens)) / tau)
        share = z / np.repeat(np.exp(-top / tau) + np.add.reduceat(z, seg), lens)
    else:
        share = np.ones(len(pairs))
    seconds = time.perf_counter() - started
    return share, LagrangianOutcome(upper, evaluations, len(b), seconds)
