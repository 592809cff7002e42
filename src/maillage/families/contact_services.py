"""Two-way contact services: shared contact details, the message thread, the "rencontre"
(visit) and the place held for it.

Every change is a logged service call under `transaction.atomic`; visit and hold changes are
recorded as `RequestEvent`s (the request's status does not move, the event carries a label) and
e-mailed to the other side after the commit (`contact_notifications`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.families.contact_notifications import schedule_contact_mail
from maillage.families.enums import ContactRequestStatus as S
from maillage.families.enums import MessageSide, VisitStatus
from maillage.families.models import (
    ContactRequest,
    ContactSharing,
    PlaceHold,
    RequestEvent,
    RequestMessage,
    Visit,
)
from maillage.families.services import (
    InvalidTransition,
    Side,
    TransitionNotPermitted,
    sides_of,
)

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)

# Contact details are shared once the provider has accepted (and after the confirmation).
CONTACT_SHARED_STATUSES = (S.ACCEPTED, S.CONFIRMED)
# A thread stays open while the request lives, and after the place is confirmed.
THREAD_OPEN_STATUSES = (S.PENDING, S.ACCEPTED, S.DATE_PROPOSED, S.CONFIRMED)
MESSAGE_MAX_CHARS = 2000
HEALTH_REMINDER = (
    "N'écrivez rien sur la santé de l'enfant (maladie, traitement, allergie, handicap) : "
    "ces informations se donnent de vive voix, lors de la rencontre."
)


class RateLimited(InvalidTransition):
    """Too many messages in a short time; the message is French."""


@dataclass(frozen=True)
class SharedContact:
    """The other side's contact, as that person chose to share it."""

    name: str
    phone: str
    email: str
    organisation: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.email)


def message_rate() -> tuple[int, int]:
    """(messages, seconds): at most that many messages per user in that window."""
    count, seconds = getattr(settings, "MAILLAGE_MESSAGE_RATE", (10, 600))
    return int(count), int(seconds)


def hold_hours_after_visit() -> int:
    return int(getattr(settings, "MAILLAGE_PLACE_HOLD_HOURS_AFTER_VISIT", 48))


def visit_max_days_ahead() -> int:
    return int(getattr(settings, "MAILLAGE_VISIT_MAX_DAYS_AHEAD", 30))


def sharing_of(user: User) -> ContactSharing:
    """The user's sharing preferences (the defaults when never set: all shared)."""
    found = ContactSharing.objects.filter(user=user).first()
    return found or ContactSharing(user=user)


def contact_sharing_update(
    *, user: User, share_name: bool, share_phone: bool, share_email: bool
) -> ContactSharing:
    with transaction.atomic():
        sharing, _ = ContactSharing.objects.update_or_create(
            user=user,
            defaults={
                "share_name": share_name,
                "share_phone": share_phone,
                "share_email": share_email,
            },
        )
    logger.info(
        "contact_sharing_update user=%s name=%s phone=%s email=%s",
        user.pk,
        share_name,
        share_phone,
        share_email,
    )
    return sharing


def _person(user: User, organisation: str = "") -> SharedContact:
    prefs = sharing_of(user)
    return SharedContact(
        name=user.get_full_name() if prefs.share_name else "",
        phone=user.phone if prefs.share_phone else "",
        email=user.email if prefs.share_email else "",
        organisation=organisation,
    )


def shared_contacts(*, request: ContactRequest, viewer: User) -> list[SharedContact]:
    """What `viewer` may see of the other side: nothing before acceptance; then each person's
    name, phone and e-mail as that person chose to share them."""
    if request.status not in CONTACT_SHARED_STATUSES:
        return []
    sides = sides_of(viewer, request)
    out: list[SharedContact] = []
    if Side.FAMILY in sides:
        if request.childminder_id:
            out.append(_person(request.childminder.user))
        else:
            nursery = request.nursery
            out += [_person(m, organisation=nursery.name) for m in nursery.managers.all()]
    if Side.PROVIDER in sides:
        need = request.need
        if need.parent_id:
            out.append(_person(need.parent))
        else:  # recorded by a counsellor for a family without an account, with its consent
            out.append(SharedContact(name="", phone=need.family_phone, email=need.family_email))
    return [c for c in out if not c.is_empty]


