"""Invitations and providers seen by a territory administrator: her départements only."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from maillage.accounts.models import User


class InvitationQuerySet(models.QuerySet):
    def usable(self, now: dt.datetime) -> InvitationQuerySet:
        return self.filter(claimed_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)

    def due_for_reminder(self, now: dt.datetime, after_days: int) -> InvitationQuerySet:
        """Provider invitations sent `after_days` ago, neither claimed nor reminded yet."""
        from maillage.onboarding.enums import InvitationKind

        return self.usable(now).filter(
            kind=InvitationKind.PROVIDER,
            reminded_at__isnull=True,
            invited_at__lte=now - dt.timedelta(days=after_days),
        )


def managed_departement_codes(user: User) -> list[str] | None:
    """The départements whose supply `user` manages; None means all (platform admin)."""
    from maillage.accounts.perms import is_admin, is_territory_admin

    if is_admin(user):
        return None
    if not is_territory_admin(user):
        return []
    return list(user.territory_departements.values_list("code", flat=True))


def in_managed_territory(queryset: Any, user: User) -> Any:
    """Childminders or nurseries located in the départements `user` manages."""
    codes = managed_departement_codes(user)
    if codes is None:
        return queryset
    return queryset.filter(commune__departement_id__in=codes)
