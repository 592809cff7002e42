"""Services of the families domain: needs, contact requests and their explicit life cycle.

Every state change of a contact request goes through `contact_request_transition`, which
checks the transition table, checks who may make it, and records a `RequestEvent`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.accounts.perms import is_counsellor
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import DeclineReason, NeedStatus, SituationFlag
from maillage.families.models import ContactRequest, Need, RequestEvent
from maillage.families.notifications import schedule_request_change
from maillage.families.querysets import ACTIVE_STATUSES

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.childcare.models import Childminder, Nursery
    from maillage.territory.models import Commune

logger = logging.getLogger(__name__)

# How long a provider has to answer before the request expires.
REQUEST_TTL = dt.timedelta(days=10)


class Side(StrEnum):
    FAMILY = "family"  # the parent, or the counsellor who follows the need
    PROVIDER = "provider"  # the childminder, or a manager of the nursery
    SYSTEM = "system"  # scheduled tasks (expiry), automatic cancellations


class InvalidTransition(Exception):  # noqa: N818 - the domain's word
    """A state change that the life cycle does not allow; the message is French."""

    def __init__(self, message: str, *, from_status: str = "", to_status: str = "") -> None:
        super().__init__(message)
        self.from_status = from_status
        self.to_status = to_status


class TransitionNotPermitted(InvalidTransition):
    """The transition exists, but not for this person."""


# (from, to) -> who may make it. Anything absent is refused.
TRANSITIONS: dict[tuple[str, str], frozenset[Side]] = {
    (S.PENDING, S.ACCEPTED): frozenset({Side.PROVIDER}),
    (S.PENDING, S.DECLINED): frozenset({Side.PROVIDER}),
    (S.PENDING, S.DATE_PROPOSED): frozenset({Side.PROVIDER}),
    (S.PENDING, S.CANCELLED): frozenset({Side.FAMILY, Side.SYSTEM}),
    (S.PENDING, S.EXPIRED): frozenset({Side.SYSTEM}),
    (S.DATE_PROPOSED, S.CONFIRMED): frozenset({Side.FAMILY}),
    (S.DATE_PROPOSED, S.CANCELLED): frozenset({Side.FAMILY, Side.SYSTEM}),
    (S.DATE_PROPOSED, S.DECLINED): frozenset({Side.PROVIDER}),
    (S.DATE_PROPOSED, S.EXPIRED): frozenset({Side.SYSTEM}),
    (S.ACCEPTED, S.CONFIRMED): frozenset({Side.FAMILY}),
    (S.ACCEPTED, S.CANCELLED): frozenset({Side.FAMILY, Side.PROVIDER, Side.SYSTEM}),
    (S.ACCEPTED, S.EXPIRED): frozenset({Side.SYSTEM}),
}
TERMINAL_STATUSES = frozenset({S.DECLINED, S.CANCELLED, S.CONFIRMED, S.EXPIRED})

# Checks run, under the row lock, before a request is confirmed; each raises
# InvalidTransition to refuse. The parent-journey issue appends the engine's capacity check.
CONFIRMATION_CHECKS: list[Callable[[ContactRequest], None]] = []


def max_contact_requests() -> int:
    return int(getattr(settings, "MAILLAGE_MAX_CONTACT_REQUESTS", 5))


def allowed_targets(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]


def _label(status: str) -> str:
    return str(S(status).label).lower()


def sides_of(user: User | None, request: ContactRequest) -> set[Side]:
    """The sides a user acts for on a request (None is the system)."""
    if user is None:
        return {Side.SYSTEM}
    sides: set[Side] = set()
    if user.is_superuser:
        return {Side.FAMILY, Side.PROVIDER}
    need = request.need
    if user.pk in {need.parent_id, need.counsellor_id, need.created_by_id}:
        sides.add(Side.FAMILY)
    elif is_counsellor(user) and Need.objects.for_user(user).filter(pk=need.pk).exists():
        # A counsellor of the need's territory acts for the family (allocation proposals).
        sides.add(Side.FAMILY)
    if request.childminder_id and request.childminder.user_id == user.pk:
        sides.add(Side.PROVIDER)
    if request.nursery_id and request.nursery.managers.filter(pk=user.pk).exists():
        sides.add(Side.PROVIDER)
    return sides


def need_create(
    *,
    created_by: User,
    commune: Commune,
    child_birth_date: dt.date,
    start_date: dt.date,
    schedule: str,
    max_distance_km: Decimal | float | int,
    parent: User | None = None,
    family_email: str = "",
    family_phone: str = "",
    counsellor: User | None = None,
    child_first_name: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    accepts_childminder: bool = True,
    accepts_mam: bool = True,
    accepts_nursery: bool = True,
    situations: frozenset[SituationFlag] | set[SituationFlag] = frozenset(),
    consent_given_at: dt.datetime | None = None,
    consent_recorded_by: User | None = None,
    status: NeedStatus = NeedStatus.OPEN,
) -> Need:
    """Record a need; an open need requires the family's consent and a way to reach it."""
    if status not in (NeedStatus.DRAFT, NeedStatus.OPEN):
        raise ValidationError("Un besoin est créé en brouillon ou ouvert.")
    if status == NeedStatus.OPEN and consent_given_at is None:
        raise ValidationError(
            "Le consentement de la famille est nécessaire pour ouvrir la recherche."
        )
    if parent is None and not (family_email or family_phone):
        raise ValidationError(
            "Indiquez le compte du parent, ou au moins une adresse électronique ou un téléphone."
        )
    need = Need(
        parent=parent,
        family_email=family_email,
        family_phone=family_phone,
        created_by=created_by,
        counsellor=counsellor,
        child_first_name=child_first_name,
        child_birth_date=child_birth_date,
        commune=commune,
        latitude=commune.latitude if latitude is None else latitude,
        longitude=commune.longitude if longitude is None else longitude,
        max_distance_km=Decimal(str(max_distance_km)),
        start_date=start_date,
        accepts_childminder=accepts_childminder,
        accepts_mam=accepts_mam,
        accepts_nursery=accepts_nursery,
        schedule=schedule,
        consent_given_at=consent_given_at,
        consent_recorded_by=consent_recorded_by,
        status=status,
        **{flag.value: True for flag in situations},
    )
    need.full_clean()
    with transaction.atomic():
        need.save()
    logger.info("need_create need=%s by=%s status=%s", need.pk, created_by.pk, status)
    return need


