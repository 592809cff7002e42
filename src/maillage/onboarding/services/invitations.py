"""Invitations: a provider loaded from a register claims her account and confirms her places;
a crèche manager invites a colleague. Links are single-use and expire; only the hash of the
token is stored. Every "this link does not work" case shows the same message, so that nobody
learns which addresses have an account."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import User
from maillage.accounts.services import normalize_email
from maillage.childcare.models import Childminder, Mam, Nursery
from maillage.childcare.services import childminder_availability_update
from maillage.onboarding.enums import InvitationKind
from maillage.onboarding.models import Invitation
from maillage.onboarding.perms import can_invite_colleague, can_invite_provider
from maillage.onboarding.querysets import in_managed_territory
from maillage.onboarding.services.mail import claim_url, send_on_commit
from maillage.onboarding.tokens import hash_token, new_token

if TYPE_CHECKING:
    Provider = Childminder | Nursery

logger = logging.getLogger(__name__)

INVITATION_VALID_DAYS = 30
REMINDER_AFTER_DAYS = 14
INVALID_LINK_MESSAGE = (
    "Ce lien d'invitation ne fonctionne plus : il a déjà servi, il a expiré ou une invitation "
    "plus récente l'a remplacé. Utilisez le dernier courriel reçu, ou demandez une nouvelle "
    "invitation à votre relais petite enfance ou à votre administrateur de territoire."
)
ALREADY_CLAIMED_MESSAGE = "Ce compte est déjà réclamé : il n'y a rien à envoyer."
NO_ADDRESS_MESSAGE = "Aucune adresse électronique n'est connue pour ce prestataire."


class InvalidInvitation(Exception):
    """Unknown, used, replaced or expired link: always the same French message."""

    def __init__(self) -> None:
        super().__init__(INVALID_LINK_MESSAGE)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _supply_changed(provider: Provider) -> None:
    from maillage.families.engine_records import provider_index_bump_on_commit

    provider_index_bump_on_commit(provider.commune.departement_id)


def _provider_user(provider: Provider) -> User | None:
    """Who claims: the childminder's own account, or a crèche's manager (one who never
    signed in first, as imports create them)."""
    if isinstance(provider, Childminder):
        return provider.user
    managers = list(provider.managers.order_by("is_active", "pk"))
    return managers[0] if managers else None


def _provider_filter(provider: Provider) -> dict[str, Provider]:
    key = "childminder" if isinstance(provider, Childminder) else "nursery"
    return {key: provider}


def provider_invite(
    *, provider: Provider, by: User, base_url: str = "", now: dt.datetime | None = None
) -> Invitation:
    """Email a provider of the territory a link to claim her account (30 days, single use).
    A newer invitation replaces the older ones. Raises PermissionDenied or ValidationError."""
    now = _now(now)
    if not can_invite_provider(by, provider):
        raise PermissionDenied("Ce prestataire n'est pas dans votre territoire.")
    if provider.claimed_at is not None:
        raise ValidationError(ALREADY_CLAIMED_MESSAGE)
    user = _provider_user(provider)
    if user is None or not user.email:
        raise ValidationError(NO_ADDRESS_MESSAGE)
    raw, digest = new_token()
    with transaction.atomic():
        Invitation.objects.usable(now).filter(**_provider_filter(provider)).update(revoked_at=now)
        invitation = Invitation.objects.create(
            kind=InvitationKind.PROVIDER,
            user=user,
            email=user.email,
            token_hash=digest,
            expires_at=now + dt.timedelta(days=INVITATION_VALID_DAYS),
            invited_by=by,
            invited_at=now,
            **_provider_filter(provider),
        )
        send_on_commit(
            "invitation",
            [user.email],
            {
                "provider": provider,
                "is_childminder": isinstance(provider, Childminder),
                "user": user,
                "link": claim_url(raw, base_url),
                "valid_days": INVITATION_VALID_DAYS,
            },
        )
    logger.info(
        "provider_invite invitation=%s childminder=%s nursery=%s by=%s",
        invitation.pk,
        invitation.childminder_id,
        invitation.nursery_id,
        by.pk,
    )
    return invitation


def uninvited_providers(*, by: User, kind: str, departement_codes: Sequence[str] = ()) -> list:
    """Unclaimed providers of `by`'s territory who never got an invitation."""
    model = Childminder if kind == "childminder" else Nursery
    qs = in_managed_territory(model.objects.all(), by).filter(
        claimed_at__isnull=True, invitations__isnull=True
    )
    if departement_codes:
        qs = qs.filter(commune__departement_id__in=list(departement_codes))
    return list(qs.select_related("commune").order_by("pk"))


def providers_invite_uninvited(
    *, by: User, kind: str, departement_codes: Sequence[str] = (), base_url: str = ""
) -> int:
    """Invite every unclaimed provider of the territory who was never invited. Returns how
    many were invited; providers without an address are skipped (and logged)."""
    sent = 0
    for provider in uninvited_providers(by=by, kind=kind, departement_codes=departement_codes):
        try:
            provider_invite(provider=provider, by=by, base_url=base_url)
        except ValidationError:
            logger.info("providers_invite_uninvited skipped provider=%s", provider.pk)
            continue
        sent += 1
    logger.info("providers_invite_uninvited by=%s kind=%s sent=%s", by.pk, kind, sent)
    return sent


