"""The PMI inspection plan: plan a visit, record it carried out (territory staff only)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.observatory.models import InspectionVisit

logger = logging.getLogger(__name__)


def can_manage_inspections(user: Any, departement_code: str) -> bool:
    from maillage.accounts.perms import can_manage_supply
    from maillage.observatory.perms import can_edit_action_of

    return can_manage_supply(user, departement_code) or can_edit_action_of(user, departement_code)


@transaction.atomic
def inspection_plan(*, nursery: Any, planned_on: dt.date, by: Any) -> InspectionVisit:
    if not can_manage_inspections(by, nursery.commune.departement_id):
        raise PermissionDenied(
            "Le plan de contrôle est tenu par la PMI et les agents du territoire."
        )
    if planned_on.year < timezone.localdate().year - 1:
        raise ValidationError("Une visite se planifie pour cette année ou l'année suivante.")
    visit = InspectionVisit.objects.create(nursery=nursery, planned_on=planned_on, recorded_by=by)
    logger.info("inspection %s planned for nursery %s on %s", visit.pk, nursery.pk, planned_on)
    return visit


@transaction.atomic
def inspection_done(*, visit: InspectionVisit, done_on: dt.date, by: Any) -> InspectionVisit:
    if not can_manage_inspections(by, visit.nursery.commune.departement_id):
        raise PermissionDenied(
            "Le plan de contrôle est tenu par la PMI et les agents du territoire."
        )
    if done_on > timezone.localdate():
        raise ValidationError("Une visite ne peut pas être réalisée dans le futur.")
    visit.done_on = done_on
    visit.save(update_fields=["done_on"])
    logger.info("inspection %s done on %s", visit.pk, done_on)
    return visit
