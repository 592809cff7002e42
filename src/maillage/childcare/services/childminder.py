"""A childminder's profile and her declared free places."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.childcare.capacity import max_simultaneous
from maillage.childcare.models import ChildInCare, Childminder
from maillage.childcare.policy import agrement_errors, get_policy
from maillage.childcare.sources import mark_provider_fields
from maillage.core.schedule import EMPTY_WEEK

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)

PAST_DATE_MESSAGE = "La date ne peut pas être passée : indiquez aujourd'hui ou une date à venir."
EXPIRED_AGREMENT_MESSAGE = (
    "Votre agrément doit être en cours de validité : indiquez une date à venir "
    "(un agrément expiré n'est pas montré aux familles)."
)
PROFILE_FIELDS = (
    "commune",
    "address",
    "birth_year",
    "agrement_number",
    "agrement_capacity",
    "agrement_min_age_months",
    "agrement_max_age_months",
    "agrement_valid_until",
    "own_children_under_3",
    "own_children_under_11",
    "working_hours",
    "available_from",
    "languages",
    "has_garden",
    "accepts_atypical_hours",
    "disability_experience",
)


def _profile_errors(data: dict[str, Any], today: dt.date) -> dict[str, str]:
    policy = get_policy()
    errors = agrement_errors(
        capacity=data["agrement_capacity"],
        own_children_under_3=data.get("own_children_under_3") or 0,
        own_children_under_11=data.get("own_children_under_11") or 0,
        max_age_months=data.get("agrement_max_age_months"),
        policy=policy,
    )
    valid_until = data["agrement_valid_until"]
    if valid_until < today:
        errors["agrement_valid_until"] = EXPIRED_AGREMENT_MESSAGE
    elif valid_until > today + dt.timedelta(days=366 * policy.agrement_max_years):
        errors["agrement_valid_until"] = (
            f"Un agrément est valable {policy.agrement_max_years} ans au plus : "
            "vérifiez la date inscrite sur votre décision d'agrément."
        )
    min_age, max_age = data.get("agrement_min_age_months", 0), data.get("agrement_max_age_months")
    if max_age is not None and min_age >= max_age:
        errors["agrement_max_age_months"] = "L'âge maximum doit être supérieur à l'âge minimum."
    if data.get("available_from") and data["available_from"] < today:
        errors["available_from"] = PAST_DATE_MESSAGE
    if data.get("working_hours", EMPTY_WEEK) == EMPTY_WEEK:
        errors["working_hours"] = "Indiquez au moins une plage horaire de travail dans la semaine."
    children = data.get("children")
    if children and "agrement_capacity" not in errors:
        busiest = max_simultaneous([c["schedule"] for c in children])
        if busiest > data["agrement_capacity"]:
            errors["children"] = (
                f"À certains moments de la semaine, {busiest} enfants sont présents en même "
                f"temps : c'est plus que les {data['agrement_capacity']} de votre agrément."
            )
    return errors


def _supply_changed(childminder: Childminder) -> None:
    """The families' options index of her département is rebuilt after the commit."""
    from maillage.families.engine_records import provider_index_bump_on_commit

    provider_index_bump_on_commit(childminder.commune.departement_id)


@transaction.atomic
def childminder_profile_save(*, user: User, data: dict[str, Any]) -> Childminder:
    """Create or update the childminder row of `user` from cleaned form data.

    `data` holds the PROFILE_FIELDS (commune is a Commune) and optionally `children`: a list
    of {"age_months", "schedule", "leaves_on"} that replaces the children in care (no names).
    The location is the commune centre unless `latitude`/`longitude` are given.
    Raises ValidationError({field: message}) in French.
    """
    today = timezone.localdate()
    errors = _profile_errors(data, today)
    if errors:
        raise ValidationError(errors)
    childminder = Childminder.objects.select_for_update().filter(user=user).first()
    created = childminder is None
    capacity_before = 0 if childminder is None else childminder.agrement_capacity
    if childminder is None:
        # She declared a MAM, or joined one by invitation, before filling her profile.
        childminder = Childminder(user=user, mam=user.managed_mams.first())
    edited = []
    for field in PROFILE_FIELDS:
        if field in data:
            if created or getattr(childminder, field) != data[field]:
                edited.append(field)
            setattr(childminder, field, data[field])
    if data.get("children") is not None:
        edited.append("children_in_care")
    mark_provider_fields(childminder, edited)
    commune = data["commune"]
    childminder.latitude = data.get("latitude") or commune.latitude
    childminder.longitude = data.get("longitude") or commune.longitude
    childminder.full_clean(exclude=["availability_updated_at", "free_places"])
    childminder.save()
    if data.get("children") is not None:
        childminder.children_in_care.all().delete()
        ChildInCare.objects.bulk_create(
            ChildInCare(
                childminder=childminder,
                age_months=c["age_months"],
                schedule=c["schedule"],
                leaves_on=c.get("leaves_on"),
            )
            for c in data["children"]
        )
    from maillage.childcare.services.history import place_change_record

    place_change_record(
        commune_id=childminder.commune_id,
        provider_kind="childminder",
        provider_id=childminder.pk,
        before=capacity_before,
        after=childminder.agrement_capacity,
    )
    _supply_changed(childminder)
    logger.info("childminder_profile_save childminder=%s created=%s", childminder.pk, created)
    return childminder


