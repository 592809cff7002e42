"""Record that a professional opened families' files (called by the views that show them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from maillage.accounts.perms import user_roles
from maillage.privacy.enums import AccessContext
from maillage.privacy.models import FileAccess

# The same person reopening the same file on the same screen within this delay is one visit
# (a page polled by htmx, a reload).
SAME_VISIT = dt.timedelta(minutes=30)


def _role_label(user: Any) -> str:
    from maillage.accounts.enums import Role

    if getattr(user, "is_superuser", False):
        return str(Role.ADMIN.label)
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(r, r)) for r in user_roles(user))


def record_file_access(*, viewer: Any, needs: Iterable[Any], context: AccessContext) -> int:
    """One log line per need shown to `viewer`, unless she is the family herself."""
    now = timezone.now()
    needs = [n for n in needs if n.parent_id != viewer.pk]
    if not needs:
        return 0
    recent = set(
        FileAccess.objects.filter(
            viewer=viewer,
            context=context,
            need_id__in=[n.pk for n in needs],
            at__gte=now - SAME_VISIT,
        ).values_list("need_id", flat=True)
    )
    name = viewer.get_full_name().strip() or viewer.email
    role = _role_label(viewer)
    rows = [
        FileAccess(
            viewer=viewer,
            viewer_name=name[:150],
            viewer_role=role[:100],
            family_id=n.parent_id,
            need_id=n.pk,
            context=context,
            at=now,
        )
        for n in needs
        if n.pk not in recent
    ]
    FileAccess.objects.bulk_create(rows)
    return len(rows)