def invitation_for_token(token: str, *, now: dt.datetime | None = None) -> Invitation:
    """The usable invitation of this link. Raises InvalidInvitation (one message for all)."""
    invitation = (
        Invitation.objects.usable(_now(now))
        .select_related("childminder__commune", "nursery__commune", "user")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if invitation is None:
        raise InvalidInvitation
    return invitation


def invitation_open(*, invitation: Invitation, now: dt.datetime | None = None) -> Invitation:
    """The first opening of the link is recorded for the territory's follow-up."""
    if invitation.opened_at is None:
        invitation.opened_at = _now(now)
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=invitation.opened_at
        )
        logger.info("invitation_open invitation=%s", invitation.pk)
    return invitation


def _lock_usable(invitation: Invitation, now: dt.datetime, kind: str) -> Invitation:
    locked = Invitation.objects.select_for_update().filter(pk=invitation.pk, kind=kind).first()
    if locked is None or not locked.is_usable(now):
        raise InvalidInvitation
    return locked


def _activate(user: User, password: str | None, *, field: str = "password1") -> None:
    """Set the chosen password (when the account has none usable) and activate the account:
    following the emailed link proves the address."""
    fields = ["is_active", "email_verified"]
    if password is not None:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc
        user.set_password(password)
        fields.append("password")
    user.is_active = True
    user.email_verified = True
    if user.pk is None:
        user.save()
    else:
        user.save(update_fields=fields)


def _check_claimant(invitation: Invitation, password: str | None, signed_in: User | None) -> User:
    user = invitation.user
    if user is None:
        raise InvalidInvitation
    if password is None and (signed_in is None or signed_in.pk != user.pk):
        raise PermissionDenied("Connectez-vous avec le compte invité.")
    return user


def provider_claim_childminder(
    *,
    invitation: Invitation,
    password: str | None,
    place_dates: Sequence[dt.date | None] | None = None,
    confirm_unchanged: bool = False,
    signed_in: User | None = None,
    now: dt.datetime | None = None,
) -> User:
    """She sets her password (or is already signed in) and confirms her free places in one
    step: from now on she is offered to families. Raises InvalidInvitation, ValidationError."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_usable(invitation, now, InvitationKind.PROVIDER)
        if locked.childminder_id is None:
            raise InvalidInvitation
        user = _check_claimant(locked, password, signed_in)
        _activate(user, password)
        childminder = Childminder.objects.select_related("commune").get(pk=locked.childminder_id)
        childminder_availability_update(
            childminder=childminder,
            place_dates=place_dates,
            confirm_unchanged=confirm_unchanged,
            now=now,
        )
        Childminder.objects.filter(pk=childminder.pk).update(claimed_at=now)
        locked.claimed_at = now
        locked.save(update_fields=["claimed_at"])
        Invitation.objects.usable(now).filter(childminder=childminder).update(revoked_at=now)
        _supply_changed(childminder)
    logger.info("provider_claim_childminder invitation=%s user=%s", locked.pk, user.pk)
    return user


def provider_claim_nursery(
    *,
    invitation: Invitation,
    password: str | None,
    signed_in: User | None = None,
    now: dt.datetime | None = None,
) -> User:
    """A crèche's manager sets her password and confirms the places shown: the crèche is then
    offered to families. Raises InvalidInvitation, ValidationError."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_usable(invitation, now, InvitationKind.PROVIDER)
        if locked.nursery_id is None:
            raise InvalidInvitation
        user = _check_claimant(locked, password, signed_in)
        _activate(user, password)
        nursery = Nursery.objects.select_related("commune").get(pk=locked.nursery_id)
        Nursery.objects.filter(pk=nursery.pk).update(claimed_at=now, availability_updated_at=now)
        locked.claimed_at = now
        locked.save(update_fields=["claimed_at"])
        Invitation.objects.usable(now).filter(nursery=nursery).update(revoked_at=now)
        _supply_changed(nursery)
    logger.info("provider_claim_nursery invitation=%s user=%s", locked.pk, user.pk)
    return user


def invitation_reminders_send(*, now: dt.datetime | None = None, base_url: str = "") -> int:
    """Remind, once, every provider invited 14 days ago who has not claimed yet. The reminder
    carries a new link (the old one stops working) valid until the invitation expires.
    Idempotent: a reminded invitation is never reminded again."""
    now = _now(now)
    ids = list(
        Invitation.objects.due_for_reminder(now, REMINDER_AFTER_DAYS).values_list("pk", flat=True)
    )
    sent = 0
    for pk in ids:
        with transaction.atomic():
            invitation = (
                Invitation.objects.due_for_reminder(now, REMINDER_AFTER_DAYS)
                .select_for_update()
                .filter(pk=pk)
                .first()
            )
            if invitation is None or (invitation.provider.claimed_at is not None):
                continue
            raw, digest = new_token()
            invitation.token_hash = digest
            invitation.reminded_at = now
            invitation.save(update_fields=["token_hash", "reminded_at"])
            send_on_commit(
                "reminder",
                [invitation.email],
                {
                    "provider": invitation.provider,
                    "is_childminder": invitation.childminder_id is not None,
                    "user": invitation.user,
                    "link": claim_url(raw, base_url),
                    "expires_at": invitation.expires_at,
                },
            )
        sent += 1
    logger.info("invitation_reminders_send sent=%s", sent)
    return sent


