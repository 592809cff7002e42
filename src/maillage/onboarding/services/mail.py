"""French emails of the onboarding app (plain text, sent after the commit)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def absolute_url(path: str, base_url: str = "") -> str:
    base = base_url or getattr(settings, "MAILLAGE_BASE_URL", "")
    return f"{base.rstrip('/')}{path}"


def claim_url(token: str, base_url: str = "") -> str:
    return absolute_url(reverse("onboarding:claim", kwargs={"token": token}), base_url)


def send_on_commit(template: str, recipients: Sequence[str], context: dict[str, Any]) -> None:
    """Render `onboarding/emails/<template>.txt` (+ `_subject.txt`) and send it once the
    transaction commits: no email for a change that was rolled back."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    context = {"site_name": getattr(settings, "MAILLAGE_SITE_NAME", "Maillage"), **context}

    def _send() -> None:
        subject = render_to_string(f"onboarding/emails/{template}_subject.txt", context)
        body = render_to_string(f"onboarding/emails/{template}.txt", context)
        send_mail(subject.strip(), body, None, list(recipients))
        logger.info("onboarding_mail template=%s recipients=%s", template, len(recipients))

    transaction.on_commit(_send)
