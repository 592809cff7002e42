""" "Prestataires de mon territoire": providers of the administrator's départements with the
status of their latest invitation (non invité, invité, relancé, ouvert, réclamé)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from maillage.childcare.models import Childminder, Nursery
from maillage.onboarding.enums import InvitationKind, ProviderStatus, ProviderType
from maillage.onboarding.models import Invitation
from maillage.onboarding.querysets import in_managed_territory, managed_departement_codes
from maillage.territory.models import Departement


@dataclass(frozen=True)
class ProviderRow:
    kind: str
    pk: int
    name: str
    reference: str
    commune: str
    status: str
    status_label: str
    invited_at: dt.datetime | None
    opened_at: dt.datetime | None
    reminded_at: dt.datetime | None
    claimed_at: dt.datetime | None
    offered: bool
    has_email: bool


def territory_departements(user: Any) -> list[tuple[str, str]]:
    codes = managed_departement_codes(user)
    qs = Departement.objects.order_by("code")
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return [(d.code, f"{d.code} — {d.name}") for d in qs]


def _annotated(qs: QuerySet, field: str) -> QuerySet:
    latest = Invitation.objects.filter(kind=InvitationKind.PROVIDER, **{field: OuterRef("pk")})
    latest = latest.order_by("-invited_at", "-pk")
    return qs.annotate(
        inv_at=Subquery(latest.values("invited_at")[:1]),
        inv_opened=Subquery(latest.values("opened_at")[:1]),
        inv_reminded=Subquery(latest.values("reminded_at")[:1]),
    )


STATUS_FILTERS: dict[str, Q] = {
    ProviderStatus.CLAIMED: Q(claimed_at__isnull=False),
    ProviderStatus.NOT_INVITED: Q(claimed_at__isnull=True, inv_at__isnull=True),
    ProviderStatus.OPENED: Q(claimed_at__isnull=True, inv_opened__isnull=False),
    ProviderStatus.REMINDED: Q(
        claimed_at__isnull=True, inv_opened__isnull=True, inv_reminded__isnull=False
    ),
    ProviderStatus.INVITED: Q(
        claimed_at__isnull=True,
        inv_at__isnull=False,
        inv_opened__isnull=True,
        inv_reminded__isnull=True,
    ),
}


def status_of(claimed_at: Any, inv_at: Any, opened: Any, reminded: Any) -> str:
    if claimed_at is not None:
        return ProviderStatus.CLAIMED
    if inv_at is None:
        return ProviderStatus.NOT_INVITED
    if opened is not None:
        return ProviderStatus.OPENED
    if reminded is not None:
        return ProviderStatus.REMINDED
    return ProviderStatus.INVITED


def status_counts(user: Any, *, kind: str, departement: str = "") -> list[tuple[str, int]]:
    """How many providers of the territory stand at each step (non invité … réclamé)."""
    qs, _ = provider_page(user, kind=kind, filters={"departement": departement})
    return [
        (str(label), qs.filter(STATUS_FILTERS[value]).count())
        for value, label in ProviderStatus.choices
    ]


def provider_page(
    user: Any, *, kind: str, filters: dict[str, Any]
) -> tuple[QuerySet, Callable[[Iterable[Any]], list[ProviderRow]]]:
    """The filtered, ordered queryset of one kind of provider, and the function turning one
    page of it into rows."""
    if kind == ProviderType.NURSERY:
        qs = _annotated(in_managed_territory(Nursery.objects.all(), user), "nursery")
        qs = qs.select_related("commune").prefetch_related("managers")
        search = ("name__icontains", "siret__startswith", "commune__name__icontains")
    else:
        qs = _annotated(in_managed_territory(Childminder.objects.all(), user), "childminder")
        qs = qs.select_related("commune", "user")
        search = (
            "user__last_name__icontains",
            "user__first_name__icontains",
            "agrement_number__icontains",
            "commune__name__icontains",
        )
    if filters.get("departement"):
        qs = qs.filter(commune__departement_id=filters["departement"])
    if filters.get("status") in STATUS_FILTERS:
        qs = qs.filter(STATUS_FILTERS[filters["status"]])
    if term := (filters.get("q") or "").strip():
        condition = Q()
        for lookup in search:
            condition |= Q(**{lookup: term})
        qs = qs.filter(condition)
    qs = qs.order_by("commune__name", "pk")

    def rows(objects: Iterable[Any]) -> list[ProviderRow]:
        result = []
        for obj in objects:
            status = status_of(obj.claimed_at, obj.inv_at, obj.inv_opened, obj.inv_reminded)
            if isinstance(obj, Nursery):
                name, reference = obj.name, obj.siret or "SIRET inconnu"
                offered = obj.is_offered
                has_email = any(m.email for m in obj.managers.all())
            else:
                name = obj.user.get_full_name() or obj.user.email
                reference = obj.agrement_number or "—"
                offered = obj.claimed_at is not None and obj.user.is_active
                has_email = bool(obj.user.email)
            result.append(
                ProviderRow(
                    kind=kind,
                    pk=obj.pk,
                    name=name,
                    reference=reference,
                    commune=obj.commune.name,
                    status=status,
                    status_label=str(ProviderStatus(status).label),
                    invited_at=obj.inv_at,
                    opened_at=obj.inv_opened,
                    reminded_at=obj.inv_reminded,
                    claimed_at=obj.claimed_at,
                    offered=offered,
                    has_email=has_email,
                )
            )
        return result

    return qs, rows