@dataclass(frozen=True)
class DeclaredPlace:
    number: int
    free_from: dt.date | None
    freed_by_departure: bool = False


def declared_places(childminder: Childminder, today: dt.date | None = None) -> list[DeclaredPlace]:
    """The places shown on "Mes disponibilités": agrément capacity minus the children who
    stay (at their busiest slot). A child with a departure date frees a place from that day."""
    today = today or timezone.localdate()
    children = list(childminder.children_in_care.all())
    staying = [c for c in children if c.leaves_on is None]
    count = max(0, childminder.agrement_capacity - max_simultaneous([c.schedule for c in staying]))
    leaving = sorted(max(c.leaves_on, today) for c in children if c.leaves_on is not None)
    # Places already free now come first; the others are freed by departures.
    busy_now = max_simultaneous(
        [c.schedule for c in children if c.leaves_on is None or c.leaves_on > today]
    )
    free_now = max(0, childminder.agrement_capacity - busy_now)
    stored = list(childminder.free_places or [])
    places = []
    for index in range(count):
        freed = index >= free_now and (index - free_now) < len(leaving)
        # Never declared place by place yet (profile or demo data): start from the profile's
        # "places libres à partir du" so that saving unchanged loses nothing.
        declared = (
            max(childminder.available_from, today)
            if childminder.available_from and not stored and not freed
            else None
        )
        default = leaving[index - free_now] if freed else declared
        value = stored[index] if index < len(stored) else (default.isoformat() if default else None)
        places.append(
            DeclaredPlace(
                number=index + 1,
                free_from=dt.date.fromisoformat(value) if value else None,
                freed_by_departure=freed,
            )
        )
    return places


@transaction.atomic
def childminder_availability_update(
    *,
    childminder: Childminder,
    place_dates: Sequence[dt.date | None] | None = None,
    confirm_unchanged: bool = False,
    now: dt.datetime | None = None,
) -> Childminder:
    """Record her free places ("libre dès le …" per place, None = "pas de place libre"), or,
    with `confirm_unchanged`, only that nothing changed. Always stamps
    `availability_updated_at`. Raises ValidationError({"place_<n>_from": message})."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    locked = Childminder.objects.select_for_update().get(pk=childminder.pk)
    fields = ["availability_updated_at"]
    if not confirm_unchanged:
        dates = list(place_dates or [])
        if len(dates) > locked.agrement_capacity:
            raise ValidationError("Vous déclarez plus de places que votre agrément n'en compte.")
        errors = {
            f"place_{i + 1}_from": PAST_DATE_MESSAGE
            for i, day in enumerate(dates)
            if day is not None and day < today
        }
        if errors:
            raise ValidationError(errors)
        locked.free_places = [d.isoformat() if d else None for d in dates]
        locked.available_from = min((d for d in dates if d), default=None)
        fields += ["free_places", "available_from"]
    if mark_provider_fields(locked, ["free_places", "available_from"]):
        fields.append("field_sources")
    locked.availability_updated_at = now
    # Signed in and confirmed her places: a childminder from the register is claimed.
    if locked.claimed_at is None:
        locked.claimed_at = now
        fields.append("claimed_at")
    locked.save(update_fields=fields)
    _supply_changed(locked)
    logger.info(
        "childminder_availability_update childminder=%s unchanged=%s from=%s",
        locked.pk,
        confirm_unchanged,
        locked.available_from,
    )
    childminder.refresh_from_db(
        fields=["free_places", "available_from", "availability_updated_at", "claimed_at"]
    )
    return childminder
