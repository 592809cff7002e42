"""Services of the outcomes app: open a follow-up, record a checkpoint, email questionnaires.

Rates are computed in `maillage.outcomes.rates` (re-exported here as `outcome_rates`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.childcare.enums import ProviderKind
from maillage.families.enums import ContactRequestStatus, NeedStatus
from maillage.outcomes.enums import (
    CHECKPOINT_MONTHS,
    AnsweredBy,
    Checkpoint,
    JobChange,
    Situation,
)
from maillage.outcomes.models import OutcomeCheckpoint, OutcomeFollowUp
from maillage.outcomes.rates import OutcomeRow, Rate, outcome_rates
from maillage.outcomes.tokens import make_questionnaire_token

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.families.models import Need

logger = logging.getLogger(__name__)

__all__ = [
    "OutcomeRow",
    "Rate",
    "add_months",
    "need_is_served",
    "outcome_checkpoint_record",
    "outcome_followup_open",
    "outcome_questionnaires_send",
    "outcome_rates",
]

ALREADY_ANSWERED = "Ce questionnaire a déjà été rempli. Merci pour votre réponse !"
# A questionnaire is not sent for a checkpoint due longer ago than this.
QUESTIONNAIRE_LATE_DAYS = 30


def add_months(start: dt.date, months: int) -> dt.date:
    """31 January + 1 month -> 28 (or 29) February."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def need_is_served(need: Need) -> bool:
    return need.status == NeedStatus.MATCHED or (
        need.contact_requests.filter(status=ContactRequestStatus.CONFIRMED).exists()
    )


def outcome_followup_open(
    *, need: Need, mode: ProviderKind | str, care_start: dt.date, by: User | None = None
) -> OutcomeFollowUp:
    """Open the follow-up of a served need with its four checkpoints and their due dates."""
    if mode not in ProviderKind.values:
        raise ValidationError({"mode": "Choisissez le mode d'accueil dans la liste."})
    if not need_is_served(need):
        raise ValidationError("Ce besoin n'a pas encore de place d'accueil confirmée.")
    try:
        with transaction.atomic():
            follow_up = OutcomeFollowUp.objects.create(
                need=need, mode=mode, care_start=care_start, opened_by=by
            )
            OutcomeCheckpoint.objects.bulk_create(
                OutcomeCheckpoint(
                    follow_up=follow_up,
                    checkpoint=checkpoint,
                    due_date=add_months(care_start, months),
                )
                for checkpoint, months in CHECKPOINT_MONTHS.items()
            )
    except IntegrityError:
        raise ValidationError("Le retour à l'emploi de ce besoin est déjà suivi.") from None
    logger.info("outcome_followup_open follow_up=%s need=%s", follow_up.pk, need.pk)
    return follow_up


def outcome_checkpoint_record(
    *,
    checkpoint: OutcomeCheckpoint,
    situation: Situation | str,
    by: User | None,
    job_change: JobChange | str = "",
    via: AnsweredBy | str = AnsweredBy.COUNSELLOR,
    today: dt.date | None = None,
) -> OutcomeCheckpoint:
    """Record the situation. A counsellor may correct an answer; a parent's link works once."""
    today = today or timezone.localdate()
    if situation not in Situation.values:
        raise ValidationError({"situation": "Choisissez une situation dans la liste."})
    if job_change and job_change not in JobChange.values:
        raise ValidationError({"job_change": "Choisissez une réponse dans la liste."})
    if checkpoint.checkpoint != Checkpoint.START and today < checkpoint.due_date:
        raise ValidationError(
            f"Ce point d'étape est prévu le {checkpoint.due_date:%d/%m/%Y} : "
            "il ne peut pas être renseigné avant."
        )
    values = {
        "situation": situation,
        "job_change": job_change,
        "answered_at": timezone.now(),
        "answered_by": AnsweredBy(via),
        "answered_by_user": by,
    }
    with transaction.atomic():
        rows = OutcomeCheckpoint.objects.filter(pk=checkpoint.pk)
        if via == AnsweredBy.PARENT:
            rows = rows.filter(answered_at__isnull=True)
        if rows.update(**values) != 1:
            raise ValidationError(ALREADY_ANSWERED)
    logger.info(
        "outcome_checkpoint_record checkpoint=%s via=%s by=%s",
        checkpoint.pk,
        via,
        getattr(by, "pk", None),
    )
    checkpoint.refresh_from_db()
    return checkpoint


def _parent_email(checkpoint: OutcomeCheckpoint) -> str:
    need = checkpoint.follow_up.need
    return need.parent.email if need.parent_id else need.family_email


def outcome_questionnaires_send(*, today: dt.date | None = None) -> int:
    """Email every parent whose checkpoint is due (and not older than a month) a link to the
    short public form. The email carries no data about the child. Returns the number sent."""
    today = today or timezone.localdate()
    due = (
        OutcomeCheckpoint.objects.unanswered()
        .filter(
            questionnaire_sent_at__isnull=True,
            due_date__lte=today,
            due_date__gte=today - dt.timedelta(days=QUESTIONNAIRE_LATE_DAYS),
        )
        .select_related("follow_up__need__parent")
        .order_by("due_date", "pk")
    )
    base = getattr(settings, "MAILLAGE_BASE_URL", "").rstrip("/")
    site_name = getattr(settings, "MAILLAGE_SITE_NAME", "Maillage")
    sent = 0
    for checkpoint in due:
        email = _parent_email(checkpoint)
        if not email:
            continue
        token = make_questionnaire_token(checkpoint.pk)
        context = {
            "site_name": site_name,
            "checkpoint": checkpoint.get_checkpoint_display(),
            "link": base + reverse("outcomes:questionnaire", args=[token]),
        }
        subject = render_to_string("outcomes/emails/questionnaire_subject.txt", context).strip()
        body = render_to_string("outcomes/emails/questionnaire.txt", context)
        send_mail(subject, body, None, [email])
        OutcomeCheckpoint.objects.filter(pk=checkpoint.pk).update(
            questionnaire_sent_at=timezone.now()
        )
        sent += 1
    logger.info("outcome_questionnaires_send sent=%s", sent)
    return sent
