"""User-scoped querysets of the families domain."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from maillage.accounts.enums import Role
from maillage.families.enums import ContactRequestStatus, NeedStatus

if TYPE_CHECKING:
    from maillage.accounts.models import User

ACTIVE_STATUSES = (
    ContactRequestStatus.PENDING,
    ContactRequestStatus.ACCEPTED,
    ContactRequestStatus.DATE_PROPOSED,
)

# Roles that see the needs of a territory (their départements and communes).
TERRITORY_ROLES = (Role.COUNSELLOR, Role.ANALYST)


def territory_filter(user: User, prefix: str = "") -> models.Q:
    """Communes of the user's territory, as a Q on `<prefix>commune`.

    Written here rather than taken from `maillage.accounts` so that it works whatever that
    app provides; both express the same rule: whole départements plus single communes.
    """
    return models.Q(**{f"{prefix}commune__departement__in": user.territory_departements.all()}) | (
        models.Q(**{f"{prefix}commune__in": user.territory_communes.all()})
    )


class NeedQuerySet(models.QuerySet):
    def open(self) -> NeedQuerySet:
        return self.filter(status=NeedStatus.OPEN)

    def in_communes(self, communes: Any) -> NeedQuerySet:
        """Needs located in the given communes (a queryset or an iterable of communes/codes)."""
        return self.filter(commune__in=communes)

    def without_solution(self) -> NeedQuerySet:
        """Open needs with no confirmed place: the SDSF 'demandes sans solution'."""
        return self.open().exclude(contact_requests__status=ContactRequestStatus.CONFIRMED)

    def for_user(self, user: User) -> NeedQuerySet:
        """What a user may see: a parent her own needs, a counsellor her territory's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.role == Role.ADMIN:
            return self.all()
        if user.role in TERRITORY_ROLES:
            return self.filter(
                territory_filter(user) | models.Q(counsellor=user) | models.Q(created_by=user)
            ).distinct()
        return self.filter(parent=user)


class ContactRequestQuerySet(models.QuerySet):
    def active(self) -> ContactRequestQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def for_user(self, user: User) -> ContactRequestQuerySet:
        """Parents see their requests, providers the ones addressed to them, counsellors
        those of their territory."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.role == Role.ADMIN:
            return self.all()
        if user.role in TERRITORY_ROLES:
            return self.filter(
                territory_filter(user, "need__") | models.Q(need__counsellor=user)
            ).distinct()
        return self.filter(
            models.Q(need__parent=user)
            | models.Q(childminder__user=user)
            | models.Q(nursery__managers=user)
        ).distinct()
