"""Background tasks of the childcare app (django.tasks backport)."""

from __future__ import annotations

from django_tasks import task

from maillage.childcare.services.reminders import availability_reminders_send


@task()
def send_availability_reminders() -> int:
    """Remind childminders whose availability is stale; returns the number of emails sent."""
    return availability_reminders_send()


@task()
def compute_commission(commission_id: int) -> int:
    """Run the engine for a large commission; returns the number of proposals written."""
    from maillage.childcare.models import Commission
    from maillage.childcare.services.commission import (
        commission_compute,
        commission_notify_computed,
    )

    commission = Commission.objects.filter(pk=commission_id).first()
    if commission is None:
        return 0
    commission = commission_compute(commission=commission)
    commission_notify_computed(commission=commission)
    return commission.proposals.count()


@task()
def send_commission_offers(commission_id: int) -> int:
    """Send the offers of a validated commission; returns the number of families offered a
    place. Resumes where an interrupted run stopped."""
    from maillage.childcare.services.commission import commission_offers_send

    return commission_offers_send(commission_id=commission_id).offers_sent
