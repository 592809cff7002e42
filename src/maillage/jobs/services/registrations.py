"""Event registrations: seats and a waiting list, attendance, the path stage it advances.

Seats move only by conditional UPDATEs (``seats_taken < seats``) and a person registers once
(unique constraint): no over-booking on SQLite as on PostgreSQL. Emails (confirmation, and a
reminder the day before) go through the task worker.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from maillage.jobs.enums import PathStageKind, PathStatus, RegistrationStatus, StageStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.models import (
    Application,
    CandidateProfile,
    EventRegistration,
    EventStop,
    InfoMeeting,
    PathStage,
)

logger = logging.getLogger(__name__)
MEETING_STAGES = (PathStageKind.INFORMATION, PathStageKind.DISCOVERY)


def _take_seat(meeting_id: int) -> bool:
    return bool(
        InfoMeeting.objects.filter(pk=meeting_id, seats_taken__lt=F("seats")).update(
            seats_taken=F("seats_taken") + 1
        )
    )


def _release_seat(meeting_id: int) -> None:
    InfoMeeting.objects.filter(pk=meeting_id, seats_taken__gt=0).update(
        seats_taken=F("seats_taken") - 1
    )


def _enqueue_emails(registration: EventRegistration, kind: str) -> None:
    from maillage.jobs.tasks import send_event_email, send_event_reminders

    registration_id = registration.pk
    starts_at = registration.meeting.starts_at
    transaction.on_commit(lambda: send_event_email.enqueue(registration_id, kind))
    if kind == "confirmation" and send_event_reminders.get_backend().supports_defer:
        run_after = max(starts_at - timedelta(days=1), timezone.now())
        transaction.on_commit(lambda: send_event_reminders.using(run_after=run_after).enqueue())


def event_register(
    *, meeting: InfoMeeting, candidate: CandidateProfile, by: Any = None
) -> EventRegistration:
    """A seat if one is left, else the waiting list (in order of registration)."""
    if meeting.starts_at <= timezone.now():
        raise JobsError("Cet événement a déjà eu lieu.")
    try:
        with transaction.atomic():
            registration = EventRegistration.objects.create(
                meeting=meeting, candidate=candidate, registered_by=by
            )
            if _take_seat(meeting.pk):
                registration.status = RegistrationStatus.REGISTERED
                registration.save(update_fields=["status"])
            _enqueue_emails(registration, "confirmation")
    except IntegrityError:
        raise JobsError("Cette personne est déjà inscrite à cet événement.") from None
    logger.info("event %s: candidate %s %s", meeting.pk, candidate.pk, registration.status)
    return registration


def _promote_waitlisted(meeting_id: int) -> EventRegistration | None:
    """The first on the waiting list takes the freed seat."""
    for waiting in EventRegistration.objects.filter(
        meeting_id=meeting_id, status=RegistrationStatus.WAITLISTED
    ).order_by("created_at", "pk")[:5]:
        if not _take_seat(meeting_id):
            return None
        moved = EventRegistration.objects.filter(
            pk=waiting.pk, status=RegistrationStatus.WAITLISTED
        ).update(status=RegistrationStatus.REGISTERED)
        if moved:
            waiting.status = RegistrationStatus.REGISTERED
            _enqueue_emails(waiting, "promoted")
            return waiting
        _release_seat(meeting_id)
    return None


def event_cancel(*, registration: EventRegistration) -> EventRegistration:
    with transaction.atomic():
        was = registration.status
        moved = EventRegistration.objects.filter(
            pk=registration.pk,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
        ).update(status=RegistrationStatus.CANCELLED)
        if not moved:
            raise JobsError("Cette inscription est déjà annulée.")
        if was == RegistrationStatus.REGISTERED:
            _release_seat(registration.meeting_id)
            _promote_waitlisted(registration.meeting_id)
    registration.refresh_from_db()
    logger.info("registration %s cancelled", registration.pk)
    return registration


def _advance_stage(
    *, candidate: CandidateProfile, kinds: tuple[str, ...], on: date, outcome: str, **link: Any
) -> PathStage | None:
    """Complete the stage in progress of her active path when it is of one of ``kinds``,
    linking it to the meeting or immersion that completed it."""
    from maillage.jobs.services.paths import path_stage_advance

    stage = (
        PathStage.objects.filter(
            path__candidate=candidate,
            path__status=PathStatus.ACTIVE,
            status=StageStatus.IN_PROGRESS,
            kind__in=kinds,
        )
        .select_related("path")
        .order_by("path__started_on", "order")
        .first()
    )
    if stage is None:
        return None
    for name, value in link.items():
        setattr(stage, name, value)
    stage.save(update_fields=list(link))
    on = max(on, stage.start_date) if stage.start_date else on
    path_stage_advance(path=stage.path, on=on, outcome=outcome)
    return stage


def event_attendance_mark(*, registration: EventRegistration, attended: bool) -> PathStage | None:
    """The organiser marks who came; coming completes her information or discovery stage."""
    if registration.status != RegistrationStatus.REGISTERED:
        raise JobsError("Seules les personnes inscrites (hors liste d'attente) sont pointées.")
    meeting = registration.meeting
    if meeting.starts_at.date() > timezone.localdate():
        raise JobsError("La présence se note le jour de l'événement ou après.")
    with transaction.atomic():
        first_time = (
            EventRegistration.objects.filter(pk=registration.pk)
            .exclude(attended=True)
            .update(attended=attended, attendance_marked_at=timezone.now())
        )
        stage = None
        if attended and first_time:
            stage = _advance_stage(
                candidate=registration.candidate,
                kinds=MEETING_STAGES,
                on=timezone.localtime(meeting.starts_at).date(),
                outcome=f"Présente à « {meeting.title} »",
                meeting=meeting,
            )
    registration.refresh_from_db()
    logger.info(
        "registration %s: attended=%s, stage %s",
        registration.pk,
        attended,
        stage.pk if stage else None,
    )
    return stage


def immersion_complete(*, application: Application, on: date) -> PathStage | None:
    """The host says the accepted immersion took place: her immersion stage is completed."""
    if not application.immersion_id or application.status != "hired":
        raise JobsError("Seule une immersion acceptée peut être déclarée terminée.")
    if on > timezone.localdate():
        raise JobsError("L'immersion ne peut pas être terminée dans le futur.")
    with transaction.atomic():
        done = Application.objects.filter(pk=application.pk, completed_at__isnull=True).update(
            completed_at=timezone.now()
        )
        if not done:
            raise JobsError("Cette immersion est déjà déclarée terminée.")
        stage = _advance_stage(
            candidate=application.candidate,
            kinds=(PathStageKind.IMMERSION,),
            on=on,
            outcome=f"Immersion terminée : {application.immersion}",
            immersion=application.immersion,
        )
    logger.info("application %s: immersion completed", application.pk)
    return stage


def event_stop_add(
    *, meeting: InfoMeeting, commune: Any, starts_at: datetime, address: str = ""
) -> EventStop:
    """A caravan's dated stop in a commune."""
    if starts_at <= timezone.now():
        raise JobsError("L'étape doit avoir lieu dans le futur.")
    try:
        with transaction.atomic():
            stop = EventStop.objects.create(
                meeting=meeting,
                commune=commune,
                latitude=commune.latitude,
                longitude=commune.longitude,
                address=address.strip(),
                starts_at=starts_at,
            )
    except IntegrityError:
        raise JobsError("La caravane a déjà une étape à cette date et heure.") from None
    logger.info("event %s: stop %s added", meeting.pk, stop.pk)
    return stop


