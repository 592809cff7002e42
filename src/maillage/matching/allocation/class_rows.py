"""Capacity rows of the Lagrangian path in factored form: local pair → type → rows.

A pair's column only depends on its *type* (provider, schedule class of the child, resources
the child consumes there), so ``A = Q[kind]`` with ``Q`` the small types × rows matrix and
``kind`` one integer per pair; the pair × row matrix is never built (only for tests).

Rows: tight (resource, slot) cells merged by the set of schedule classes present at the slot
(two slots of a resource give the same constraint column iff the same classes among those
consuming the resource are present at both), keeping the smallest residual capacity; a row
whose pattern is contained in another row's pattern with no less capacity is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped]

from ..native import kernels
from ..ranges import expand_ranges
from ..schedule import N_SLOTS
from .problem import Problem

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass
class ClassRows:
    """Capacity rows ``matrix · x ≤ rhs`` (rows × local pairs), built pair by pair (tests)."""

    matrix: sp.csr_matrix
    rhs: F64


@dataclass
class RowModel:
    """Capacity rows in factored form: local pair → type → rows.

    ``kind[k]`` is the type of the first member of local pair ``k``; the other members of a
    sibling pair are listed in (``extra_pair``, ``extra_kind``). ``q`` is types × rows (0/1).
    """

    kind: I64
    extra_pair: I64
    extra_kind: I64
    q: sp.csr_matrix
    q_t: sp.csr_matrix
    rhs: F64

    @property
    def n_rows(self) -> int:
        return len(self.rhs)

    def prices(self, lam: F64) -> F64:
        """(Aᵀλ) for every local pair."""
        by_type = self.q @ lam
        price = by_type[self.kind]
        if len(self.extra_pair):
            np.add.at(price, self.extra_pair, by_type[self.extra_kind])
        return np.asarray(price, dtype=np.float64)

    def pair_matrix(self) -> sp.csr_matrix:
        """``A`` as rows × local pairs (for tests and small components)."""
        n_pairs = len(self.kind)
        pick = sp.csr_matrix(
            (
                np.ones(n_pairs + len(self.extra_pair)),
                (
                    np.r_[np.arange(n_pairs), self.extra_pair],
                    np.r_[self.kind, self.extra_kind],
                ),
            ),
            shape=(n_pairs, self.q.shape[0]),
        )
        return (pick @ self.q).T.tocsr()


def class_rows(problem: Problem, pairs: I64) -> ClassRows:
    model = row_model(problem, pairs)
    return ClassRows(model.pair_matrix(), model.rhs)


def row_model(problem: Problem, pairs: I64) -> RowModel:
    """Types of the candidate pairs and the tight, merged, undominated capacity rows.

    Needs are grouped by distinct schedule (class); two slots of a resource give the same
    constraint column iff the same classes (among those consuming the resource) are present at
    both, so the cells are merged on (resource, class pattern), keeping the smallest residual
    capacity. Only cells where the candidates could exceed the residual are kept; a row whose
    pattern is contained in another row's pattern with no less capacity is dropped.
    """
    nt, pt = problem.nt, problem.pt
    n_pairs = len(pairs)
    size, flat, member_start = problem.member_size, problem.member_flat, problem.member_start
    first = flat[member_start]
    ent = problem.pair_entity[pairs]
    prov = problem.pair_provider[pairs]
    need = first[ent]
    # the other members of each sibling pair, pair after pair, in member order
    extra_pair = np.flatnonzero(size[ent] > 1)
    owner, at = expand_ranges(member_start[ent[extra_pair]] + 1, size[ent[extra_pair]] - 1)
    x_pair = extra_pair[owner]
    x_need = flat[at]
    all_need = np.r_[need, x_need]
    all_prov = np.r_[prov, prov[x_pair]]
    mask, max_res = consumption_masks(problem, all_need, all_prov)
    classes = np.unpackbits(nt.sched_words.view(np.uint8), axis=1, bitorder="little")[
        :, :N_SLOTS
    ].astype(np.bool_)
    n_s = len(classes)
    sid = nt.sched_id[all_need]
    key = (all_prov * n_s + sid) * (1 << max_res) + mask
    types, kind_all = _unique_inverse(key)
    t_mask = types % (1 << max_res)
    t_sid = (types >> max_res) % n_s
    t_prov = (types >> max_res) // n_s
    # (type, resource) incidences
    t_idx, t_res = [], []
    for o in range(max_res):
        hit = np.flatnonzero((t_mask >> o) & 1)
        t_idx.append(hit)
        t_res.append(pt.res_start[t_prov[hit]] + o)
    trip_t = np.concatenate(t_idx) if t_idx else np.zeros(0, np.int64)
    trip_r = np.concatenate(t_res) if t_res else np.zeros(0, np.int64)
    n_types = len(types)
    empty = RowModel(
        kind_all[:n_pairs],
        x_pair,
        kind_all[n_pairs:],
        sp.csr_matrix((n_types, 0)),
        sp.csr_matrix((0, n_types)),
        np.zeros(0),
    )
    if len(trip_r) == 0:
        return empty
    res_ids, res_local = _unique_inverse(trip_r)
    per_type = np.bincount(kind_all, minlength=n_types).astype(np.float64)
    count = np.bincount(
        res_local * n_s + t_sid[trip_t], weights=per_type[trip_t], minlength=len(res_ids) * n_s
    ).reshape(len(res_ids), n_s)
    # slots with the same set of classes present are interchangeable: work on column types
    columns, cid = np.unique(classes.T, axis=0, return_inverse=True)
    cid = cid.reshape(-1)
    # whole numbers: an integer product is exact and single-threaded (BLAS threads would
    # spend a second core for nothing at this size)
    totals = count.astype(np.int64) @ columns.T.astype(np.int64)
    min_cap = _column_minima(pt.res_cap, res_ids, cid, len(columns))
    tight_r, tight_c = np.nonzero(totals > min_cap)
    if len(tight_r) == 0:
        return empty
    # each cell's pattern (the classes present at its slots, among those that consume the
    # resource) as 64-bit words; sorted by (resource, pattern, capacity), merged on the first two
    words = _class_words(count > 0)[tight_r] & _class_words(columns)[tight_c]
    cell_cap = min_cap[tight_r, tight_c]
    order = _cell_order(tight_r, words, cell_cap)
    words, tight_r, cell_cap = words[order], tight_r[order], cell_cap[order]
    new = np.ones(len(order), dtype=np.bool_)
    new[1:] = (tight_r[1:] != tight_r[:-1]) | np.any(words[1:] != words[:-1], axis=1)
    row_r, row_words, row_cap = tight_r[new], words[new], cell_cap[new]
    keep = _undominated_words(row_r, row_words, row_cap)
    row_r, row_words, row_cap = row_r[keep], row_words[keep], row_cap[keep]
    # expand every (type, resource) over the rows of that resource whose pattern holds its class
    lo = np.searchsorted(row_r, res_local, side="left")
    rep, row = expand_ranges(lo, np.searchsorted(row_r, res_local, side="right") - lo)
    sid = t_sid[trip_t[rep]]
    hit = ((row_words[row, sid >> 6] >> (63 - (sid & 63)).astype(np.uint64)) & 1).astype(bool)
    q = sp.csr_matrix(
        (np.ones(int(hit.sum())), (trip_t[rep][hit], row[hit])), shape=(n_types, len(row_r))
    )
    return RowModel(
        kind_all[:n_pairs],
        x_pair,
        kind_all[n_pairs:],
        q,
        q.T.tocsr(),
        row_cap.astype(np.float64),
    )


def _column_minima(cap: npt.NDArray[np.int16], res_ids: I64, cid: I64, n_cols: int) -> I64:
    """Per resource of ``res_ids`` and column (the slots ``s`` with ``cid[s] == c``), the
    smallest residual capacity; in the compiled kernels when they are there."""
    compiled = kernels()
    if compiled is not None:
        return compiled.column_minima(cap, res_ids, cid, n_cols)
    slot_order = np.argsort(cid, kind="stable")
    cuts = np.flatnonzero(np.r_[True, np.diff(cid[slot_order]) != 0])
    # slots × resources, contiguous along the reduction (reduceat on axis 1 is slow)
    cap_t = np.ascontiguousarray(cap[res_ids].T)[slot_order]
    return np.asarray(np.minimum.reduceat(cap_t, cuts, axis=0).T.astype(np.int64))


def _cell_order(cell_r: I64, words: npt.NDArray[np.uint64], cap: I64) -> I64:
    """The cells by (resource, pattern words, capacity), ties in position order; the cells
    come by resource (``np.nonzero``'s row-major order), so only each one's cells are sorted
    (in the compiled kernels when they are there)."""
    compiled = kernels()
    if compiled is None or len(cell_r) == 0:
        return np.lexsort((cap, *words.T[::-1], cell_r))
    start = np.flatnonzero(np.r_[True, cell_r[1:] != cell_r[:-1]])
    return compiled.order_cells(np.r_[start, len(cell_r)], words, cap)


def _class_words(present: Bools) -> npt.NDArray[np.uint64]:
    """Rows of class flags as 64-bit words, class ``i`` at bit ``63 - i % 64`` of word
    ``i // 64``: comparing the words in turn (unsigned) is comparing the flags in order."""
    packed = np.packbits(present, axis=1)  # class 0 the high bit of the first byte
    n_words = max(1, -(-packed.shape[1] // 8))
    raw = np.zeros((len(present), 8 * n_words), dtype=np.uint8)
    raw[:, : packed.shape[1]] = packed
    return raw.view(">u8").astype(np.uint64)


def consumption_masks(problem: Problem, need: I64, prov: I64) -> tuple[I64, int]:
    """Bit ``o`` set when the child consumes the provider's ``o``-th resource (in the
    compiled kernels when they are there)."""
    pt, nt = problem.pt, problem.nt
    lo = pt.res_start[prov]
    n_res = pt.res_start[prov + 1] - lo
    max_res = int(n_res.max(initial=1))
    compiled = kernels()
    if compiled is not None:
        resources = (pt.res_start, problem.active_resource, pt.res_age_min, pt.res_age_max)
        masks = compiled.consumption_masks(
            need, prov, (*resources, pt.res_excluded), (nt.age, nt.elig)
        )
        return masks, max_res
    age, elig = nt.age[need], nt.elig[need]
    active = problem.active_resource
    mask = np.zeros(len(need), dtype=np.int64)
    last = len(pt.res_kind) - 1
    for o in range(max_res):
        valid = o < n_res
        r = np.minimum(lo + o, last)
        ok = (
            valid
            & active[r]
            & (pt.res_age_min[r] <= age)
            & (age < pt.res_age_max[r])
            & ((elig & pt.res_excluded[r]) == 0)
        )
        mask |= ok.astype(np.int64) << o
    return mask, max_res


DENSE_KEYS = 1 << 26  # a 64 MB presence table at most


def _unique_inverse(key: I64) -> tuple[I64, I64]:
    """``np.unique(key, return_inverse=True)`` for non-negative keys: by hashing in the
    compiled kernels, else below ``DENSE_KEYS`` by a presence table and a lookup (no sort:
    several times faster)."""
    compiled = kernels()
    if compiled is not None and len(key):
        return compiled.unique_inverse(key)
    if len(key) == 0 or int(key.max()) >= DENSE_KEYS or int(key.min()) < 0:
        types, inverse = np.unique(key, return_inverse=True)
        return types, inverse.reshape(-1)
    present = np.zeros(int(key.max()) + 1, dtype=np.bool_)
    present[key] = True
    types = np.flatnonzero(present)
    lookup = np.empty(len(present), dtype=np.int32)  # half the pages of int64
    lookup[types] = np.arange(len(types), dtype=np.int32)
    return types, lookup[key].astype(np.int64)


def _undominated(row_r: I64, pat: Bools, cap: I64) -> Bools:
    """Row i is dropped if a row j of the same resource has pattern ⊇ pattern_i and cap ≤
    (of two identical rows the first is kept)."""
    return _undominated_words(row_r, _class_words(pat), cap)


def _undominated_words(row_r: I64, code: npt.NDArray[np.uint64], cap: I64) -> Bools:
    """``_undominated`` on patterns as 64-bit words. Resources are processed in batches of
    equal row counts (compiled: one by one)."""
    compiled = kernels()
    if compiled is not None:
        return compiled.undominated(row_r, code, cap)
    starts = np.flatnonzero(np.r_[True, row_r[1:] != row_r[:-1]])
    sizes = np.diff(np.r_[starts, len(row_r)])
    keep = np.ones(len(row_r), dtype=np.bool_)
    for size in np.unique(sizes[sizes > 1]).tolist():
        idx = starts[sizes == size][:, None] + np.arange(size)[None, :]
        block, caps = code[idx], cap[idx]
        superset = np.all((block[:, :, None, :] & ~block[:, None, :, :]) == 0, axis=3)
        lower = caps[:, None, :] <= caps[:, :, None]
        same = superset & superset.transpose(0, 2, 1) & (caps[:, None, :] == caps[:, :, None])
        earlier = np.arange(size)[None, :] < np.arange(size)[:, None]
        dominated = superset & lower & (~same | earlier[None, :, :])
        dominated[:, np.arange(size), np.arange(size)] = False
        keep[idx] = ~dominated.any(axis=2)
    return keep
