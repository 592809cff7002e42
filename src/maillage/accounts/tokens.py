"""Signed, time-limited tokens for the email verification link."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

_SALT = "maillage.accounts.email-verification"


class InvalidToken(Exception):
    """The link is malformed, tampered with, expired or for another address."""


def verification_max_age() -> int:
    """Seconds a verification link stays valid (default: the password reset timeout)."""
    return int(getattr(settings, "ACCOUNT_VERIFICATION_MAX_AGE", settings.PASSWORD_RESET_TIMEOUT))


def make_verification_token(*, user_id: int, email: str) -> str:
    # The address is part of the payload: a link sent to an old address stops working.
    return signing.dumps({"u": user_id, "e": email.lower()}, salt=_SALT, compress=True)


def read_verification_token(token: str) -> tuple[int, str]:
    try:
        payload = signing.loads(token, salt=_SALT, max_age=verification_max_age())
    except signing.SignatureExpired as exc:
        raise InvalidToken("Ce lien a expiré.") from exc
    except signing.BadSignature as exc:
        raise InvalidToken("Ce lien n'est pas valide.") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise InvalidToken("Ce lien n'est pas valide.")
    return payload["u"], str(payload.get("e", ""))
