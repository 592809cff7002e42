"""Background tasks of the jobs app (django.tasks backport)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from maillage.jobs.models import SubstituteRequest
from maillage.jobs.services.waves import schedule_next_wave, substitute_next_wave


@task()
def notify_next_substitute_wave(request_id: int) -> int:
    """If the request is still unfilled after the delay, notify the next ranked members."""
    request = SubstituteRequest.objects.filter(pk=request_id).first()
    if request is None:
        return 0
    sent = substitute_next_wave(request=request, now=timezone.now())
    if sent:
        schedule_next_wave(request=request)
    return len(sent)
