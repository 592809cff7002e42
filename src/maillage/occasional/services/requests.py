"""Occasional requests: creation (dates within the horizon), proposals to ranked providers,
cancellation by the family."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from maillage.occasional.enums import (
    OccasionalReason,
    OccasionalRequestStatus,
    RequestDayStatus,
)
from maillage.occasional.matching import WeekProposal, match_week
from maillage.occasional.models import (
    OccasionalBooking,
    OccasionalProposal,
    OccasionalRequest,
    OccasionalRequestDay,
    OccasionalSlot,
)
from maillage.occasional.services.common import (
    check_half_hour,
    day_need,
    horizon_days,
    slot_offer,
)
from maillage.occasional.services.notify import schedule_proposal_email

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.territory.models import Commune

logger = logging.getLogger(__name__)

DEFAULT_PROPOSAL_LIMIT = 10
CLOSED = (OccasionalRequestStatus.CANCELLED,)


def _validate_days(days: Sequence[tuple[dt.date, dt.time, dt.time]], today: dt.date) -> None:
    if not days:
        raise ValidationError("Indiquez au moins une journée.")
    last = today + dt.timedelta(days=horizon_days())
    seen: set[dt.date] = set()
    for date, start, end in days:
        label = date.strftime("%d/%m/%Y")
        if date < today:
            raise ValidationError(f"Le {label} est passé : indiquez une date à venir.")
        if date > last:
            raise ValidationError(
                f"Le {label} est trop loin : l'accueil occasionnel se demande pour les "
                f"{horizon_days()} prochains jours (jusqu'au {last:%d/%m/%Y})."
            )
        if date in seen:
            raise ValidationError(f"Le {label} est indiqué deux fois.")
        seen.add(date)
        check_half_hour(start, "Heure de début")
        check_half_hour(end, "Heure de fin")
        if start >= end:
            raise ValidationError(f"Le {label} : l'heure de fin doit suivre l'heure de début.")


def occasional_request_create(
    *,
    by: User,
    child_birth_date: dt.date,
    commune: Commune,
    max_distance_km: Decimal | float | int,
    reason: OccasionalReason | str,
    days: Sequence[tuple[dt.date, dt.time, dt.time]],
    parent: User | None = None,
    family_email: str = "",
    counsellor: User | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    accepts_childminder: bool = True,
    accepts_nursery: bool = True,
    today: dt.date | None = None,
    propose: bool = True,
) -> OccasionalRequest:
    """Record the request and its days, then send it to the ranked providers."""
    today = today or timezone.localdate()
    _validate_days(days, today)
    if child_birth_date > max(d[0] for d in days):
        raise ValidationError("La date de naissance de l'enfant doit précéder les journées.")
    if parent is None and not family_email:
        raise ValidationError("Indiquez le compte du parent ou son adresse électronique.")
    if not (accepts_childminder or accepts_nursery):
        raise ValidationError("Acceptez au moins un mode d'accueil.")
    request = OccasionalRequest(
        parent=parent,
        family_email=family_email,
        created_by=by,
        counsellor=counsellor,
        child_birth_date=child_birth_date,
        commune=commune,
        latitude=commune.latitude if latitude is None else latitude,
        longitude=commune.longitude if longitude is None else longitude,
        max_distance_km=Decimal(str(max_distance_km)),
        reason=OccasionalReason(reason),
        accepts_childminder=accepts_childminder,
        accepts_nursery=accepts_nursery,
    )
    request.full_clean()
    with transaction.atomic():
        request.save()
        OccasionalRequestDay.objects.bulk_create(
            OccasionalRequestDay(request=request, date=d, start_time=s, end_time=e)
            for d, s, e in sorted(days)
        )
    logger.info("occasional_request_create request=%s by=%s", request.pk, by.pk)
    if propose:
        occasional_request_propose(request=request, today=today)
    return request


def candidate_slots(request: OccasionalRequest, today: dt.date) -> list[OccasionalSlot]:
    dates = list(request.days.filter(status=RequestDayStatus.OPEN).values_list("date", flat=True))
    kinds = Q(pk__in=[])
    if request.accepts_nursery:
        kinds |= Q(nursery__isnull=False)
    if request.accepts_childminder:
        kinds |= Q(childminder__isnull=False, childminder__agrement_valid_until__gte=today)
    return list(
        OccasionalSlot.objects.filter(kinds, date__in=dates, date__gte=today)
        .with_free_place()
        .select_related("nursery", "age_group", "childminder")
    )


def occasional_request_match(
    *, request: OccasionalRequest, today: dt.date | None = None
) -> WeekProposal:
    today = today or timezone.localdate()
    days = [day_need(d) for d in request.days.filter(status=RequestDayStatus.OPEN)]
    offers = [slot_offer(s, request) for s in candidate_slots(request, today)]
    return match_week(
        days,
        offers,
        child_birth_date=request.child_birth_date,
        max_distance_km=float(request.max_distance_km),
    )


def occasional_request_propose(
    *,
    request: OccasionalRequest,
    today: dt.date | None = None,
    limit: int = DEFAULT_PROPOSAL_LIMIT,
) -> list[OccasionalProposal]:
    """Send the request to the providers of the proposed cover first, then to the next ranked
    ones, up to `limit` providers in all; providers already asked are not asked twice."""
    if request.status in CLOSED:
        return []
    week = occasional_request_match(request=request, today=today)
    in_cover = set(week.providers)
    ordered = [r for r in week.ranking if r.provider_key in in_cover] + [
        r for r in week.ranking if r.provider_key not in in_cover
    ]
    already = {
        f"nursery:{p.nursery_id}" if p.nursery_id else f"childminder:{p.childminder_id}"
        for p in request.proposals.all()
    }
    rank = request.proposals.count()
    created: list[OccasionalProposal] = []
    with transaction.atomic():
        for ranked in ordered:
            if rank >= limit:
                break
            if ranked.provider_key in already:
                continue
            kind, pk = ranked.provider_key.split(":")
            rank += 1
            created.append(
                OccasionalProposal.objects.create(
                    request=request,
                    rank=rank,
                    distance_km=ranked.distance_km,
                    **{f"{kind}_id": int(pk)},
                )
            )
        for proposal in created:
            schedule_proposal_email(proposal.pk)
    logger.info("occasional_request_propose request=%s sent=%s", request.pk, len(created))
    return created


def refresh_request_status(request: OccasionalRequest) -> None:
    if request.status in CLOSED:
        return
    statuses = list(request.days.values_list("status", flat=True))
    booked = statuses.count(RequestDayStatus.BOOKED)
    if statuses and booked == len(statuses):
        request.status = OccasionalRequestStatus.COVERED
    elif booked:
        request.status = OccasionalRequestStatus.PARTIAL
    else:
        request.status = OccasionalRequestStatus.OPEN
    request.save(update_fields=["status", "updated_at"])


def occasional_request_cancel(*, request: OccasionalRequest, by: User) -> OccasionalRequest:
    """The family no longer needs care: booked places go back to the providers."""
    with transaction.atomic():
        locked = OccasionalRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status in CLOSED:
            raise ValidationError("Cette demande est déjà annulée.")
        bookings = OccasionalBooking.objects.filter(request_day__request=locked)
        for booking in bookings:
            OccasionalSlot.objects.filter(pk=booking.slot_id, places_taken__gt=0).update(
                places_taken=F("places_taken") - 1
            )
        bookings.delete()
        locked.days.update(status=RequestDayStatus.CANCELLED)
        locked.status = OccasionalRequestStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
    logger.info("occasional_request_cancel request=%s by=%s", request.pk, by.pk)
    return locked
