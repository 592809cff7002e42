"""Deleting an account (« Supprimer mon compte », or the inactivity rule).

The person's row stays as an anonymous shell (no email, no name, no phone, no password, no
roles, `deleted_at` set): needs, confirmed places, commissions and outcomes keep pointing at
something, so the statistics that must be kept stay consistent, while nothing names her.

- A family: open needs and their pending requests are cancelled (providers see the request
  cancelled), every need is anonymised, occasional requests are cancelled and reduced to the
  commune and the month of birth, the cost resources and contact preferences are deleted.
- A candidate: her profile, applications and registrations are deleted.
- A childminder: she disappears from the search (inactive account), her address, agrément
  number and declared places are erased, her pending requests are cancelled, her messages in
  families' threads are replaced by a neutral line; the supply history keeps the counts.
- A crèche manager: she is removed from her crèches' managers; the crèches stay (they belong
  to their organisation, not to her).
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.families.enums import ContactRequestStatus, NeedStatus
from maillage.families.querysets import ACTIVE_STATUSES

logger = logging.getLogger(__name__)

DELETED_MESSAGE = "Message supprimé : son auteur a supprimé son compte."
DELETED_DOMAIN = "compte-supprime.invalid"
CANCEL_NOTE = "Compte supprimé"


def _cancel_requests(requests: Any, now: Any, actor: Any) -> None:
    from maillage.families.models import PlaceHold, RequestEvent, Visit
    from maillage.families.models_contact import ACTIVE_VISIT_STATUSES

    active = list(requests.filter(status__in=ACTIVE_STATUSES))
    RequestEvent.objects.bulk_create(
        RequestEvent(
            request=r,
            actor=None,
            at=now,
            from_status=r.status,
            to_status=ContactRequestStatus.CANCELLED,
            note=CANCEL_NOTE,
        )
        for r in active
    )
    ids = [r.pk for r in active]
    requests.model.objects.filter(pk__in=ids).update(
        status=ContactRequestStatus.CANCELLED, status_changed_at=now, updated_at=now
    )
    PlaceHold.objects.filter(request_id__in=ids, released_at__isnull=True).update(
        released_at=now, release_reason=CANCEL_NOTE
    )
    Visit.objects.filter(request_id__in=ids, status__in=ACTIVE_VISIT_STATUSES).update(
        status="cancelled", status_changed_at=now
    )


def _family(user: Any, now: Any) -> None:
    from maillage.families.models import ContactRequest, ContactSharing, FamilyBudget, Need
    from maillage.occasional.enums import OccasionalRequestStatus
    from maillage.occasional.models import OccasionalRequest
    from maillage.privacy.services.anonymise import needs_anonymise

    needs = Need.objects.filter(parent=user)
    _cancel_requests(ContactRequest.objects.filter(need__in=needs), now, user)
    needs.filter(status__in=[NeedStatus.OPEN, NeedStatus.DRAFT]).update(
        status=NeedStatus.CANCELLED, closed_at=now
    )
    needs_anonymise(needs=list(needs.select_related("commune")), now=now)
    for request in OccasionalRequest.objects.filter(parent=user).select_related("commune"):
        OccasionalRequest.objects.filter(pk=request.pk).update(
            family_email="",
            child_birth_date=request.child_birth_date.replace(day=1),
            latitude=request.commune.latitude,
            longitude=request.commune.longitude,
        )
    OccasionalRequest.objects.filter(
        parent=user, status__in=[OccasionalRequestStatus.OPEN, OccasionalRequestStatus.PARTIAL]
    ).update(status=OccasionalRequestStatus.CANCELLED)
    ContactSharing.objects.filter(user=user).delete()
    FamilyBudget.objects.filter(user=user).delete()


def _provider(user: Any, now: Any) -> None:
    from maillage.childcare.models import ChildInCare, Childminder
    from maillage.families.engine_records import bump_index
    from maillage.families.models import ContactRequest, RequestMessage

    for minder in Childminder.objects.filter(user=user):
        _cancel_requests(ContactRequest.objects.filter(childminder=minder), now, user)
        ChildInCare.objects.filter(childminder=minder).delete()
        Childminder.objects.filter(pk=minder.pk).update(
            address="",
            agrement_number="",
            languages="",
            free_places=[],
            available_from=None,
            latitude=minder.commune.latitude,
            longitude=minder.commune.longitude,
        )
        bump_index({minder.commune.departement_id})
    RequestMessage.objects.filter(author=user).update(body=DELETED_MESSAGE, author=None)
    user.managed_nurseries.clear()


def account_delete(*, user: Any, by: Any | None = None) -> None:
    """Delete a person's account as described above; `by` is None for the retention job."""
    from maillage.jobs.models import CandidateProfile
    from maillage.privacy.models import FileAccess

    if user.deleted_at is not None:
        return
    now = timezone.now()
    with transaction.atomic():
        _family(user, now)
        _provider(user, now)
        CandidateProfile.objects.filter(user=user).delete()
        FileAccess.objects.filter(family=user).delete()
        user.email = f"supprime-{user.pk}-{secrets.token_hex(4)}@{DELETED_DOMAIN}"
        user.first_name = ""
        user.last_name = ""
        user.phone = ""
        user.roles = []
        user.is_active = False
        user.is_job_seeker = False
        user.email_verified = False
        user.terms_accepted_at = None
        user.deleted_at = now
        user.set_unusable_password()
        user.save()
        user.territory_departements.clear()
        user.territory_communes.clear()
    logger.info(
        "account %s deleted (%s)", user.pk, "by herself" if by == user else "retention rule"
    )
