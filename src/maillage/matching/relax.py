"""One-click relaxations: what a family could change, and how many options each change opens.

Each candidate is the family's need with one value changed (a wider distance, hours shifted
earlier or later, a later start, another mode of care). The candidate is re-evaluated
against the same provider index; nothing is saved. Per kind, the smallest change that opens
more options than today is kept, and a larger one only when it opens more still.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace

from .bounds import capped_need
from .explain import km_fr
from .model import CareMode, Need, PriorityGrid
from .options import OptionsIndex, evaluate
from .results import Relaxation
from .schedule import SLOT_MINUTES

DISTANCE_STEPS_KM = (2.0, 5.0, 10.0)
SHIFT_MINUTES = (30, 60)
START_STEPS_MONTHS = (1, 3, 6)
KEEP_PER_KIND = 2

AgeAt = Callable[[dt.date], int]


def count_options(need: Need, index: OptionsIndex, grid: PriorityGrid) -> int:
    """How many providers fit this need today (every hard constraint, within its distance)."""
    need, _ = capped_need(need, index.policy)
    return int((evaluate(need, index, grid, need.max_km).reasons == 0).sum())


def suggest_relaxations(
    need: Need,
    index: OptionsIndex,
    grid: PriorityGrid | None = None,
    *,
    age_at: AgeAt | None = None,
    current: int | None = None,
) -> list[Relaxation]:
    """Relaxations of `need` that open more options than `current` (counted when omitted).

    ``age_at(date)`` gives the child's age in months at a later start (the age grows with
    the start date); without it the age moves by whole months.
    """
    grid = grid or PriorityGrid()
    need, _ = capped_need(need, index.policy)
    base = count_options(need, index, grid) if current is None else current
    out: list[Relaxation] = []
    for candidates in (
        _distances(need, index),
        _shifts(need, -1),
        _shifts(need, 1),
        _starts(need, age_at),
        _modes(need),
    ):
        out += _keep(candidates, need, index, grid, base)
    return out


def _keep(
    candidates: Iterable[tuple[Relaxation, Need]],
    need: Need,
    index: OptionsIndex,
    grid: PriorityGrid,
    base: int,
) -> list[Relaxation]:
    """The first candidates (smallest change first) that each open more than the previous."""
    kept: list[Relaxation] = []
    best = base
    for relaxation, relaxed in candidates:
        count = count_options(relaxed, index, grid)
        if count > best:
            kept.append(replace(relaxation, options_count=count))
            best = count
            if len(kept) == KEEP_PER_KIND:
                break
    return kept


def _distances(need: Need, index: OptionsIndex) -> Iterable[tuple[Relaxation, Need]]:
    limit = index.policy.max_candidates_km
    for step in DISTANCE_STEPS_KM:
        km = min(need.max_km + step, limit)
        if km <= need.max_km:
            return
        text = f"jusqu'à {km_fr(km)} km au lieu de {km_fr(need.max_km)} km"
        yield (
            Relaxation(
                "distance", f"{km:g}", text, 0, max_km=km, label_fr=f"Jusqu'à {km_fr(km)} km"
            ),
            replace(need, max_km=km),
        )


def _shifts(need: Need, direction: int) -> Iterable[tuple[Relaxation, Need]]:
    word = "plus tôt" if direction < 0 else "plus tard"
    for minutes in SHIFT_MINUTES:
        schedule = need.schedule.shifted(direction * minutes // SLOT_MINUTES)
        if schedule.slot_count != need.schedule.slot_count:
            continue  # the week's first or last half-hours would be lost
        amount = "1 h" if minutes == 60 else f"{minutes} min"
        text = f"horaires décalés de {amount} {word} (arrivée et départ)"
        yield (
            Relaxation(
                "shift",
                str(direction * minutes),
                text,
                0,
                schedule=schedule,
                label_fr=f"Arriver et repartir {amount} {word}",
            ),
            replace(need, schedule=schedule),
        )


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _starts(need: Need, age_at: AgeAt | None) -> Iterable[tuple[Relaxation, Need]]:
    for months in START_STEPS_MONTHS:
        start = _add_months(need.start, months)
        age: int | None = None
        if age_at is not None:
            age = age_at(start)
        elif need.age_months is not None:
            age = need.age_months + months
        label = (
            "Commencer un mois plus tard" if months == 1 else f"Commencer {months} mois plus tard"
        )
        text = f"début le {start.day}/{start.month:02d}/{start.year} au lieu du " + (
            f"{need.start.day}/{need.start.month:02d}/{need.start.year}"
        )
        yield (
            Relaxation("start", start.isoformat(), text, 0, start=start, label_fr=label),
            replace(need, start=start, age_months=age),
        )


MODE_PLURALS_FR = {
    CareMode.CHILDMINDER: "les assistantes maternelles",
    CareMode.CHILDMINDERS_HOUSE: "les MAM",
    CareMode.NURSERY: "les crèches",
}


def _modes(need: Need) -> Iterable[tuple[Relaxation, Need]]:
    missing = [m for m in CareMode if m not in need.modes]
    singles = [[m] for m in missing]
    groups = singles + ([missing] if len(missing) > 1 else [])
    for group in groups:
        names = " et ".join(MODE_PLURALS_FR[m] for m in group)
        modes = need.modes | frozenset(group)
        yield (
            Relaxation(
                "mode",
                ",".join(m.value for m in group),
                f"en acceptant aussi {names}",
                0,
                modes=modes,
                label_fr=f"Accepter aussi {names}",
            ),
            replace(need, modes=modes),
        )


__all__ = ["count_options", "suggest_relaxations"]
