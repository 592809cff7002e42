"""What providers choose to show on their public page (the name shown, the project...)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from maillage.childcare.models import Childminder, Nursery

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)

CHILDMINDER_PUBLIC_FIELDS = (
    "display_name",
    "languages",
    "has_garden",
    "has_pets",
    "pets",
    "disability_experience",
)


@transaction.atomic
def childminder_public_page_save(
    *, childminder: Childminder, by: User, data: dict[str, Any]
) -> Childminder:
    """Saves what her public page shows; a MAM member may also write the MAM's project. The
    name shown is in the families' options: her département's index is rebuilt."""
    from maillage.families.engine_records import provider_index_bump_on_commit

    for name in CHILDMINDER_PUBLIC_FIELDS:
        if name in data:
            setattr(childminder, name, data[name])
    if not childminder.has_pets:
        childminder.pets = ""
    childminder.public_updated_at = timezone.now()
    childminder.save(update_fields=[*CHILDMINDER_PUBLIC_FIELDS, "public_updated_at"])
    if childminder.mam_id and "mam_project" in data:
        childminder.mam.project = data["mam_project"]
        childminder.mam.save(update_fields=["project"])
    provider_index_bump_on_commit(childminder.commune.departement_id)
    logger.info("childminder_public_page_save childminder=%s by=%s", childminder.pk, by.pk)
    return childminder


@transaction.atomic
def nursery_public_page_save(*, nursery: Nursery, by: User, project: str) -> Nursery:
    nursery.project = project
    nursery.save(update_fields=["project"])
    logger.info("nursery_public_page_save nursery=%s by=%s", nursery.pk, by.pk)
    return nursery
