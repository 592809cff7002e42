"""No over-assignment, ever: the confirmation check that re-counts a provider's places.

`reserve_place` is registered in `services.CONFIRMATION_CHECKS`; it runs inside the
confirmation's transaction, after the request row is locked:

1. serialise every confirmation for the same provider on a `ProviderLock` row (an UPDATE with
   F(): a row lock on PostgreSQL; SQLite already serialises writers with BEGIN IMMEDIATE);
2. lock the need (two requests of one need cannot both be confirmed);
3. recount the provider's occupancy at every half hour: children in care (childminder) or
   places taken (crèche section), plus confirmed requests not yet materialised;
4. refuse with a French message if the need no longer fits, otherwise materialise the place
   (a `ChildInCare` row, or `places_taken + 1` by a conditional UPDATE whose row count is
   checked).
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from maillage.childcare.capacity import free_places
from maillage.childcare.models import ChildInCare, Childminder, NurseryAgeGroup
from maillage.families.enums import ContactRequestStatus, NeedStatus
from maillage.families.models import ContactRequest, Need, ProviderLock

if TYPE_CHECKING:
    import datetime as dt

logger = logging.getLogger(__name__)

CHILDMINDER_FULL = (
    "Cette place n'est plus disponible : l'assistante maternelle n'a plus de place libre à "
    "tous les horaires demandés. La demande n'a pas été confirmée ; choisissez une autre option."
)
NURSERY_FULL = (
    "Cette place n'est plus disponible : la crèche n'a plus de place libre pour un enfant de "
    "cet âge. La demande n'a pas été confirmée ; choisissez une autre option."
)
NEED_NOT_OPEN = "Ce besoin n'est plus en recherche : une place a déjà été confirmée."


def provider_key(request: ContactRequest) -> str:
    from maillage.families.engine_adapter import provider_key_of

    return provider_key_of(childminder_id=request.childminder_id, nursery_id=request.nursery_id)


def lock_provider(key: str) -> None:
    ProviderLock.objects.bulk_create([ProviderLock(provider_key=key)], ignore_conflicts=True)
    ProviderLock.objects.filter(provider_key=key).update(version=F("version") + 1)


def _age(birth: dt.date, on: dt.date) -> int:
    from maillage.families.engine_adapter import age_in_months

    return age_in_months(birth, on)


def _pending(request: ContactRequest, **provider: int) -> list[ContactRequest]:
    """Confirmed requests of this provider whose place is not yet written."""
    return list(
        ContactRequest.objects.filter(
            status=ContactRequestStatus.CONFIRMED, place_materialised_at__isnull=True, **provider
        )
        .exclude(pk=request.pk)
        .select_related("need")
    )


def reserve_place(request: ContactRequest) -> None:
    """The confirmation check: raises InvalidTransition (French) or materialises the place."""
    from maillage.families.services import InvalidTransition

    lock_provider(provider_key(request))
    need = Need.objects.select_for_update().get(pk=request.need_id)
    if need.status != NeedStatus.OPEN:
        raise InvalidTransition(NEED_NOT_OPEN)
    start = request.proposed_start_date or need.start_date
    age = _age(need.child_birth_date, start)
    if request.childminder_id:
        _reserve_childminder(request, need, start, age)
    else:
        _reserve_nursery(request, age, start)
    request.place_materialised_at = timezone.now()
    dep = need.commune.departement_id if need.commune_id else ""
    transaction.on_commit(lambda: _bump(dep, request))
    logger.info("reserve_place request=%s provider=%s", request.pk, provider_key(request))


def _bump(need_dep: str, request: ContactRequest) -> None:
    from maillage.families.engine_adapter import provider_index_bump

    provider = request.childminder or request.nursery
    commune = getattr(provider, "commune", None)
    provider_index_bump({need_dep, getattr(commune, "departement_id", "")} - {""})


def _reserve_childminder(request: ContactRequest, need: Need, start: dt.date, age: int) -> None:
    from maillage.families.services import InvalidTransition

    cm = Childminder.objects.get(pk=request.childminder_id)
    children: list[object] = list(ChildInCare.objects.filter(childminder=cm))
    for other in _pending(request, childminder_id=cm.pk):
        children.append(
            SimpleNamespace(
                schedule=other.need.schedule,
                age_months=_age(other.need.child_birth_date, start),
                leaves_on=None,
            )
        )
    free = free_places(cm, start, children=children, schedule=need.schedule, child_age_months=age)  # type: ignore[arg-type]
    if free <= 0:
        raise InvalidTransition(CHILDMINDER_FULL)
    ChildInCare.objects.create(childminder=cm, age_months=age, schedule=need.schedule)


def _reserve_nursery(request: ContactRequest, age: int, start: dt.date) -> None:
    from maillage.families.services import InvalidTransition

    pending = _pending(request, nursery_id=request.nursery_id)
    groups = NurseryAgeGroup.objects.filter(
        nursery_id=request.nursery_id, min_age_months__lte=age, max_age_months__gt=age
    ).order_by("min_age_months", "pk")
    for group in groups:
        held = sum(
            1
            for other in pending
            if group.min_age_months
            <= _age(other.need.child_birth_date, start)
            < group.max_age_months
        )
        updated = NurseryAgeGroup.objects.filter(
            pk=group.pk, places_taken__lt=F("places") - held
        ).update(places_taken=F("places_taken") + 1)
        if updated == 1:
            return
    raise InvalidTransition(NURSERY_FULL)
