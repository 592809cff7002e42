"""Employers: job offers, with the ROME code checked against the referential."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.core.schedule import EMPTY_WEEK
from maillage.jobs.enums import ContractType, OfferStatus, Qualification
from maillage.jobs.errors import JobsError
from maillage.jobs.models import JobOffer
from maillage.jobs.services.catalogue import rome_get

logger = logging.getLogger(__name__)


def job_offer_publish(
    *,
    employer: Any,
    rome_code: str,
    title: str,
    contract_type: str,
    hours_per_week: int,
    start_date: date,
    required_qualification: str = Qualification.CAP_AEPE,
    schedule: str = EMPTY_WEEK,
    description: str = "",
    published_by: Any = None,
    posts: int = 1,
) -> JobOffer:
    from maillage.childcare.models import Mam, Nursery

    rome = rome_get(rome_code)
    errors = []
    if not isinstance(employer, Nursery | Mam):
        errors.append("Une offre d'emploi est publiée par une crèche ou une MAM.")
    if contract_type not in ContractType.values:
        errors.append(f"Type de contrat inconnu : « {contract_type} ».")
    if required_qualification not in Qualification.values:
        errors.append(f"Diplôme inconnu : « {required_qualification} ».")
    if not 1 <= hours_per_week <= 48:
        errors.append("Le nombre d'heures par semaine doit être compris entre 1 et 48.")
    if not 1 <= posts <= 50:
        errors.append("Le nombre de postes à pourvoir doit être compris entre 1 et 50.")
    if errors:
        raise JobsError(errors)
    with transaction.atomic():
        offer = JobOffer.objects.create(
            posts=posts,
            nursery=employer if isinstance(employer, Nursery) else None,
            mam=employer if isinstance(employer, Mam) else None,
            rome=rome,
            title=title.strip() or rome.label,
            description=description,
            required_qualification=required_qualification,
            contract_type=contract_type,
            hours_per_week=hours_per_week,
            schedule=schedule,
            start_date=start_date,
            commune=employer.commune,
            latitude=employer.latitude,
            longitude=employer.longitude,
            status=OfferStatus.PUBLISHED,
            published_by=published_by,
            published_at=timezone.now(),
        )
    logger.info("job offer %s published (%s)", offer.pk, rome.code)
    return offer


def job_offer_close(*, offer: JobOffer) -> JobOffer:
    if offer.status == OfferStatus.CLOSED:
        raise JobsError("Cette offre est déjà clôturée.")
    with transaction.atomic():
        offer.status = OfferStatus.CLOSED
        offer.closed_at = timezone.now()
        offer.save(update_fields=["status", "closed_at"])
    logger.info("job offer %s closed", offer.pk)
    return offer
