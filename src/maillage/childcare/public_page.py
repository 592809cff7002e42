"""What a provider's public page shows (the same data for the public view and her preview).

A childminder: the name she chose to show, her commune, an approximate distance, languages,
garden, pets, experience with disability, hours, free places by time slot, the date of her last
update — never her address, her exact point, nor anything about the children she cares for
beyond how many places are free. A MAM or a crèche: address, type, opening hours, age groups,
its short project, AVIP and Caf funding.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from maillage.childcare.capacity import occupancy_by_slot, present_on
from maillage.childcare.location import round_up_distance
from maillage.core.schedule import DAY_NAMES_FR, DAYS, SLOTS_PER_WEEK, week_hours, week_to_ranges
from maillage.territory.services.geo import haversine_km

if TYPE_CHECKING:
    from maillage.childcare.models import Childminder, Mam, Nursery
    from maillage.territory.models import Commune

SLOTS_PER_DAY = SLOTS_PER_WEEK // DAYS


def _hhmm(slot: int) -> str:
    minutes = (slot % SLOTS_PER_DAY) * 30
    return f"{minutes // 60} h {minutes % 60:02d}"


def hour_lines(bits: str) -> list[str]:
    """« Lundi : 8 h 00 – 17 h 30 » per day with hours."""
    return [
        f"{DAY_NAMES_FR[day].capitalize()} : "
        + ", ".join(f"{int(a[:2])} h {a[3:]} – {int(b[:2])} h {b[3:]}" for a, b in spans)
        for day, spans in week_to_ranges(bits).items()
    ]


@dataclass(frozen=True)
class FreeSpan:
    start: str
    end: str
    places: int


@dataclass
class FreeDay:
    name: str
    spans: list[FreeSpan] = field(default_factory=list)


def free_places_by_slot(cm: Childminder, on: dt.date) -> list[FreeDay]:
    """Per day, the runs of her working hours with the same number of free places."""
    hours = cm.working_hours or "0" * SLOTS_PER_WEEK
    children = present_on(cm.children_in_care.all(), on)
    used = occupancy_by_slot([c.schedule for c in children])
    days: list[FreeDay] = []
    for day in range(DAYS):
        spans: list[FreeSpan] = []
        for slot in range(day * SLOTS_PER_DAY, (day + 1) * SLOTS_PER_DAY):
            if hours[slot] != "1":
                continue
            free = max(0, cm.agrement_capacity - used[slot])
            last = spans[-1] if spans else None
            if last and last.places == free and last.end == _hhmm(slot):
                spans[-1] = FreeSpan(last.start, _hhmm(slot + 1), free)
            else:
                spans.append(FreeSpan(_hhmm(slot), _hhmm(slot + 1), free))
        if spans:
            days.append(FreeDay(DAY_NAMES_FR[day].capitalize(), spans))
    for day_view in days:
        day_view.spans = [
            FreeSpan(s.start, "24 h 00" if s.end == "0 h 00" else s.end, s.places)
            for s in day_view.spans
        ]
    return days


def approximate_km(lat: float, lon: float, commune: Commune | None) -> float | None:
    """Distance from a commune's centre, rounded up to the half kilometre (never exact)."""
    if commune is None or commune.latitude is None:
        return None
    return round_up_distance(
        haversine_km(float(commune.latitude), float(commune.longitude), lat, lon)
    )


def childminder_page(cm: Childminder, *, near: Commune | None = None) -> dict[str, object]:
    from maillage.families.engine_records import childminder_public_label

    today = timezone.localdate()
    on = max(today, cm.available_from) if cm.available_from else today
    updated = [d for d in (cm.availability_updated_at, cm.public_updated_at) if d]
    languages = [x.strip() for x in cm.languages.replace(";", ",").split(",") if x.strip()]
    return {
        "kind": "childminder",
        "label": childminder_public_label(cm),
        "kind_label": "Assistante maternelle en maison d'assistants maternels"
        if cm.mam_id
        else "Assistante maternelle à son domicile",
        "mam": cm.mam if cm.mam_id else None,
        "commune": cm.commune.name,
        "distance_km": approximate_km(cm.latitude, cm.longitude, near),
        "near": near,
        "languages": languages,
        "has_garden": cm.has_garden,
        "has_pets": cm.has_pets,
        "pets": cm.pets,
        "disability_experience": cm.disability_experience,
        "atypical_hours": cm.accepts_atypical_hours,
        "ages": (cm.agrement_min_age_months, cm.agrement_max_age_months),
        "hours": hour_lines(cm.working_hours),
        "weekly_hours": week_hours(cm.working_hours),
        "available_from": cm.available_from,
        "free_days": free_places_by_slot(cm, on) if cm.available_from else [],
        "updated_at": max(updated) if updated else None,
    }


def nursery_page(nursery: Nursery, *, near: Commune | None = None) -> dict[str, object]:
    groups = list(nursery.age_groups.all())
    return {
        "kind": "nursery",
        "label": nursery.name,
        "kind_label": nursery.get_kind_display(),
        "address": nursery.address,
        "commune": nursery.commune.name,
        "distance_km": approximate_km(nursery.latitude, nursery.longitude, near),
        "near": near,
        "hours": hour_lines(nursery.opening_hours),
        "groups": [
            {
                "label": g.get_kind_display(),
                "ages": (g.min_age_months, g.max_age_months),
                "places": g.places,
                "free": g.places_free,
                "free_from": g.free_from,
            }
            for g in groups
        ],
        "project": nursery.project,
        "is_avip": nursery.is_avip,
        "psu_funded": nursery.psu_funded,
        "updated_at": nursery.availability_updated_at,
    }


def mam_page(mam: Mam, *, near: Commune | None = None) -> dict[str, object]:
    from maillage.childcare.models import Childminder
    from maillage.families.engine_records import childminder_public_label

    members = list(
        Childminder.objects.visible(timezone.localdate())
        .filter(mam=mam)
        .select_related("user", "commune")
        .order_by("pk")
    )
    union = ["0"] * SLOTS_PER_WEEK
    for cm in members:
        for i, bit in enumerate(cm.working_hours or ""):
            if bit == "1":
                union[i] = "1"
    updated = [d for cm in members for d in (cm.availability_updated_at,) if d]
    return {
        "kind": "mam",
        "label": mam.name,
        "kind_label": "Maison d'assistants maternels (MAM)",
        "address": mam.address,
        "commune": mam.commune.name,
        "distance_km": approximate_km(mam.latitude, mam.longitude, near),
        "near": near,
        "hours": hour_lines("".join(union)),
        "ages": (
            min((cm.agrement_min_age_months for cm in members), default=0),
            max((cm.agrement_max_age_months for cm in members), default=72),
        ),
        "members": [
            {
                "pk": cm.pk,
                "label": childminder_public_label(cm),
                "available_from": cm.available_from,
            }
            for cm in members
        ],
        "project": mam.project,
        "updated_at": max(updated) if updated else None,
    }
