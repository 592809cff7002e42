"""Catalogue services: immersions (PMSMP) in crèches and MAM, information meetings."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from django.db import transaction

from maillage.jobs.enums import MeetingKind
from maillage.jobs.errors import JobsError
from maillage.jobs.models import ImmersionOffer, InfoMeeting

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- immersions and meetings


def immersion_offer_create(
    *,
    host: Any,
    title: str,
    start_date: date,
    end_date: date,
    days: int = 5,
    seats: int = 1,
    description: str = "",
    published_by: Any = None,
) -> ImmersionOffer:
    from maillage.childcare.models import Mam, Nursery

    errors = []
    if end_date < start_date:
        errors.append("L'immersion ne peut pas se terminer avant de commencer.")
    if seats <= 0:
        errors.append("Le nombre de places doit être d'au moins 1.")
    if not isinstance(host, Nursery | Mam):
        errors.append("Une immersion est proposée par une crèche ou une MAM.")
    if errors:
        raise JobsError(errors)
    with transaction.atomic():
        offer = ImmersionOffer.objects.create(
            nursery=host if isinstance(host, Nursery) else None,
            mam=host if isinstance(host, Mam) else None,
            title=title,
            description=description,
            commune=host.commune,
            latitude=host.latitude,
            longitude=host.longitude,
            start_date=start_date,
            end_date=end_date,
            days=days,
            seats=seats,
            published_by=published_by,
        )
    logger.info("immersion offer %s created", offer.pk)
    return offer


def info_meeting_create(
    *,
    kind: str,
    title: str,
    organiser: str,
    commune: Any,
    starts_at: datetime,
    seats: int = 20,
    online: bool = False,
    address: str = "",
    path_template: Any = None,
    duration_hours: Any = 2,
    created_by: Any = None,
) -> InfoMeeting:
    errors = []
    if kind not in MeetingKind.values:
        errors.append(f"Type de réunion inconnu : « {kind} ».")
    if not title.strip():
        errors.append("L'intitulé de la réunion est obligatoire.")
    if seats <= 0:
        errors.append("Le nombre de places doit être d'au moins 1.")
    if not duration_hours or duration_hours <= 0:
        errors.append("La durée de la réunion doit être positive.")
    if errors:
        raise JobsError(errors)
    with transaction.atomic():
        meeting = InfoMeeting.objects.create(
            kind=kind,
            title=title,
            organiser=organiser,
            commune=commune,
            latitude=commune.latitude,
            longitude=commune.longitude,
            starts_at=starts_at,
            seats=seats,
            online=online,
            address=address,
            path_template=path_template,
            duration_hours=duration_hours,
            created_by=created_by,
        )
    logger.info("info meeting %s created", meeting.pk)
    return meeting
