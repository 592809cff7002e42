"""Vectorised expansion of integer ranges (the CSR idiom used by the tables and the rows)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]


def expand_ranges(lo: I64, counts: I64) -> tuple[I64, I64]:
    """``(owner, value)`` for every element of the ranges ``[lo[i], lo[i] + counts[i])``:
    ``owner`` is ``i``, ranges in order, values ascending within a range."""
    owner = np.repeat(np.arange(len(counts)), counts)
    offset = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(lo, counts) + offset
