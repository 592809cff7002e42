"""User-scoped querysets of occasional care."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from maillage.accounts.perms import is_admin, is_counsellor
from maillage.accounts.querysets import scope_by_commune


class OccasionalRequestQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> OccasionalRequestQuerySet:
        """A parent her own requests; a counsellor those of her territory or that she
        recorded; an admin all; anybody else none (providers go through proposals)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if is_admin(user):
            return self.all()
        if is_counsellor(user):
            scoped = scope_by_commune(self, user, "commune").values("pk")
            return self.filter(
                models.Q(pk__in=scoped) | models.Q(counsellor=user) | models.Q(created_by=user)
            )
        return self.filter(parent=user)


class OccasionalSlotQuerySet(models.QuerySet):
    def of_provider(self, user: Any) -> OccasionalSlotQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            models.Q(childminder__user=user) | models.Q(nursery__managers=user)
        ).distinct()

    def with_free_place(self) -> OccasionalSlotQuerySet:
        return self.filter(places_taken__lt=models.F("places"))

    def upcoming(self, today: dt.date) -> OccasionalSlotQuerySet:
        return self.filter(date__gte=today)


class ProposalQuerySet(models.QuerySet):
    def for_provider(self, user: Any) -> ProposalQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            models.Q(childminder__user=user) | models.Q(nursery__managers=user)
        ).distinct()
