"""The sequential allocations (stable, first come first served) run by ``native/serial.c``.

``sequential._serial`` keeps its loads as Python-int bit planes and skips the providers it
knows full; the compiled pass tests every preference against plain per-slot counts. Both give
the same placements, in the same order, and the same quota envy
(``tests/matching/test_native.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..native import Kernels
from ..native.jobs import SerialJob
from .ledger import packed_words
from .native_ledger import ledger_fields
from .problem import Problem


@dataclass
class Loads:
    """The per-resource, per-slot loads of the result (what ``SlotCounters`` gives)."""

    used: npt.NDArray[np.int16]

    def used_array(self) -> npt.NDArray[np.int16]:
        return self.used


def compiled_serial(
    compiled: Kernels,
    problem: Problem,
    order: list[int],
    preferences: dict[int, list[int]],
    quota_provider: npt.NDArray[np.bool_],
    quota_candidate: npt.NDArray[np.bool_],
    check_quota: bool,
) -> tuple[dict[int, int], Loads, list[tuple[int, int]]] | None:
    """(placements in order, loads, quota envy as (entity, provider)); None: not done here
    (memory short), the Python pass runs. ``preferences``: the declared lists by entity;
    the quota tables are ``sequential.quota_tables``'."""
    pref_list = problem.pair_provider.astype(np.int64, copy=True)
    for e, prefs in preferences.items():  # a permutation of the entity's candidates
        pref_list[problem.pair_start[e] : problem.pair_start[e + 1]] = prefs
    used = np.zeros(problem.pt.res_cap.shape, dtype=np.int16)
    assigned = np.full(problem.n_entities, -1, dtype=np.int64)
    envy_room = len(pref_list) + 1
    envy_entity = np.empty(envy_room, dtype=np.int64)
    envy_provider = np.empty(envy_room, dtype=np.int64)
    job = SerialJob(
        **ledger_fields(
            problem,
            used=used,
            room=packed_words(problem.pt.res_room),
            need_words=packed_words(problem.nt.sched),
            active=problem.active_resource,
        ),
        pref_start=problem.pair_start,
        pref_list=pref_list,
        n_entities=problem.n_entities,
        order=np.array(order, dtype=np.int64),
        check_quota=int(check_quota),
        quota_provider=quota_provider.astype(np.uint8),
        quota_candidate=quota_candidate.astype(np.uint8),
        assigned=assigned,
        dirty=np.zeros(len(problem.pt.res_kind), dtype=np.uint8),
        envy_room=envy_room,
        envy_entity=envy_entity,
        envy_provider=envy_provider,
    )
    found = compiled.serial(job)
    if found < 0:
        return None
    placed = {e: int(assigned[e]) for e in order if assigned[e] >= 0}
    envy = list(zip(envy_entity[:found].tolist(), envy_provider[:found].tolist(), strict=True))
    return placed, Loads(used), envy
