"""Reminders to childminders whose declared availability has gone stale."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.childcare.models import Childminder
from maillage.childcare.policy import get_policy

logger = logging.getLogger(__name__)


def availability_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Email every visible childminder whose availability is stale and who was not reminded
    in the last `reminder_every_days`. The email names no child. Returns the number sent."""
    now = now or timezone.now()
    policy = get_policy()
    recently = now - dt.timedelta(days=policy.reminder_every_days)
    due = (
        Childminder.objects.visible(timezone.localdate(now))
        .stale(now)
        .filter(
            models.Q(availability_reminded_at__isnull=True)
            | models.Q(availability_reminded_at__lt=recently)
        )
        .select_related("user")
        .order_by("pk")
    )
    link = getattr(settings, "MAILLAGE_BASE_URL", "").rstrip("/") + reverse(
        "childcare:availability"
    )
    sent = 0
    for childminder in due:
        context = {
            "name": childminder.user.display_name,
            "updated_at": childminder.availability_updated_at,
            "link": link,
            "site_name": getattr(settings, "MAILLAGE_SITE_NAME", "Maillage"),
            "stale_days": policy.availability_stale_days,
        }
        subject = render_to_string("childcare/emails/availability_reminder_subject.txt", context)
        body = render_to_string("childcare/emails/availability_reminder.txt", context)
        send_mail(subject.strip(), body, None, [childminder.user.email])
        Childminder.objects.filter(pk=childminder.pk).update(availability_reminded_at=now)
        sent += 1
    logger.info("availability_reminders_send sent=%s", sent)
    return sent
