"""Employers reach out: an invitation to apply, sent to an anonymous ranked profile.

The employer never learns who she is unless she applies; she decides.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.jobs.enums import InvitationStatus, OfferStatus
from maillage.jobs.errors import JobsError
from maillage.jobs.models import Application, ApplicationInvitation, CandidateProfile, JobOffer
from maillage.jobs.services.applications import _link, _mail_after_commit, application_send

logger = logging.getLogger(__name__)


def invitation_send(
    *, offer: JobOffer, candidate: CandidateProfile, invited_by: Any, message: str = ""
) -> ApplicationInvitation:
    if offer.status != OfferStatus.PUBLISHED:
        raise JobsError("On invite à postuler sur une offre publiée.")
    if not candidate.visible_to_employers:
        raise JobsError("Cette personne ne souhaite pas être contactée par les employeurs.")
    try:
        with transaction.atomic():
            invitation = ApplicationInvitation.objects.create(
                job_offer=offer,
                candidate=candidate,
                invited_by=invited_by,
                message=(message or "").strip()[:1000],
            )
    except IntegrityError:
        raise JobsError("Vous avez déjà invité cette personne sur cette offre.") from None
    body = (
        "Bonjour,\n\n"
        f"{offer.employer_name} ({offer.commune.name}) vous invite à postuler à son offre "
        f"« {offer.title} ». Il ne connaît pas votre identité : vous décidez.\n\n"
        f"Répondez sur Maillage : {_link('my_applications')}\n"
    )
    _mail_after_commit("une invitation à postuler", body, [candidate.user.email])
    logger.info("invitation %s: offer %s → candidate %s", invitation.pk, offer.pk, candidate.pk)
    return invitation


def _answer(invitation: ApplicationInvitation, status: str) -> None:
    done = ApplicationInvitation.objects.filter(
        pk=invitation.pk, status=InvitationStatus.PENDING
    ).update(status=status, answered_at=timezone.now())
    if not done:
        raise JobsError("Vous avez déjà répondu à cette invitation.")


def invitation_accept(*, invitation: ApplicationInvitation, message: str = "") -> Application:
    """She applies: her identity is shown to the employer from now on."""
    with transaction.atomic():
        _answer(invitation, InvitationStatus.ACCEPTED)
        application = application_send(
            candidate=invitation.candidate,
            target=invitation.job_offer,
            message=message,
            invitation=invitation,
        )
    logger.info("invitation %s accepted", invitation.pk)
    return application


def invitation_decline(*, invitation: ApplicationInvitation) -> ApplicationInvitation:
    with transaction.atomic():
        _answer(invitation, InvitationStatus.DECLINED)
    invitation.refresh_from_db()
    if invitation.invited_by and invitation.invited_by.is_active:
        _mail_after_commit(
            "invitation déclinée",
            f"Bonjour,\n\nLa personne invitée sur « {invitation.job_offer.title} » a décliné.\n",
            [invitation.invited_by.email],
        )
    logger.info("invitation %s declined", invitation.pk)
    return invitation