def _side(by: User, request: ContactRequest) -> Side:
    sides = sides_of(by, request)
    if Side.PROVIDER in sides and Side.FAMILY not in sides:
        return Side.PROVIDER
    if Side.FAMILY in sides:
        return Side.FAMILY
    raise TransitionNotPermitted("Vous ne participez pas à cette demande.")


def _event(request: ContactRequest, by: User | None, label: str, note: str = "") -> None:
    RequestEvent.objects.create(
        request=request,
        actor=by,
        at=timezone.now(),
        from_status=request.status,
        to_status=request.status,
        label=label[:60],
        note=note[:200],
    )


# ---------------------------------------------------------------- messages


def request_message_post(*, request: ContactRequest, by: User, body: str) -> RequestMessage:
    """Add a plain-text message to the thread; the other side is e-mailed (without the text:
    it is read on the platform). At most `message_rate()` messages per user and window."""
    side = _side(by, request)
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError("Écrivez votre message avant de l'envoyer.")
    if len(text) > MESSAGE_MAX_CHARS:
        raise ValidationError(
            f"Votre message fait {len(text)} caractères : {MESSAGE_MAX_CHARS} au plus."
        )
    limit, seconds = message_rate()
    now = timezone.now()
    with transaction.atomic():
        locked = ContactRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        if locked.status not in THREAD_OPEN_STATUSES:
            raise InvalidTransition(
                "Cette demande est close : la messagerie n'est plus ouverte. "
                "Votre message n'a pas été envoyé."
            )
        recent = RequestMessage.objects.filter(
            author=by, created_at__gt=now - dt.timedelta(seconds=seconds)
        ).count()
        if recent >= limit:
            minutes = max(1, seconds // 60)
            raise RateLimited(
                f"Vous avez envoyé {recent} messages en moins de {minutes} minutes : "
                "patientez quelques minutes avant d'en envoyer un autre. "
                "Votre texte est conservé ci-dessous."
            )
        message = RequestMessage.objects.create(
            request=locked, author=by, side=MessageSide(side.value), body=text, created_at=now
        )
        schedule_contact_mail(locked.pk, "message", by.pk)
    logger.info("request_message_post request=%s by=%s side=%s", request.pk, by.pk, side)
    return message


# ---------------------------------------------------------------- visits and holds


def active_visit(request: ContactRequest) -> Visit | None:
    return (
        Visit.objects.filter(
            request=request, status__in=[VisitStatus.PROPOSED, VisitStatus.ACCEPTED]
        )
        .order_by("-created_at")
        .first()
    )


def open_hold(request: ContactRequest, now: dt.datetime | None = None) -> PlaceHold | None:
    now = now or timezone.now()
    return PlaceHold.objects.filter(
        request=request, released_at__isnull=True, expires_at__gt=now
    ).first()


def visit_propose(
    *,
    request: ContactRequest,
    by: User,
    starts_at: dt.datetime,
    place: str,
    hold_place: bool = False,
) -> Visit:
    """The provider proposes a visit of an accepted request (replacing a previous proposal);
    with `hold_place`, the place is kept for the family until `starts_at` plus
    `hold_hours_after_visit()` hours, if it is still free (same recount as a confirmation)."""
    from maillage.families.places import hold_check

    if Side.PROVIDER not in sides_of(by, request):
        raise TransitionNotPermitted("Seul le mode d'accueil propose une rencontre.")
    place = (place or "").strip()
    if not place:
        raise ValidationError("Indiquez le lieu de la rencontre.")
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError("Choisissez une date et une heure à venir.")
    if starts_at > now + dt.timedelta(days=visit_max_days_ahead()):
        raise ValidationError(
            f"Proposez une rencontre dans les {visit_max_days_ahead()} prochains jours."
        )
    with transaction.atomic():
        locked = ContactRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
        if locked.status != S.ACCEPTED:
            raise InvalidTransition(
                "Une rencontre se propose une fois la demande acceptée et avant la confirmation."
            )
        previous = Visit.objects.filter(
            request=locked, status__in=[VisitStatus.PROPOSED, VisitStatus.ACCEPTED]
        )
        previous.update(status=VisitStatus.CANCELLED, status_changed_at=now)
        visit = Visit.objects.create(
            request=locked,
            starts_at=starts_at,
            place=place[:200],
            proposed_by=by,
            created_at=now,
            status_changed_at=now,
        )
        when = timezone.localtime(starts_at).strftime("%d/%m/%Y à %H:%M")
        _event(locked, by, "Rencontre proposée", f"le {when}, {place}"[:200])
        if hold_place:
            _hold(locked, visit, by, starts_at + dt.timedelta(hours=hold_hours_after_visit()))
            hold_check(locked)
        schedule_contact_mail(locked.pk, "visit_proposed", by.pk)
    logger.info(
        "visit_propose request=%s visit=%s by=%s hold=%s", request.pk, visit.pk, by.pk, hold_place
    )
    return visit


def _hold(request: ContactRequest, visit: Visit, by: User, expires_at: dt.datetime) -> PlaceHold:
    now = timezone.now()
    PlaceHold.objects.filter(request=request, released_at__isnull=True).update(
        released_at=now, release_reason="Remplacée par une nouvelle rencontre"
    )
    hold = PlaceHold.objects.create(
        request=request, visit=visit, created_at=now, expires_at=expires_at
    )
    until = timezone.localtime(expires_at).strftime("%d/%m/%Y à %H:%M")
    _event(request, by, "Place retenue", f"jusqu'au {until}")
    return hold


def _family_visit(visit: Visit, by: User) -> Visit:
    if Side.FAMILY not in sides_of(by, visit.request):
        raise TransitionNotPermitted("Seule la famille répond à une proposition de rencontre.")
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if locked.status != VisitStatus.PROPOSED or locked.request.status != S.ACCEPTED:
        raise InvalidTransition("Cette proposition de rencontre n'attend plus de réponse.")
    return locked


def visit_accept(*, visit: Visit, by: User) -> Visit:
    """The family accepts the proposed visit."""
    with transaction.atomic():
        locked = _family_visit(visit, by)
        locked.status = VisitStatus.ACCEPTED
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_changed_at"])
        _event(locked.request, by, "Rencontre acceptée")
        schedule_contact_mail(locked.request_id, "visit_accepted", by.pk)
    logger.info("visit_accept visit=%s by=%s", visit.pk, by.pk)
    return locked


def visit_ask_other_date(*, visit: Visit, by: User, note: str = "") -> Visit:
    """The family asks for another date (an optional short note: when it suits her). A place
    held for this visit stays held until it expires or a new visit is proposed."""
    with transaction.atomic():
        locked = _family_visit(visit, by)
        locked.status = VisitStatus.OTHER_DATE_ASKED
        locked.family_note = (note or "").strip()[:200]
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "family_note", "status_changed_at"])
        _event(locked.request, by, "Autre date de rencontre demandée", locked.family_note)
        schedule_contact_mail(locked.request_id, "visit_other_date", by.pk)
    logger.info("visit_ask_other_date visit=%s by=%s", visit.pk, by.pk)
    return locked


