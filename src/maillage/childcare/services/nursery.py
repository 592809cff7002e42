"""A nursery's published places, opening hours and reserved shares."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.childcare.models import Nursery, NurseryAgeGroup
from maillage.childcare.policy import share_errors
from maillage.childcare.services.childminder import PAST_DATE_MESSAGE
from maillage.childcare.sources import mark_provider_fields
from maillage.core.schedule import EMPTY_WEEK

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)


def _group_errors(index: int, group: dict[str, Any], today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    prefix = f"age_groups-{index}-"
    if group["places_taken"] > group["places"]:
        errors[prefix + "places_taken"] = (
            "Les places occupées ne peuvent pas dépasser les places autorisées."
        )
    if group["min_age_months"] >= group["max_age_months"]:
        errors[prefix + "max_age_months"] = "L'âge maximum doit être supérieur à l'âge minimum."
    if group.get("free_from") and group["free_from"] < today:
        errors[prefix + "free_from"] = PAST_DATE_MESSAGE
    return errors


def _overlap_errors(age_groups: list[dict[str, Any]]) -> dict[str, str]:
    """Two sections whose ages overlap would count one child twice: refused, naming both."""
    kept = [
        (index, g)
        for index, g in enumerate(age_groups)
        if not g.get("delete") and g["min_age_months"] < g["max_age_months"]
    ]
    kept.sort(key=lambda item: (item[1]["min_age_months"], item[1]["max_age_months"]))
    errors: dict[str, str] = {}
    for (_i, before), (index, after) in zip(kept, kept[1:], strict=False):
        if after["min_age_months"] < before["max_age_months"]:
            errors[f"age_groups-{index}-min_age_months"] = (
                f"Les âges de cette section ({after['min_age_months']}–{after['max_age_months']} "
                f"mois) chevauchent ceux d'une autre section ({before['min_age_months']}–"
                f"{before['max_age_months']} mois) : un enfant ne peut compter que dans une "
                "section."
            )
    return errors


SECTION_FIELDS = ("kind", "min_age_months", "max_age_months", "places")


def _sections_edited(
    existing: dict[Any, NurseryAgeGroup], age_groups: list[dict[str, Any]]
) -> bool:
    """Whether the manager changed the sections themselves (not only taken or free places)."""
    kept = [g for g in age_groups if not g.get("delete")]
    if len(kept) != len(existing):
        return True
    for group in kept:
        row = existing.get(group.get("id"))
        if row is None or any(getattr(row, f) != group.get(f) for f in SECTION_FIELDS):
            return True
    return False


@transaction.atomic
def nursery_places_update(
    *,
    nursery: Nursery,
    by: User,
    opening_hours: str,
    is_avip: bool,
    avip_share: Decimal,
    social_minima_share: Decimal,
    age_groups: list[dict[str, Any]],
    now: dt.datetime | None = None,
) -> Nursery:
    """Publish a nursery's places: per age group (`id` None creates one, `delete` removes
    it), opening hours, AVIP and reserved shares (fractions in [0, 1]). Only one of its
    managers may do it. Raises ValidationError({field: message}) in French; group fields are
    keyed `age_groups-<index>-<field>` like the formset."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    locked = Nursery.objects.select_for_update().get(pk=nursery.pk)
    if not (by.is_superuser or locked.managers.filter(pk=by.pk).exists()):
        raise PermissionDenied("Vous ne gérez pas cette crèche.")
    errors = share_errors(
        is_avip=is_avip,
        avip_share=Decimal(avip_share),
        social_minima_share=Decimal(social_minima_share),
    )
    if opening_hours == EMPTY_WEEK:
        errors["opening_hours"] = "Indiquez au moins une plage d'ouverture dans la semaine."
    for index, group in enumerate(age_groups):
        if not group.get("delete"):
            errors.update(_group_errors(index, group, today))
    errors.update(_overlap_errors(age_groups))
    if errors:
        raise ValidationError(errors)
    existing = {g.pk: g for g in locked.age_groups.all()}
    edited = [
        name
        for name, value in (
            ("opening_hours", opening_hours),
            ("is_avip", is_avip),
            ("avip_share", Decimal(avip_share)),
            ("social_minima_share", Decimal(social_minima_share)),
        )
        if getattr(locked, name) != value
    ]
    if _sections_edited(existing, age_groups):
        edited.append("age_groups")
    mark_provider_fields(locked, edited)
    places_before = sum(g.places for g in existing.values())
    for group in age_groups:
        row = existing.get(group.get("id")) if group.get("id") else None
        if group.get("delete"):
            if row is not None:
                row.delete()
            continue
        row = row or NurseryAgeGroup(nursery=locked)
        for field in (
            "kind",
            "min_age_months",
            "max_age_months",
            "places",
            "places_taken",
            "free_from",
        ):
            setattr(row, field, group.get(field))
        row.save()
    locked.opening_hours = opening_hours
    locked.is_avip = is_avip
    locked.avip_share = Decimal(avip_share)
    locked.social_minima_share = Decimal(social_minima_share)
    locked.availability_updated_at = now
    # A manager signed in and confirmed the places: an imported crèche is claimed.
    if locked.claimed_at is None:
        locked.claimed_at = now
    locked.full_clean()
    locked.save()
    from maillage.childcare.services.history import place_change_record

    place_change_record(
        commune_id=locked.commune_id,
        provider_kind="nursery",
        provider_id=locked.pk,
        before=places_before,
        after=sum(locked.age_groups.values_list("places", flat=True)),
        at=now,
    )
    from maillage.families.engine_records import provider_index_bump_on_commit

    provider_index_bump_on_commit(locked.commune.departement_id)
    logger.info(
        "nursery_places_update nursery=%s by=%s groups=%s", locked.pk, by.pk, len(age_groups)
    )
    return locked


@transaction.atomic
def nursery_sections_availability_update(
    *, nursery: Nursery, sections: list[dict[str, Any]], now: dt.datetime | None = None
) -> Nursery:
    """Occupied places and "libre à partir du" of existing sections (the API of a crèche's
    software or of its territory). Authorised places are not changed here. Raises
    ValidationError({"sections-<index>-<field>": message}) in French."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    locked = Nursery.objects.select_for_update().get(pk=nursery.pk)
    groups = {g.pk: g for g in locked.age_groups.all()}
    errors: dict[str, str] = {}
    for index, data in enumerate(sections):
        group = groups.get(data["id"])
        if group is None:
            errors[f"sections-{index}-id"] = "Cette section n'appartient pas à la crèche."
            continue
        if data["places_taken"] > group.places:
            errors[f"sections-{index}-places_taken"] = (
                f"Pas plus de places occupées que de places autorisées ({group.places})."
            )
        free_from = data.get("free_from")
        if free_from is not None and free_from < today:
            errors[f"sections-{index}-free_from"] = "La date ne peut pas être passée."
    if errors:
        raise ValidationError(errors)
    for data in sections:
        group = groups[data["id"]]
        group.places_taken = data["places_taken"]
        if "free_from" in data:
            group.free_from = data["free_from"]
        group.save(update_fields=["places_taken", "free_from"])
    locked.availability_updated_at = now
    locked.save(update_fields=["availability_updated_at"])
    from maillage.families.engine_records import provider_index_bump_on_commit

    provider_index_bump_on_commit(locked.commune.departement_id)
    logger.info("nursery_sections_availability_update nursery=%s n=%s", locked.pk, len(sections))
    return locked
