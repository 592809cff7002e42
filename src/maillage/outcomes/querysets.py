"""User-scoped querysets of the outcomes app."""

from __future__ import annotations

from typing import Any

from django.db import models

from maillage.accounts.perms import is_admin
from maillage.accounts.querysets import scope_by_commune


class CheckpointQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> CheckpointQuerySet:
        """Admin: all. Counsellor/analyst: the needs of their territories, plus the needs a
        counsellor follows. Anybody else: none."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if is_admin(user):
            return self.all()
        scoped = scope_by_commune(self, user, "follow_up__need__commune").values("pk")
        return self.filter(models.Q(pk__in=scoped) | models.Q(follow_up__need__counsellor=user))

    def unanswered(self) -> CheckpointQuerySet:
        return self.filter(answered_at__isnull=True)

    def answered(self) -> CheckpointQuerySet:
        return self.filter(answered_at__isnull=False)
