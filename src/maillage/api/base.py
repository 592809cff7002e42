"""Shared behaviour of the API views: token first, throttled, JSON only, French errors, and
object ids that are parsed here (a 404, never a database overflow)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import JSONParser

from maillage.api.authentication import ApiTokenAuthentication
from maillage.api.throttling import ApiRateThrottle

MAX_ID = 2_147_483_647
NOT_FOUND = "Introuvable (ou hors du périmètre de votre jeton)."


def parse_id(raw: Any) -> int:
    text = str(raw)
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise exceptions.NotFound(NOT_FOUND)
    return int(text)


def drf_validation(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "message_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({"detail": " ".join(exc.messages)})


class ApiViewMixin:
    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    throttle_classes = [ApiRateThrottle]
    parser_classes = [JSONParser]

    def throttled(self, request: Any, wait: float | None) -> None:
        seconds = int(wait or 1) + (0 if wait is None or wait == int(wait) else 1)
        raise exceptions.Throttled(
            wait, detail=f"Trop de requêtes : réessayez dans {seconds} seconde(s)."
        )
