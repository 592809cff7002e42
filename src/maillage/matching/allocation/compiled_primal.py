"""The optimal mode's primal heuristic run by ``native/primal.c`` (same decisions, compiled).

``optimal._primal`` rounds the soft assignment, repairs with 1-exchange and moves children
nearer, thousands of fit tests and ledger updates in Python (≈ 1.2 s of a département). The
compiled code does the same on the ledger's own arrays (per-slot loads, free-place bits),
then the ledger's Python side (its dict of assignments, in the order of additions, and its
bitmasks) is brought up to date. ``tests/matching/test_native.py`` compares the two ledgers.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..native import Kernels
from ..native.jobs import PrimalJob
from .ledger import Ledger
from .native_ledger import ledger_fields
from .primal import rounding_order
from .problem import Problem

I64 = npt.NDArray[np.int64]


def compiled_primal(
    compiled: Kernels,
    problem: Problem,
    ledger: Ledger,
    ents: I64,
    pairs: I64,
    share: npt.NDArray[np.float64],
    ranking: npt.NDArray[np.float64] | None,
    floor: float,
    depth: int,
    passes: int,
    memo: dict[str, I64] | None = None,
) -> bool:
    """Round, repair and shorten one component; False (nothing done) when it cannot run here:
    some of its families already placed, or memory short. ``memo``: what another rounding of
    the same shares and ranking already computed (the options' order), filled if empty."""
    if ledger.assigned and np.isin(ents, np.fromiter(ledger.assigned, np.int64)).any():
        return False
    ledger.used = np.ascontiguousarray(ledger.used)
    memo = {} if memo is None else memo
    if "options" not in memo:
        memo["options"] = _option_providers(compiled, problem, pairs, ranking)
    option_provider = memo["options"]
    rank = problem.priority_rank
    round_entity, round_provider = rounding_order(problem, pairs, share, floor)
    assigned = np.full(problem.n_entities, -1, dtype=np.int64)
    seq = np.full(problem.n_entities, -1, dtype=np.int64)
    dirty = np.zeros(len(ledger.cap), dtype=np.uint8)
    job = PrimalJob(
        **ledger_fields(
            problem,
            used=ledger.used,
            room=ledger.room_words,
            need_words=ledger.need_words,
            active=ledger.active,
        ),
        pair_start=problem.pair_start,
        pair_provider=problem.pair_provider,
        option_provider=option_provider,
        weight=problem.weight.astype(np.int64),
        rank=rank,
        assigned=assigned,
        seq=seq,
        next_seq=0,
        dirty=dirty,
        n_providers=len(problem.pt.providers),
        round_entity=np.ascontiguousarray(round_entity, dtype=np.int64),
        round_provider=np.ascontiguousarray(round_provider, dtype=np.int64),
        ents=np.ascontiguousarray(ents, dtype=np.int64),
        depth=depth,
        passes=passes,
        max_options=int(np.diff(problem.pair_start).max(initial=1)),
    )
    before = ledger.used.copy(), ledger.room_words.copy()
    if compiled.primal(job) < 0:  # memory short: nothing half done, the Python code runs
        ledger.used[...], ledger.room_words[...] = before
        return False
    placed = ents[assigned[ents] >= 0]
    placed = placed[np.argsort(seq[placed], kind="stable")]  # the order of additions
    ledger.assigned.update(zip(placed.tolist(), assigned[placed].tolist(), strict=True))
    ledger.mark_stale(np.flatnonzero(dirty))
    ledger.freed = None
    return True


def _option_providers(
    compiled: Kernels, problem: Problem, pairs: I64, ranking: npt.NDArray[np.float64] | None
) -> I64:
    """Per pair slot, the provider a family tries there: its options by price (stable), or by
    distance without prices (the pairs' own order)."""
    option_order = np.arange(len(problem.pair_entity), dtype=np.int64)
    if ranking is not None:
        ent = problem.pair_entity[pairs]  # pairs come entity after entity
        if np.all(ent[1:] >= ent[:-1]):
            start = np.flatnonzero(np.r_[True, ent[1:] != ent[:-1]])
            local = compiled.segment_order(np.r_[start, len(pairs)], ranking[pairs])
        else:
            local = np.lexsort((ranking[pairs], ent))
        option_order[pairs] = pairs[local]
    return np.ascontiguousarray(problem.pair_provider[option_order], dtype=np.int64)