def contact_request_create(
    *,
    need: Need,
    by: User,
    childminder: Childminder | None = None,
    nursery: Nursery | None = None,
    proposed_by_allocation: bool = False,
) -> ContactRequest:
    """A family asks one provider; the first event (∅ → pending) is recorded."""
    if (childminder is None) == (nursery is None):
        raise ValidationError("Une demande s'adresse à une seule assistante maternelle ou crèche.")
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status != NeedStatus.OPEN:
            raise InvalidTransition(
                "Ce besoin n'est pas en recherche : impossible d'envoyer une demande."
            )
        request = ContactRequest(
            need=need,
            childminder=childminder,
            nursery=nursery,
            proposed_by_allocation=proposed_by_allocation,
        )
        if Side.FAMILY not in sides_of(by, request):
            raise TransitionNotPermitted(
                "Seule la famille ou son conseiller peut faire la demande."
            )
        duplicate = ContactRequest.objects.filter(
            need=need, status__in=ACTIVE_STATUSES, childminder=childminder, nursery=nursery
        )
        if duplicate.exists():
            raise InvalidTransition("Une demande est déjà en cours auprès de ce mode d'accueil.")
        limit = max_contact_requests()
        if ContactRequest.objects.filter(need=need, status__in=ACTIVE_STATUSES).count() >= limit:
            raise InvalidTransition(
                f"Vous avez déjà {limit} demandes en cours pour ce besoin : attendez une réponse "
                "ou annulez une demande avant d'en envoyer une autre."
            )
        now = timezone.now()
        request.expires_at = now + REQUEST_TTL
        request.status_changed_at = now
        request.save()
        RequestEvent.objects.create(
            request=request,
            actor=by,
            at=now,
            from_status="",
            to_status=S.PENDING,
            note="Proposée par l'attribution du territoire" if proposed_by_allocation else "",
        )
        schedule_request_change(request.pk, "", S.PENDING, by.pk)
    logger.info("contact_request_create request=%s need=%s by=%s", request.pk, need.pk, by.pk)
    return request


