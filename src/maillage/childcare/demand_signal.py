"""What families around a childminder ask for: how many open needs near her fit her hours,
and which hours are asked most. Aggregated only; a count under `SMALL_CELL` is never shown
exactly ("moins de 5")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from maillage.childcare.querysets import bounding_box
from maillage.core.schedule import DAYS, SLOTS_PER_WEEK
from maillage.territory.services.geo import haversine_km

if TYPE_CHECKING:
    from maillage.childcare.models import Childminder

SMALL_CELL = 5
SEARCH_KM = 50.0  # a need's own maximum distance decides; none goes beyond 50 km
SLOTS_PER_DAY = SLOTS_PER_WEEK // DAYS


def masked(count: int) -> str:
    """A count as shown to her: exact from 5 up, "moins de 5" below (zero included)."""
    return str(count) if count >= SMALL_CELL else f"moins de {SMALL_CELL}"


def _slots(bits: str, day_range: range, start: str, end: str) -> bool:
    """True when the schedule uses a slot of [start, end) on one of these days."""
    first = int(start[:2]) * 2 + int(start[3:]) // 30
    last = int(end[:2]) * 2 + int(end[3:]) // 30
    return any(
        bits[day * SLOTS_PER_DAY + s] == "1" for day in day_range for s in range(first, last)
    )


# (label, days, start, end): the kinds of hours families ask for.
HOUR_KINDS = (
    ("En journée, du lundi au vendredi", range(0, 5), "09:00", "17:00"),
    ("Tôt le matin (avant 7 h 30)", range(0, 7), "00:00", "07:30"),
    ("Le soir (après 18 h 30)", range(0, 7), "18:30", "24:00"),
    ("Le mercredi", range(2, 3), "07:30", "18:30"),
    ("Le samedi ou le dimanche", range(5, 7), "00:00", "24:00"),
)


@dataclass(frozen=True)
class DemandRow:
    label: str
    count: int

    @property
    def shown(self) -> str:
        return masked(self.count)


@dataclass(frozen=True)
class DemandSignal:
    near: int
    fitting: int
    rows: list[DemandRow]

    @property
    def near_shown(self) -> str:
        return masked(self.near)

    @property
    def fitting_shown(self) -> str:
        return masked(self.fitting)


def demand_signal(cm: Childminder) -> DemandSignal:
    """Open needs whose family would go as far as her home, those whose hours all fall in
    her working hours (and child's age in her agrément), and the hours most asked."""
    from maillage.families.engine_records import age_in_months
    from maillage.families.enums import NeedStatus
    from maillage.families.models import Need

    today = timezone.localdate()
    lat, lon = float(cm.latitude), float(cm.longitude)
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, SEARCH_KM)
    mode = "accepts_mam" if cm.mam_id else "accepts_childminder"
    rows = (
        Need.objects.filter(
            status=NeedStatus.OPEN,
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
            **{mode: True},
        )
        .order_by()
        .values_list(
            "latitude", "longitude", "max_distance_km", "schedule", "child_birth_date", "start_date"
        )
    )
    hours = int((cm.working_hours or "0")[::-1], 2)
    near = fitting = 0
    counts = [0] * len(HOUR_KINDS)
    for n_lat, n_lon, max_km, schedule, birth, start in rows:
        if haversine_km(n_lat, n_lon, lat, lon) > float(max_km):
            continue
        near += 1
        for i, (_, days, start_hhmm, end_hhmm) in enumerate(HOUR_KINDS):
            if _slots(schedule, days, start_hhmm, end_hhmm):
                counts[i] += 1
        wanted = int(schedule[::-1], 2)
        age = age_in_months(birth, max(start, today))
        in_agrement = cm.agrement_min_age_months <= age <= cm.agrement_max_age_months
        if wanted and wanted & ~hours == 0 and in_agrement:
            fitting += 1
    ranked = sorted(
        (DemandRow(label, count) for (label, *_), count in zip(HOUR_KINDS, counts, strict=True)),
        key=lambda r: -r.count,
    )
    return DemandSignal(near=near, fitting=fitting, rows=ranked)
