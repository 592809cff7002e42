"""Applications: sent, seen, interview proposed, hired or accepted, refused, withdrawn.

Each transition is one conditional UPDATE on the status (two clicks never apply twice, on
SQLite as on PostgreSQL), logged, with an email to the other side after the commit.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from maillage.jobs.enums import (
    APPLICATION_OPEN,
    ApplicationStatus,
    OfferStatus,
    RefusalReason,
)
from maillage.jobs.errors import JobsError
from maillage.jobs.models import (
    Application,
    CandidateProfile,
    ImmersionOffer,
    JobOffer,
    TrainingOffer,
)
from maillage.jobs.services.seats import training_seat_take

logger = logging.getLogger(__name__)
MESSAGE_MAX = 1500


def employer_emails(application: Application) -> list[str]:
    """The people who answer for the target: crèche managers, MAM members, training author."""
    target = application.target
    if application.training_id:
        creator = target.created_by
        return [creator.email] if creator and creator.is_active else []
    emails: list[str] = []
    if target.nursery_id:
        emails += [u.email for u in target.nursery.managers.filter(is_active=True)]
    if target.mam_id:
        emails += [
            c.user.email
            for c in target.mam.childminders.select_related("user").filter(user__is_active=True)
        ]
    return sorted(set(emails))


def _link(name: str, *args: Any) -> str:
    try:
        return reverse(f"jobs:{name}", args=args)
    except NoReverseMatch:  # pragma: no cover - the URLs are always installed
        return ""


def _mail_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    def send() -> None:
        for email in recipients:
            send_mail(f"Maillage — {subject}", body, settings.DEFAULT_FROM_EMAIL, [email])

    if recipients:
        transaction.on_commit(send)


def _to_candidate(application: Application, subject: str, text: str) -> None:
    body = (
        f"Bonjour,\n\n{text}\n\nVotre candidature : {application.target} "
        f"({application.employer_name}).\nSuivez-la sur Maillage : "
        f"{_link('my_applications')}\n"
    )
    _mail_after_commit(subject, body, [application.candidate.user.email])


def _to_employer(application: Application, subject: str, text: str) -> None:
    body = (
        f"Bonjour,\n\n{text}\n\nCandidature n° {application.pk} pour « {application.target} ».\n"
        f"Consultez-la sur Maillage : {_link('application_detail', application.pk)}\n"
    )
    _mail_after_commit(subject, body, employer_emails(application))


def _target_fields(target: Any) -> dict[str, Any]:
    if isinstance(target, JobOffer):
        if target.status != OfferStatus.PUBLISHED:
            raise JobsError("Cette offre d'emploi n'est plus ouverte aux candidatures.")
        return {"job_offer": target}
    if isinstance(target, ImmersionOffer):
        if not target.is_active or target.end_date < timezone.localdate():
            raise JobsError("Cette immersion n'accepte plus de candidatures.")
        return {"immersion": target}
    if isinstance(target, TrainingOffer):
        if target.start_date < timezone.localdate():
            raise JobsError("Cette formation a déjà commencé.")
        return {"training": target}
    raise JobsError("On postule à une offre d'emploi, une immersion ou une formation.")


def application_send(
    *, candidate: CandidateProfile, target: Any, message: str = "", invitation: Any = None
) -> Application:
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise JobsError(f"Votre message dépasse {MESSAGE_MAX} caractères.")
    fields = _target_fields(target)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                candidate=candidate, message=message, invitation=invitation, **fields
            )
    except IntegrityError:
        raise JobsError("Vous avez déjà une candidature en cours pour cette offre.") from None
    _to_employer(
        application,
        "nouvelle candidature",
        f"{candidate.user.display_name} a postulé"
        + (f" avec ce message :\n« {message} »" if message else "."),
    )
    logger.info("application %s sent by candidate %s", application.pk, candidate.pk)
    return application


def _move(application: Application, allowed: tuple[str, ...], **changes: Any) -> Application:
    """Conditional UPDATE: applied only if the status is still one of ``allowed``."""
    with transaction.atomic():
        done = Application.objects.filter(pk=application.pk, status__in=allowed).update(
            updated_at=timezone.now(), **changes
        )
        if not done:
            current = Application.objects.get(pk=application.pk)
            raise JobsError(
                f"Cette candidature est déjà « {current.get_status_display().lower()} »."
            )
    application.refresh_from_db()
    return application


def application_mark_seen(*, application: Application) -> Application:
    """The employer opened it: « vue » (only the first time)."""
    if application.status != ApplicationStatus.SENT:
        return application
    try:
        _move(
            application,
            (ApplicationStatus.SENT,),
            status=ApplicationStatus.SEEN,
            seen_at=timezone.now(),
        )
    except JobsError:
        return application
    _to_candidate(application, "candidature vue", "L'employeur a consulté votre candidature.")
    logger.info("application %s seen", application.pk)
    return application


def application_propose_interview(
    *, application: Application, at: datetime, place: str
) -> Application:
    place = (place or "").strip()
    errors = []
    if at <= timezone.now():
        errors.append("L'entretien doit avoir lieu dans le futur.")
    if not place:
        errors.append("Indiquez le lieu de l'entretien (adresse ou « par téléphone »).")
    if errors:
        raise JobsError(errors)
    _move(
        application,
        APPLICATION_OPEN,
        status=ApplicationStatus.INTERVIEW,
        interview_at=at,
        interview_place=place,
        seen_at=application.seen_at or timezone.now(),
    )
    local = timezone.localtime(at)
    _to_candidate(
        application,
        "entretien proposé",
        f"L'employeur vous propose un entretien le {local:%d/%m/%Y à %H:%M}, lieu : {place}.",
    )
    logger.info("application %s: interview proposed", application.pk)
    return application


def application_hire(*, application: Application) -> Application:
    """Hired (job) or accepted (immersion, training). A job offer closes when its posts are
    filled: the posts counter moves by a conditional UPDATE, never above the posts; a training
    seat is taken the same way."""
    from maillage.jobs.services.employers import job_offer_close

    with transaction.atomic():
        if application.job_offer_id:
            filled = JobOffer.objects.filter(
                pk=application.job_offer_id,
                status=OfferStatus.PUBLISHED,
                posts_filled__lt=F("posts"),
            ).update(posts_filled=F("posts_filled") + 1)
            if not filled:
                raise JobsError("Tous les postes de cette offre sont déjà pourvus.")
        if application.training_id:
            # Accepted in a training session: one of its seats (never over-booked).
            training_seat_take(training=application.training)
        _move(
            application,
            APPLICATION_OPEN,
            status=ApplicationStatus.HIRED,
            decided_at=timezone.now(),
        )
        offer = None
        if application.job_offer_id:
            offer = JobOffer.objects.get(pk=application.job_offer_id)
            if offer.posts_filled >= offer.posts:
                job_offer_close(offer=offer)
    text = (
        "Bonne nouvelle : l'employeur vous recrute."
        if application.job_offer_id
        else "Bonne nouvelle : votre candidature est acceptée."
    )
    _to_candidate(application, "candidature retenue", text)
    logger.info(
        "application %s hired%s",
        application.pk,
        f", offer {offer.pk} closed" if offer and offer.status == OfferStatus.CLOSED else "",
    )
    return application


def application_refuse(*, application: Application, reason: str, detail: str = "") -> Application:
    detail = (detail or "").strip()
    if reason not in RefusalReason.values:
        raise JobsError("Choisissez un motif de refus dans la liste.")
    if reason == RefusalReason.OTHER and not detail:
        raise JobsError("Précisez le motif du refus.")
    _move(
        application,
        APPLICATION_OPEN,
        status=ApplicationStatus.REFUSED,
        refusal_reason=reason,
        refusal_detail=detail,
        decided_at=timezone.now(),
    )
    text = f"Votre candidature n'est pas retenue. Motif : {RefusalReason(reason).label}."
    _to_candidate(
        application, "réponse à votre candidature", text + (f"\n{detail}" if detail else "")
    )
    logger.info("application %s refused (%s)", application.pk, reason)
    return application


def application_withdraw(*, application: Application) -> Application:
    _move(
        application,
        APPLICATION_OPEN,
        status=ApplicationStatus.WITHDRAWN,
        decided_at=timezone.now(),
    )
    _to_employer(
        application,
        "candidature retirée",
        f"{application.candidate.user.display_name} a retiré sa candidature.",
    )
    logger.info("application %s withdrawn", application.pk)
    return application
