"""Automatic waves of substitute notifications.

The manager sends the first wave (the best ranked pool members). If the request is still not
filled ``MAILLAGE_SUBSTITUTE_WAVE_MINUTES`` minutes (default 30) after the last wave, the next
ranked members are notified. With a task backend that can defer (the database backend), the
next wave is enqueued with ``run_after``; otherwise the cron command
``expire_substitute_requests --waves`` sends the waves that are due.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maillage.jobs.enums import SubstituteRequestStatus
from maillage.jobs.models import SubstituteNotification, SubstituteRequest
from maillage.jobs.services.substitutes import substitute_request_notify

logger = logging.getLogger(__name__)

WAVE_STATUSES = (SubstituteRequestStatus.OPEN, SubstituteRequestStatus.PARTIALLY_FILLED)


def wave_minutes() -> int:
    return int(getattr(settings, "MAILLAGE_SUBSTITUTE_WAVE_MINUTES", 30))


def substitute_wave_due(*, request: SubstituteRequest, now: datetime) -> bool:
    """Still unfilled, not over, a first wave sent and the last one older than the delay."""
    if request.status not in WAVE_STATUSES or request.end_date < timezone.localdate(now):
        return False
    last = request.notifications.aggregate(last=Max("notified_at"))["last"]
    return last is not None and last <= now - timedelta(minutes=wave_minutes())


def substitute_next_wave(*, request: SubstituteRequest, now: datetime) -> list[Any]:
    """Notify the next ranked pool members if the wave is due (else nothing)."""
    request = SubstituteRequest.objects.select_related("nursery__commune").get(pk=request.pk)
    if not substitute_wave_due(request=request, now=now):
        return []
    sent = substitute_request_notify(request=request, today=timezone.localdate(now))
    logger.info("substitute request %s: wave of %s", request.pk, len(sent))
    return sent


def schedule_next_wave(*, request: SubstituteRequest, now: datetime | None = None) -> bool:
    """Enqueue the next wave after the delay, when the task backend can defer a task."""
    from maillage.jobs.tasks import notify_next_substitute_wave

    if not notify_next_substitute_wave.get_backend().supports_defer:
        logger.info("substitute request %s: next wave left to the cron command", request.pk)
        return False
    run_after = (now or timezone.now()) + timedelta(minutes=wave_minutes(), seconds=5)
    request_id = request.pk
    transaction.on_commit(
        lambda: notify_next_substitute_wave.using(run_after=run_after).enqueue(request_id)
    )
    return True


def substitute_wave_start(*, request: SubstituteRequest, now: datetime) -> list[Any]:
    """The manager's first wave, then the next one scheduled."""
    sent = substitute_request_notify(request=request, today=timezone.localdate(now))
    if sent:
        schedule_next_wave(request=request, now=now)
    return sent


def substitute_waves_run(*, now: datetime) -> int:
    """Send every wave that is due (cron); returns the number of people notified."""
    ids = (
        SubstituteNotification.objects.filter(request__status__in=WAVE_STATUSES)
        .values_list("request_id", flat=True)
        .distinct()
    )
    total = 0
    for request in SubstituteRequest.objects.filter(pk__in=list(ids)):
        total += len(substitute_next_wave(request=request, now=now))
    return total
