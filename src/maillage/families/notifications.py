"""French emails for each state change of a contact request, sent after the commit.

The bodies never carry data about the child (no first name, no birth date, no age): only the
status, the kind of provider, the commune and a link to the platform.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from maillage.families.enums import ContactRequestStatus as S
from maillage.families.models import ContactRequest

logger = logging.getLogger(__name__)


def schedule_request_change(
    request_id: int, from_status: str, to_status: str, actor_id: int | None
) -> None:
    """Queue the emails of one state change; they leave only if the transaction commits."""
    transaction.on_commit(lambda: send_request_change(request_id, from_status, to_status, actor_id))


def _family_recipients(request: ContactRequest) -> list[tuple[str, int | None]]:
    need = request.need
    out: list[tuple[str, int | None]] = []
    if need.parent_id and need.parent.email:
        out.append((need.parent.email, need.parent_id))
    elif need.family_email:
        out.append((need.family_email, None))
    if need.counsellor_id and need.counsellor.email:
        out.append((need.counsellor.email, need.counsellor_id))
    return out


def _provider_recipients(request: ContactRequest) -> list[tuple[str, int | None]]:
    if request.childminder_id:
        user = request.childminder.user
        return [(user.email, user.pk)] if user.email else []
    return [(m.email, m.pk) for m in request.nursery.managers.all() if m.email]


def _provider_label(request: ContactRequest) -> str:
    if request.childminder_id:
        return f"une assistante maternelle de {request.childminder.commune.name}"
    return f"la crèche {request.nursery.name}"


def send_request_change(
    request_id: int, from_status: str, to_status: str, actor_id: int | None
) -> int:
    request = (
        ContactRequest.objects.select_related(
            "need__parent",
            "need__counsellor",
            "need__commune",
            "childminder__user",
            "childminder__commune",
            "nursery",
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return 0
    base = settings.MAILLAGE_BASE_URL.rstrip("/")
    context = {
        "site_name": settings.MAILLAGE_SITE_NAME,
        "number": request.pk,
        "from_label": S(from_status).label.lower() if from_status else "",
        "to_label": S(to_status).label.lower(),
        "to_status": to_status,
        "provider_label": _provider_label(request),
        "family_commune": request.need.commune.name,
        "proposed_start_date": request.proposed_start_date,
        "decline_reason": request.get_decline_reason_display() if request.decline_reason else "",
    }
    sent = 0
    audiences = (
        ("family", _family_recipients(request), base + reverse("families:request_list")),
        ("provider", _provider_recipients(request), base + _provider_url()),
    )
    for audience, recipients, link in audiences:
        emails = sorted({email for email, pk in recipients if pk is None or pk != actor_id})
        if not emails:
            continue
        ctx = {**context, "audience": audience, "link": link}
        subject = render_to_string("families/emails/request_change_subject.txt", ctx).strip()
        body = render_to_string("families/emails/request_change.txt", ctx)
        sent += send_mail(subject, body, None, emails)
    logger.info("request_change_mail request=%s to=%s sent=%s", request_id, to_status, sent)
    return sent


def _provider_url() -> str:
    try:
        return reverse("childcare:inbox")
    except Exception:  # noqa: BLE001 - the inbox belongs to another app
        return reverse("core:dashboard")
