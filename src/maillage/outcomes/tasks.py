"""Background tasks of the outcomes app (django.tasks backport)."""

from __future__ import annotations

from django_tasks import task

from maillage.outcomes.services import outcome_questionnaires_send


@task()
def send_outcome_questionnaires() -> int:
    """Email parents whose checkpoint is due; returns the number of emails sent."""
    return outcome_questionnaires_send()
