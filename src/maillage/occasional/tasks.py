"""Background tasks of occasional care (django.tasks backport)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from maillage.occasional.enums import OccasionalRequestStatus
from maillage.occasional.models import OccasionalRequest
from maillage.occasional.services import occasional_request_propose


@task()
def propose_open_requests() -> int:
    """Send still-open requests to providers who declared a fitting slot since; returns the
    number of new proposals."""
    today = timezone.localdate()
    pending = OccasionalRequest.objects.filter(
        status__in=[OccasionalRequestStatus.OPEN, OccasionalRequestStatus.PARTIAL],
        days__date__gte=today,
    ).distinct()
    return sum(len(occasional_request_propose(request=r, today=today)) for r in pending)
