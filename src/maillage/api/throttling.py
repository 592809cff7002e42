"""Requests per token (or per address without a token): 429 beyond the rate, in French."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from maillage.api.permissions import token_of


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        return getattr(settings, "MAILLAGE_API_RATE", "600/min")

    def get_cache_key(self, request: Any, view: Any) -> str:
        token = token_of(request)
        ident = f"token-{token.pk}" if token else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
