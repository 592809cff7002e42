"""Emails of occasional care. They name no child: only an age in months, dates and hours."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.occasional.matching import age_in_months
from maillage.occasional.models import OccasionalProposal, OccasionalRequest

logger = logging.getLogger(__name__)


def _absolute(url: str) -> str:
    return getattr(settings, "MAILLAGE_BASE_URL", "").rstrip("/") + url


def _send(template: str, context: dict[str, Any], recipients: list[str]) -> None:
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    context = {"site_name": getattr(settings, "MAILLAGE_SITE_NAME", "Maillage"), **context}
    subject = render_to_string(f"occasional/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"occasional/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def provider_emails(proposal: OccasionalProposal) -> list[str]:
    if proposal.childminder_id:
        return [proposal.childminder.user.email]
    return list(proposal.nursery.managers.values_list("email", flat=True))


def notify_proposal(proposal: OccasionalProposal) -> None:
    request = proposal.request
    days = list(request.days.all())
    first = days[0].date if days else timezone.localdate()
    _send(
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
    logger.info("occasional proposal %s notified", proposal.pk)


def notify_family_booked(request: OccasionalRequest, provider_name: str, day: Any) -> None:
    recipients = [request.contact_email]
    if request.counsellor_id and request.counsellor_id != request.parent_id:
        recipients.append(request.counsellor.email)
    _send(
        "booked",
        {
            "provider_name": provider_name,
            "day": day,
            "link": _absolute(reverse("occasional:request_detail", args=[request.pk])),
        },
        recipients,
    )
