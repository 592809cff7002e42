"""Per-need cap on candidate pairs: a superset of each entity's nearest pairs, without a sort."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

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
