"""« Prévenez-moi quand une place se libère »: subscribe, unsubscribe, and the check that
sends one e-mail when a fitting place appears.

The check runs from `daily_jobs` (`send_place_alerts`) and, when a provider updates her
availability or places, from the task enqueued by `engine_records.provider_index_bump_on_commit`
(a service call, not a signal). An alert is spent by a conditional UPDATE (active → sent)
before its e-mail is queued: two checks running at once never send it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.families.enums import NeedStatus
from maillage.families.models import Need, PlaceAlert
from maillage.families.models_alerts import PlaceAlertStatus
from maillage.families.perms import can_edit_need
from maillage.families.services import InvalidTransition, TransitionNotPermitted

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)
A = PlaceAlertStatus


def alert_recipient(need: Need) -> str:
    if need.parent_id and need.parent and need.parent.email:
        return need.parent.email
    return need.family_email


def _fitting_keys(need: Need) -> set[str]:
    from maillage.families.engine_adapter import options_for_need

    return {option.key for option in options_for_need(need).options}


@transaction.atomic
def place_alert_subscribe(*, need: Need, by: User) -> PlaceAlert:
    """Subscribe the family of an open need (its parent or counsellor); idempotent."""
    if not can_edit_need(by, need):
        raise TransitionNotPermitted("Vous ne pouvez pas créer d'alerte pour ce besoin.")
    if need.status != NeedStatus.OPEN:
        raise InvalidTransition("Seul un besoin en recherche peut recevoir une alerte.")
    if not alert_recipient(need):
        raise InvalidTransition("Aucune adresse électronique pour prévenir la famille.")
    existing = PlaceAlert.objects.filter(need=need, status=A.ACTIVE).first()
    if existing is not None:
        return existing
    alert = PlaceAlert.objects.create(
        need=need, created_by=by, known_providers=sorted(_fitting_keys(need))
    )
    logger.info("place_alert_subscribe alert=%s need=%s by=%s", alert.pk, need.pk, by.pk)
    return alert


def place_alert_unsubscribe(*, token: str) -> PlaceAlert | None:
    """End the alert of this link (no login: the token is the proof); None if unknown."""
    alert = PlaceAlert.objects.filter(token=token).first()
    if alert is None:
        return None
    ended = PlaceAlert.objects.filter(pk=alert.pk, status=A.ACTIVE).update(
        status=A.UNSUBSCRIBED, ended_at=timezone.now()
    )
    if ended:
        logger.info("place_alert_unsubscribe alert=%s", alert.pk)
    alert.refresh_from_db()
    return alert


def place_alerts_check(*, departements: Iterable[str] | None = None) -> int:
    """Send the e-mail of every active alert whose need now has a fitting provider it did not
    have when she subscribed; alerts of needs no longer searching are closed. Returns the
    number of e-mails queued."""
    alerts = PlaceAlert.objects.filter(status=A.ACTIVE).select_related("need__parent")
    if departements is not None:
        alerts = alerts.filter(need__commune__departement_id__in=list(departements))
    now = timezone.now()
    sent = 0
    for alert in alerts.select_related("need__commune").order_by("pk"):
        need = alert.need
        if need.status != NeedStatus.OPEN:
            PlaceAlert.objects.filter(pk=alert.pk, status=A.ACTIVE).update(
                status=A.CLOSED, ended_at=now
            )
            continue
        new = _fitting_keys(need) - set(alert.known_providers)
        if not new:
            continue
        with transaction.atomic():
            claimed = PlaceAlert.objects.filter(pk=alert.pk, status=A.ACTIVE).update(
                status=A.SENT, notified_at=now, ended_at=now
            )
            if claimed:
                count = len(new)
                transaction.on_commit(lambda pk=alert.pk, n=count: send_place_alert(pk, n))
                sent += 1
    logger.info("place_alerts_check departements=%s sent=%s", departements, sent)
    return sent


def send_place_alert(alert_id: int, new_count: int) -> int:
    alert = PlaceAlert.objects.select_related("need__parent", "need__commune").get(pk=alert_id)
    recipient = alert_recipient(alert.need)
    if not recipient:
        return 0
    base = settings.MAILLAGE_BASE_URL.rstrip("/")
    unsubscribe = base + reverse("families:place_alert_unsubscribe", args=[alert.token])
    ctx = {
        "site_name": settings.MAILLAGE_SITE_NAME,
        "commune": alert.need.commune.name,
        "count": new_count,
        "results": base + reverse("families:need_results", kwargs={"pk": alert.need_id}),
        "unsubscribe": unsubscribe,
    }
    subject = render_to_string("families/emails/place_alert_subject.txt", ctx).strip()
    body = render_to_string("families/emails/place_alert.txt", ctx)
    message = EmailMessage(
        subject, body, None, [recipient], headers={"List-Unsubscribe": f"<{unsubscribe}>"}
    )
    return message.send()


def place_alerts_enqueue(departements: Iterable[str]) -> None:
    """A provider has just changed her availability or places (called after the commit):
    the alerts of these départements are checked in the task worker."""
    codes = sorted({c for c in departements if c})
    if (
        not codes
        or not PlaceAlert.objects.filter(
            status=A.ACTIVE, need__commune__departement_id__in=codes
        ).exists()
    ):
        return
    from maillage.families.tasks import check_place_alerts

    check_place_alerts.enqueue(departements=codes)
