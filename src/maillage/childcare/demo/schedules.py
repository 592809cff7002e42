"""Typical weekly schedules of the demo (childminders, children in care, crèches, families)."""

from __future__ import annotations

import random

from maillage.core.schedule import week_from_ranges

WEEKDAYS = (0, 1, 2, 3, 4)


def days(span: tuple[str, str], day_list: tuple[int, ...] = WEEKDAYS) -> str:
    return week_from_ranges({d: [span] for d in day_list})


def union(*weeks: str) -> str:
    return "".join("1" if "1" in slot else "0" for slot in zip(*weeks, strict=True))


def intersect(a: str, b: str) -> str:
    return "".join("1" if x == "1" and y == "1" else "0" for x, y in zip(a, b, strict=True))


def childminder_hours(rng: random.Random, *, atypical: bool, wednesday_off: bool) -> str:
    """Working hours: Monday–Friday around 7:30–18:30; atypical ones start early, end late
    or include Saturday."""
    day_list = tuple(d for d in WEEKDAYS if not (wednesday_off and d == 2))
    if not atypical:
        start = rng.choice(("07:00", "07:30", "07:30", "08:00"))
        end = rng.choice(("18:00", "18:30", "18:30", "19:00"))
        return days((start, end), day_list)
    kind = rng.choice(("early", "late", "saturday", "early_late"))
    start, end = "07:30", "18:30"
    if kind in ("early", "early_late"):
        start = rng.choice(("05:00", "05:30", "06:00"))
    if kind in ("late", "early_late"):
        end = rng.choice(("20:30", "21:00", "22:00"))
    week = days((start, end), day_list)
    if kind == "saturday":
        week = union(week, days(("08:00", rng.choice(("13:00", "18:00"))), (5,)))
    return week


def child_schedules(rng: random.Random) -> list[str]:
    """The children holding one place: one full-time child, or two part-time ones
    (mornings and afternoons), or a four-day child (Wednesday off)."""
    draw = rng.random()
    if draw < 0.60:
        return [days(("08:00", "18:00"))]
    if draw < 0.78:
        return [days(("08:30", "17:30"), (0, 1, 3, 4))]
    if draw < 0.90:
        return [days(("08:00", "12:30")), days(("13:00", "18:00"))]
    if draw < 0.95:
        return [days(("07:30", "16:00"), (0, 1, 2))]
    return [days(("06:00", "14:00")), days(("14:00", "21:00"))]


def nursery_hours(rng: random.Random, *, halte: bool) -> str:
    if halte:
        return days(("08:30", "17:30"))
    draw = rng.random()
    if draw < 0.04:
        return union(days(("06:00", "22:00")), days(("07:00", "19:00"), (5,)))
    if draw < 0.25:
        return days(("07:00", "19:00"))
    return days(("07:30", "18:30"))


def family_schedule(rng: random.Random, *, atypical: bool, weekend: bool) -> tuple[str, bool]:
    """A family's weekly need; returns (bits, is_atypical)."""
    if weekend:
        week = union(days(("08:00", "18:00")), days(("08:00", "16:00"), rng.choice(((5,), (5, 6)))))
        return week, True
    if atypical:
        span = rng.choice(
            (("05:30", "14:00"), ("06:00", "15:00"), ("13:00", "21:30"), ("14:00", "22:00"))
        )
        return days(span), True
    draw = rng.random()
    start = rng.choice(("07:30", "08:00", "08:30"))
    end = rng.choice(("17:00", "17:30", "18:00", "18:30"))
    if draw < 0.60:
        return days((start, end)), False
    if draw < 0.82:
        return days((start, end), (0, 1, 3, 4)), False
    if draw < 0.94:
        return days((start, end), (0, 1, 3)), False
    return days(("08:30", "12:30")), False
