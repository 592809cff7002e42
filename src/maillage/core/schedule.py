"""Weekly schedules stored as 336 characters: 7 days x 48 half-hour slots, Monday 00:00 first.

'1' means the slot is covered. Kept as text so that it is readable in the admin, portable across
SQLite and PostgreSQL, and convertible to the engine's WeeklySchedule without loss.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

DAYS = 7
SLOTS_PER_DAY = 48
SLOTS_PER_WEEK = DAYS * SLOTS_PER_DAY
EMPTY_WEEK = "0" * SLOTS_PER_WEEK
DAY_NAMES_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def validate_week_bits(value: str) -> None:
    if len(value) != SLOTS_PER_WEEK or set(value) - {"0", "1"}:
        raise ValidationError(
            "Le planning hebdomadaire est mal formé (336 créneaux d'une demi-heure attendus)."
        )


def week_from_ranges(ranges: dict[int, list[tuple[str, str]]]) -> str:
    """{0: [("07:30", "18:00")]} -> bits; day 0 is Monday, times on the half hour."""
    bits = ["0"] * SLOTS_PER_WEEK
    for day, spans in ranges.items():
        if not 0 <= day < DAYS:
            raise ValueError(f"Jour hors de la semaine : {day}")
        for start, end in spans:
            first, last = _slot_of(start), _slot_of(end)
            if last <= first:
                raise ValueError(f"Plage horaire vide ou inversée : {start}-{end}")
            for slot in range(first, last):
                bits[day * SLOTS_PER_DAY + slot] = "1"
    return "".join(bits)


def week_to_ranges(bits: str) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for day in range(DAYS):
        row = bits[day * SLOTS_PER_DAY : (day + 1) * SLOTS_PER_DAY]
        slot = 0
        while slot < SLOTS_PER_DAY:
            if row[slot] == "1":
                start = slot
                while slot < SLOTS_PER_DAY and row[slot] == "1":
                    slot += 1
                out.setdefault(day, []).append((_time_of(start), _time_of(slot)))
            else:
                slot += 1
    return out


def week_hours(bits: str) -> float:
    return bits.count("1") / 2


def _slot_of(hhmm: str) -> int:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    if hours == 24 and minutes == 0:
        return SLOTS_PER_DAY
    if not (0 <= hours < 24 and minutes in (0, 30)):
        raise ValueError(f"Heure invalide (demi-heures uniquement) : {hhmm}")
    return hours * 2 + minutes // 30


def _time_of(slot: int) -> str:
    return f"{slot // 2:02d}:{(slot % 2) * 30:02d}"


class WeeklyScheduleField(models.CharField):
    description = "Planning hebdomadaire (336 demi-heures)"

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", SLOTS_PER_WEEK)
        kwargs.setdefault("default", EMPTY_WEEK)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.validators.append(validate_week_bits)

    def deconstruct(self):  # type: ignore[no-untyped-def]
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        if kwargs.get("default") == EMPTY_WEEK:
            kwargs.pop("default")
        return name, "maillage.core.schedule.WeeklyScheduleField", args, kwargs