EMAILS = {
    "confirmation": "inscription à un événement",
    "promoted": "une place s'est libérée",
    "reminder": "rappel : c'est demain",
}


def event_email_body(registration: EventRegistration, kind: str) -> tuple[str, str]:
    meeting = registration.meeting
    when = timezone.localtime(meeting.starts_at)
    place = "à distance" if meeting.online else f"{meeting.address or ''} {meeting.commune.name}"
    if kind == "confirmation" and registration.status == RegistrationStatus.WAITLISTED:
        head = "Vous êtes sur la liste d'attente de"
    elif kind == "reminder":
        head = "Rappel : vous êtes attendue demain à"
    elif kind == "promoted":
        head = "Une place s'est libérée : vous êtes inscrite à"
    else:
        head = "Votre inscription est confirmée à"
    stops = "".join(
        f"\n- {s.starts_at:%d/%m/%Y %H:%M} : {s.commune.name} {s.address}"
        for s in meeting.stops.select_related("commune")
    )
    body = (
        f"Bonjour,\n\n{head} « {meeting.title} » ({meeting.organiser}), "
        f"le {when:%d/%m/%Y à %H:%M}, {place.strip()}."
        + (f"\nÉtapes de la caravane :{stops}" if stops else "")
        + "\n\nPour annuler, connectez-vous à Maillage (Mes candidatures).\n"
    )
    return f"Maillage — {EMAILS[kind]}", body


def event_reminders_due(*, now: datetime) -> list[EventRegistration]:
    """Registrations for events of the next day not yet reminded (claimed by an UPDATE)."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = EventRegistration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminder_sent_at__isnull=True,
        meeting__starts_at__date__lte=tomorrow,
        meeting__starts_at__gt=now,
    ).values_list("pk", flat=True)
    claimed = []
    for pk in list(due):
        if EventRegistration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            claimed.append(pk)
    return list(
        EventRegistration.objects.filter(pk__in=claimed).select_related(
            "meeting__commune", "candidate__user"
        )
    )
