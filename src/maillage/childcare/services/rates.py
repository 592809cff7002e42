"""A childminder's prices (for the families' cost estimates)."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.childcare.models import Childminder, ChildminderRate

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)


def childminder_rate_update(
    *,
    user: User,
    hourly_wage: Decimal,
    maintenance_per_day: Decimal,
    meal_per_day: Decimal,
) -> ChildminderRate:
    childminder = Childminder.objects.filter(user=user).first()
    if childminder is None:
        raise ValidationError("Complétez d'abord votre profil d'assistante maternelle.")
    with transaction.atomic():
        rate, _ = ChildminderRate.objects.update_or_create(
            childminder=childminder,
            defaults={
                "hourly_wage": hourly_wage,
                "maintenance_per_day": maintenance_per_day,
                "meal_per_day": meal_per_day,
            },
        )
        # The providers' index keeps the prices for the cost estimates.
        from maillage.families.engine_records import provider_index_bump_on_commit

        provider_index_bump_on_commit(childminder.commune.departement_id)
    logger.info("childminder_rate_update childminder=%s", childminder.pk)
    return rate
