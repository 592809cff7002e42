"""Substitute pool: requests with their staffing need, ranked notifications, first to accept.

Double booking is impossible at the database level: each booked half-hour of each day is a
``SubstituteBooking`` row unique per (candidate, day, slot), and each filled position a
confirmed ``SubstituteAssignment`` unique per (request, position). Both hold on SQLite as on
PostgreSQL; ``select_for_update`` on the request only shortens the race on PostgreSQL.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from maillage.jobs.enums import (
    QUALIFICATION_LEVEL,
    AssignmentStatus,
    NotificationResponse,
    Qualification,
    SubstituteRequestStatus,
)
from maillage.jobs.errors import JobsError, SubstituteUnavailable
from maillage.jobs.models import (
    CandidateProfile,
    SubstituteAssignment,
    SubstituteBooking,
    SubstituteNotification,
    SubstituteRequest,
)
from maillage.jobs.scoring import holds, rank
from maillage.jobs.services.facts import candidate_facts, substitute_facts
from maillage.jobs.services.substitute_requests import (
    CLOSED_STATUSES,
    substitute_request_cancel,
    substitute_request_create,
    substitute_requests_expire,
)

logger = logging.getLogger(__name__)

__all__ = [
    "substitute_assignment_cancel",
    "substitute_offer_accept",
    "substitute_offer_decline",
    "substitute_pool_ranked",
    "substitute_request_cancel",
    "substitute_request_create",
    "substitute_request_notify",
    "substitute_requests_expire",
]


# ---------------------------------------------------------------- positions and eligibility


def position_qualification(request: SubstituteRequest, position: int) -> str:
    """Positions 1..qualified_needed need AP or above; the others CAP AEPE or above."""
    if position <= request.qualified_needed:
        return Qualification.AUXILIAIRE_PUERICULTURE
    return Qualification.CAP_AEPE


def _confirmed(request: SubstituteRequest) -> Any:
    return request.assignments.filter(status=AssignmentStatus.CONFIRMED)


def _free_positions(request: SubstituteRequest) -> list[int]:
    taken = set(_confirmed(request).values_list("position", flat=True))
    return [p for p in range(1, request.substitutes_needed + 1) if p not in taken]


def _slots_of(request: SubstituteRequest) -> list[tuple[date, int]]:
    return [
        (day, slot)
        for day in request.dates()
        for slot in range(request.start_slot, request.end_slot)
    ]


def _is_booked(candidate: CandidateProfile, request: SubstituteRequest) -> bool:
    return SubstituteBooking.objects.filter(
        candidate=candidate,
        day__in=request.dates(),
        slot__gte=request.start_slot,
        slot__lt=request.end_slot,
    ).exists()


def substitute_pool_ranked(*, request: SubstituteRequest, today: date) -> list[Any]:
    """Pool members who consented, qualified, within reach, available and not booked."""
    free = _free_positions(request)
    if not free:
        return []
    wanted = min(QUALIFICATION_LEVEL[position_qualification(request, p)] for p in free)
    level_needed = Qualification.AUXILIAIRE_PUERICULTURE if wanted >= 2 else Qualification.CAP_AEPE
    already = set(request.notifications.values_list("candidate_id", flat=True))
    pool = (
        CandidateProfile.objects.filter(substitute_pool_consent=True, user__is_active=True)
        .exclude(pk__in=already)
        # Not yet available on the first day of the request: not solicited.
        .exclude(available_from__gt=request.start_date)
        .select_related("user")
        .prefetch_related("desired_jobs")
    )
    opportunity = substitute_facts(request, level_needed)
    eligible = []
    for profile in pool:
        if not holds(profile.qualifications, level_needed):
            continue
        match = rank(candidate_facts(profile), [opportunity], today=today)[0]
        if not match.eligible or _is_booked(profile, request):
            continue
        eligible.append((profile, match))
    eligible.sort(key=lambda pm: (-pm[1].score, pm[1].distance_km, pm[0].pk))
    return eligible


def _email_body(request: SubstituteRequest) -> str:
    # No child data: the place, dates, hours and qualification only.
    try:
        link = reverse("jobs:substitute_offer", args=[request.pk])
    except NoReverseMatch:
        link = ""
    qualification = (
        "auxiliaire de puériculture ou plus" if request.qualified_needed else "CAP AEPE ou plus"
    )
    return (
        "Bonjour,\n\n"
        f"La crèche « {request.nursery.name} » ({request.nursery.commune.name}) cherche "
        f"un ou une remplaçant(e) ({qualification}) du {request.start_date:%d/%m/%Y} au "
        f"{request.end_date:%d/%m/%Y}, de {request.hours_label.replace('–', ' à ')}.\n\n"
        "La première personne qui accepte obtient le remplacement. Pour répondre, "
        f"connectez-vous à Maillage{' : ' + link if link else ''}.\n\n"
        "Vous recevez ce message car vous avez accepté de faire partie du vivier de "
        "remplaçants. Vous pouvez retirer votre accord depuis votre profil candidat.\n"
    )


def substitute_request_notify(
    *, request: SubstituteRequest, today: date, limit: int | None = None
) -> list[SubstituteNotification]:
    """Notify the next best pool members, in ranked order (default: 3 per missing person)."""
    if request.status in CLOSED_STATUSES or request.status == SubstituteRequestStatus.FILLED:
        raise JobsError("Cette demande de remplacement n'est plus ouverte.")
    ranked = substitute_pool_ranked(request=request, today=today)
    limit = limit if limit is not None else 3 * max(1, len(_free_positions(request)))
    start_rank = request.notifications.count() + 1
    created = []
    with transaction.atomic():
        for offset, (profile, match) in enumerate(ranked[:limit]):
            created.append(
                SubstituteNotification.objects.create(
                    request=request,
                    candidate=profile,
                    rank=start_rank + offset,
                    score=match.score,
                    distance_km=match.distance_km,
                    reasons=match.reason_texts,
                )
            )
        body = _email_body(request)
        recipients = [n.candidate.user.email for n in created]

        def send() -> None:
            for email in recipients:
                send_mail(
                    "Maillage — un remplacement près de chez vous",
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    [email],
                )

        transaction.on_commit(send)
    logger.info("substitute request %s: %s notified", request.pk, len(created))
    return created


# ---------------------------------------------------------------- answers


def _refresh_status(request: SubstituteRequest) -> None:
    filled = _confirmed(request).count()
    if filled >= request.substitutes_needed:
        request.status = SubstituteRequestStatus.FILLED
    elif filled:
        request.status = SubstituteRequestStatus.PARTIALLY_FILLED
    else:
        request.status = SubstituteRequestStatus.OPEN
    request.save(update_fields=["status"])


def substitute_offer_accept(
    *, request: SubstituteRequest, candidate: CandidateProfile
) -> SubstituteAssignment:
    """The first to accept gets the position; a latecomer gets a clear French message."""
    try:
        with transaction.atomic():
            return _accept(request=request, candidate=candidate)
    except SubstituteUnavailable:
        with transaction.atomic():
            SubstituteNotification.objects.filter(
                request_id=request.pk,
                candidate=candidate,
                response=NotificationResponse.PENDING,
            ).update(response=NotificationResponse.TOO_LATE, responded_at=timezone.now())
        raise


def _accept(*, request: SubstituteRequest, candidate: CandidateProfile) -> SubstituteAssignment:
    request = SubstituteRequest.objects.select_for_update().get(pk=request.pk)
    if request.status in CLOSED_STATUSES:
        raise JobsError("Cette demande de remplacement a été annulée ou a expiré.")
    if not candidate.substitute_pool_consent:
        raise JobsError("Vous ne faites pas partie du vivier de remplaçants.")
    notification = SubstituteNotification.objects.filter(
        request=request, candidate=candidate
    ).first()
    if notification is None:
        raise JobsError("Vous n'avez pas été sollicité(e) pour ce remplacement.")
    if _confirmed(request).filter(candidate=candidate).exists():
        raise JobsError("Vous avez déjà accepté ce remplacement.")
    positions = [
        p
        for p in _free_positions(request)
        if holds(candidate.qualifications, position_qualification(request, p))
    ]
    if not positions:
        raise SubstituteUnavailable(
            "Ce remplacement vient d'être pourvu par une autre personne. Merci de votre "
            "réactivité : vous serez sollicité(e) pour les prochains."
        )
    # Qualified people take the qualified positions first (they are the scarcest).
    assignment = None
    for position in positions:
        try:
            with transaction.atomic():
                assignment = SubstituteAssignment.objects.create(
                    request=request, candidate=candidate, position=position
                )
            break
        except IntegrityError:
            continue
    if assignment is None:
        raise SubstituteUnavailable(
            "Ce remplacement vient d'être pourvu par une autre personne. Merci de votre "
            "réactivité : vous serez sollicité(e) pour les prochains."
        )
    try:
        with transaction.atomic():
            SubstituteBooking.objects.bulk_create(
                SubstituteBooking(candidate=candidate, day=day, slot=slot, assignment=assignment)
                for day, slot in _slots_of(request)
            )
    except IntegrityError:
        raise SubstituteUnavailable(
            "Vous avez déjà un remplacement sur une partie de ces horaires : vous ne pouvez pas "
            "être réservé(e) deux fois sur les mêmes heures."
        ) from None
    notification.response = NotificationResponse.ACCEPTED
    notification.responded_at = timezone.now()
    notification.save(update_fields=["response", "responded_at"])
    _refresh_status(request)
    logger.info(
        "substitute request %s: candidate %s got position %s",
        request.pk,
        candidate.pk,
        assignment.position,
    )
    return assignment


def substitute_offer_decline(
    *, request: SubstituteRequest, candidate: CandidateProfile
) -> SubstituteNotification:
    with transaction.atomic():
        notification = SubstituteNotification.objects.filter(
            request=request, candidate=candidate, response=NotificationResponse.PENDING
        ).first()
        if notification is None:
            raise JobsError("Aucune sollicitation en attente pour ce remplacement.")
        notification.response = NotificationResponse.DECLINED
        notification.responded_at = timezone.now()
        notification.save(update_fields=["response", "responded_at"])
    return notification


def substitute_assignment_cancel(*, assignment: SubstituteAssignment) -> SubstituteAssignment:
    if assignment.status != AssignmentStatus.CONFIRMED:
        raise JobsError("Ce remplacement est déjà annulé.")
    with transaction.atomic():
        request = SubstituteRequest.objects.select_for_update().get(pk=assignment.request_id)
        assignment.bookings.all().delete()
        assignment.status = AssignmentStatus.CANCELLED
        assignment.save(update_fields=["status"])
        if request.status not in CLOSED_STATUSES:
            _refresh_status(request)
    logger.info("substitute assignment %s cancelled", assignment.pk)
    return assignment
