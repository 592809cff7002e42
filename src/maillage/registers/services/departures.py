"""Providers who left the register: listed for a territory administrator, who confirms."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from maillage.accounts.perms import can_manage_supply
from maillage.childcare.enums import RegisterStatus
from maillage.childcare.models import Childminder, Mam, Nursery

logger = logging.getLogger(__name__)

MODELS: dict[str, type[models.Model]] = {
    "childminder": Childminder,
    "nursery": Nursery,
    "mam": Mam,
}


def departures_pending(*, departements: list[str]) -> dict[str, Any]:
    """Providers marked "left" at the last import of these départements, by kind."""
    return {
        kind: model._default_manager.filter(  # type: ignore[attr-defined]
            register_status=RegisterStatus.LEFT, commune__departement_id__in=departements
        )
        .select_related("commune")
        .order_by("commune__name", "pk")
        for kind, model in MODELS.items()
    }


@transaction.atomic
def register_departure_decide(*, kind: str, pk: int, by: Any, confirm: bool) -> models.Model:
    """Confirm that a provider left the register (she leaves the families' results), or keep
    her listed (the import was wrong). Only for her département's administrator."""
    model = MODELS[kind]
    provider = (
        model._default_manager.select_for_update()  # type: ignore[attr-defined]
        .select_related("commune")
        .get(pk=pk, register_status=RegisterStatus.LEFT)
    )
    departement = provider.commune.departement_id
    if not can_manage_supply(by, departement):
        raise PermissionDenied("Ce mode d'accueil n'est pas dans votre territoire.")
    provider.register_status = RegisterStatus.REMOVED if confirm else RegisterStatus.LISTED
    if not confirm:
        provider.register_left_at = None
    provider.save(update_fields=["register_status", "register_left_at"])
    from maillage.families.engine_records import provider_index_bump_on_commit

    provider_index_bump_on_commit(departement)
    logger.info(
        "register departure %s %s %s by=%s", kind, pk, "confirmed" if confirm else "kept", by.pk
    )
    return provider
