"""Providers answer: the first to accept a day gets it, without double booking.

Two guards, both plain conditional UPDATEs checked by their row count, so they hold on
SQLite (where select_for_update is ignored and IMMEDIATE transactions queue writers) as on
PostgreSQL (where the second UPDATE waits for the first and re-reads the row):
- the day goes from "open" to "booked" only once;
- a slot's `places_taken` grows only while it is below `places`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from maillage.occasional.enums import OccasionalRequestStatus, ProposalResponse, RequestDayStatus
from maillage.occasional.models import (
    OccasionalBooking,
    OccasionalProposal,
    OccasionalRequest,
    OccasionalRequestDay,
    OccasionalSlot,
)
from maillage.occasional.services.common import (
    TAKEN_MESSAGE,
    OccasionalUnavailable,
    is_provider_of,
    provider_cover,
)
from maillage.occasional.services.notify import schedule_booked_email
from maillage.occasional.services.requests import refresh_request_status

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)

NO_PLACE_LEFT = (
    "Il ne reste plus de place libre sur votre créneau de ce jour : "
    "déclarez une nouvelle place pour accepter."
)


def provider_slots_on(slot: OccasionalSlot, date: object) -> list[OccasionalSlot]:
    """All the free slots of the same provider (and crèche section) on that date."""
    same = (
        Q(childminder_id=slot.childminder_id)
        if slot.childminder_id
        else Q(nursery_id=slot.nursery_id, age_group_id=slot.age_group_id)
    )
    return list(
        OccasionalSlot.objects.filter(same, date=date)
        .with_free_place()
        .select_related("nursery", "age_group", "childminder")
    )


def _proposal(request: OccasionalRequest, slot: OccasionalSlot) -> OccasionalProposal | None:
    provider = (
        Q(childminder_id=slot.childminder_id)
        if slot.childminder_id
        else Q(nursery_id=slot.nursery_id)
    )
    return OccasionalProposal.objects.filter(provider, request=request).first()


def occasional_offer_accept(
    *, request_day: OccasionalRequestDay, slot: OccasionalSlot, by: User
) -> list[OccasionalBooking]:
    """`by` (the childminder, or a manager of the crèche) takes the day with her slots of
    that date. A second acceptor gets OccasionalUnavailable with TAKEN_MESSAGE."""
    with transaction.atomic():
        bookings, request, provider_name = _accept(request_day, slot, by)
        # Sent only if the booking commits (with ATOMIC_REQUESTS, at the end of the request).
        schedule_booked_email(request.pk, bookings[0].request_day_id, provider_name)
    return bookings


def _accept(
    request_day: OccasionalRequestDay, slot: OccasionalSlot, by: User
) -> tuple[list[OccasionalBooking], OccasionalRequest, str]:
    slot = OccasionalSlot.objects.select_related("nursery", "age_group", "childminder").get(
        pk=slot.pk
    )
    if not is_provider_of(by, slot):
        raise ValidationError("Ce créneau n'est pas le vôtre.")
    # Serializes the acceptances of one request (PostgreSQL; SQLite queues writers anyway),
    # so that the request's status is computed from every committed day.
    request = OccasionalRequest.objects.select_for_update().get(pk=request_day.request_id)
    day = OccasionalRequestDay.objects.get(pk=request_day.pk)
    if request.status == OccasionalRequestStatus.CANCELLED:
        raise ValidationError("Cette demande a été annulée par la famille.")
    proposal = _proposal(request, slot)
    if proposal is None:
        raise ValidationError("Cette demande ne vous a pas été proposée.")
    if day.status != RequestDayStatus.OPEN:
        raise OccasionalUnavailable(TAKEN_MESSAGE)
    if slot.date != day.date:
        raise ValidationError("Ce créneau n'est pas à la date demandée.")
    cover = provider_cover(day, provider_slots_on(slot, day.date), request)
    if cover is None:
        raise ValidationError(
            "Vos créneaux libres de ce jour ne couvrent pas les horaires demandés "
            "(ou l'âge de l'enfant ne correspond pas)."
        )
    now = timezone.now()
    claimed = OccasionalRequestDay.objects.filter(pk=day.pk, status=RequestDayStatus.OPEN).update(
        status=RequestDayStatus.BOOKED, booked_at=now
    )
    if claimed != 1:
        raise OccasionalUnavailable(TAKEN_MESSAGE)
    for slot_id in cover:
        taken = OccasionalSlot.objects.filter(pk=slot_id, places_taken__lt=F("places")).update(
            places_taken=F("places_taken") + 1
        )
        if taken != 1:
            raise OccasionalUnavailable(NO_PLACE_LEFT)
    bookings = OccasionalBooking.objects.bulk_create(
        OccasionalBooking(request_day=day, slot_id=slot_id, accepted_by=by) for slot_id in cover
    )
    day.status = RequestDayStatus.BOOKED
    for booking in bookings:
        booking.request_day = day
    proposal.response = ProposalResponse.ACCEPTED
    proposal.responded_at = now
    proposal.save(update_fields=["response", "responded_at"])
    refresh_request_status(request)
    provider_name = slot.nursery.name if slot.nursery_id else slot.childminder.user.display_name
    logger.info(
        "occasional_offer_accept day=%s request=%s provider=%s slots=%s by=%s",
        day.pk,
        request.pk,
        slot.provider_key,
        cover,
        by.pk,
    )
    return bookings, request, provider_name


def occasional_offer_decline(*, proposal: OccasionalProposal, by: User) -> OccasionalProposal:
    """The provider will not take this request (no reason asked: it is one-off care)."""
    with transaction.atomic():
        updated = OccasionalProposal.objects.filter(
            pk=proposal.pk, response=ProposalResponse.PENDING
        ).update(response=ProposalResponse.DECLINED, responded_at=timezone.now())
        if updated != 1:
            raise ValidationError("Vous avez déjà répondu à cette demande.")
    logger.info("occasional_offer_decline proposal=%s by=%s", proposal.pk, by.pk)
    proposal.refresh_from_db()
    return proposal
