"""French e-mails of the two-way contact (a message, a visit, a held place), after commit.

Like the status e-mails (`notifications`), they never carry data about the child, nor the
message's text: only what happened, the provider's public label and a link to the thread.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.families.models import ContactRequest, Visit
from maillage.families.notifications import (
    _family_recipients,
    _provider_label,
    _provider_recipients,
)

logger = logging.getLogger(__name__)

SUBJECTS = {
    "message": "Nouveau message sur la demande n° {number}",
    "visit_proposed": "Une rencontre vous est proposée (demande n° {number})",
    "visit_accepted": "La famille a accepté la rencontre (demande n° {number})",
    "visit_other_date": "La famille demande une autre date de rencontre (demande n° {number})",
    "hold_released": "La place retenue n'est plus réservée (demande n° {number})",
}


def schedule_contact_mail(request_id: int, kind: str, actor_id: int | None) -> None:
    """Queue the e-mail of one contact event; it leaves only if the transaction commits."""
    transaction.on_commit(lambda: send_contact_mail(request_id, kind, actor_id))


def send_contact_mail(request_id: int, kind: str, actor_id: int | None) -> int:
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
    visit = Visit.objects.filter(request=request).order_by("-created_at", "-pk").first()
    base = settings.MAILLAGE_BASE_URL.rstrip("/")
    link = base + reverse("families:request_thread", kwargs={"pk": request.pk})
    context = {
        "site_name": settings.MAILLAGE_SITE_NAME,
        "number": request.pk,
        "kind": kind,
        "provider_label": _provider_label(request),
        "family_commune": request.need.commune.name,
        "visit_at": timezone.localtime(visit.starts_at) if visit else None,
        "visit_place": visit.place if visit else "",
        "link": link,
    }
    sent = 0
    for audience, recipients in (
        ("family", _family_recipients(request)),
        ("provider", _provider_recipients(request)),
    ):
        emails = sorted({email for email, pk in recipients if pk is None or pk != actor_id})
        if not emails:
            continue
        body = render_to_string(
            "families/emails/contact_event.txt", {**context, "audience": audience}
        )
        subject = SUBJECTS[kind].format(number=request.pk)
        sent += send_mail(subject, body, None, emails)
    logger.info("contact_mail request=%s kind=%s sent=%s", request_id, kind, sent)
    return sent