def contact_request_offer(
    *, need: Need, nursery: Nursery, by: User, note: str = ""
) -> ContactRequest:
    """A crèche offers a place (commission d'attribution): the family gets an accepted request
    that it may confirm. The family's active request to this crèche is accepted; otherwise one
    is recorded for it (∅ → pending → accepted: two events, the family notified once)."""
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status != NeedStatus.OPEN:
            raise InvalidTransition("Ce besoin n'est plus en recherche : place non proposée.")
        request = ContactRequest.objects.filter(
            need=need, nursery=nursery, status__in=ACTIVE_STATUSES
        ).first()
        if request is None:
            request = ContactRequest(need=need, nursery=nursery, proposed_by_allocation=True)
            if Side.PROVIDER not in sides_of(by, request):
                raise TransitionNotPermitted("Seul un responsable de la crèche propose une place.")
            now = timezone.now()
            request.expires_at = now + REQUEST_TTL
            request.status_changed_at = now
            request.save()
            RequestEvent.objects.create(
                request=request, actor=by, at=now, from_status="", to_status=S.PENDING, note=note
            )
        if request.status == S.ACCEPTED:
            return request
        return contact_request_transition(request=request, to_status=S.ACCEPTED, by=by, note=note)


def contact_request_transition(
    *,
    request: ContactRequest,
    to_status: S | str,
    by: User | None,
    note: str = "",
    decline_reason: DeclineReason | str = "",
    proposed_start_date: dt.date | None = None,
) -> ContactRequest:
    """Move a request to `to_status` if the table allows it for `by` (None = the system)."""
    to_status = S(to_status)
    with transaction.atomic():
        locked = (
            # of=self: PostgreSQL refuses FOR UPDATE on the nullable side of the outer join.
            ContactRequest.objects.select_for_update(of=("self",))
            .select_related("need", "childminder")
            .get(pk=request.pk)
        )
        from_status = S(locked.status)
        sides = TRANSITIONS.get((from_status, to_status))
        if sides is None:
            raise InvalidTransition(
                f"Impossible de passer une demande « {_label(from_status)} » "
                f"à « {_label(to_status)} ».",
                from_status=from_status,
                to_status=to_status,
            )
        if not sides & sides_of(by, locked):
            raise TransitionNotPermitted(
                f"Vous ne pouvez pas passer cette demande à « {_label(to_status)} ».",
                from_status=from_status,
                to_status=to_status,
            )
        _apply(locked, to_status, decline_reason, proposed_start_date)
        now = timezone.now()
        locked.status = to_status
        locked.status_changed_at = now
        locked.save()
        RequestEvent.objects.create(
            request=locked,
            actor=by,
            at=now,
            from_status=from_status,
            to_status=to_status,
            note=note[:200],
        )
        schedule_request_change(locked.pk, from_status, to_status, getattr(by, "pk", None))
        if to_status == S.CONFIRMED:
            _need_matched(locked, now)
            _outcome_followup_open(locked)
    logger.info(
        "contact_request_transition request=%s %s->%s by=%s",
        locked.pk,
        from_status,
        to_status,
        getattr(by, "pk", None),
    )
    request.refresh_from_db()
    return request


def _apply(
    request: ContactRequest,
    to_status: S,
    decline_reason: str,
    proposed_start_date: dt.date | None,
) -> None:
    if to_status == S.DECLINED:
        if decline_reason not in DeclineReason.values:
            raise ValidationError("Choisissez le motif du refus dans la liste.")
        request.decline_reason = decline_reason
    if to_status == S.DATE_PROPOSED:
        if proposed_start_date is None:
            raise ValidationError("Indiquez la date de début proposée.")
        request.proposed_start_date = proposed_start_date
    if to_status == S.CONFIRMED:
        if request.need.status != NeedStatus.OPEN:
            raise InvalidTransition("Ce besoin n'est plus en recherche.")
        for check in CONFIRMATION_CHECKS:
            check(request)


