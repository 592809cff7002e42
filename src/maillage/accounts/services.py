"""Account services: sign-up, email verification, creation by staff or the demo generator."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import SELF_SERVICE_ROLES, Organisation, Role
from maillage.accounts.models import User
from maillage.accounts.tokens import (
    InvalidToken,
    make_verification_token,
    read_verification_token,
    verification_max_age,
)
from maillage.territory.models import Commune, Departement

logger = logging.getLogger(__name__)

DUPLICATE_EMAIL_MESSAGE = "Un compte existe déjà avec cette adresse."


def normalize_email(email: str) -> str:
    return email.strip().lower()


def email_is_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    qs = User.objects.filter(email__iexact=normalize_email(email))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def user_signup(
    *,
    email: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    base_url: str = "",
) -> User | None:
    """Create an inactive account and send the verification email.

    `base_url` ("https://example.org") makes the link absolute; the caller passes
    `request.build_absolute_uri("/")`. Raises ValidationError on a role that cannot be chosen by
    oneself or a weak password.

    No account enumeration: when the address already has an account, nothing is created and its
    owner is told by email (a new verification link if it was never verified); None is returned
    and the caller answers exactly as for a new account. The password is hashed either way so
    that both paths take the same time.
    """
    email = normalize_email(email)
    if role not in SELF_SERVICE_ROLES:
        raise ValidationError({"role": "Ce rôle ne peut pas être choisi à l'inscription."})
    with transaction.atomic():
        user = User(
            email=email,
            role=role,
            roles=[role],
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            is_active=False,
            email_verified=False,
            terms_accepted_at=timezone.now(),
        )
        password_validation.validate_password(password, user)
        user.set_password(password)
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            transaction.on_commit(
                lambda: user_notify_signup_attempt(user=existing, base_url=base_url)
            )
            logger.info("user_signup_existing user=%s", existing.pk)
            return None
        user.save()
        # Send after commit: no email for an account that a later failure rolled back.
        transaction.on_commit(lambda: user_send_verification(user=user, base_url=base_url))
    logger.info("user_signup user=%s role=%s", user.pk, role)
    return user


def user_notify_signup_attempt(*, user: User, base_url: str = "") -> None:
    """Someone signed up with the address of an existing account: tell its owner, nobody else."""
    if not user.email_verified:
        user_send_verification(user=user, base_url=base_url)
        return
    base_url = (base_url or getattr(settings, "MAILLAGE_BASE_URL", "")).rstrip("/")
    context = {
        "user": user,
        "login_url": f"{base_url}{reverse('accounts:login')}",
        "reset_url": f"{base_url}{reverse('accounts:password_reset')}",
        "site_name": settings.MAILLAGE_SITE_NAME,
    }
    subject = render_to_string("accounts/emails/signup_existing_subject.txt", context).strip()
    body = render_to_string("accounts/emails/signup_existing.txt", context)
    send_mail(subject, body, None, [user.email])
    logger.info("user_notify_signup_attempt user=%s", user.pk)


def user_send_verification(*, user: User, base_url: str = "") -> None:
    """Send (again) the French verification email with a signed link."""
    # Outside a request (shell, task), the absolute address comes from the settings.
    base_url = base_url or getattr(settings, "MAILLAGE_BASE_URL", "")
    token = make_verification_token(user_id=user.pk, email=user.email)
    path = reverse("accounts:verify_email", kwargs={"token": token})
    context = {
        "user": user,
        "verify_url": f"{base_url.rstrip('/')}{path}",
        "site_name": settings.MAILLAGE_SITE_NAME,
        "valid_days": max(1, verification_max_age() // 86400),
    }
    subject = render_to_string("accounts/emails/verification_subject.txt", context).strip()
    body = render_to_string("accounts/emails/verification.txt", context)
    send_mail(subject, body, None, [user.email])
    logger.info("user_send_verification user=%s", user.pk)


def user_resend_verification(*, email: str, base_url: str = "") -> bool:
    """Send a new link if an unverified account has this address. Returns whether one was sent.

    The caller shows the same message either way, so that nobody can probe which addresses
    have an account.
    """
    user = User.objects.filter(email__iexact=normalize_email(email), email_verified=False).first()
    if user is None:
        return False
    user_send_verification(user=user, base_url=base_url)
    return True


def user_verify_email(*, token: str) -> User:
    """Mark the address as verified and activate the account. Raises InvalidToken."""
    user_id, email = read_verification_token(token)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or user.email.lower() != email:
            raise InvalidToken("Ce lien n'est pas valide.")
        if user.email_verified:
            # A second click changes nothing: an account deactivated by staff stays inactive.
            return user
        user.email_verified = True
        user.is_active = True
        user.save(update_fields=["email_verified", "is_active"])
    logger.info("user_verify_email user=%s", user.pk)
    return user


def user_create(
    *,
    email: str,
    role: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    verified: bool = True,
    organisation: str = "",
    departements: Iterable[Departement | str] = (),
    communes: Iterable[Commune | str] = (),
    is_job_seeker: bool = False,
) -> User:
    """Create an account directly (demo generator, staff scripts): no email, no validators.

    Territories are given as objects or codes; `password=None` makes an unusable password.
    """
    if role not in Role.values:
        raise ValidationError({"role": f"Rôle inconnu : {role}."})
    if organisation not in Organisation.values:
        raise ValidationError({"organisation": f"Organisme inconnu : {organisation}."})
    email = normalize_email(email)
    with transaction.atomic():
        if email_is_taken(email):
            raise ValidationError({"email": DUPLICATE_EMAIL_MESSAGE})
        user = User.objects.create_user(
            email,
            password,
            role=role,
            first_name=first_name,
            last_name=last_name,
            organisation=organisation,
            email_verified=verified,
            is_active=verified,
            is_job_seeker=is_job_seeker,
            is_staff=role == Role.ADMIN,
        )
        dep_codes = [d.pk if isinstance(d, Departement) else d for d in departements]
        com_codes = [c.pk if isinstance(c, Commune) else c for c in communes]
        if dep_codes:
            user.territory_departements.set(Departement.objects.filter(code__in=dep_codes))
        if com_codes:
            user.territory_communes.set(Commune.objects.filter(code__in=com_codes))
    logger.info("user_create user=%s role=%s", user.pk, role)
    return user


def user_update_profile(
    *, user: User, first_name: str, last_name: str, phone: str, is_job_seeker: bool
) -> User:
    """Save the fields a person may edit about themselves."""
    with transaction.atomic():
        user.first_name = first_name.strip()
        user.last_name = last_name.strip()
        user.phone = phone.strip()
        user.is_job_seeker = is_job_seeker
        user.save(update_fields=["first_name", "last_name", "phone", "is_job_seeker"])
    logger.info("user_update_profile user=%s", user.pk)
    return user


# Profiles a person may add to her account herself (a parent who also joins the substitute
# pool as a « parent réserviste » becomes a candidate too).
ADDABLE_ROLES = (Role.PARENT, Role.CANDIDATE, Role.CHILDMINDER)


def user_role_add(*, user: User, role: str) -> User:
    """Give the person one more profile; her primary ``role`` is unchanged."""
    if role not in ADDABLE_ROLES:
        raise ValidationError("Ce profil ne peut pas être ajouté à un compte existant.")
    with transaction.atomic():
        fresh = User.objects.select_for_update().get(pk=user.pk)
        if role in fresh.all_roles:
            return fresh
        fresh.roles = [*fresh.all_roles, role]
        fresh.save(update_fields=["roles"])
    user.roles = fresh.roles
    logger.info("user_role_add user=%s role=%s", user.pk, role)
    return user
