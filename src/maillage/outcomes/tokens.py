"""Signed, time-limited links to the parent's short questionnaire (no login)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

_SALT = "maillage.outcomes.questionnaire"


class InvalidQuestionnaireLink(Exception):
    """Tampered, malformed or expired link; the message is French."""


def link_max_age_days() -> int:
    return int(getattr(settings, "MAILLAGE_OUTCOME_LINK_MAX_AGE_DAYS", 30))


def make_questionnaire_token(checkpoint_id: int) -> str:
    return signing.dumps({"c": checkpoint_id}, salt=_SALT, compress=True)


def read_questionnaire_token(token: str) -> int:
    try:
        payload = signing.loads(token, salt=_SALT, max_age=link_max_age_days() * 86400)
    except signing.SignatureExpired as exc:
        raise InvalidQuestionnaireLink(
            "Ce lien a expiré. Votre conseiller ou conseillère peut noter votre situation."
        ) from exc
    except signing.BadSignature as exc:
        raise InvalidQuestionnaireLink("Ce lien n'est pas valide.") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("c"), int):
        raise InvalidQuestionnaireLink("Ce lien n'est pas valide.")
    return int(payload["c"])
