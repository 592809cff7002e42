"""The daily retention rules (durations in `maillage.privacy.retention`)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import SELF_SERVICE_ROLES
from maillage.accounts.models import User
from maillage.families.enums import ContactRequestStatus, NeedStatus
from maillage.families.models import ContactRequest, Need
from maillage.privacy import retention
from maillage.privacy.services.anonymise import needs_anonymise, requests_anonymise
from maillage.privacy.services.erasure import account_delete

logger = logging.getLogger(__name__)

CLOSED_NEED_STATUSES = (NeedStatus.MATCHED, NeedStatus.CLOSED, NeedStatus.CANCELLED)
CLOSED_REQUEST_STATUSES = (
    ContactRequestStatus.DECLINED,
    ContactRequestStatus.CANCELLED,
    ContactRequestStatus.CONFIRMED,
    ContactRequestStatus.EXPIRED,
)


@dataclass
class RetentionReport:
    needs: int = 0
    requests: int = 0
    warned: int = 0
    deleted: int = 0
    outcomes: int = 0
    accesses: int = 0

    def __str__(self) -> str:
        return (
            f"{self.needs} besoin(s) et {self.requests} demande(s) anonymisés, "
            f"{self.warned} compte(s) prévenu(s), {self.deleted} compte(s) supprimé(s), "
            f"{self.outcomes} suivi(s) de retour à l'emploi anonymisé(s), "
            f"{self.accesses} consultation(s) effacée(s) du journal"
        )


def closed_needs_due(now: dt.datetime):  # noqa: ANN201 - a Need queryset
    limit = now - retention.CLOSED_RECORD_DELTA
    return Need.objects.filter(anonymised_at__isnull=True, status__in=CLOSED_NEED_STATUSES).filter(
        Q(closed_at__lt=limit) | Q(closed_at__isnull=True, updated_at__lt=limit)
    )


def closed_requests_due(now: dt.datetime):  # noqa: ANN201 - a ContactRequest queryset
    limit = now - retention.CLOSED_RECORD_DELTA
    return ContactRequest.objects.filter(
        anonymised_at__isnull=True, status__in=CLOSED_REQUEST_STATUSES
    ).filter(
        Q(status_changed_at__lt=limit) | Q(status_changed_at__isnull=True, updated_at__lt=limit)
    )


def _last_seen_before(limit: dt.datetime) -> Q:
    return Q(last_login__lt=limit) | Q(last_login__isnull=True, date_joined__lt=limit)


def inactive_accounts(now: dt.datetime):  # noqa: ANN201 - a User queryset
    """Families, providers and candidates (staff accounts are closed by their organisation)."""
    return (
        User.objects.filter(deleted_at__isnull=True, is_superuser=False)
        .filter(role__in=SELF_SERVICE_ROLES)
        .filter(_last_seen_before(now - retention.INACTIVITY_DELTA))
    )


def _warn(user: User, now: dt.datetime) -> None:
    deletion = timezone.localdate(now + retention.INACTIVITY_GRACE_DELTA)
    base = getattr(settings, "MAILLAGE_BASE_URL", "").rstrip("/")
    context = {"deletion_date": deletion, "link": base + reverse("accounts:login")}
    send_mail(
        "Maillage : votre compte sera supprimé faute d'utilisation",
        render_to_string("privacy/emails/inactivity_warning.txt", context),
        None,
        [user.email],
    )
    User.objects.filter(pk=user.pk).update(inactivity_warned_at=now)


def apply_retention(*, now: dt.datetime | None = None, dry_run: bool = False) -> RetentionReport:
    from maillage.outcomes.models import OutcomeCheckpoint, OutcomeFollowUp
    from maillage.privacy.models import FileAccess

    now = now or timezone.now()
    report = RetentionReport()
    needs = list(closed_needs_due(now).select_related("commune"))
    requests = closed_requests_due(now)
    inactive = inactive_accounts(now)
    to_warn = list(inactive.filter(inactivity_warned_at__isnull=True))
    # Warned long enough ago and still not back since the warning.
    to_delete = list(
        inactive.filter(inactivity_warned_at__lte=now - retention.INACTIVITY_GRACE_DELTA)
    )
    outcome_limit = (now - retention.OUTCOMES_DELTA).date()
    follow_ups = OutcomeFollowUp.objects.filter(care_start__lt=outcome_limit)
    stale_checkpoints = OutcomeCheckpoint.objects.filter(follow_up__in=follow_ups).filter(
        Q(answered_at__isnull=True) | Q(answered_by_user__isnull=False)
    )
    accesses = FileAccess.objects.filter(at__lt=now - retention.ACCESS_LOG_DELTA)
    if dry_run:
        report.needs, report.requests = len(needs), requests.count()
        report.warned, report.deleted = len(to_warn), len(to_delete)
        report.outcomes, report.accesses = stale_checkpoints.count(), accesses.count()
        return report
    report.needs = needs_anonymise(needs=needs, now=now)
    report.requests = requests_anonymise(requests=requests, now=now)
    for user in to_warn:
        _warn(user, now)
        report.warned += 1
    for user in to_delete:
        account_delete(user=user, by=None)
        report.deleted += 1
    stale_checkpoints.filter(answered_at__isnull=True).delete()
    report.outcomes = OutcomeCheckpoint.objects.filter(
        follow_up__in=follow_ups, answered_by_user__isnull=False
    ).update(answered_by_user=None)
    follow_ups.exclude(opened_by=None).update(opened_by=None)
    report.accesses, _ = accesses.delete()
    logger.info("retention: %s", report)
    return report
