"""Shared helpers of the occasional services: errors, settings, provider identity, offers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from maillage.occasional.matching import DayNeed, SlotOffer, cover_interval, slot_fits
from maillage.occasional.models import OccasionalRequest, OccasionalRequestDay, OccasionalSlot
from maillage.territory.services.geo import haversine_km

TAKEN_MESSAGE = "Cette demande vient d'être acceptée par une autre structure."


class OccasionalUnavailable(ValidationError):
    """The day (or the last place) was taken by someone else a moment ago."""


def horizon_days() -> int:
    return int(getattr(settings, "MAILLAGE_OCCASIONAL_HORIZON_DAYS", 14))


def minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def check_half_hour(value: dt.time, label: str) -> None:
    if value.minute not in (0, 30) or value.second or value.microsecond:
        raise ValidationError(f"{label} : indiquez une heure pile ou une demi-heure (ex. 8 h 30).")


def is_provider_of(user: Any, slot: OccasionalSlot) -> bool:
    if slot.childminder_id:
        return bool(slot.childminder.user_id == user.pk)
    return slot.nursery.managers.filter(pk=user.pk).exists()


def slot_offer(slot: OccasionalSlot, request: OccasionalRequest) -> SlotOffer:
    """A slot as the pure matcher sees it, from the family's point of view."""
    if slot.childminder_id:
        provider = slot.childminder
        min_age, max_age = provider.agrement_min_age_months, provider.agrement_max_age_months
    else:
        provider = slot.nursery
        min_age, max_age = slot.age_group.min_age_months, slot.age_group.max_age_months
    return SlotOffer(
        slot_id=slot.pk,
        provider_key=slot.provider_key,
        date=slot.date,
        start=minutes(slot.start_time),
        end=minutes(slot.end_time),
        free_places=slot.places_free,
        min_age_months=min_age,
        max_age_months=max_age,
        distance_km=haversine_km(
            request.latitude, request.longitude, provider.latitude, provider.longitude
        ),
    )


def day_need(day: OccasionalRequestDay) -> DayNeed:
    return DayNeed(
        day_id=day.pk, date=day.date, start=minutes(day.start_time), end=minutes(day.end_time)
    )


def provider_cover(
    day: OccasionalRequestDay, slots: list[OccasionalSlot], request: OccasionalRequest
) -> tuple[int, ...] | None:
    """The provider's slots (all of one provider) that together cover this day, or None."""

    need = day_need(day)
    offers = [slot_offer(s, request) for s in slots if s.date == day.date]
    fitting = [
        o
        for o in offers
        if slot_fits(o, need, request.child_birth_date, float(request.max_distance_km))
    ]
    return cover_interval(need.start, need.end, fitting)
