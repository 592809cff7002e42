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
from ..schedule import N_SLOTS
from .problem import Problem, packed_words


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
    with_envy: bool,
    preferences: dict[int, list[int]],
) -> tuple[dict[int, int], Loads, list[tuple[int, int]]] | None:
    """(placements in order, loads, quota envy as (entity, provider)); None: not done here
    (memory short), the Python pass runs. ``preferences``: the declared lists by entity."""
    pt, nt = problem.pt, problem.nt
    sizes = np.fromiter((len(m) for m in problem.members), dtype=np.int64)
    quota_provider = np.zeros(len(pt.providers), dtype=np.uint8)
    quota_provider[pt.res_provider[pt.res_excluded != 0]] = 1
    quota_candidate = (
        np.bincount(
            problem.pair_entity,
            weights=quota_provider[problem.pair_provider],
            minlength=problem.n_entities,
        )
        > 0
    ).astype(np.uint8)
    pref_list = problem.pair_provider.astype(np.int64, copy=True)
    for e, prefs in preferences.items():  # a permutation of the entity's candidates
        pref_list[problem.pair_start[e] : problem.pair_start[e + 1]] = prefs
    used = np.zeros(pt.res_cap.shape, dtype=np.int16)
    room = packed_words(pt.res_room)
    assigned = np.full(problem.n_entities, -1, dtype=np.int64)
    envy_room = len(pref_list) + 1
    envy_entity = np.empty(envy_room, dtype=np.int64)
    envy_provider = np.empty(envy_room, dtype=np.int64)
    job = SerialJob(
        n_slots=N_SLOTS,
        width=room.shape[1],
        max_res=int(np.diff(pt.res_start).max(initial=1)),
        max_members=int(sizes.max(initial=1)),
        used=used,
        cap=np.ascontiguousarray(pt.res_cap, dtype=np.int16),
        room=room,
        need_words=packed_words(nt.sched),
        res_start=pt.res_start,
        active=problem.active_resource.astype(np.uint8),
        age_min=pt.res_age_min,
        age_max=pt.res_age_max,
        excluded=np.ascontiguousarray(pt.res_excluded, dtype=np.int8),
        need_age=nt.age,
        need_elig=np.ascontiguousarray(nt.elig, dtype=np.int8),
        member_start=np.r_[0, np.cumsum(sizes)].astype(np.int64),
        member_list=np.fromiter((j for m in problem.members for j in m), dtype=np.int64),
        pref_start=problem.pair_start,
        pref_list=pref_list,
        n_entities=problem.n_entities,
        order=np.array(order, dtype=np.int64),
        check_quota=int(with_envy and bool(quota_provider.any())),
        quota_provider=quota_provider,
        quota_candidate=quota_candidate,
        assigned=assigned,
        dirty=np.zeros(len(pt.res_kind), dtype=np.uint8),
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
