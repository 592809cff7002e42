"""A mobile-first weekly schedule picker: per day, up to two ranges of half-hour selects.

Atypical hours are covered: any half hour of the day, weekends, split days (two ranges), and
nights (an end before the start runs past midnight into the next day). The form turns the
choices into the 336-slot string with `maillage.core.schedule.week_from_ranges`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from dsfr.utils import dsfr_input_class_attr

from maillage.core.schedule import DAY_NAMES_FR, DAYS, EMPTY_WEEK, week_from_ranges, week_to_ranges

RANGES_PER_DAY = 2
EMPTY_SCHEDULE_MESSAGE = "Indiquez au moins une plage horaire dans la semaine."


def _label(hhmm: str) -> str:
    hours, minutes = hhmm.split(":")
    return f"{int(hours)} h {minutes}"


HALF_HOURS = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)]
START_CHOICES = [("", "—")] + [(t, _label(t)) for t in HALF_HOURS]
END_CHOICES = [("", "—")] + [(t, _label(t)) for t in HALF_HOURS[1:]] + [("24:00", "24 h 00")]


@dataclass
class PickerRange:
    number: int
    start: forms.BoundField
    end: forms.BoundField


@dataclass
class PickerDay:
    index: int
    name: str
    ranges: list[PickerRange]


class SchedulePickerMixin:
    """Adds `<prefix>_d<day>_<n>_start/end` selects; `clean_schedule()` returns the bits.

    Subclasses set `schedule_prefix` and `schedule_legend`, call `add_schedule_fields(bits)`
    in `__init__` and `clean_schedule()` in `clean()`.
    """

    schedule_prefix = "hours"
    schedule_legend = "Horaires"
    schedule_error: str = ""

    def _name(self, day: int, number: int, part: str) -> str:
        return f"{self.schedule_prefix}_d{day}_{number}_{part}"

    def add_schedule_fields(self, bits: str | None) -> None:
        initial = week_to_ranges(bits) if bits else {}
        for day in range(DAYS):
            spans = initial.get(day, [])
            for number in range(1, RANGES_PER_DAY + 1):
                span = spans[number - 1] if len(spans) >= number else ("", "")
                for part, choices, value in (
                    ("start", START_CHOICES, span[0]),
                    ("end", END_CHOICES, span[1]),
                ):
                    name = self._name(day, number, part)
                    word = "Début" if part == "start" else "Fin"
                    self.fields[name] = forms.ChoiceField(  # type: ignore[attr-defined]
                        label=f"{word} {DAY_NAMES_FR[day]}"
                        + (f" (plage {number})" if number > 1 else ""),
                        choices=choices,
                        required=False,
                        initial=value,
                    )
                    dsfr_input_class_attr(self[name])  # type: ignore[index]

    def schedule_days(self) -> list[PickerDay]:
        return [
            PickerDay(
                index=day,
                name=DAY_NAMES_FR[day].capitalize(),
                ranges=[
                    PickerRange(
                        number=n,
                        start=self[self._name(day, n, "start")],  # type: ignore[index]
                        end=self[self._name(day, n, "end")],  # type: ignore[index]
                    )
                    for n in range(1, RANGES_PER_DAY + 1)
                ],
            )
            for day in range(DAYS)
        ]

    def clean_schedule(self, *, required: bool = True) -> str:
        data = self.cleaned_data  # type: ignore[attr-defined]
        ranges: dict[int, list[tuple[str, str]]] = {}
        for day in range(DAYS):
            for number in range(1, RANGES_PER_DAY + 1):
                start_name, end_name = (
                    self._name(day, number, "start"),
                    self._name(day, number, "end"),
                )
                start, end = data.get(start_name) or "", data.get(end_name) or ""
                if not start and not end:
                    continue
                if not end:
                    self.add_error(end_name, "Indiquez aussi l'heure de fin.")  # type: ignore[attr-defined]
                    continue
                if not start:
                    self.add_error(start_name, "Indiquez aussi l'heure de début.")  # type: ignore[attr-defined]
                    continue
                if start == end:
                    self.add_error(
                        end_name, "L'heure de fin doit être différente de l'heure de début."
                    )  # type: ignore[attr-defined]
                    continue
                if end != "24:00" and end < start:
                    # Night work: runs past midnight into the next day (Sunday -> Monday).
                    ranges.setdefault(day, []).append((start, "24:00"))
                    if end != "00:00":
                        ranges.setdefault((day + 1) % DAYS, []).append(("00:00", end))
                else:
                    ranges.setdefault(day, []).append((start, end))
        bits = week_from_ranges(ranges)
        if required and bits == EMPTY_WEEK and not self.errors:  # type: ignore[attr-defined]
            self.schedule_error = EMPTY_SCHEDULE_MESSAGE
            self.add_error(None, EMPTY_SCHEDULE_MESSAGE)  # type: ignore[attr-defined]
        return bits
