"""No over-assignment, ever: the confirmation check that re-counts a provider's places.

`reserve_place` is registered in `services.CONFIRMATION_CHECKS`; it runs inside the
confirmation's transaction, after the request row is locked:

1. serialise every confirmation for the same provider on a `ProviderLock` row (an UPDATE with
   F(): a row lock on PostgreSQL; SQLite already serialises writers with BEGIN IMMEDIATE);
2. lock the need (two requests of one need cannot both be confirmed);
3. recount the provider's occupancy at every half hour: children in care (childminder) or
   places taken (crèche section), plus confirmed requests not yet materialised and places held
   for another family's visit until the hold expires (`PlaceHold`; `hold_check` runs the same
   recount before a hold is granted);
4. refuse with a French message if the need no longer fits, otherwise materialise the place
   (a `ChildInCare` row, or `places_taken + 1` by a conditional UPDATE whose row count is
   checked).
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from maillage.childcare.capacity import free_places
from maillage.childcare.models import ChildInCare, Childminder, NurseryAgeGroup
from maillage.families.enums import ContactRequestStatus, NeedStatus
from maillage.families.models import ContactRequest, Need, ProviderLock
from maillage.families.querysets import ACTIVE_STATUSES

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
HOLD_CHILDMINDER_FULL = (
    "Impossible de retenir la place : vous n'avez plus de place libre à tous les horaires "
    "demandés (places déjà confirmées ou retenues pour d'autres familles comprises)."
)
HOLD_NURSERY_FULL = (
    "Impossible de retenir la place : la crèche n'a plus de place libre pour un enfant de cet "
    "âge (places déjà confirmées ou retenues pour d'autres familles comprises)."
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
    """Requests of this provider that use a place not yet written: confirmed ones not yet
    materialised, and accepted ones holding a place for their visit (until it expires)."""
    now = timezone.now()
    holding = Q(
        status__in=ACTIVE_STATUSES,
        holds__released_at__isnull=True,
        holds__expires_at__gt=now,
    )
    confirmed = Q(status=ContactRequestStatus.CONFIRMED, place_materialised_at__isnull=True)
    return list(
        ContactRequest.objects.filter(confirmed | holding, **provider)
        .exclude(pk=request.pk)
        .select_related("need")
        .distinct()
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


def hold_check(request: ContactRequest) -> None:
    """Before a place is held for a visit: the same recount as a confirmation (under the
    provider's lock), without writing the place; raises InvalidTransition (French)."""
    from maillage.families.services import InvalidTransition

    lock_provider(provider_key(request))
    need = Need.objects.get(pk=request.need_id)
    start = request.proposed_start_date or need.start_date
    age = _age(need.child_birth_date, start)
    if request.childminder_id:
        if _childminder_free(request, need, start, age) <= 0:
            raise InvalidTransition(HOLD_CHILDMINDER_FULL)
    elif not _nursery_room(request, age, start):
        raise InvalidTransition(HOLD_NURSERY_FULL)


def _childminder_free(request: ContactRequest, need: Need, start: dt.date, age: int) -> int:
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
    return free_places(cm, start, children=children, schedule=need.schedule, child_age_months=age)  # type: ignore[arg-type]


def _nursery_room(request: ContactRequest, age: int, start: dt.date) -> bool:
    pending = _pending(request, nursery_id=request.nursery_id)
    groups = NurseryAgeGroup.objects.filter(
        nursery_id=request.nursery_id, min_age_months__lte=age, max_age_months__gt=age
    )
    for group in groups:
        held = sum(
            1
            for other in pending
            if group.min_age_months
            <= _age(other.need.child_birth_date, start)
            < group.max_age_months
        )
        if group.places_taken < group.places - held:
            return True
    return False


def _reserve_childminder(request: ContactRequest, need: Need, start: dt.date, age: int) -> None:
    from maillage.families.services import InvalidTransition

    if _childminder_free(request, need, start, age) <= 0:
        raise InvalidTransition(CHILDMINDER_FULL)
    ChildInCare.objects.create(
        childminder_id=request.childminder_id, age_months=age, schedule=need.schedule
    )


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
