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


@task()
def send_event_email(registration_id: int, kind: str) -> int:
    """Confirmation (or waiting list, or freed seat) email of an event registration."""
    from django.conf import settings
    from django.core.mail import send_mail

    from maillage.jobs.models import EventRegistration
    from maillage.jobs.services.registrations import event_email_body

    registration = (
        EventRegistration.objects.select_related("meeting__commune", "candidate__user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status == "cancelled":
        return 0
    subject, body = event_email_body(registration, kind)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.candidate.user.email])
    return 1


@task()
def send_event_reminders() -> int:
    """The reminder, the day before, to everyone registered (each one once)."""
    from django.conf import settings
    from django.core.mail import send_mail

    from maillage.jobs.services.registrations import event_email_body, event_reminders_due

    sent = 0
    for registration in event_reminders_due(now=timezone.now()):
        subject, body = event_email_body(registration, "reminder")
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.candidate.user.email])
        sent += 1
    return sent