def _need_matched(request: ContactRequest, now: dt.datetime) -> None:
    """A confirmed place closes the search: the need is matched, other requests cancelled."""
    need = request.need
    need.status = NeedStatus.MATCHED
    need.closed_at = now
    need.save(update_fields=["status", "closed_at", "updated_at"])
    others = ContactRequest.objects.filter(need=need, status__in=ACTIVE_STATUSES).exclude(
        pk=request.pk
    )
    events: list[RequestEvent] = []
    for other in others.select_for_update():
        events.append(
            RequestEvent(
                request=other,
                actor=None,
                at=now,
                from_status=other.status,
                to_status=S.CANCELLED,
                note="Place trouvée par ailleurs",
            )
        )
    others.update(status=S.CANCELLED, status_changed_at=now, updated_at=now)
    RequestEvent.objects.bulk_create(events)
    for event in events:
        schedule_request_change(event.request_id, event.from_status, S.CANCELLED, None)


def _outcome_followup_open(request: ContactRequest) -> None:
    """A served need enters the return-to-work follow-up (start, 1, 3 and 6 months)."""
    from maillage.childcare.enums import ProviderKind
    from maillage.outcomes.services import outcome_followup_open

    if request.nursery_id:
        mode = ProviderKind.NURSERY
    elif request.childminder and request.childminder.mam_id:
        mode = ProviderKind.MAM
    else:
        mode = ProviderKind.CHILDMINDER
    care_start = request.proposed_start_date or request.need.start_date
    outcome_followup_open(need=request.need, mode=mode, care_start=care_start)


def contact_requests_expire(*, now: dt.datetime | None = None) -> int:
    """Requests left unanswered past their expiry date become expired (the family is told)."""
    now = now or timezone.now()
    due = ContactRequest.objects.filter(status__in=ACTIVE_STATUSES, expires_at__lt=now)
    expired = 0
    for request in due.order_by("pk").iterator():
        contact_request_transition(
            request=request, to_status=S.EXPIRED, by=None, note="Sans réponse dans le délai"
        )
        expired += 1
    logger.info("contact_requests_expire expired=%s", expired)
    return expired


def need_set_status(*, need: Need, to_status: NeedStatus, by: User) -> Need:
    """Close or cancel a need (or open a draft once consent is given)."""
    allowed = {
        NeedStatus.DRAFT: {NeedStatus.OPEN, NeedStatus.CANCELLED},
        NeedStatus.OPEN: {NeedStatus.CLOSED, NeedStatus.CANCELLED},
        NeedStatus.MATCHED: {NeedStatus.CLOSED},
    }
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if to_status not in allowed.get(NeedStatus(locked.status), set()):
            raise InvalidTransition(
                f"Impossible de passer ce besoin de « {locked.get_status_display()} » "
                f"à « {to_status.label} »."
            )
        if to_status == NeedStatus.OPEN and locked.consent_given_at is None:
            raise InvalidTransition("Le consentement de la famille est nécessaire.")
        now = timezone.now()
        locked.status = to_status
        if to_status in (NeedStatus.CLOSED, NeedStatus.CANCELLED):
            locked.closed_at = now
            for req in locked.contact_requests.filter(status__in=ACTIVE_STATUSES):
                contact_request_transition(
                    request=req, to_status=S.CANCELLED, by=None, note="Besoin clos"
                )
        locked.save()
    logger.info("need_set_status need=%s -> %s by=%s", need.pk, to_status, by.pk)
    return locked


def _register_checks() -> None:
    from maillage.families.places import reserve_place

    if reserve_place not in CONFIRMATION_CHECKS:
        CONFIRMATION_CHECKS.append(reserve_place)


_register_checks()
