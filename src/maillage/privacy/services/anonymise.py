"""Anonymisation of needs and contact requests: what stays says nothing about anyone.

A need keeps its commune, the month of the child's birth, its schedule, modes, situation flags
and dates (the observatory and the outcomes rates count them); it loses its parent, contact,
the child's first name, the exact birth day and the geocoded point (back to the commune's
centroid). A request keeps its provider, status and dates; it loses its messages, the visit's
place and notes, and the notes of its history.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from maillage.families.models import ContactRequest, Need, NeedEvent, RequestEvent

logger = logging.getLogger(__name__)

# Notes written by the platform itself, that name nobody.
KEPT_NOTES = ("", "Compte supprimé")


def requests_anonymise(*, requests: QuerySet[ContactRequest], now: dt.datetime) -> int:
    from maillage.families.models import RequestMessage, Visit

    ids = list(requests.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        RequestMessage.objects.filter(request_id__in=ids).delete()
        Visit.objects.filter(request_id__in=ids).update(place="", family_note="")
        RequestEvent.objects.filter(request_id__in=ids).exclude(note__in=KEPT_NOTES).update(note="")
        ContactRequest.objects.filter(pk__in=ids).update(anonymised_at=now)
    logger.info("anonymised %d contact requests", len(ids))
    return len(ids)


def needs_anonymise(*, needs: Iterable[Need], now: dt.datetime) -> int:
    count = 0
    with transaction.atomic():
        for need in needs:
            if need.anonymised_at is not None:
                continue
            Need.objects.filter(pk=need.pk).update(
                parent=None,
                family_email="",
                family_phone="",
                child_first_name="",
                child_birth_date=need.child_birth_date.replace(day=1),
                latitude=need.commune.latitude,
                longitude=need.commune.longitude,
                anonymised_at=now,
            )
            NeedEvent.objects.filter(need=need).exclude(note="").update(note="")
            requests_anonymise(requests=ContactRequest.objects.filter(need=need), now=now)
            count += 1
    if count:
        logger.info("anonymised %d needs", count)
    return count
