"""Background tasks of the childcare app (django.tasks backport)."""

from __future__ import annotations

from django_tasks import task

from maillage.childcare.services.reminders import availability_reminders_send


@task()
def send_availability_reminders() -> int:
    """Remind childminders whose availability is stale; returns the number of emails sent."""
    return availability_reminders_send()
