"""Capacity rows of the LP/MILP: one row per (resource, distinct tight slot pattern).

Only slots where the candidates could exceed the residual capacity matter; slots with the same
consumption pattern are merged (keeping the smallest capacity) and dominated patterns dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

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
    counts = pt.res_start[prov + 1] - pt.res_start[prov]
    rep = np.repeat(np.arange(len(local)), counts)
    offset = np.arange(len(rep)) - np.repeat(np.cumsum(counts) - counts, counts)
    res = np.repeat(pt.res_start[prov], counts) + offset
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
    problem: Problem, n_pairs: int, trip: Triplets, sched: npt.NDArray[np.int8]
) -> Rows:
    cap = problem.pt.res_cap
    if len(trip.res) == 0:
        return Rows(sp.csr_matrix((0, n_pairs)), np.zeros(0), np.zeros(0, np.int64), np.zeros(0, np.int64))
    res_ids, res_local = np.unique(trip.res, return_inverse=True)
    incidence = sp.csr_matrix(
        (np.ones(len(trip.res)), (res_local, trip.need)), shape=(len(res_ids), sched.shape[0])
    )
    totals = np.asarray(incidence @ sched)
    tight = totals > cap[res_ids]
    tight_res = np.flatnonzero(tight.any(axis=1))
    order = np.argsort(res_local, kind="stable")
    bounds = np.searchsorted(res_local[order], np.arange(len(res_ids) + 1))
    data: list[npt.NDArray[np.float64]] = []
    cols: list[I64] = []
    row_ids: list[I64] = []
    rhs: list[float] = []
    row_res: list[int] = []
    row_slot: list[int] = []
    for rl in tight_res.tolist():
        idx = order[bounds[rl] : bounds[rl + 1]]
        slots = np.flatnonzero(tight[rl])
        pair_ids, inv = np.unique(trip.pair[idx], return_inverse=True)
        block = np.zeros((len(pair_ids), len(slots)), dtype=np.int64)
        np.add.at(block, inv, sched[trip.need[idx]][:, slots])
        patterns, pat_inv = np.unique(block.T, axis=0, return_inverse=True)
        r = int(res_ids[rl])
        caps = np.full(len(patterns), np.iinfo(np.int64).max)
        np.minimum.at(caps, pat_inv.ravel(), cap[r, slots].astype(np.int64))
        for q in _undominated(patterns, caps):
            nz = np.flatnonzero(patterns[q])
            row_ids.append(np.full(len(nz), len(rhs), dtype=np.int64))
            cols.append(pair_ids[nz])
            data.append(patterns[q][nz].astype(np.float64))
            rhs.append(float(caps[q]))
            row_res.append(r)
            first = np.flatnonzero((pat_inv.ravel() == q) & (cap[r, slots] == caps[q]))[0]
            row_slot.append(int(slots[first]))
    n_rows = len(rhs)
    matrix = sp.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0),
            (
                np.concatenate(row_ids) if row_ids else np.zeros(0, np.int64),
                np.concatenate(cols) if cols else np.zeros(0, np.int64),
            ),
        ),
        shape=(n_rows, n_pairs),
    )
    return Rows(matrix, np.array(rhs), np.array(row_res, np.int64), np.array(row_slot, np.int64))


def _undominated(patterns: npt.NDArray[np.int64], caps: npt.NDArray[np.int64]) -> list[int]:
    """Drop a pattern when another one is at least as large everywhere with no more room."""
    keep: list[int] = []
    n = len(patterns)
    for a in range(n):
        dominated = False
        for b in range(n):
            if a == b or caps[b] > caps[a] or np.any(patterns[b] < patterns[a]):
                continue
            if caps[b] < caps[a] or np.any(patterns[b] > patterns[a]) or b < a:
                dominated = True
                break
        if not dominated and patterns[a].sum() > caps[a]:
            keep.append(a)
    return keep


def dual_prices(
    problem: Problem, pairs: I64, rows: Rows, duals: npt.NDArray[np.float64],
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
    counts = hi - lo
    rep = np.repeat(np.arange(len(trip.res)), counts)
    idx = np.repeat(lo, counts) + (np.arange(len(rep)) - np.repeat(np.cumsum(counts) - counts, counts))
    values = r_y[idx] * sched[trip.need[rep], r_slot[idx]]
    np.add.at(price, trip.pair[rep], values)
    return price
