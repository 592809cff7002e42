"""The ledger's arrays as the compiled passes take them (``native/jobs._LedgerArrays``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..schedule import N_SLOTS
from .problem import Problem


def ledger_fields(
    problem: Problem,
    *,
    used: npt.NDArray[np.int16],
    room: npt.NDArray[np.uint64],
    need_words: npt.NDArray[np.uint64],
    active: npt.NDArray[np.bool_] | list[bool],
) -> dict[str, Any]:
    """Loads, free-place bits, who consumes what, and the entities' members (CSR)."""
    pt, nt = problem.pt, problem.nt
    sizes = problem.member_size
    return {
        "n_slots": N_SLOTS,
        "width": room.shape[1],
        "max_res": int(np.diff(pt.res_start).max(initial=1)),
        "max_members": int(sizes.max(initial=1)),
        "used": used,
        "cap": np.ascontiguousarray(pt.res_cap, dtype=np.int16),
        "room": room,
        "need_words": need_words,
        "res_start": pt.res_start,
        "active": np.array(active, dtype=np.uint8),
        "age_min": pt.res_age_min,
        "age_max": pt.res_age_max,
        "excluded": np.ascontiguousarray(pt.res_excluded, dtype=np.int8),
        "need_age": nt.age,
        "need_elig": np.ascontiguousarray(nt.elig, dtype=np.int8),
        "member_start": np.r_[0, np.cumsum(sizes)].astype(np.int64),
        "member_list": problem.member_flat,
    }
