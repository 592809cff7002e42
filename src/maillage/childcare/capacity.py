"""Occupancy of a childminder's agrément, slot by slot (30-minute slots of the week).

A capacity holds at every moment of the week: two part-time children, one in the morning and
one in the afternoon, use one place, not two. These helpers work on plain schedules (336-char
strings) so that they stay cheap and testable; the querysets feed them prefetched rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from maillage.childcare.policy import UNDER_3_MONTHS, get_policy
from maillage.core.schedule import SLOTS_PER_WEEK

if TYPE_CHECKING:
    from maillage.childcare.models import ChildInCare, Childminder


def occupancy_by_slot(schedules: Iterable[str]) -> list[int]:
    """Number of children present in each of the 336 slots."""
    counts = [0] * SLOTS_PER_WEEK
    for bits in schedules:
        for slot, bit in enumerate(bits):
            if bit == "1":
                counts[slot] += 1
    return counts


def max_simultaneous(schedules: Sequence[str], within: str | None = None) -> int:
    """The largest number of children present at once (only over `within`'s slots if given)."""
    counts = occupancy_by_slot(schedules)
    if within is not None:
        counts = [c for c, bit in zip(counts, within, strict=True) if bit == "1"]
    return max(counts, default=0)


def present_on(children: Iterable[ChildInCare], on_date: dt.date) -> list[ChildInCare]:
    """Children still in care on `on_date` (a child leaving that day frees the place)."""
    return [c for c in children if c.leaves_on is None or c.leaves_on > on_date]


def free_places(
    childminder: Childminder,
    on_date: dt.date,
    *,
    children: Iterable[ChildInCare] | None = None,
    schedule: str | None = None,
    child_age_months: int | None = None,
) -> int:
    """Places free on `on_date`, at the busiest slot (of `schedule` when given).

    For a child under 3, the under-3 limit (her own children included) also applies.
    `children` avoids a query when the rows are already prefetched.
    """
    rows = present_on(childminder.children_in_care.all() if children is None else children, on_date)
    free = childminder.agrement_capacity - max_simultaneous([c.schedule for c in rows], schedule)
    if child_age_months is not None and child_age_months < UNDER_3_MONTHS:
        policy = get_policy()
        under_3 = [c.schedule for c in rows if c.age_months < UNDER_3_MONTHS]
        limit = policy.max_under_3 - childminder.own_children_under_3
        free = min(free, limit - max_simultaneous(under_3, schedule))
    return max(0, free)
