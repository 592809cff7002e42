"""Emails of occasional care, sent only once the transaction that caused them commits.

Services call the `schedule_*` functions inside their `transaction.atomic` block: the email
is queued with `transaction.on_commit` and dropped if the transaction rolls back (a request
whose proposals were rolled back, a booking that lost a race...). The sender re-reads the rows
by primary key after the commit, so it always describes what was really saved.

The bodies name no child and carry no health data: only an age in months, the reason, the
commune, dates and hours, and a link to the platform.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.occasional.matching import age_in_months
from maillage.occasional.models import (
    OccasionalProposal,
    OccasionalRequest,
    OccasionalRequestDay,
)

logger = logging.getLogger(__name__)

# Demo data (seed_occasional_demo) runs the real services but must not email its fake accounts.
_muted: ContextVar[bool] = ContextVar("occasional_emails_muted", default=False)


@contextmanager
def emails_muted() -> Iterator[None]:
    """No occasional-care email is queued by the services called inside this block."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def schedule_proposal_email(proposal_id: int) -> None:
    """Queue the email telling a provider about a proposal; it leaves only after the commit."""
    if _muted.get():
        return
    transaction.on_commit(lambda: send_proposal_email(proposal_id), robust=True)


def schedule_booked_email(request_id: int, day_id: int, provider_name: str) -> None:
    """Queue the email telling the family (and her counsellor) that a day is booked."""
    if _muted.get():
        return
    transaction.on_commit(lambda: send_booked_email(request_id, day_id, provider_name), robust=True)


def _absolute(url: str) -> str:
    return getattr(settings, "MAILLAGE_BASE_URL", "").rstrip("/") + url


def _send(template: str, context: dict[str, Any], recipients: list[str]) -> int:
    emails = list(dict.fromkeys(r for r in recipients if r))
    if not emails:
        return 0
    context = {"site_name": getattr(settings, "MAILLAGE_SITE_NAME", "Maillage"), **context}
    subject = render_to_string(f"occasional/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"occasional/emails/{template}.txt", context)
    return send_mail(subject, body, None, emails)


def provider_emails(proposal: OccasionalProposal) -> list[str]:
    if proposal.childminder_id:
        return [proposal.childminder.user.email]
    return list(proposal.nursery.managers.values_list("email", flat=True))


def send_proposal_email(proposal_id: int) -> int:
    """Send the proposal email now (called after the commit); returns the emails sent."""
    proposal = (
        OccasionalProposal.objects.select_related(
            "request__commune", "childminder__user", "nursery"
        )
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        return 0
    request = proposal.request
    days = list(request.days.all())
    first = days[0].date if days else timezone.localdate()
    sent = _send(
        "proposal",
        {
            "reason": request.get_reason_display(),
            "age_months": age_in_months(request.child_birth_date, first),
            "commune": request.commune.name,
            "distance_km": round(proposal.distance_km, 1),
            "days": days,
            "link": _absolute(reverse("occasional:provider_inbox")),
        },
        provider_emails(proposal),
    )
    logger.info("occasional_proposal_mail proposal=%s sent=%s", proposal_id, sent)
    return sent


def send_booked_email(request_id: int, day_id: int, provider_name: str) -> int:
    """Send the booking confirmation now (called after the commit); returns the emails sent."""
    request = (
        OccasionalRequest.objects.select_related("parent", "counsellor")
        .filter(pk=request_id)
        .first()
    )
    day = OccasionalRequestDay.objects.filter(pk=day_id, request_id=request_id).first()
    if request is None or day is None:
        return 0
    recipients = [request.contact_email]
    if request.counsellor_id and request.counsellor_id != request.parent_id:
        recipients.append(request.counsellor.email)
    sent = _send(
        "booked",
        {
            "provider_name": provider_name,
            "day": day,
            "link": _absolute(reverse("occasional:request_detail", args=[request.pk])),
        },
        recipients,
    )
    logger.info("occasional_booked_mail request=%s day=%s sent=%s", request_id, day_id, sent)
    return sent
