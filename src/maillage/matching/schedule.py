"""Weekly schedules at 30-minute resolution: 7 days x 48 slots = 336 slots (Monday 00:00 first).

A schedule is immutable and hashable; it stores the slots as a Python int bitmask and exposes
numpy views for vectorised work. Atypical hours (nights, weekends) are ordinary slots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from .errors import InvalidScheduleError

SLOT_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES
DAYS = 7
N_SLOTS = DAYS * SLOTS_PER_DAY
N_BYTES = N_SLOTS // 8

DAY_NAMES_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DAY_INDEX = {name: i for i, name in enumerate(DAY_NAMES_FR)}
_RANGE_RE = re.compile(r"^\s*(\d{1,2})(?:[:h](\d{2})?)?\s*-\s*(\d{1,2})(?:[:h](\d{2})?)?\s*$")

BoolArray = npt.NDArray[np.bool_]


def _minutes(hours: str, minutes: str | None, text: str) -> int:
    value = int(hours) * 60 + int(minutes or 0)
    if value > 24 * 60 or value % SLOT_MINUTES:
        raise InvalidScheduleError("schedule", "plage", f"heure invalide dans « {text} »")
    return value


@dataclass(frozen=True)
class WeeklySchedule:
    """A set of half-hour slots of a typical week; ``bits`` bit ``i`` is slot ``i``."""

    bits: int = 0

    @classmethod
    def from_slots(cls, slots: list[int] | tuple[int, ...] | range) -> WeeklySchedule:
        """Out-of-range slots are kept so that validation can name the faulty record."""
        bits = 0
        for slot in slots:
            if slot < 0:
                raise InvalidScheduleError("planning", "slot", f"créneau {slot} négatif")
            bits |= 1 << slot
        return cls(bits)

    @classmethod
    def from_array(cls, array: BoolArray) -> WeeklySchedule:
        if array.shape != (N_SLOTS,):
            raise InvalidScheduleError("schedule", "slots", f"{array.shape} au lieu de 336")
        packed = np.packbits(array.astype(np.bool_), bitorder="little")
        return cls(int.from_bytes(packed.tobytes(), "little"))

    @classmethod
    def from_text(cls, text: str) -> WeeklySchedule:
        """Parse ``"lundi-vendredi 7:30-18:00; samedi 8h-12h"``; a range may cross midnight."""
        bits = 0
        for part in filter(None, (p.strip() for p in re.split(r"[;\n]", text))):
            days_text, _, ranges_text = part.partition(" ")
            days = _parse_days(days_text.lower(), part)
            for range_text in ranges_text.split(","):
                match = _RANGE_RE.match(range_text)
                if match is None:
                    raise InvalidScheduleError("schedule", "plage", f"plage illisible « {part} »")
                start = _minutes(match[1], match[2], part)
                end = _minutes(match[3], match[4], part)
                length = (end - start) % (24 * 60) or 24 * 60
                for day in days:
                    first = day * SLOTS_PER_DAY + start // SLOT_MINUTES
                    for k in range(length // SLOT_MINUTES):
                        bits |= 1 << ((first + k) % N_SLOTS)
        return cls(bits)

    @classmethod
    def full_week(cls) -> WeeklySchedule:
        return cls((1 << N_SLOTS) - 1)

    def is_valid(self) -> bool:
        return self.bits >= 0 and not self.bits >> N_SLOTS

    @cached_property
    def array(self) -> BoolArray:
        raw = np.frombuffer(self.bits.to_bytes(N_BYTES, "little"), dtype=np.uint8)
        return np.unpackbits(raw, bitorder="little").astype(np.bool_)

    @property
    def packed(self) -> npt.NDArray[np.uint8]:
        return np.frombuffer(self.bits.to_bytes(N_BYTES, "little"), dtype=np.uint8).copy()

    @property
    def slot_count(self) -> int:
        return self.bits.bit_count()

    @property
    def hours(self) -> float:
        return self.slot_count * SLOT_MINUTES / 60

    def is_empty(self) -> bool:
        return self.bits == 0

    def issubset(self, other: WeeklySchedule) -> bool:
        return self.bits & ~other.bits == 0

    def __or__(self, other: WeeklySchedule) -> WeeklySchedule:
        return WeeklySchedule(self.bits | other.bits)

    def __and__(self, other: WeeklySchedule) -> WeeklySchedule:
        return WeeklySchedule(self.bits & other.bits)

    def __sub__(self, other: WeeklySchedule) -> WeeklySchedule:
        return WeeklySchedule(self.bits & ~other.bits)

    def without_day(self, day: int) -> WeeklySchedule:
        day_mask = ((1 << SLOTS_PER_DAY) - 1) << (day * SLOTS_PER_DAY)
        return WeeklySchedule(self.bits & ~day_mask)

    def shifted(self, slots: int) -> WeeklySchedule:
        """The same hours ``slots`` half-hours later (earlier when negative), within the week."""
        moved = self.bits << slots if slots >= 0 else self.bits >> -slots
        return WeeklySchedule(moved & ((1 << N_SLOTS) - 1))

    def days(self) -> list[int]:
        return [d for d in range(DAYS) if (self.bits >> (d * SLOTS_PER_DAY)) & ((1 << 48) - 1)]

    def describe_fr(self) -> str:
        return describe_slots_fr(self.array)


def _parse_days(text: str, part: str) -> list[int]:
    if "-" in text:
        first, _, last = text.partition("-")
        if first not in _DAY_INDEX or last not in _DAY_INDEX:
            raise InvalidScheduleError("schedule", "jour", f"jour inconnu dans « {part} »")
        start, end = _DAY_INDEX[first], _DAY_INDEX[last]
        return [(start + k) % DAYS for k in range((end - start) % DAYS + 1)]
    days = []
    for name in text.split(","):
        if name not in _DAY_INDEX:
            raise InvalidScheduleError("schedule", "jour", f"jour inconnu « {name} »")
        days.append(_DAY_INDEX[name])
    return days


def slot_label_fr(slot: int) -> str:
    minutes = (slot % SLOTS_PER_DAY) * SLOT_MINUTES
    return f"{DAY_NAMES_FR[slot // SLOTS_PER_DAY]} {minutes // 60}h{minutes % 60:02d}"


def period_fr(slot: int) -> str:
    """Part of the day of a slot, in French: nuit, matin, après-midi, soir."""
    hour = (slot % SLOTS_PER_DAY) * SLOT_MINUTES // 60
    if hour < 7:
        return "tôt le matin" if hour >= 5 else "la nuit"
    if hour < 12:
        return "matin"
    if hour < 19:
        return "après-midi"
    return "soir" if hour < 22 else "la nuit"


def slot_labels_fr(mask: BoolArray) -> list[str]:
    """Distinct ``"le mardi après-midi"`` (day, period) labels of a slot mask, in week order."""
    seen: list[str] = []
    for slot in np.flatnonzero(mask).tolist():
        label = f"le {DAY_NAMES_FR[slot // SLOTS_PER_DAY]} {period_fr(slot)}"
        if label not in seen:
            seen.append(label)
    return seen


def describe_slots_fr(mask: BoolArray, limit: int = 3, skip: frozenset[str] = frozenset()) -> str:
    """``"le mardi après-midi, le samedi matin"``: distinct (day, period) pairs of a slot mask,
    less the labels in ``skip`` (already said of these moments, e.g. « fermé »)."""
    seen = [label for label in slot_labels_fr(mask) if label not in skip]
    if len(seen) > limit:
        return ", ".join(seen[:limit]) + f" et {len(seen) - limit} autre(s) moment(s)"
    return ", ".join(seen)