def _structure_key(structure: Nursery | Mam) -> dict[str, Nursery | Mam]:
    return {"mam": structure} if isinstance(structure, Mam) else {"nursery": structure}


def colleague_invite(
    *,
    structure: Nursery | Mam,
    by: User,
    email: str,
    base_url: str = "",
    now: dt.datetime | None = None,
) -> Invitation:
    """A manager invites a colleague to manage the same crèche or MAM. The answer is the same
    whether or not the address has an account."""
    now = _now(now)
    if not can_invite_colleague(by, structure):
        raise PermissionDenied("Vous ne gérez pas cette structure.")
    email = normalize_email(email)
    if structure.managers.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Cette personne gère déjà la structure."})
    raw, digest = new_token()
    with transaction.atomic():
        Invitation.objects.usable(now).filter(
            kind=InvitationKind.COLLEAGUE, email__iexact=email, **_structure_key(structure)
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            kind=InvitationKind.COLLEAGUE,
            email=email,
            token_hash=digest,
            expires_at=now + dt.timedelta(days=INVITATION_VALID_DAYS),
            invited_by=by,
            invited_at=now,
            **_structure_key(structure),
        )
        send_on_commit(
            "colleague",
            [email],
            {
                "structure": structure,
                "by": by,
                "link": claim_url(raw, base_url),
                "valid_days": INVITATION_VALID_DAYS,
            },
        )
    logger.info(
        "colleague_invite invitation=%s structure=%s by=%s", invitation.pk, structure.pk, by.pk
    )
    return invitation


def colleague_join(
    *,
    invitation: Invitation,
    signed_in: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    now: dt.datetime | None = None,
) -> User:
    """The colleague becomes a manager of the crèche (or a member of the MAM): signed in with
    the invited address, or by creating her account (the link proves the address). Raises
    InvalidInvitation, ValidationError."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_usable(invitation, now, InvitationKind.COLLEAGUE)
        is_mam = locked.mam_id is not None
        role = Role.CHILDMINDER if is_mam else Role.NURSERY_MANAGER
        if signed_in is not None and signed_in.is_authenticated:
            if signed_in.email.lower() != locked.email.lower():
                raise ValidationError(
                    "Cette invitation est adressée à une autre adresse : déconnectez-vous, "
                    "puis ouvrez à nouveau le lien."
                )
            user = User.objects.select_for_update().get(pk=signed_in.pk)
        else:
            if User.objects.filter(email__iexact=locked.email).exists():
                raise ValidationError(
                    "Un compte existe déjà pour cette adresse : connectez-vous, puis ouvrez à "
                    "nouveau le lien."
                )
            if not first_name.strip() or not last_name.strip():
                raise ValidationError({"last_name": "Indiquez vos nom et prénom."})
            user = User(
                email=locked.email,
                role=role,
                roles=[role],
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                terms_accepted_at=now,
            )
            _activate(user, password or "")
        if role not in user.all_roles:
            user.roles = [*user.all_roles, role]
            user.save(update_fields=["roles"])
        model = Mam if is_mam else Nursery
        structure = model.objects.select_for_update().get(pk=locked.mam_id or locked.nursery_id)
        structure.managers.add(user)
        if is_mam:
            Childminder.objects.filter(user=user, mam__isnull=True).update(mam=structure)
        locked.user = user
        locked.claimed_at = now
        locked.save(update_fields=["user", "claimed_at"])
    logger.info(
        "colleague_join invitation=%s structure=%s user=%s", locked.pk, structure.pk, user.pk
    )
    return user


def latest_invitations(providers: Iterable[Provider]) -> dict[tuple[str, int], Invitation]:
    """The newest invitation of each provider, keyed by ("childminder"|"nursery", pk)."""
    result: dict[tuple[str, int], Invitation] = {}
    cms = [p.pk for p in providers if isinstance(p, Childminder)]
    nurseries = [p.pk for p in providers if isinstance(p, Nursery)]
    rows = Invitation.objects.filter(kind=InvitationKind.PROVIDER).filter(
        childminder_id__in=cms
    ) | Invitation.objects.filter(kind=InvitationKind.PROVIDER, nursery_id__in=nurseries)
    for inv in rows.order_by("invited_at", "pk"):
        key = (
            ("childminder", inv.childminder_id)
            if inv.childminder_id
            else ("nursery", inv.nursery_id)
        )
        result[key] = inv  # type: ignore[index]
    return result
