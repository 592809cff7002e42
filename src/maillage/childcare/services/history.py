"""Recording the history of the supply (called by the services that change places)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from maillage.childcare.models_history import PlaceChange, SupplySource

logger = logging.getLogger(__name__)


def place_change_record(
    *,
    commune_id: str,
    provider_kind: str,
    provider_id: int,
    before: int,
    after: int,
    source: str = SupplySource.EDIT,
    at: dt.datetime | None = None,
) -> PlaceChange | None:
    """One dated line when a provider's authorised places change (nothing when they don't)."""
    delta = after - before
    if delta == 0:
        return None
    change = PlaceChange.objects.create(
        at=at or timezone.now(),
        commune_id=commune_id,
        provider_kind=provider_kind,
        provider_id=provider_id,
        delta=delta,
        source=source,
    )
    logger.info("place change %s %s: %+d places (%s)", provider_kind, provider_id, delta, source)
    return change
