"""Action tracking ("Zoom"): the status, milestones, targets and notes of the SDSF key actions,
and the yearly revision that keeps the previous version readable."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.observatory import indicators
from maillage.observatory.enums import ActionStatus
from maillage.observatory.models import (
    KeyAction,
    KeyActionIndicator,
    KeyActionMilestone,
    KeyActionNote,
    KeyActionRevision,
)
from maillage.observatory.perms import can_edit_key_action

logger = logging.getLogger(__name__)


def _check(user: Any, key_action: KeyAction) -> None:
    if not can_edit_key_action(user, key_action):
        raise PermissionDenied(
            "Seuls le pilote, les partenaires de cette action et les chargés d'études du "
            "département peuvent la modifier."
        )


@transaction.atomic
def key_action_update(
    *,
    key_action: KeyAction,
    by: Any,
    status: str,
    progress: str,
    note: str = "",
    date: dt.date | None = None,
) -> KeyAction:
    """Change the status and progress; an optional dated note records what happened."""
    _check(by, key_action)
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choisissez un état de la liste."})
    before = key_action.status
    key_action.status = status
    key_action.progress = progress.strip()[:4000]
    key_action.save(update_fields=["status", "progress", "updated_at"])
    if note.strip():
        KeyActionNote.objects.create(
            key_action=key_action,
            date=date or timezone.localdate(),
            text=note.strip()[:4000],
            author=by,
        )
    logger.info(
        "key action %s: %s → %s by %s", key_action.pk, before, status, getattr(by, "pk", None)
    )
    return key_action


@transaction.atomic
def key_action_milestone_add(
    *, key_action: KeyAction, by: Any, label: str, due_on: dt.date
) -> KeyActionMilestone:
    _check(by, key_action)
    if not label.strip():
        raise ValidationError({"label": "Nommez le jalon."})
    return KeyActionMilestone.objects.create(
        key_action=key_action, label=label.strip()[:200], due_on=due_on
    )


@transaction.atomic
def key_action_milestone_done(
    *, milestone: KeyActionMilestone, by: Any, done_on: dt.date
) -> KeyActionMilestone:
    _check(by, milestone.key_action)
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def key_action_target_set(
    *, key_action: KeyAction, by: Any, indicator_key: str, target: Decimal
) -> KeyActionIndicator:
    _check(by, key_action)
    if indicator_key not in indicators.METRICS:
        raise ValidationError({"indicator_key": "Choisissez un indicateur de l'observatoire."})
    row, _ = KeyActionIndicator.objects.update_or_create(
        key_action=key_action, indicator_key=indicator_key, defaults={"target": target}
    )
    return row


def _snapshot(action: KeyAction) -> dict[str, Any]:
    return {
        "title": action.title,
        "pilot": action.pilot,
        "status": action.status,
        "status_label": action.get_status_display(),
        "progress": action.progress,
        "milestones": [
            {
                "label": m.label,
                "due_on": m.due_on.isoformat(),
                "done_on": m.done_on.isoformat() if m.done_on else None,
            }
            for m in action.milestones.all()
        ],
        "targets": {i.indicator_key: str(i.target) for i in action.indicators.all()},
        "notes": [{"date": n.date.isoformat(), "text": n.text} for n in action.notes.all()],
    }


@transaction.atomic
def zoom_revise_year(*, departement_code: str, year: int, by: Any) -> int:
    """Close plan year `year`: each key action's state is kept as that year's version (read
    only), and the action carries on into `year + 1`."""
    from maillage.observatory.perms import can_edit_action_of

    if not can_edit_action_of(by, departement_code):
        raise PermissionDenied("Seuls les chargés d'études du département révisent le plan.")
    actions = list(
        KeyAction.objects.filter(
            sheet__departement_id=departement_code, year=year
        ).prefetch_related("milestones", "indicators", "notes")
    )
    for action in actions:
        KeyActionRevision.objects.update_or_create(
            key_action=action, year=year, defaults={"data": _snapshot(action)}
        )
    KeyAction.objects.filter(pk__in=[a.pk for a in actions]).update(year=year + 1)
    logger.info(
        "zoom of %s revised for %s: %s actions by %s", departement_code, year, len(actions), by.pk
    )
    return len(actions)