def place_hold_release(*, hold: PlaceHold, reason: str, by: User | None = None) -> bool:
    """Release a held place (a conditional UPDATE: released once); True when released now."""
    now = timezone.now()
    with transaction.atomic():
        released = PlaceHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
            released_at=now, release_reason=reason[:100]
        )
        if released:
            request = ContactRequest.objects.get(pk=hold.request_id)
            _event(request, by, "Place retenue libérée", reason)
            schedule_contact_mail(request.pk, "hold_released", getattr(by, "pk", None))
    if released:
        logger.info("place_hold_release hold=%s reason=%s", hold.pk, reason)
    return bool(released)


def place_holds_release_expired(*, now: dt.datetime | None = None) -> int:
    """Expired holds (they no longer count in capacity checks) are released and both sides
    told; holds of requests that ended (confirmed, cancelled…) are closed silently."""
    now = now or timezone.now()
    ended = PlaceHold.objects.filter(released_at__isnull=True).exclude(
        request__status__in=[S.ACCEPTED]
    )
    closed = ended.update(released_at=now, release_reason="Demande close")
    count = 0
    for hold in PlaceHold.objects.filter(released_at__isnull=True, expires_at__lte=now):
        count += place_hold_release(hold=hold, reason="Délai de la place retenue dépassé")
    logger.info("place_holds_release_expired released=%s closed=%s", count, closed)
    return count
