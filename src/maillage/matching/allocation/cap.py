"""Per-need cap on candidate pairs: each entity keeps its nearest, and the providers it named."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..native import kernels
from ..tables import NeedTable, ProviderTable

I64 = npt.NDArray[np.int64]

CAP_BINS = 128


def within_cap_bins(
    reach: npt.NDArray[np.float64], pe: I64, metres: I64, cap: int
) -> npt.NDArray[np.bool_] | None:
    """A superset of each entity's ``cap`` nearest pairs, found without sorting: distances in
    ``CAP_BINS`` bins per entity (of its radius); every pair in a bin below the one where the
    entity's count reaches ``cap`` is kept, and the pairs of that bin. A higher bin means
    strictly more metres, so the exact sort on the kept pairs gives the same cap. ``reach``:
    per entity, the sum of its members' radii (a pair's distance is the sum of theirs). None
    when no entity has more than ``cap`` pairs."""
    n_ent = len(reach)
    count = np.bincount(pe, minlength=n_ent)
    if len(count) == 0 or int(count.max()) <= cap:
        return None
    # metres <= reach·1000 (+ rounding); bins of width (limit + 1) / CAP_BINS metres
    limit = np.minimum(np.round(reach * 1000) + 2, 1 << 20).astype(np.int64) + 1
    bins = metres * CAP_BINS
    bins //= limit[pe]
    np.minimum(bins, CAP_BINS - 1, out=bins)
    bins += pe * CAP_BINS
    hist = np.bincount(bins, minlength=n_ent * CAP_BINS).reshape(n_ent, CAP_BINS)
    reached = np.cumsum(hist, axis=1) >= cap
    last = np.where(reached[:, -1], np.argmax(reached, axis=1), CAP_BINS - 1)
    bins -= pe * CAP_BINS
    return np.asarray(bins <= last[pe])


Pairs = tuple[I64, I64, npt.NDArray[np.float64]]  # entity, provider, distance (km)


def nearest_pairs(
    nt: NeedTable,
    pt: ProviderTable,
    members: list[list[int]],
    pairs: Pairs,
    reach: npt.NDArray[np.float64],
    cap: int,
    skip: npt.NDArray[np.bool_] | None = None,
    extra: Pairs | None = None,
) -> Pairs:
    """Per entity (ascending), its pairs sorted by (metres, provider), the ``cap`` first (0:
    all) and the providers its family named in its preferences: ``pairs`` but those of
    ``skip``, and the ``extra`` ones (sibling groups'; no entity in both). In the compiled
    kernels when they are there (``native/cap.c``; the big arrays are not copied), in numpy
    otherwise: the same pairs in the same order."""
    n_prov = max(1, len(pt.providers))
    compiled = kernels()
    if compiled is not None:
        named = preferred_keys(nt, pt, members, n_prov) if cap else np.zeros(0, np.int64)
        parts = [(pairs, skip)] + ([] if extra is None or not len(extra[0]) else [(extra, None)])
        out = []
        for (pe, pp, pd), left in parts:
            force = np.isin(pe * n_prov + pp, named) if len(named) and len(pe) else None
            out.append(compiled.nearest_pairs(pe, pp, pd, force, len(members), cap, left))
        if len(out) == 1:
            return out[0]
        # each part comes by ascending entity, the entities of one not in the other
        pe, pp, pd = (np.concatenate([part[i] for part in out]) for i in range(3))
        order = np.argsort(pe, kind="stable")
        return pe[order], pp[order], pd[order]
    pe, pp, pd = pairs
    if skip is not None or extra is not None:
        alone = np.flatnonzero(~skip) if skip is not None else np.arange(len(pe))
        more = extra or (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
        pe = np.concatenate([pe[alone], more[0]])
        pp = np.concatenate([pp[alone], more[1]])
        pd = np.concatenate([pd[alone], more[2]])
    # sort key (entity, metres, provider), built in place: big temporaries cost page faults
    scaled = pd * 1000
    np.round(scaled, out=scaled)
    np.minimum(scaled, (1 << 20) - 1, out=scaled)
    key = scaled.astype(np.int64)
    del scaled
    preferred: I64 | None = None
    if cap:
        kept = within_cap_bins(reach, pe, key, cap)
        if kept is not None:
            preferred = preferred_keys(nt, pt, members, n_prov)
            if len(preferred):
                kept |= np.isin(pe * n_prov + pp, preferred)
            pe, pp, pd, key = pe[kept], pp[kept], pd[kept], key[kept]
    key <<= 20
    key |= pp
    high = pe << 40
    key |= high
    del high
    order = np.argsort(key, kind="stable")  # pairs come grouped by entity: fast
    del key
    # when pe is already ascending, the stable sort leaves it unchanged
    in_order = bool(np.all(pe[1:] >= pe[:-1]))
    pe, pp, pd = pe if in_order else pe[order], pp[order], pd[order]
    start = np.searchsorted(pe, np.arange(len(members) + 1))
    if cap and len(pe) and int(np.diff(start).max()) > cap:
        keep = (np.arange(len(pe)) - start[pe]) < cap
        if preferred is None:
            preferred = preferred_keys(nt, pt, members, n_prov)
        if len(preferred):
            keep |= np.isin(pe * n_prov + pp, preferred)
        pe, pp, pd = pe[keep], pp[keep], pd[keep]
        start = np.searchsorted(pe, np.arange(len(members) + 1))
    return pe, pp, pd


def preferred_keys(nt: NeedTable, pt: ProviderTable, members: list[list[int]], n_prov: int) -> I64:
    """``entity * n_prov + provider`` of every provider a family named in its preferences."""
    keys: list[int] = []
    index = pt.index
    needs = nt.needs
    for e, rows in enumerate(members):
        for pid in needs[rows[0]].preferences:
            p = index.get(pid)
            if p is not None:
                keys.append(e * n_prov + p)
    return np.array(sorted(set(keys)), dtype=np.int64)
