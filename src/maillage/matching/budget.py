"""Bounded memory: an estimate of what an allocation will hold, checked before anything big.

The estimate counts, per need, an upper bound of the providers within its (capped) radius,
from the spatial index alone (no distance computed); the candidate search then runs by chunks
of at most ``CHUNK_PAIRS`` such pairs, and each need keeps at most
``Policy.max_candidates_per_need`` candidates. Figures per pair were measured with
``tracemalloc`` on the shortage benchmark (``docs/benchmarks.md``) and rounded up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import MemoryBudgetError
from .model import Policy
from .schedule import N_SLOTS

CHUNK_PAIRS = 4_000_000  # pairs within the radius examined at once by the candidate search
SEARCH_BYTES = 48  # per pair examined: indices, squared chord, mask, kept copies
PAIR_BYTES = {"optimal": 700, "stable": 160, "premier_arrive": 160}  # per kept candidate pair
NEED_BYTES = 3_000  # need table, records, result
RESOURCE_BYTES = N_SLOTS * 8  # capacities, rooms, loads per (resource, slot)


@dataclass(frozen=True)
class MemoryEstimate:
    total: int
    search: int
    pairs: int
    kept_pairs: int

    def detail_fr(self) -> str:
        return f"{self.kept_pairs:_} paires besoin-mode d'accueil".replace("_", " ")


def estimate(
    counts: npt.NDArray[np.int64], n_resources: int, mode: str, policy: Policy
) -> MemoryEstimate:
    """``counts``: per need, an upper bound of the providers within its radius."""
    cap = policy.max_candidates_per_need
    kept = int(np.minimum(counts, cap).sum()) if cap else int(counts.sum())
    search = min(int(counts.sum()), CHUNK_PAIRS + int(counts.max(initial=0))) * SEARCH_BYTES
    pairs = kept * PAIR_BYTES.get(mode, PAIR_BYTES["optimal"])
    total = search + pairs + len(counts) * NEED_BYTES + n_resources * RESOURCE_BYTES
    return MemoryEstimate(total, search, pairs, kept)


def check(found: MemoryEstimate, policy: Policy) -> None:
    if found.total > policy.memory_budget_bytes:
        raise MemoryBudgetError(found.total, policy.memory_budget_bytes, found.detail_fr())


def chunks(
    rows: npt.NDArray[np.int64], counts: npt.NDArray[np.int64]
) -> list[npt.NDArray[np.int64]]:
    """Consecutive pieces of ``rows`` holding at most ``CHUNK_PAIRS`` examined pairs each
    (a single need over the limit is a piece on its own)."""
    if len(rows) == 0:
        return [rows]
    ends = np.cumsum(counts[rows])
    cuts = [0]
    while cuts[-1] < len(rows):
        base = int(ends[cuts[-1] - 1]) if cuts[-1] else 0
        nxt = int(np.searchsorted(ends, base + CHUNK_PAIRS, side="right"))
        cuts.append(max(nxt, cuts[-1] + 1))
    return [rows[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
