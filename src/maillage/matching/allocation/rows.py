"""Capacity rows of the LP/MILP: one row per (resource, distinct tight slot pattern).

Only slots where the candidates could exceed the residual capacity matter; slots with the same
consumption pattern are merged (keeping the smallest capacity) and dominated patterns dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]

from ..native import kernels
from ..ranges import expand_ranges
from .problem import Problem

I64 = npt.NDArray[np.int64]


@dataclass
class Triplets:
    """(local pair, need row, resource) for every resource a candidate child would consume."""

    pair: I64
    need: I64
    res: I64


def consumption_triplets(problem: Problem, pairs: I64) -> Triplets:
    pt, nt = problem.pt, problem.nt
    ent = problem.pair_entity[pairs]
    sizes = np.array([len(problem.members[e]) for e in ent.tolist()], dtype=np.int64)
    local = np.repeat(np.arange(len(pairs)), sizes)
    if len(pairs) and sizes.max() > 1:
        need = np.array([j for e in ent.tolist() for j in problem.members[e]], dtype=np.int64)
    else:
        need = np.array([problem.members[e][0] for e in ent.tolist()], dtype=np.int64)
    prov = problem.pair_provider[pairs][local]
    rep, res = expand_ranges(pt.res_start[prov], pt.res_start[prov + 1] - pt.res_start[prov])
    age = nt.age[need][rep]
    keep = (
        problem.active_resource[res]
        & (pt.res_age_min[res] <= age)
        & (age < pt.res_age_max[res])
        & ((nt.elig[need][rep] & pt.res_excluded[res]) == 0)
    )
    return Triplets(local[rep][keep], need[rep][keep], res[keep])


@dataclass
class Rows:
    matrix: sp.csr_matrix
    rhs: npt.NDArray[np.float64]
    res: I64
    slot: I64


def capacity_rows(
    problem: Problem,
    n_pairs: int,
    trip: Triplets,
    sched: npt.NDArray[np.int8],
    capacity: npt.NDArray[np.int64] | None = None,
) -> Rows:
    """Vectorised: tight (resource, slot) cells, merged when their columns are identical."""
    cap = problem.pt.res_cap if capacity is None else capacity
    empty = np.zeros(0, np.int64)
    if len(trip.res) == 0:
        return Rows(sp.csr_matrix((0, n_pairs)), np.zeros(0), empty, empty)
    res_ids, res_local = np.unique(trip.res, return_inverse=True)
    shape = (len(res_ids), sched.shape[0])
    incidence = sp.csr_matrix((np.ones(len(trip.res)), (res_local, trip.need)), shape=shape)
    totals = np.asarray(incidence @ sched)
    tight_r, tight_t = np.nonzero(totals > cap[res_ids])
    if len(tight_r) == 0:
        return Rows(sp.csr_matrix((0, n_pairs)), np.zeros(0), empty, empty)
    # two random hashes of each (resource, slot) column identify identical columns
    rng = np.random.default_rng(12345)
    signature = []
    for h in rng.random((2, n_pairs)):
        weighted = sp.csr_matrix((h[trip.pair], (res_local, trip.need)), shape=shape)
        signature.append(np.asarray(weighted @ sched)[tight_r, tight_t])
    cell_cap = cap[res_ids[tight_r], tight_t].astype(np.int64)
    order = np.lexsort((tight_t, cell_cap, signature[1], signature[0], tight_r))
    r_s, t_s = tight_r[order], tight_t[order]
    s0, s1 = signature[0][order], signature[1][order]
    first = np.ones(len(order), dtype=np.bool_)
    first[1:] = (r_s[1:] != r_s[:-1]) | (s0[1:] != s0[:-1]) | (s1[1:] != s1[:-1])
    row_rl, row_t = r_s[first], t_s[first]
    row_cap = cell_cap[order][first]
    keep = _undominated(row_rl, row_t, row_cap, res_local, trip.need, sched)
    row_rl, row_t, row_cap = row_rl[keep], row_t[keep], row_cap[keep]
    # expand each triplet over the rows of its resource
    lo = np.searchsorted(row_rl, res_local, side="left")
    rep, row = expand_ranges(lo, np.searchsorted(row_rl, res_local, side="right") - lo)
    coef = sched[trip.need[rep], row_t[row]].astype(np.float64)
    nz = coef > 0
    matrix = sp.csr_matrix((coef[nz], (row[nz], trip.pair[rep][nz])), shape=(len(row_rl), n_pairs))
    return Rows(matrix, row_cap.astype(np.float64), res_ids[row_rl], row_t)


def _undominated(
    row_rl: I64, row_t: I64, row_cap: I64, res_local: I64, need: I64, sched: npt.NDArray[np.int8]
) -> npt.NDArray[np.bool_]:
    """Drop a row when another row of the same resource has every coefficient at least as
    large and no more capacity (siblings counted per child: still a valid dominance test).
    The coefficients are 0 or 1: with the compiled kernels, each row's are bits (one per
    triplet of its resource) and ``native/rows.c`` compares them."""
    keep = np.ones(len(row_rl), dtype=np.bool_)
    bounds = np.searchsorted(row_rl, np.arange(int(row_rl.max(initial=-1)) + 2))
    order = np.argsort(res_local, kind="stable")
    t_bounds = np.searchsorted(res_local[order], np.arange(int(row_rl.max(initial=-1)) + 2))
    compiled = kernels()
    if compiled is not None and len(row_rl):  # sched: 0 or 1 (unpacked bits)
        # row i's bits: its coefficient for each triplet of its resource, in turn
        counts = np.diff(t_bounds)[row_rl]
        rep, pos = expand_ranges(t_bounds[row_rl], counts)
        local = pos - t_bounds[row_rl][rep]
        width = max(1, -(-int(counts.max()) // 64))
        values = (sched[need[order[pos]], row_t[rep]] > 0).astype(np.uint64)
        values <<= (local & 63).astype(np.uint64)
        starts = np.flatnonzero((local & 63) == 0)  # each row's bits start at 0
        code = np.zeros((len(row_rl), width), dtype=np.uint64)
        if len(starts):
            code[rep[starts], local[starts] >> 6] = np.bitwise_or.reduceat(values, starts)
        return compiled.undominated(row_rl, code, row_cap)
    for r in np.flatnonzero(np.diff(bounds) > 1).tolist():
        lo, hi = int(bounds[r]), int(bounds[r + 1])
        block = sched[need[order[t_bounds[r] : t_bounds[r + 1]]]][:, row_t[lo:hi]]
        ge = np.all(block[:, None, :] >= block[:, :, None], axis=0)
        caps = row_cap[lo:hi]
        dominated = ge & (caps[None, :] <= caps[:, None])
        same = ge & ge.T & (caps[None, :] == caps[:, None])
        index = np.arange(hi - lo)
        dominated &= ~same | (index[None, :] < index[:, None])
        np.fill_diagonal(dominated, False)
        keep[lo:hi] = ~dominated.any(axis=1)
    return keep


def dual_prices(
    problem: Problem,
    pairs: I64,
    rows: Rows,
    duals: npt.NDArray[np.float64],
    sched: npt.NDArray[np.int8],
) -> npt.NDArray[np.float64]:
    """Σ over capacity rows of dual × coefficient, for arbitrary (possibly new) pairs."""
    price = np.zeros(len(pairs))
    positive = duals > 1e-12
    if not positive.any():
        return price
    r_res, r_slot, r_y = rows.res[positive], rows.slot[positive], duals[positive]
    order = np.argsort(r_res, kind="stable")
    r_res, r_slot, r_y = r_res[order], r_slot[order], r_y[order]
    trip = consumption_triplets(problem, pairs)
    lo = np.searchsorted(r_res, trip.res, side="left")
    hi = np.searchsorted(r_res, trip.res, side="right")
    rep, idx = expand_ranges(lo, hi - lo)
    values = r_y[idx] * sched[trip.need[rep], r_slot[idx]]
    np.add.at(price, trip.pair[rep], values)
    return price
