"""The ledger's snapshot and rewind: what a second rounding starts from, and falls back to."""

from __future__ import annotations

import numpy as np

from maillage.matching import Policy, PriorityGrid
from maillage.matching.allocation.api import build
from maillage.matching.allocation.ledger import Ledger


def _state(ledger: Ledger) -> tuple:
    return (
        sorted(ledger.assigned.items()),
        ledger.used.tobytes(),
        list(ledger.room),
        ledger.room_words.tobytes(),
    )


def _place_some(ledger: Ledger, entities: list[int]) -> list[int]:
    """Each entity at its nearest candidate where it fits; the ones placed."""
    problem, placed = ledger.problem, []
    for e in entities:
        for k in problem.pairs_of(e):
            p = int(problem.pair_provider[k])
            if ledger.fits(e, p):
                ledger.add(e, p)
                placed.append(e)
                break
    return placed


def test_rewinding_is_undoing_every_assignment_one_by_one():
    from bench.matching.shortage import shortage_departement

    instance = shortage_departement(seed=2, childminders=80, creches=4, needs=500, houses=10)
    problem = build(instance.needs, instance.providers, Policy(), PriorityGrid())
    ledger = Ledger(problem)
    fresh = _state(ledger)
    empty = ledger.snapshot()
    first = _place_some(ledger, list(range(0, problem.n_entities, 2)))
    after_first = ledger.snapshot()
    first_state = _state(ledger)
    second = _place_some(ledger, list(range(1, problem.n_entities, 2)))
    assert first and second, "both batches place families"
    full = (ledger.used > 0) & (ledger.used >= ledger.cap)
    assert full.any(), "some places are full: the free-place bits changed"
    undone = Ledger(problem)
    undone.restore(ledger.assigned, ledger.used.copy())
    for e in second:
        undone.remove(e)
    ledger.rewind(after_first)
    assert _state(ledger) == _state(undone) == first_state
    ledger.rewind(empty)
    assert _state(ledger) == fresh
    # a snapshot is not tied to the ledger: placing again and rewinding again gives it back
    _place_some(ledger, second)
    ledger.rewind(after_first)
    assert _state(ledger) == first_state
    assert ledger.freed is None
    assert not np.shares_memory(ledger.used, after_first.used)
